import { compareRecords, createStandardiser, DEFAULT_MODEL, type MatchResult, type RawRecord } from './linkage/index.ts'
import type { Candidate } from './search.ts'

/**
 * Where one extract row goes, from its ranked candidates (ADR 0010). Pure, so the thresholds are tested apart
 * from the database.
 *
 * - `matched` only when the best candidate is an ordinary record at or above UPPER_PROBABILITY, clearly ahead of
 *   the next (by CLEAR_LEAD_BITS of match weight: 2⁵ = 32 times the odds), with a date of birth (or NHS number)
 *   that agrees — see `vetoed`;
 * - `created` when even the best is below LOWER_PROBABILITY (or there is none);
 * - otherwise `review`; and when the two best are both above UPPER_PROBABILITY, the pair of existing records is
 *   also a likely duplicate for the MASH's queue — never merged here.
 *
 * Sealed candidates never reach this far for an uploader who is not named on them (search leaves them out); for a
 * named uploader they are dropped here too, so an import behaves the same whoever uploads it. Restricted candidates
 * are never matched automatically: a person decides, seeing only a stub.
 */
export const UPPER_PROBABILITY = 0.9
export const LOWER_PROBABILITY = 0.1
export const CLEAR_LEAD_BITS = 5

export type RowDecision =
  | { outcome: 'matched'; best: Candidate }
  | { outcome: 'created'; best: Candidate | undefined }
  | { outcome: 'review'; best: Candidate; pair?: readonly [Candidate, Candidate] }

export function decideRow(ranked: readonly Candidate[]): RowDecision {
  const candidates = ranked.filter((c) => c.state !== 'sealed')
  const [best, second] = candidates
  if (!best || best.match.probability < LOWER_PROBABILITY) return { outcome: 'created', best }
  if (best.state === 'restricted') return { outcome: 'review', best }
  if (second && second.match.probability >= UPPER_PROBABILITY) {
    return second.state === 'ordinary' ? { outcome: 'review', best, pair: [best, second] } : { outcome: 'review', best }
  }
  const clear = !second || best.match.matchWeight - second.match.matchWeight >= CLEAR_LEAD_BITS
  return best.match.probability >= UPPER_PROBABILITY && clear && !vetoed(best) ? { outcome: 'matched', best } : { outcome: 'review', best }
}

/**
 * What no name agreement outweighs when nobody looks (measured by `npm run bench:import`: the model scores a
 * sibling at the same address with a date of birth "within a year" at 0.97–0.999). Auto-matching needs the date of
 * birth to agree — exactly, day and month swapped, or one digit out (a typing slip) — and, when the row has no date
 * of birth, an agreeing NHS number; both names must agree closely (exactly, a nickname, sounding alike, a small
 * misspelling or swapped); a different NHS number always goes to review.
 */
const STRONG_DOB = new Set(['exact', 'day and month swapped', 'one digit different'])
const WEAK_NAME = new Set(['jaro-winkler ≥ 0.70', 'same initial', 'one part of the other', 'different'])
function vetoed(c: Candidate): boolean {
  // Both names must agree too: "Hannah" and "Sana" Aslam born four days apart are sisters, not a typo.
  if (c.match.reasons.some((r) => (r.field === 'given' || r.field === 'family') && WEAK_NAME.has(r.label))) return true
  const dob = c.match.reasons.find((r) => r.field === 'dob')
  const id = c.match.reasons.find((r) => r.field === 'identifier')
  if (id && id.weight < 0) return true
  if (dob) return !STRONG_DOB.has(dob.label)
  return !(id && id.weight > 0)
}

function raw(c: Candidate): RawRecord {
  const r: RawRecord = { given_name: c.givenName, family_name: c.familyName }
  if (c.middleNames) r.middle_name = c.middleNames
  if (c.dateOfBirth) r.date_of_birth = c.dateOfBirth
  if (c.gender !== 'U') r.gender = c.gender
  if (c.postcode) r.postcode = c.postcode
  return r
}

/** How alike the two existing records of a likely-duplicate pair are, for the duplicates queue. */
export function comparePair(a: Candidate, b: Candidate): MatchResult {
  const standardise = createStandardiser()
  return compareRecords(DEFAULT_MODEL, standardise(raw(a)), standardise(raw(b)))
}
