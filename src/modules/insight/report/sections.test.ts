import { describe, expect, it } from 'vitest'
import type { DataTable } from '../../../platform/outputs/table.ts'
import { sectionTables } from './sections.ts'

const table = (id: string): DataTable => ({ id, title: id, columns: [], rows: [] })

describe('sectionTables', () => {
  it('starts every id with the section, once, and keeps ids unique within the section', () => {
    expect(sectionTables('incidence', [table('incidence-by-agency'), table('trend'), table('trend'), table('a b/c')]).map((t) => t.id)).toEqual([
      'incidence-by-agency',
      'incidence-trend',
      'incidence-trend-2',
      'incidence-a-b-c',
    ])
  })
})
