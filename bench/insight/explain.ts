import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../src/platform/db/client.ts'
import { computeIndicators } from '../../src/modules/insight/indicators.ts'
import type { Period } from '../../src/modules/insight/period.ts'

/**
 * `--explain`: every statement computeIndicators sends, run under EXPLAIN (ANALYZE, BUFFERS) and printed with its
 * plan — the executor is wrapped so the indicator code itself is unchanged (its results are then empty).
 */
export async function explainIndicators(db: Db, period: Period, print: (s: string) => void): Promise<void> {
  const explaining = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'execute') return Reflect.get(target, prop, receiver) as unknown
      return async (query: SQL) => {
        const result = (await target.execute(sql`explain (analyze, buffers) ${query}`)) as unknown as { rows: Array<Record<string, string>> }
        print(`----\n${result.rows.map((r) => Object.values(r)[0]).join('\n')}`)
        return { rows: [] }
      }
    },
  })
  await computeIndicators(explaining, period)
}
