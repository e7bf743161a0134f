/**
 * The SSDA903 Missing table's rules, one failing and one passing fixture each (fixtures after the DfE validator's
 * own tests in [S25]), the table's building (collection year as at 31 March, London dates, dd/mm/yyyy), the
 * formula-safe CSV and Annex A List 8.
 */
import { describe, expect, it } from 'vitest'
import { buildList8, list8Csv, type List8Facts } from './annex-a.ts'
import { buildMissingRows, collectionYear, collectionYearOf, csvCell, missingTableCsv, type MissingRow } from './ssda903.ts'
import * as r from './ssda903-rules.ts'

const CY = collectionYear(2025)
let n = 0
const row = (fields: Partial<MissingRow>): MissingRow => ({ CHILD: 'MOS100001', DOB: '02/04/2010', MISSING: 'M', MIS_START: '10/06/2025', MIS_END: '11/06/2025', episodeId: `e${++n}`, personId: 'p1', ...fields })

/** Each rule: [rule, rows that fail it (expected failing indexes), rows that pass it]. */
const CASES: Array<[string, r.RuleCheck, MissingRow[], number[], MissingRow[]]> = [
  ['564', r.rule564, [row({ MISSING: 'M', MIS_START: '' }), row({}), row({ MISSING: 'a', MIS_START: '' })], [0, 2], [row({}), row({ MISSING: '', MIS_START: '' })]],
  ['565', r.rule565, [row({ MISSING: '' }), row({})], [0], [row({}), row({ MISSING: '', MIS_START: '', MIS_END: '' })]],
  ['566', r.rule566, [row({}), row({ MISSING: '', MIS_END: '13/02/2026' })], [1], [row({ MISSING: 'A' }), row({ MISSING: '', MIS_END: '' })]],
  ['567', r.rule567, [row({ MIS_START: '03/06/2025', MIS_END: '01/06/2025' }), row({})], [0], [row({ MIS_START: '01/06/2025', MIS_END: '01/06/2025' }), row({ MIS_END: '' })]],
  ['570', r.rule570, [row({ MIS_START: '01/04/2026', MIS_END: '' }), row({})], [0], [row({ MIS_START: '31/03/2026', MIS_END: '' }), row({ MIS_START: '15/03/2024' })]],
  ['571', r.rule571, [row({ MIS_START: '01/03/2025', MIS_END: '31/03/2025' }), row({ MIS_END: '01/04/2026' }), row({})], [0, 1], [row({ MIS_END: '01/04/2025' }), row({ MIS_END: '31/03/2026' }), row({ MIS_END: '' })]],
  [
    '574',
    r.rule574,
    // After the validator's own fixture: an open period followed by one ending later; two overlapping periods.
    [row({ MIS_START: '01/06/2025', MIS_END: '05/06/2025' }), row({ MIS_START: '04/06/2025', MIS_END: '' }), row({ CHILD: 'B', MIS_START: '02/06/2025', MIS_END: '04/06/2025' }), row({ CHILD: 'B', MIS_START: '03/06/2025', MIS_END: '09/06/2025' })],
    [0, 3],
    // Ending and starting on the same day is fine; another child's periods do not count; the last may be open.
    [row({ MIS_START: '03/06/2025', MIS_END: '04/06/2025' }), row({ MIS_START: '04/06/2025', MIS_END: '06/06/2025' }), row({ MIS_START: '07/06/2025', MIS_END: '' }), row({ CHILD: 'B', MIS_START: '05/06/2025', MIS_END: '' })],
  ],
  ['586', r.rule586, [row({ DOB: '04/02/2020', MIS_START: '03/02/2020' }), row({ DOB: '10/06/2025', MIS_START: '10/06/2025' }), row({})], [0, 1], [row({}), row({ DOB: '', MIS_START: '01/01/2020' })]],
  ['1004', r.rule1004, [row({ MIS_START: '' }), row({ MIS_START: '10/24/2021' }), row({ MIS_START: '2025-06-10' }), row({})], [0, 1, 2], [row({}), row({ MIS_START: '29/02/2024' })]],
  ['1005', r.rule1005, [row({ MIS_END: '13/10/21' }), row({ MIS_END: '31/04/2025' }), row({ MIS_END: '' })], [0, 1], [row({}), row({ MIS_END: '' })]],
  ['1006', r.rule1006, [row({ MISSING: 'AWAY' }), row({ MISSING: 'm' }), row({ MISSING: 'NA' }), row({})], [0, 1, 2], [row({ MISSING: 'M' }), row({ MISSING: 'A' }), row({ MISSING: '' })]],
  ['LANTERN-CHILD', r.ruleChildId, [row({ CHILD: '' }), row({})], [0], [row({})]],
]

