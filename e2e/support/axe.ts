import fs from 'node:fs'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** WCAG 2.2 AA, as STACK.md §6 measured it. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export type AxeFinding = {
  who: string
  url: string
  title: string
  rule: string
  impact: string
  help: string
  helpUrl: string
  nodes: Array<{ target: string; html: string; summary: string }>
}

export type CheckedPage = { who: string; url: string; title: string; status: number | undefined; violations: number; ms: number }

/**
 * Every page a spec loads goes through here: axe runs after each load and the findings are kept with the URL, so
 * a journey carries on past a violation and the test then fails with the whole list at once.
 */
export class AxeLog {
  readonly pages: CheckedPage[] = []
  readonly findings: AxeFinding[] = []
  private reported = 0

  constructor(readonly spec: string) {}

  async check(page: Page, who: string, status: number | undefined): Promise<AxeFinding[]> {
    const t0 = Date.now()
    // Only violations are reported, so axe need not collect the details of passes and incomplete checks.
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).options({ resultTypes: ['violations'] }).analyze()
    const url = pathOf(page.url())
    const title = await page.title()
    const found: AxeFinding[] = results.violations.map((v) => ({
      who,
      url,
      title,
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' , '),
        html: n.html.length > 200 ? `${n.html.slice(0, 200)}…` : n.html,
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }))
    this.findings.push(...found)
    this.pages.push({ who, url, title, status, violations: found.length, ms: Date.now() - t0 })
    return found
  }

  /** Throws a readable list of the violations found since the last call (call it after each test). */
  assertNoNewViolations(): void {
    const fresh = this.findings.slice(this.reported)
    this.reported = this.findings.length
    if (fresh.length === 0) return
    throw new Error(formatFindings(fresh))
  }

  /** With LANTERN_E2E_AXE_REPORT=file, append one line per checked page (for the closing report). */
  writeReport(): void {
    const file = process.env.LANTERN_E2E_AXE_REPORT
    if (!file) return
    const lines = this.pages.map((p) => `${this.spec}\t${p.who}\t${p.status ?? ''}\t${p.url}\t${p.title}\t${p.violations}`)
    fs.appendFileSync(file, lines.length ? `${lines.join('\n')}\n` : '')
  }
}

export function formatFindings(findings: AxeFinding[]): string {
  const lines = [`${findings.length} accessibility violation${findings.length === 1 ? '' : 's'} (axe-core, ${AXE_TAGS.join(' ')}):`]
  for (const f of findings) {
    lines.push(`- ${f.url} “${f.title}” as ${f.who}: ${f.rule} (${f.impact}) — ${f.help}`)
    lines.push(`    ${f.helpUrl}`)
    for (const n of f.nodes) {
      lines.push(`    at ${n.target}`)
      lines.push(`       ${n.html}`)
      if (n.summary) lines.push(`       ${n.summary}`)
    }
  }
  return lines.join('\n')
}

export function pathOf(url: string): string {
  try {
    const u = new URL(url)
    return `${u.pathname}${u.search}`
  } catch {
    return url
  }
}
