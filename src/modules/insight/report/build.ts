import type { Actor } from '../../../platform/access/actor.ts'
import { runWork, type Ctx, type Platform } from '../../../platform/context/index.ts'
import type { DataTable } from '../../../platform/outputs/table.ts'
import { computeIndicators, computeTrend } from '../indicators.ts'
import { formatDay, parseQuarterKey, quarterLabel } from '../period.ts'
import { indicatorDataTables, NOT_RECORDED, trendDataTable } from '../presenters.ts'
import { renderBoardReportPdf, type PackInput } from './pdf.ts'
import { IN_PROGRESS, findBoardReport, updateBoardReport, type BoardReport } from './store.ts'
import { sectionTables, type SectionId } from './sections.ts'
import { dataQualityTables, incidenceTables, prevalenceTables } from './sources.ts'
import { renderBoardReportXlsx } from './xlsx.ts'
import type { insightBoardReports } from './schema.ts'

type RowUpdate = Partial<typeof insightBoardReports.$inferInsert>

/** One step of a build: what it says while running, and what it writes to the row when done. */
export type BuildStep = { id: string; text: string; run(ctx: Ctx, report: BoardReport): Promise<RowUpdate> }

const period = (r: BoardReport) => ({ from: r.periodFrom, to: r.periodTo })

/** The figures step of a section: its tables, ids made unique within the pack, added to the snapshot. */
function figures(id: SectionId, text: string, tables: (ctx: Ctx, report: BoardReport) => Promise<DataTable[]>): BuildStep {
  return {
    id,
    text,
    async run(ctx, report) {
      const found = sectionTables(id, await tables(ctx, report))
      const sections = [...report.snapshot.sections.filter((s) => s.id !== id), { id, tables: found }]
      return { snapshot: { sections } }
    },
  }
}

/** Figures the indicators and trends show as "Not yet recorded" when null (panels); elsewhere a dash. */
export const nullTextFor = (sectionId: string) => (sectionId === 'indicators' || sectionId === 'trends' ? NOT_RECORDED : '—')

/** What the PDF and XLSX are made of: the frozen figures, the current commentary and who built it when. */
export function packInput(report: BoardReport): PackInput {
  const q = parseQuarterKey(report.quarter)
  return {
    quarterLabel: q ? quarterLabel(q) : report.quarter,
    periodText: `${formatDay(report.periodFrom)} to ${formatDay(report.periodTo)}`,
    builtBy: report.requestedByName,
    builtAt: report.requestedAt,
    snapshot: report.snapshot,
    commentary: report.commentary,
    nullText: nullTextFor,
  }
}

export const BUILD_STEPS: readonly BuildStep[] = [
  figures('indicators', 'Counting the Section 10 indicators', async (ctx, r) => indicatorDataTables(await computeIndicators(ctx.tx, period(r)))),
  figures('trends', 'Working out the trends over 8 quarters', async (ctx, r) => [trendDataTable(await computeTrend(ctx.tx, r.periodTo))]),
  figures('data-quality', 'Checking data quality', (ctx, r) => dataQualityTables(ctx.tx, period(r))),
  figures('incidence', 'Counting incidence by source agency', (ctx, r) => incidenceTables(ctx.tx, period(r))),
  figures('prevalence', 'Counting the prevalence of core risks', (ctx, r) => prevalenceTables(ctx.tx, period(r))),
  { id: 'pdf', text: 'Writing the PDF', run: async (_ctx, r) => ({ pdf: await renderBoardReportPdf(packInput(r)) }) },
  { id: 'xlsx', text: 'Writing the spreadsheet', run: async (_ctx, r) => ({ xlsx: await renderBoardReportXlsx(packInput(r)) }) },
]

/** The build was marked failed (or finished) by someone else while this one ran: stop quietly. */
class Abandoned extends Error {}

/**
 * Build one board pack, step by step, each step in its own short transaction that also writes the progress — so
 * the page can show it, and a step's figures are never half-written. The last step marks the build ready. If a
 * step fails, the build is marked failed with a reason and everything it had gathered is dropped: a pack is whole
 * or it is not there. The audit rows name the user who asked for the build.
 */
