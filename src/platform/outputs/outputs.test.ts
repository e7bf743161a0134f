import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { chartSvg } from './charts.ts'
import { csvCell, tableToCsv } from './csv.ts'
import { safeFilename } from './http.ts'
import { govukTableArgs, type DataTable } from './table.ts'
import { tablesToXlsx } from './xlsx.ts'

const table: DataTable = {
  id: 'places',
  title: 'Places: where found',
  columns: [
    { key: 'place', header: 'Place' },
    { key: 'count', header: 'Episodes', numeric: true },
  ],
  rows: [
    { place: '=HYPERLINK("http://evil")', count: 3 },
    { place: 'Bus station, "north"', count: null },
  ],
  notes: ['c = suppressed'],
}

describe('CSV', () => {
  it('neutralises formulas and quotes the RFC 4180 way; numbers stay numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+44 1733')).toBe("'+44 1733")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell(-5)).toBe('-5')
    expect(csvCell(null)).toBe('')
    expect(tableToCsv(table)).toBe('Place,Episodes\r\n"\'=HYPERLINK(""http://evil"")",3\r\n"Bus station, ""north""",\r\n')
  })
})

describe('XLSX', () => {
  it('writes a sheet per table with marking, title, header, rows and notes; text is never a formula', async () => {
    const buffer = await tablesToXlsx([table, { ...table, id: 'again' }], { title: 'Board', marking: 'OFFICIAL-SENSITIVE', subtitle: ['Q4 2026'] })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Places where found', 'Places where found (2)'])
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe('OFFICIAL-SENSITIVE')
    expect(sheet.getRow(5).values).toEqual([undefined, 'Place', 'Episodes'])
    expect(sheet.getRow(6).getCell(1).value).toBe('=HYPERLINK("http://evil")')
    expect(sheet.getRow(6).getCell(1).formula).toBeUndefined()
    expect(sheet.getRow(6).getCell(2).value).toBe(3)
    expect(sheet.getRow(8).getCell(1).value).toBe('c = suppressed')
  })
})

describe('charts', () => {
  it('renders an SVG with no style or script blocks, one bar per category', () => {
    const svg = chartSvg({ kind: 'bar', categories: ['Police', 'Health', 'Education'], series: [{ name: 'Contacts', values: [5, 0, null] }] })
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).not.toMatch(/<style|<script/)
    for (const c of ['Police', 'Health', 'Education']) expect(svg).toContain(c)
  })

  it('draws a line chart with a legend for several series', () => {
    const svg = chartSvg({ kind: 'line', categories: ['2026 Q3', '2026 Q4'], series: [{ name: 'CSE contacts', values: [4, 7] }, { name: 'Missing episodes', values: [10, 12] }] })
    expect(svg).toContain('CSE contacts')
    expect(svg).toContain('Missing episodes')
  })
})

describe('tables for the page and file names', () => {
  it('shows nulls as words, never a bare dash, and formats numbers', () => {
    const args = govukTableArgs({ ...table, rows: [{ place: 'A', count: 1234 }, { place: 'B', count: null }] }, { nullText: 'Not yet recorded' })
    expect(args.rows[0]![1]).toEqual({ text: '1,234', format: 'numeric' })
    expect(args.rows[1]![1]).toEqual({ text: 'Not yet recorded', format: 'numeric' })
    expect(govukTableArgs(table).rows[1]![1]).toMatchObject({ html: expect.stringContaining('govuk-visually-hidden') })
  })

  it('keeps file names to safe characters', () => {
    expect(safeFilename('lantern "report"\r\n; x.csv')).toBe('lantern-report-x.csv')
    expect(safeFilename('///')).toBe('download')
  })
})
