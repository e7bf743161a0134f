import type { Tx } from '../../platform/db/client.ts'
import { DEFAULT_RAG_TIMESCALES, DEFAULT_REPEAT_WINDOW_DAYS, type RagTimescales } from './rules.ts'
import { contactSettings } from './schema.ts'

export type ContactSettings = { ragTimescaleHours: RagTimescales; repeatContactWindowDays: number }

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0

/** The settings in force: the configuration rows where present and well-formed, else the defaults. */
export async function loadContactSettings(tx: Tx): Promise<ContactSettings> {
  const rows = new Map((await tx.select().from(contactSettings)).map((r) => [r.key, r.value]))
  const rag = rows.get('ragTimescaleHours') as Partial<Record<string, unknown>> | undefined
  const window = rows.get('repeatContactWindowDays')
  const ragTimescaleHours: RagTimescales = { ...DEFAULT_RAG_TIMESCALES }
  for (const key of ['red', 'amber', 'green'] as const) {
    const value = rag?.[key]
    if (positive(value)) ragTimescaleHours[key] = value
  }
  return { ragTimescaleHours, repeatContactWindowDays: positive(window) ? window : DEFAULT_REPEAT_WINDOW_DAYS }
}
