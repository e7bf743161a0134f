/**
 * DfE SSDA903 validation rules of the Missing table that Lantern's data can support (DOMAIN.md §3.6, "Validation
 * rules useful to mirror", messages as in [S25] data-to-insight/csc-validator-be-903 lac2022_23). Each rule is a
 * pure function from the table's rows (strings, as the file holds them) to the indexes of the rows it fails, so each
 * can be tested with a failing and a passing fixture (ssda903-rules.test.ts).
 *
 * Not checked, because Lantern does not hold the data: 575 (placement end dates), 576 (last year's return), 577,
 * 578 and 580 (when the child ceased to be looked after, and why — REC), 581 (when the period of care started).
 * 568, 569, 572 and 573 are not Missing-table rules in [S25] (no such rule exists there).
 */
import type { CollectionYear, MissingRow } from './ssda903.ts'

export type RuleCheck = (rows: readonly MissingRow[], cy: CollectionYear) => number[]
export type Ssda903Rule = { code: string; message: string; fields: string[]; check: RuleCheck }
export type Ssda903Error = { code: string; message: string; child: string; personId: string; episodeId: string; fields: string[] }

const DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/

/** dd/mm/yyyy → YYYY-MM-DD when it is a real calendar date, else null (pandas' `errors="coerce"`). */
export function parseDfeDate(value: string): string | null {
  const m = DATE.exec(value.trim())
  if (!m) return null
  const [, d, mo, y] = m as unknown as [string, string, string, string]
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (at.getUTCFullYear() !== Number(y) || at.getUTCMonth() !== Number(mo) - 1 || at.getUTCDate() !== Number(d)) return null
  return `${y}-${mo}-${d}`
}

const blank = (v: string) => v.trim() === ''
const indexes = (rows: readonly MissingRow[], failing: (r: MissingRow) => boolean) => rows.flatMap((r, i) => (failing(r) ? [i] : []))

/** 564: MISSING is M or A (any case) but MIS_START is blank. */
export const rule564: RuleCheck = (rows) => indexes(rows, (r) => ['M', 'A'].includes(r.MISSING.trim().toUpperCase()) && blank(r.MIS_START))
/** 565: MIS_START is present but MISSING is blank. */
export const rule565: RuleCheck = (rows) => indexes(rows, (r) => !blank(r.MIS_START) && blank(r.MISSING))
/** 566: MIS_END is present but MISSING is blank. */
export const rule566: RuleCheck = (rows) => indexes(rows, (r) => !blank(r.MIS_END) && blank(r.MISSING))
/** 567: MIS_END is before MIS_START. */
export const rule567: RuleCheck = (rows) =>
  indexes(rows, (r) => {
    const start = parseDfeDate(r.MIS_START)
    const end = parseDfeDate(r.MIS_END)
    return start !== null && end !== null && start > end
  })
/** 570: MIS_START is after the end of the collection year. */
export const rule570: RuleCheck = (rows, cy) => indexes(rows, (r) => (parseDfeDate(r.MIS_START) ?? '') > cy.end)
/** 571: MIS_END is before the start or after the end of the collection year. */
export const rule571: RuleCheck = (rows, cy) =>
  indexes(rows, (r) => {
    const end = parseDfeDate(r.MIS_END)
    return end !== null && (end < cy.start || end > cy.end)
  })
/**
 * 574: per child, in order of end date (an open period counted at its start) then start date, a period may not
 * follow one still open, nor start before the previous one ended. Ending and starting on the same day is allowed.
 */
export const rule574: RuleCheck = (rows) => {
  const keyed = rows.map((r, i) => {
    const start = parseDfeDate(r.MIS_START)
    const end = parseDfeDate(r.MIS_END)
    return { i, child: r.CHILD, start, end, endFill: end ?? start }
  })
  // Unparseable dates sort last, as pandas sorts NaT.
  const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1)
  keyed.sort((a, b) => (a.child < b.child ? -1 : a.child > b.child ? 1 : 0) || cmp(a.endFill, b.endFill) || cmp(a.start, b.start) || a.i - b.i)
  const failing: number[] = []
  for (let k = 1; k < keyed.length; k++) {
    const prev = keyed[k - 1]!
    const row = keyed[k]!
    if (prev.child !== row.child) continue
    if (prev.end === null || (row.start !== null && row.start < prev.end)) failing.push(row.i)
  }
  return failing.sort((a, b) => a - b)
}
/** 586: MIS_START is on or before the child's date of birth. */
export const rule586: RuleCheck = (rows) =>
  indexes(rows, (r) => {
    const start = parseDfeDate(r.MIS_START)
    const dob = parseDfeDate(r.DOB)
    return start !== null && dob !== null && start <= dob
  })