describe('SSDA903 Missing table rules (DOMAIN.md §3.6)', () => {
  it.each(CASES)('rule %s fails its failing fixture and passes its passing one', (code, check, failing, expected, passing) => {
    expect(check(failing, CY)).toEqual(expected)
    expect(check(passing, CY)).toEqual([])
    expect(r.SSDA903_MISSING_RULES.find((x) => x.code === code)?.check).toBe(check)
  })

  it('checks at least 564–567, 570, 571, 574, 586 and 1004–1006, and says which it cannot', () => {
    expect(r.SSDA903_MISSING_RULES.map((x) => x.code)).toEqual(expect.arrayContaining(['564', '565', '566', '567', '570', '571', '574', '586', '1004', '1005', '1006']))
    expect(r.SSDA903_RULES_NOT_CHECKED.map((x) => x.code)).toEqual(['575', '576', '577', '578', '580', '581'])
  })

  it('validateMissingTable names the rule, message, child and episode of each failure', () => {
    const bad = row({ CHILD: 'MOS000007', MISSING: '', MIS_END: '' })
    expect(r.validateMissingTable([bad], CY)).toEqual([{ code: '565', message: expect.stringContaining('has not been completed'), fields: ['MISSING', 'MIS_START'], child: 'MOS000007', personId: 'p1', episodeId: bad.episodeId }])
  })

  it('parses only real dd/mm/yyyy dates', () => {
    expect(r.parseDfeDate('29/02/2024')).toBe('2024-02-29')
    expect(r.parseDfeDate('29/02/2025')).toBeNull()
    expect(r.parseDfeDate('1/2/2025')).toBeNull()
  })
})

const ep = (f: Partial<List8Facts>): List8Facts => ({
  episodeId: `x${++n}`, personId: 'p1', laChildId: 'MOS123456', dateOfBirth: '2010-04-02', missingFrom: 'care', missingType: 'M',
  lastSeenAt: null, reportedMissingAt: new Date('2025-06-10T20:00:00Z'), returnedAt: new Date('2025-06-11T09:00:00Z'), rhiStatus: 'completed', rhiOfferedAt: null, ...f,
})

describe('building the table of a collection year', () => {
  it('April onwards belongs to that year, January to March to the one before (London time)', () => {
    expect(collectionYearOf(new Date('2026-03-31T22:59:00Z'))).toBe(2025)
    expect(collectionYearOf(new Date('2026-03-31T23:30:00Z'))).toBe(2026) // 00:30 on 1 April, BST
    expect(CY).toMatchObject({ start: '2025-04-01', end: '2026-03-31' })
  })

  it('takes looked-after episodes overlapping the year, dd/mm/yyyy, London dates, blank MIS_END when still open at 31 March', () => {
    const rows = buildMissingRows(
      [
        ep({ lastSeenAt: new Date('2025-06-09T23:30:00Z') }), // 00:30 on 10 June in London
        ep({ missingFrom: 'home', missingType: null }), // not looked after: not in the 903
        ep({ reportedMissingAt: new Date('2025-03-01T10:00:00Z'), returnedAt: new Date('2025-03-02T10:00:00Z') }), // ended before the year
        ep({ reportedMissingAt: new Date('2026-03-30T10:00:00Z'), returnedAt: new Date('2026-04-02T10:00:00Z'), missingType: 'A' }), // ran past 31 March
        ep({ reportedMissingAt: new Date('2026-04-02T10:00:00Z'), returnedAt: null }), // started after the year
      ],
      CY,
    )
    expect(rows.map(({ CHILD, DOB, MISSING, MIS_START, MIS_END }) => [CHILD, DOB, MISSING, MIS_START, MIS_END])).toEqual([
      ['MOS123456', '02/04/2010', 'M', '10/06/2025', '11/06/2025'],
      ['MOS123456', '02/04/2010', 'A', '30/03/2026', ''],
    ])
    expect(r.validateMissingTable(rows, CY)).toEqual([])
  })

  it('a care episode without M/A becomes a row the rules reject (565, 566)', () => {
    const rows = buildMissingRows([ep({ missingType: null })], CY)
    expect(r.validateMissingTable(rows, CY).map((e) => e.code)).toEqual(['565', '566'])
  })

  it('writes exactly the DfE columns, formula-safe', () => {
    expect(missingTableCsv([row({ CHILD: '=HYPERLINK("x")' })]).split('\r\n')).toEqual(['CHILD,DOB,MISSING,MIS_START,MIS_END', `"'=HYPERLINK(""x"")",02/04/2010,M,10/06/2025,11/06/2025`, ''])
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}1`).replace(/^"/, '').startsWith("'")).toBe(true)
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('MOS1')).toBe('MOS1')
  })
})

describe('Annex A List 8 (DOMAIN.md §3.6)', () => {
  const asAt = new Date('2026-01-15T12:00:00Z')
  it('counts M as missing and A as absent in the last 12 months; the RHI after the last returned M episode', () => {
    const rows = buildList8(
      [
        ep({ reportedMissingAt: new Date('2024-12-01T10:00:00Z'), returnedAt: new Date('2024-12-02T10:00:00Z') }), // over 12 months ago
        ep({ reportedMissingAt: new Date('2025-06-10T10:00:00Z'), rhiStatus: 'completed' }),
        ep({ reportedMissingAt: new Date('2025-09-10T10:00:00Z'), returnedAt: new Date('2025-09-11T10:00:00Z'), rhiStatus: 'declined' }),
        ep({ reportedMissingAt: new Date('2025-10-10T10:00:00Z'), returnedAt: new Date('2025-10-11T10:00:00Z'), missingType: 'A', rhiStatus: 'due' }),
        ep({ personId: 'p2', laChildId: 'MOS000002', reportedMissingAt: new Date('2026-01-10T10:00:00Z'), returnedAt: null, rhiStatus: null }),
      ],
      asAt,
    )
    expect(rows).toEqual([
      { childId: 'MOS000002', personId: 'p2', missing: 1, absent: 0, offered: '', accepted: '' },
      { childId: 'MOS123456', personId: 'p1', missing: 2, absent: 1, offered: 'Y', accepted: 'N' },
    ])
    expect(list8Csv(rows).split('\r\n')[2]).toBe('MOS123456,2,1,Y,N')
  })
})
