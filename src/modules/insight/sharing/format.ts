import { z } from 'zod'
import { DIMENSION_VALUES, INDICATORS, type Dimension } from '../catalogue.ts'
import { isRealDate } from '../period.ts'
import { isSmall, type SdcPolicy, type SharedSet } from './disclosure.ts'

/**
 * The shareable export (issue 7 points 5 and 7): the indicators' shape plus who made it, when, and under which
 * disclosure policy. A suppressed cell is `{count: null, suppressed: true}`; a not-yet-recorded one `{count: null}`.
 * The same zod schema validates a neighbour's file on upload, so what we send is exactly what we accept.
 */
export type ShareableExport = SharedSet & { partnership: string; generatedAt: string; policy: SdcPolicy }

const day = z.string().refine(isRealDate, 'must be a date written YYYY-MM-DD')
const row = z
  .object({
    dimension: z.string().max(40),
    value: z.string().max(40).nullable(),
    count: z.number().int().min(0).max(100_000_000).nullable(),
    suppressed: z.literal(true).optional(),
  })
  .strict()
  .refine((r) => !r.suppressed || r.count === null, 'a suppressed cell must have no count')

export const shareableExportSchema = z
  .object({
    partnership: z.string().trim().min(1).max(200),
    from: day,
    to: day,
    generatedAt: z.iso.datetime({ offset: true }),
    policy: z.object({ suppressMin: z.number().int().min(0), suppressMax: z.number().int().min(0), symbol: z.string().max(5), secondarySuppression: z.boolean() }).strict(),
    indicators: z
      .array(z.object({ id: z.string().max(60), title: z.string().max(300), rows: z.array(row).max(200) }).strict())
      .min(1)
      .max(20),
  })
  .strict()
  .refine((e) => e.to >= e.from, 'its period must not end before it starts')

/** The most problems listed for one file: enough to fix it, not a wall of text. */
const MAX_PROBLEMS = 5
const MB = 1024 * 1024
export const MAX_NEIGHBOUR_FILE_BYTES = 1 * MB

/**
 * A neighbour's file, judged whole: JSON, the export format, only indicators, dimensions and values we know, and
 * suppressed by its sender (a published count inside our policy's range is refused: we do not hold small numbers
 * about another area's children). Messages are GOV.UK style, about the selected file.
 */
export function parseNeighbourFile(bytes: Buffer, policy: SdcPolicy): { value?: ShareableExport; problems: string[] } {
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    return { problems: ['The selected file must be a JSON file'] }
  }
  const parsed = shareableExportSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = issue.path.length ? ` (at ${issue.path.join('.')})` : ''
    return { problems: [`The selected file must be a shareable indicators export from a partnership: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}${where}`] }
  }
  const value = parsed.data as ShareableExport
  const problems: string[] = []
  const seen = new Set<string>()
  for (const indicator of value.indicators) {
    const definition = INDICATORS.find((d) => d.id === indicator.id)
    if (!definition) {
      problems.push(`The selected file has an indicator Lantern does not know: “${indicator.id}”`)
      continue
    }
    if (seen.has(indicator.id)) problems.push(`The selected file has the indicator “${indicator.id}” more than once`)
    seen.add(indicator.id)
    const cells = new Set<string>()
    for (const r of indicator.rows) {
      const where = `“${indicator.id}”, ${r.dimension}${r.value === null ? '' : ` “${r.value}”`}`
      const known = r.dimension === 'total' ? r.value === null : (definition.dimensions as readonly string[]).includes(r.dimension) && (DIMENSION_VALUES[r.dimension as Dimension] as readonly string[]).includes(r.value ?? '')
      if (!known) {
        problems.push(`The selected file has a breakdown Lantern does not know: ${where}`)
        continue
      }
      const key = `${r.dimension}|${r.value}`
      if (cells.has(key)) problems.push(`The selected file has ${where} more than once`)
      cells.add(key)
      if (r.count !== null && isSmall(policy, r.count)) {
        problems.push(`The selected file publishes a count from ${policy.suppressMin} to ${policy.suppressMax} (${where}): ask the partnership for an export with small numbers suppressed`)
      }
    }
  }
  return problems.length ? { problems: problems.slice(0, MAX_PROBLEMS) } : { value, problems }
}
