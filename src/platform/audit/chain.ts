import { createHmac } from 'node:crypto'

/** The hash "before" the first row. */
export const GENESIS_HASH = '0'.repeat(64)

/** The columns that the chain protects: every column of `audit_events` except `hash` itself. */
export type ChainedRow = {
  seq: number
  at: Date
  actorUserId: string | null
  actorLabel: string
  roleProfile: string | null
  agencyId: string | null
  action: string
  outcome: string
  resourceType: string | null
  resourceId: string | null
  personId: string | null
  purpose: string | null
  correlationId: string | null
  details: Record<string, unknown>
  prevHash: string
}

/**
 * Canonical JSON (sorted keys, no whitespace) so that a row hashes the same whether it comes from our writer or
 * back out of jsonb, which reorders keys. Values are JSON-safe by construction (the writer stores details as jsonb).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** HMAC-SHA-256 over the previous hash and every column of the row (CONTRACTS.md §4). */
export function computeRowHash(key: Buffer, row: ChainedRow): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorLabel: row.actorLabel,
    roleProfile: row.roleProfile,
    agencyId: row.agencyId,
    action: row.action,
    outcome: row.outcome,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    personId: row.personId,
    purpose: row.purpose,
    correlationId: row.correlationId,
    details: row.details,
  })
  return createHmac('sha256', key).update(row.prevHash).update('\n').update(body).digest('hex')
}