/** 1004: MIS_START is blank or not a valid date. */
export const rule1004: RuleCheck = (rows) => indexes(rows, (r) => parseDfeDate(r.MIS_START) === null)
/** 1005: MIS_END is present but not a valid date. */
export const rule1005: RuleCheck = (rows) => indexes(rows, (r) => !blank(r.MIS_END) && parseDfeDate(r.MIS_END) === null)
/** 1006: MISSING is neither blank nor M or A (upper case). */
export const rule1006: RuleCheck = (rows) => indexes(rows, (r) => r.MISSING !== '' && r.MISSING !== 'M' && r.MISSING !== 'A')
/**
 * Lantern's own check, not a DfE rule: every row needs CHILD, the council's child id (an `la-id` identifier on the
 * person index). Without one the DfE cannot link the row to the child's other 903 tables.
 */
export const ruleChildId: RuleCheck = (rows) => indexes(rows, (r) => blank(r.CHILD))

/** The rules checked, in code order; messages are the DfE's (via [S25]). */
export const SSDA903_MISSING_RULES: readonly Ssda903Rule[] = [
  { code: '564', fields: ['MISSING', 'MIS_START'], check: rule564, message: 'Child was missing or away from placement without authorisation and the date started is blank.' },
  { code: '565', fields: ['MISSING', 'MIS_START'], check: rule565, message: 'The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.' },
  { code: '566', fields: ['MISSING', 'MIS_END'], check: rule566, message: 'The date that the child’s episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.' },
  { code: '567', fields: ['MIS_START', 'MIS_END'], check: rule567, message: 'The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.' },
  { code: '570', fields: ['MIS_START'], check: rule570, message: 'The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.' },
  { code: '571', fields: ['MIS_END'], check: rule571, message: 'The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.' },
  { code: '574', fields: ['MIS_START', 'MIS_END'], check: rule574, message: 'A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.' },
  { code: '586', fields: ['MIS_START'], check: rule586, message: 'Dates of missing periods are before child’s date of birth.' },
  { code: '1004', fields: ['MIS_START'], check: rule1004, message: 'The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.' },
  { code: '1005', fields: ['MIS_END'], check: rule1005, message: 'The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.' },
  { code: '1006', fields: ['MISSING'], check: rule1006, message: 'Missing type invalid.' },
  { code: 'LANTERN-CHILD', fields: ['CHILD'], check: ruleChildId, message: 'The child has no local authority child identifier (an “la-id” identifier on the person index), so CHILD is blank.' },
]

/** Rules of DOMAIN.md §3.6 that need data Lantern does not hold, with why (shown on the page and in the ADR). */
export const SSDA903_RULES_NOT_CHECKED: ReadonlyArray<{ code: string; why: string }> = [
  { code: '575', why: 'needs placement end dates (the 903 Episodes table), which Lantern does not hold' },
  { code: '576', why: 'needs last year’s submitted return' },
  { code: '577', why: 'needs the date the child ceased to be looked after' },
  { code: '578', why: 'needs the date the child ceased to be looked after' },
  { code: '580', why: 'needs the reason the period of care ended (REC)' },
  { code: '581', why: 'needs the date the period of care started' },
]

/** Every failure of every rule, in rule order then row order. */
export function validateMissingTable(rows: readonly MissingRow[], cy: CollectionYear): Ssda903Error[] {
  return SSDA903_MISSING_RULES.flatMap((rule) =>
    rule.check(rows, cy).map((i) => {
      const row = rows[i]!
      return { code: rule.code, message: rule.message, fields: rule.fields, child: row.CHILD, personId: row.personId, episodeId: row.episodeId }
    }),
  )
}
