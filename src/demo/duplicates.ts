import { addDays, addMinutes } from './dates.ts'
import type { PersonRow } from './people.ts'
import { randomAddress } from './places.ts'
import type { Random } from './random.ts'

/**
 * Near-duplicate records, made on purpose so that search and the duplicate queue have something to find. Each is
 * a second record of an ordinary demo child, created recently by another route into the partnership (a police
 * missing report, a health referral), as happens when a search is missed or misspelt:
 *
 * 1. `typo`         — two letters of the last name swapped ("Thompson" → "Thomspon"); same date of birth, address.
 * 2. `nickname`     — a short form of the first name ("Alexander" → "Alex"); same date of birth and postcode.
 * 3. `swapped-dob`  — day and month of the date of birth swapped (3 April → 4 March); same name.
 * 4. `moved`        — same name and date of birth, recorded at a new address after the family moved.
 * 5. `same-nhs`     — first name misspelt by one letter, and the same NHS number as the original (so an exact
 *                     identifier match exists alongside a fuzzy name match).
 * 6. `estimated`    — same name, the date of birth only estimated (1 January of a year one out), no address.
 */
export const DUPLICATE_KINDS = ['typo', 'nickname', 'swapped-dob', 'moved', 'same-nhs', 'estimated'] as const
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number]
export type NearDuplicate = { kind: DuplicateKind; originalId: string; row: PersonRow }

const NICKNAMES: Record<string, string> = {
  Alexander: 'Alex', William: 'Will', Jessica: 'Jess', Oliver: 'Ollie', Samuel: 'Sam', Thomas: 'Tom', Isabelle: 'Izzy', Charlotte: 'Lottie',
  Daniel: 'Dan', Joshua: 'Josh', Benjamin: 'Ben', James: 'Jamie', Matthew: 'Matt', Abigail: 'Abbie', Joseph: 'Joe', Frederick: 'Freddie',
  Harriet: 'Hattie', Florence: 'Flo', Mohammed: 'Mo', Muhammad: 'Mo', Nathaniel: 'Nate', Elizabeth: 'Lizzie', Katherine: 'Kate', Jacob: 'Jake',
  Edward: 'Ed', Henry: 'Harry', Rebecca: 'Becky', Amelia: 'Millie', Imogen: 'Immy', Theodore: 'Theo', Zuzanna: 'Zuza', Aleksander: 'Olek',
}

/** Swap two neighbouring letters somewhere after the first ("Thompson" → "Thomspon"). */
function swapLetters(name: string, at: number): string {
  const i = Math.min(Math.max(1, at), name.length - 2)
  return name.slice(0, i) + name.charAt(i + 1) + name.charAt(i) + name.slice(i + 2)
}

/** Change one letter to a nearby vowel or double it ("Keira" → "Kiera"-like misspellings). */
function misspell(name: string): string {
  return name.length > 3 ? swapLetters(name, name.length - 3) : `${name}${name.slice(-1)}`
}

export function generateNearDuplicates(random: Random, ids: Random, today: Date, candidates: readonly PersonRow[], createdBy: string): NearDuplicate[] {
  const pool = random.shuffle(candidates.filter((p) => p.kind === 'child' && p.dobPrecision === 'exact'))
  const taken = new Set<string>()
  const pick = (ok: (p: PersonRow) => boolean): PersonRow | undefined => {
    const found = pool.find((p) => !taken.has(p.id) && ok(p))
    if (found) taken.add(found.id)
    return found
  }
  const out: NearDuplicate[] = []
  const make = (kind: DuplicateKind, original: PersonRow | undefined, changes: (p: PersonRow) => Partial<PersonRow>): void => {
    if (!original) return
    const createdAt = addMinutes(addDays(today, -random.int(1, 20)), random.int(8 * 60, 18 * 60))
    const row: PersonRow = { ...original, id: ids.uuid(), createdAt, updatedAt: createdAt, createdBy, version: 1, ...changes(original) }
    out.push({ kind, originalId: original.id, row })
  }

  make('typo', pick((p) => p.familyName.length >= 5 && /^[A-Za-z]+$/.test(p.familyName)), (p) => ({ familyName: swapLetters(p.familyName, random.int(2, p.familyName.length - 2)) }))
  make('nickname', pick((p) => p.givenName in NICKNAMES), (p) => ({ givenName: NICKNAMES[p.givenName] ?? p.givenName, middleNames: null, addressLine1: null, addressLine2: null }))
  make('swapped-dob', pick((p) => Number(p.dateOfBirth.slice(8)) <= 12 && p.dateOfBirth.slice(8) !== p.dateOfBirth.slice(5, 7)), (p) => ({
    dateOfBirth: `${p.dateOfBirth.slice(0, 4)}-${p.dateOfBirth.slice(8)}-${p.dateOfBirth.slice(5, 7)}`,
  }))
  make('moved', pick((p) => Boolean(p.postcode)), () => {
    const a = randomAddress(random)
    return { addressLine1: a.addressLine1, addressLine2: a.addressLine2, town: a.town, postcode: a.postcode }
  })
  make('same-nhs', pick((p) => p.givenName.length >= 4 && /^[A-Za-z]+$/.test(p.givenName)), (p) => ({ givenName: misspell(p.givenName) }))
  make('estimated', pick(() => true), (p) => ({
    dateOfBirth: `${Number(p.dateOfBirth.slice(0, 4)) + random.pick([-1, 1])}-01-01`,
    dobPrecision: 'estimated',
    addressLine1: null,
    addressLine2: null,
    town: null,
    postcode: null,
  }))
  return out
}