export async function buildBoardReport(platform: Platform, reportId: string, actor: Actor, correlationId: string, steps: readonly BuildStep[] = BUILD_STEPS, stopping: () => boolean = () => false): Promise<'ready' | 'failed' | 'abandoned' | 'stopped'> {
  let current = 0
  try {
    for (const [i, step] of steps.entries()) {
      current = i
      // The server is stopping: leave the build as it is; a later read finds it stalled and marks it failed.
      if (stopping()) return 'stopped'
      await runWork(platform, actor, correlationId, async (ctx) => {
        const report = await findBoardReport(ctx.tx, reportId, { forUpdate: true })
        if (!report || !IN_PROGRESS.includes(report.status)) throw new Abandoned()
        const values = await step.run(ctx, report)
        const last = i === steps.length - 1
        await updateBoardReport(ctx.tx, reportId, {
          ...values,
          status: last ? 'ready' : 'building',
          stepsDone: i + 1,
          currentStep: last ? null : steps[i + 1]!.text,
          updatedAt: ctx.clock.now(),
          ...(last ? { completedAt: ctx.clock.now() } : {}),
        })
        if (last) {
          ctx.audit.record({ action: 'insight.report.built', outcome: 'succeeded', resourceType: 'insight-board-report', resourceId: reportId, details: { quarter: report.quarter, from: report.periodFrom, to: report.periodTo } })
        }
      })
      // Let requests in between steps: the embedded database has one connection.
      await new Promise((resolve) => setImmediate(resolve))
    }
    return 'ready'
  } catch (error) {
    if (error instanceof Abandoned) return 'abandoned'
    const step = steps[current]
    const reason = `Step ${current + 1} of ${steps.length} (${step?.text.toLowerCase() ?? 'unknown'}) failed. Nothing from this build was kept. Build the report again; if it fails again, tell the system administrator (reference ${correlationId}).`
    console.error(`lantern: board report ${reportId} failed at step ${step?.id}: ${(error as Error).message}`)
    await runWork(platform, actor, correlationId, async (ctx) => {
      const report = await findBoardReport(ctx.tx, reportId, { forUpdate: true })
      if (!report || !IN_PROGRESS.includes(report.status)) return
      await updateBoardReport(ctx.tx, reportId, { status: 'failed', failureReason: reason, currentStep: null, snapshot: { sections: [] }, pdf: null, xlsx: null, updatedAt: ctx.clock.now() })
      ctx.audit.record({ action: 'insight.report.build-failed', outcome: 'failed', resourceType: 'insight-board-report', resourceId: reportId, details: { quarter: report.quarter, step: step?.id ?? null } })
    })
    return 'failed'
  }
}

/**
 * The in-process background runner: builds run one at a time, in the order asked, after the request that asked
 * has answered. One runner per platform (per database). A build it is running is never taken for a stalled one.
 */
export class BoardReportRunner {
  private chain: Promise<unknown> = Promise.resolve()
  private readonly active = new Set<string>()
  private stopping = false
  /** The steps every build runs; tests replace them to make a step fail. */
  steps: readonly BuildStep[] = BUILD_STEPS

  constructor(private readonly platform: Platform) {}

  start(reportId: string, actor: Actor, correlationId: string): void {
    if (this.stopping) return
    this.active.add(reportId)
    const steps = this.steps
    this.chain = this.chain
      .then(() => buildBoardReport(this.platform, reportId, actor, correlationId, steps, () => this.stopping))
      .catch((error: unknown) => console.error(`lantern: board report ${reportId}: ${(error as Error).message}`))
      .finally(() => this.active.delete(reportId))
  }

  running(): string[] {
    return [...this.active]
  }

  /** Resolves once no build is queued or running (tests; graceful stop). */
  async whenIdle(): Promise<void> {
    while (this.active.size > 0) await this.chain
  }

  /** Finish the step in hand, start no other (the server is closing). */
  async stop(): Promise<void> {
    this.stopping = true
    await this.whenIdle()
  }
}

const runners = new WeakMap<Platform, BoardReportRunner>()

export function boardReportRunner(platform: Platform): BoardReportRunner {
  let runner = runners.get(platform)
  if (!runner) {
    runner = new BoardReportRunner(platform)
    runners.set(platform, runner)
  }
  return runner
}
