import { describe, expect, it } from 'vitest'
import { pdfText } from '../../chronology/pdf-text.ts'
import { MARKING } from '../../../platform/outputs/table.ts'
import { renderBoardReportPdf } from './pdf.ts'

const rows = Array.from({ length: 120 }, (_, i) => ({ group: `Group ${i + 1}`, count: i === 3 ? null : i * 1000 }))

describe('renderBoardReportPdf', () => {
  it('writes the marking on every page, a title page, the commentary and long tables across pages with their header again', async () => {
    const pdf = await renderBoardReportPdf({
      quarterLabel: 'July to September 2026',
      periodText: '1 July 2026 to 30 September 2026',
      builtBy: 'Business Unit',
      builtAt: new Date('2026-10-02T09:00:00Z'),
      snapshot: { sections: [{ id: 'indicators', tables: [{ id: 'indicators-x', title: 'Long table', columns: [{ key: 'group', header: 'Group' }, { key: 'count', header: 'Number', numeric: true }], rows, notes: ['A note.'] }] }] },
      commentary: { summary: { text: 'Up this quarter.', updatedBy: 'Business Unit', updatedAt: '2026-10-03T10:00:00Z' } },
      nullText: () => 'Not yet recorded',
    })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    const text = pdfText(pdf)
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1])
    expect(pages).toBeGreaterThan(7)
    expect(text.split('\n').filter((l) => l === MARKING).length).toBe(pages + 1)
    expect(text).toContain('July to September 2026')
    expect(text).toContain('Up this quarter.')
    expect(text).toContain('No commentary yet.')
    expect(text).toContain('Group 120')
    expect(text).toContain('119,000')
    expect(text).toContain('Not yet recorded')
    expect(text.split('\n').filter((l) => l === 'Number').length).toBeGreaterThan(1)
  })
})
