import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { abilities } from '../../../platform/access/engine.ts'
import { requireUser } from '../../../platform/auth/guards.ts'
import { ValidationError } from '../../../platform/errors.ts'
import { formErrors, textField } from '../../../platform/http/forms.ts'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { sendFile, sendTables } from '../../../platform/outputs/http.ts'
import { insightSubNavigation } from '../navigation.ts'
import { quarterKey, quarterLabel } from '../period.ts'
import { boardReportRunner } from './build.ts'
import { MARKING } from '../../../platform/outputs/table.ts'
import { boardReportResource } from './policy.ts'
import { presentHeader, presentList, presentPack, progressText, quarterText, statusJson } from './presenters.ts'
import { COMMENTARY_MAX, SECTIONS, type SectionId } from './sections.ts'
import {
  assertCanComment,
  assertCanViewBoardReports,
  buildableQuarters,
  downloadBoardReportFile,
  downloadBoardReportTable,
  parseCommentaryForm,
  requestBoardReport,
  saveBoardReportCommentary,
  viewBoardReport,
  viewBoardReportList,
} from './service.ts'

const VIEWS = 'insight/report/views'
const LIST = '/insight/board-reports'
const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'assets/board-report-progress.js')

type IdParams = { id: string }

/** The quarterly board report (issue 7 point 4): the list and build form, a build's progress or pack, commentary. */
export async function registerBoardReportRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const runner = boardReportRunner(deps.platform)
  const script = await readFile(SCRIPT, 'utf8')
  app.addHook('onClose', async () => runner.stop())
  const subNavigation = (request: FastifyRequest) => insightSubNavigation('report', request.user!.roleProfile)

  // Our own script for the progress panel (the CSP allows scripts from our origin only). No data in it.
  app.get('/insight/assets/board-report-progress.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script),
  )

  const listLocals = (request: FastifyRequest, now: Date, selected: string) => {
    const may = abilities(request.user!, ['insight.report.build'], boardReportResource())
    return {
      pageTitle: 'Quarterly board report',
      subNavigation: subNavigation(request),
      canBuild: may['insight.report.build'],
      quarterItems: buildableQuarters(now).map((q) => ({ value: quarterKey(q), text: quarterLabel(q), selected: quarterKey(q) === selected })),
    }
  }

  app.get(LIST, { preHandler: requireUser }, async (request, reply) => {
    const now = deps.platform.clock.now()
    const reports = await app.work(request, (ctx) => viewBoardReportList(ctx, runner.running()))
    const defaultQuarter = quarterKey(buildableQuarters(now)[0]!)
    return reply.view(`${VIEWS}/list.njk`, { ...listLocals(request, now, defaultQuarter), rows: presentList(reports) })
  })

  app.post(LIST, { preHandler: requireUser }, async (request, reply) => {
    const now = deps.platform.clock.now()
    const quarter = textField(request.body, 'quarter') ?? ''
    try {
      const id = await app.work(request, (ctx) => requestBoardReport(ctx, quarter))
      // Started once the row is committed, after this request's transaction: the build reads it in its own.
      const actor = request.user!
      runner.start(id, actor, request.id)
      return reply.redirect(`${LIST}/${id}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const reports = await app.work(request, (ctx) => viewBoardReportList(ctx, runner.running()))
      const { summary, fields } = formErrors(error.errors)
      return reply.code(400).view(`${VIEWS}/list.njk`, { ...listLocals(request, now, quarter), rows: presentList(reports), errors: summary, fieldErrors: fields })
    }
  })

  app.get<{ Params: IdParams }>(`${LIST}/:id`, { preHandler: requireUser }, async (request, reply) => {
    const report = await app.work(request, (ctx) => viewBoardReport(ctx, request.params.id, runner.running()))
    const may = abilities(request.user!, ['insight.report.build', 'insight.report.comment'], boardReportResource(report.id))
    const saved = textField(request.query, 'done') === 'commentary-saved'
    return reply.view(`${VIEWS}/show.njk`, {
      pageTitle: presentHeader(report).title,
      subNavigation: subNavigation(request),
      report: { id: report.id, status: report.status, quarter: report.quarter },
      header: presentHeader(report),
      progress: { text: progressText(report), done: report.stepsDone, total: report.stepsTotal },
      sections: report.status === 'ready' ? presentPack(report) : null,
      canBuild: may['insight.report.build'],
      canComment: may['insight.report.comment'],
      saved,
    })
  })

  app.get<{ Params: IdParams }>(`${LIST}/:id/status`, { preHandler: requireUser }, async (request, reply) => {
    const report = await app.work(request, (ctx) => viewBoardReport(ctx, request.params.id, runner.running(), 'status-viewed'))
    return reply.header('cache-control', 'no-store').send(statusJson(report))
  })

  app.get<{ Params: IdParams }>(`${LIST}/:id/download`, { preHandler: requireUser }, async (request, reply) => {
    const format = textField(request.query, 'format')
    const table = textField(request.query, 'table')
    if (table && (format === 'csv' || format === 'xlsx')) {
      const found = await app.work(request, (ctx) => downloadBoardReportTable(ctx, request.params.id, table, format))
      const title = `Quarterly board report: ${quarterText(found.report.quarter)}`
      return sendTables(reply, format, `board-report-${found.report.quarter}-${found.table.id}`, [found.table], { title, marking: MARKING })
    }
    if (!table && (format === 'pdf' || format === 'xlsx')) {
      const { report, file } = await app.work(request, (ctx) => downloadBoardReportFile(ctx, request.params.id, format))
      return sendFile(reply, format, `board-report-${report.quarter}.${format}`, file)
    }
    // Not a download we offer; readers learn nothing they could not see, others get the usual 403.
    await app.work(request, async (ctx) => void assertCanViewBoardReports(ctx))
    return reply.code(400).view('errors/400.njk', { pageTitle: 'There is a problem' })
  })

  const commentaryLocals = (request: FastifyRequest, report: { id: string; quarter: string }, values: Record<SectionId, string>) => ({
    pageTitle: `Commentary: quarterly board report, ${quarterText(report.quarter)}`,
    subNavigation: subNavigation(request),
    report: { id: report.id, quarterText: quarterText(report.quarter) },
    max: COMMENTARY_MAX,
    sections: SECTIONS.map((s) => ({ id: s.id, title: s.title, intro: s.intro, value: values[s.id] })),
  })

  app.get<{ Params: IdParams }>(`${LIST}/:id/commentary`, { preHandler: requireUser }, async (request, reply) => {
    const report = await app.work(request, (ctx) => {
      assertCanComment(ctx, request.params.id)
      return viewBoardReport(ctx, request.params.id, runner.running())
    })
    if (report.status !== 'ready') return reply.redirect(`${LIST}/${report.id}`, 303)
    const values = Object.fromEntries(SECTIONS.map((s) => [s.id, report.commentary[s.id]?.text ?? ''])) as Record<SectionId, string>
    return reply.view(`${VIEWS}/commentary.njk`, commentaryLocals(request, report, values))
  })

  app.post<{ Params: IdParams }>(`${LIST}/:id/commentary`, { preHandler: requireUser }, async (request, reply) => {
    const { values, errors } = parseCommentaryForm(request.body)
    const id = request.params.id
    if (errors.length > 0) {
      const report = await app.work(request, (ctx) => {
        assertCanComment(ctx, id)
        return viewBoardReport(ctx, id, runner.running())
      })
      const { summary, fields } = formErrors(errors)
      return reply.code(400).view(`${VIEWS}/commentary.njk`, { ...commentaryLocals(request, report, values), errors: summary, fieldErrors: fields })
    }
    const saved = await app.work(request, (ctx) => saveBoardReportCommentary(ctx, id, values))
    return reply.redirect(`${LIST}/${id}${saved ? '?done=commentary-saved' : ''}`, 303)
  })
}
