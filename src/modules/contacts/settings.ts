import type { Tx } from '../../platform/db/client.ts'
import { DEFAULT_RAG_TIMESCALES, DEFAULT_REPEAT_WINDOW_DAYS, DEFAULT_RESEARCH_TIMESCALES, type RagTimescales } from './rules.ts'
import { contactSettings } from './schema.ts'

export type ContactSettings = { ragTimescaleHours: RagTimescales; repeatContactWindowDays: number; researchTimescaleHours: RagTimescales }

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0

/** The settings in force: the configuration rows where present and well-formed, else the defaults. */
export async function loadContactSettings(tx: Tx): Promise<ContactSettings> {
  const rows = new Map((await tx.select().from(contactSettings)).map((r) => [r.key, r.value]))
  const window = rows.get('repeatContactWindowDays')
  return {
    ragTimescaleHours: timescales(rows.get('ragTimescaleHours'), DEFAULT_RAG_TIMESCALES),
    repeatContactWindowDays: positive(window) ? window : DEFAULT_REPEAT_WINDOW_DAYS,
    researchTimescaleHours: timescales(rows.get('researchTimescaleHours'), DEFAULT_RESEARCH_TIMESCALES),
  }
}

/** Hours by RAG from a configuration row: each well-formed value, else that RAG's default. */
function timescales(row: unknown, defaults: RagTimescales): RagTimescales {
  const given = (row && typeof row === 'object' ? row : {}) as Partial<Record<string, unknown>>
  const result: RagTimescales = { ...defaults }
  for (const key of ['red', 'amber', 'green'] as const) {
    const value = given[key]
    if (positive(value)) result[key] = value
  }
  return result
}
