/**
 * The SSDA903 `Missing` table (DOMAIN.md §3.6): one row per missing (M) or away-without-authorisation (A) episode of
 * a looked-after child in a collection year (1 April to 31 March), columns exactly CHILD, DOB, MISSING, MIS_START,
 * MIS_END, dates dd/mm/yyyy. Pure: the rows are built from plain episode facts and checked by pure rules
 * (ssda903-rules.ts); the service only reads the database and audits.
 */
import { toCsv } from '../../platform/outputs/csv.ts'
import { episodeStart, isLookedAfterEpisode } from './rules.ts'

export const SSDA903_MISSING_COLUMNS = ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'] as const
export type Ssda903Column = (typeof SSDA903_MISSING_COLUMNS)[number]

/** One row as the file holds it (strings, blank = ''), with where it came from so errors can point at the episode. */
export type MissingRow = Record<Ssda903Column, string> & { episodeId: string; personId: string }

/** The collection year that starts on 1 April of `year` (year=2025: 1 April 2025 to 31 March 2026), ISO dates. */
export type CollectionYear = { year: number; start: string; end: string; label: string }

export function collectionYear(year: number): CollectionYear {
  return { year, start: `${year}-04-01`, end: `${year + 1}-03-31`, label: `1 April ${year} to 31 March ${year + 1}` }
}

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The Europe/London calendar day of an instant, as YYYY-MM-DD (CONTRACTS.md §5: periods are London dates). */
export function londonDate(at: Date): string {
  return londonDay.format(at)
}

/** The collection year a day falls in: April onwards is that year's, January to March the previous one's. */
export function collectionYearOf(at: Date): number {
  const [y, m] = londonDate(at).split('-').map(Number) as [number, number]
  return m >= 4 ? y : y - 1
}

/** YYYY-MM-DD → dd/mm/yyyy, the DfE's date format for the 903 (DOMAIN.md §3.6: "MIS_START date, dd/mm/yyyy"). */
export function dfeDate(iso: string | null): string {
  if (!iso) return ''
  const [y, m, d] = iso.split('-')
  return `${d}/${m}/${y}`
}

/** The facts of one episode the table needs. */
export type EpisodeFacts = {
  episodeId: string
  personId: string
  laChildId: string | null
  dateOfBirth: string | null
  missingFrom: string
  missingType: string | null
  lastSeenAt: Date | null
  reportedMissingAt: Date
  returnedAt: Date | null
}

/**
 * The rows of a collection year: looked-after episodes (from care, or typed M/A) that had started by 31 March and
 * had not ended before 1 April. The table describes the year as at 31 March, so a return after the year's end is
 * a blank MIS_END (the episode was still open then). MIS_START is the later of leaving and last seen by a
 * responsible adult (DfE): Lantern's last-seen time, else the time reported missing. Oldest first per child.
 */
export function buildMissingRows(episodes: readonly EpisodeFacts[], cy: CollectionYear): MissingRow[] {
  const rows: MissingRow[] = []
  for (const e of episodes) {
    if (!isLookedAfterEpisode(e)) continue
    const start = londonDate(episodeStart(e))
    const end = e.returnedAt ? londonDate(e.returnedAt) : null
    if (start > cy.end || (end !== null && end < cy.start)) continue
    rows.push({
      CHILD: e.laChildId ?? '',
      DOB: dfeDate(e.dateOfBirth),
      MISSING: e.missingType ?? '',
      MIS_START: dfeDate(start),
      MIS_END: end !== null && end <= cy.end ? dfeDate(end) : '',
      episodeId: e.episodeId,
      personId: e.personId,
    })
  }
  const key = (r: MissingRow) => `${r.CHILD}\u0000${r.personId}\u0000${r.MIS_START.split('/').reverse().join('')}`
  return rows.sort((a, b) => key(a).localeCompare(key(b)))
}

// The CSV writer is the platform's (formula-safe, RFC 4180); re-exported for the rules' tests.
export { csvCell, toCsv } from '../../platform/outputs/csv.ts'

export function missingTableCsv(rows: readonly MissingRow[]): string {
  return toCsv(SSDA903_MISSING_COLUMNS, rows.map((r) => SSDA903_MISSING_COLUMNS.map((c) => r[c])))
}
