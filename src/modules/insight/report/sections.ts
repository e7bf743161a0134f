import type { DataTable } from '../../../platform/outputs/table.ts'

/** The pack's sections, in the order the Strategic Group reads them. Each has a commentary box. */
export const SECTION_IDS = ['summary', 'indicators', 'trends', 'data-quality', 'incidence', 'prevalence'] as const
export type SectionId = (typeof SECTION_IDS)[number]

export const SECTIONS: ReadonlyArray<{ id: SectionId; title: string; intro: string }> = [
  { id: 'summary', title: 'Summary', intro: 'The business unit’s summary of the quarter for the Strategic Group.' },
  { id: 'indicators', title: 'Section 10 indicators for the quarter', intro: 'Counts for the performance and quality assurance framework. Figures only: no child is named.' },
  { id: 'trends', title: 'Trends over the last 8 quarters', intro: 'Totals per calendar quarter, oldest first, ending with the quarter of this report.' },
  { id: 'data-quality', title: 'Data quality', intro: 'How consistent and complete the agencies’ records are: counts of records, not children’s details.' },
  { id: 'incidence', title: 'Incidence by source agency', intro: 'What each agency recorded in the quarter.' },
  { id: 'prevalence', title: 'Prevalence of core risk indicators', intro: 'Core risk indicators found in exploitation screenings in the quarter.' },
]

export const sectionTitle = (id: SectionId) => SECTIONS.find((s) => s.id === id)?.title ?? id

/** The figures frozen at build time. The summary has no tables of its own. */
export type Snapshot = { sections: Array<{ id: SectionId; tables: DataTable[] }> }

export type CommentaryEntry = { text: string; updatedBy: string; updatedAt: string }
export type Commentary = Partial<Record<SectionId, CommentaryEntry>>

/** The most a commentary box holds: about two pages of the PDF. */
export const COMMENTARY_MAX = 5000

export const tablesOf = (snapshot: Snapshot, id: SectionId): DataTable[] => snapshot.sections.find((s) => s.id === id)?.tables ?? []

/**
 * Tables from different sources may share an id; in the pack each id starts with its section's (added unless the
 * source already did), so ids are unique across the pack for anchors and downloads.
 */
export function sectionTables(id: SectionId, tables: readonly DataTable[]): DataTable[] {
  const seen = new Set<string>()
  return tables.map((t) => {
    const base = (t.id.startsWith(`${id}-`) ? t.id : `${id}-${t.id}`).replace(/[^A-Za-z0-9_-]+/g, '-')
    let tableId = base
    for (let n = 2; seen.has(tableId); n++) tableId = `${base}-${n}`
    seen.add(tableId)
    return { ...t, id: tableId }
  })
}
