import { describe, expect, it } from 'vitest'
import { checkMapping } from './import-fields.ts'
import { MAX_FIELD_CHARS, readExtract, type ExtractResult } from './import-parse.ts'
import { parseExtractDate, splitFullName } from './import-validate.ts'

const TODAY = '2026-11-28'
const mapping = { sourceRecordId: 'Ref', givenName: 'Forename', familyName: 'Surname', dateOfBirth: 'DOB', nhsNumber: 'NHS No', postcode: 'Postcode' }
const utf8: { mapping: typeof mapping; encoding: 'utf-8' | 'windows-1252' } = { mapping, encoding: 'utf-8' }
const HEADER = 'Ref,Forename,Surname,DOB,NHS No,Postcode,Notes'

const read = (text: string | Uint8Array, source = utf8): ExtractResult => readExtract(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, source, TODAY)

function problems(result: ExtractResult): Array<{ line: number | null; message: string }> {
  if (result.ok) throw new Error('expected the file to be refused')
  return result.problems
}

describe('reading an agency extract', () => {
  it('stages every row with its line, in normal forms, and lists the ignored columns', () => {
    const result = read(`\uFEFF${HEADER}\r\nP1,Zoë,O’Brien,27/03/2011,943 476 5919,pe1 2ab,"Seen at school,\nnote"\r\nP2,Jay,Smith,2012-01-05,,,\r\n`)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.extract.rows).toEqual([
      { line: 2, data: { sourceRecordId: 'P1', givenName: 'Zoë', familyName: 'O’Brien', dateOfBirth: '2011-03-27', nhsNumber: '9434765919', postcode: 'PE1 2AB' } },
      { line: 4, data: { sourceRecordId: 'P2', givenName: 'Jay', familyName: 'Smith', dateOfBirth: '2012-01-05' } },
    ])
    expect(result.extract.ignoredColumns).toEqual(['Notes'])
    expect(result.extract.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('decodes a Windows-1252 file when the source says so', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\nP1,Ren`), Buffer.from([0xe9]), Buffer.from(',Dubois,01/02/2013,,,\n')])
    const result = read(bytes, { mapping, encoding: 'windows-1252' })
    expect(result.ok && result.extract.rows[0]?.data.givenName).toBe('René')
  })

  it('refuses Windows-1252 bytes in a file declared UTF-8, naming the line', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\nP1,Ann,Lee,01/02/2013,,,\nP2,Ren`), Buffer.from([0xe9]), Buffer.from(',Dubois,01/02/2013,,,\n')])
    const [p] = problems(read(bytes))
    expect(p?.line).toBe(3)
    expect(p?.message).toContain('The file is not UTF-8 encoded: line 3')
    expect(p?.message).toContain('choose Windows-1252')
  })

  it('refuses an empty file, and a file of blank lines', () => {
    expect(problems(read(''))).toEqual([{ line: null, message: 'The file is empty' }])
    expect(problems(read('\n\r\n  \n'))).toEqual([{ line: null, message: 'The file is empty' }])
  })

  it('refuses a header with no data rows', () => {
    expect(problems(read(`${HEADER}\n`))).toEqual([{ line: null, message: 'The file has a header row but no data rows' }])
  })

  it('refuses a file missing a mapped column, listing the columns it has', () => {
    const [p] = problems(read('Ref,Forename,Surname,Date of birth\nP1,Ann,Lee,01/02/2013\n'))
    expect(p).toEqual({ line: 1, message: "Columns 'DOB', 'NHS No', 'Postcode' are not in the file; the file has columns: 'Ref', 'Forename', 'Surname', 'Date of birth'" })
  })

  it('ignores unknown extra columns rather than refusing them', () => {
    const result = read('Ref,Forename,Surname,DOB,NHS No,Postcode,Officer,Notes\nP1,Ann,Lee,01/02/2013,,,PC 123,x\n')
    expect(result.ok && result.extract.ignoredColumns).toEqual(['Officer', 'Notes'])
  })

  it('refuses a column named twice in the header', () => {
    expect(problems(read('Ref,Forename,Surname,DOB,NHS No,Postcode,Ref\nP1,Ann,Lee,01/02/2013,,,x\n'))[0]?.message).toBe("Line 1: the column 'Ref' appears twice in the header row")
  })

  it('refuses a ragged row with its line number', () => {
    expect(problems(read(`${HEADER}\nP1,Ann,Lee,01/02/2013,,,\nP2,Bob,Ray,01/02/2013,,\n`))).toEqual([
      { line: 3, message: 'Line 3: the row has 6 values but the header has 7 columns' },
    ])
  })

  it('refuses malformed quoting with its line number', () => {
    expect(problems(read(`${HEADER}\nP1,Ann,Lee,01/02/2013,,,"ok"\nP2,"Bob"x,Ray,01/02/2013,,,\n`))[0]?.line).toBe(3)
    const [unclosed] = problems(read(`${HEADER}\nP1,Ann,Lee,01/02/2013,,,\nP2,Bob,Ray,01/02/2013,,,"never closed\nP3,Cat,Day,01/02/2013,,,\n`))
    expect(unclosed).toEqual({ line: 3, message: 'Line 3: a quoted value is never closed (the file ends inside quotes)' })
  })

  it('refuses a 10 MB field, naming the line and column', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024)
    const result = read(`${HEADER}\nP1,Ann,Lee,01/02/2013,,,\nP2,Bob,Ray,01/02/2013,,,"${huge}"\n`)
    expect(problems(result)).toEqual([{ line: 3, message: `Line 3, column 'Notes': the value is longer than ${MAX_FIELD_CHARS.toLocaleString('en-GB')} characters` }])
  })

  it('refuses an NHS number failing modulus 11, naming the line and column', () => {
    expect(problems(read(`${HEADER}\nP1,Ann,Lee,01/02/2013,,,\nP2,Bob,Ray,01/02/2013,943 476 5918,,\n`))).toEqual([
      { line: 3, message: "Line 3, column 'NHS No': '943 476 5918' is not a valid NHS number (10 digits with a correct check digit)" },
    ])
  })

  it('collects bad values from every row: dates, postcodes, empty names, repeated ids', () => {
    const list = problems(
      read(`${HEADER}\nP1,Ann,Lee,31/02/2013,,,\nP2,Bob,Ray,01/02/2013,,XX1,\nP3,,Day,01/02/2013,,,\nP1,Dan,Fox,01/02/2013,,,\nP5,Eve,Kay,01/02/2030,,,\n`),
    )
    expect(list).toEqual([
      { line: 2, message: "Line 2, column 'DOB': '31/02/2013' is not a real date (use DD/MM/YYYY or YYYY-MM-DD)" },
      { line: 3, message: "Line 3, column 'Postcode': 'XX1' is not a real postcode" },
      { line: 4, message: "Line 4, column 'Forename': the first name is empty; every row needs a first name and a last name" },
      { line: 5, message: "Line 5, column 'Ref': the record id is also on line 2; each row must be a different record" },
      { line: 6, message: "Line 6, column 'DOB': the date of birth 01/02/2030 is in the future" },
    ])
  })

  it('lists at most 20 problems and counts the rest', () => {
    const rows = Array.from({ length: 25 }, (_, i) => `P${i},Ann,Lee,99/99/2013,,,`).join('\n')
    const result = read(`${HEADER}\n${rows}\n`)
    expect(result.ok).toBe(false)
    if (!result.ok) expect([result.problems.length, result.more]).toEqual([20, 5])
  })

  it('refuses UTF-16 and NUL bytes', () => {
    expect(problems(read(Buffer.from([0xff, 0xfe, 0x41, 0x00])))[0]?.message).toContain('UTF-16')
    expect(problems(read(`${HEADER}\nP1,Ann\0,Lee,01/02/2013,,,\n`))[0]?.message).toBe('Line 2 contains a NUL character: the file is not a text CSV file (is it a spreadsheet?)')
  })
})

describe('extract values', () => {
  it('reads UK and ISO dates, never US order', () => {
    expect(parseExtractDate('05/01/2012')).toBe('2012-01-05')
    expect(parseExtractDate('5.1.2012')).toBe('2012-01-05')
    expect(parseExtractDate('2012-01-05')).toBe('2012-01-05')
    expect(parseExtractDate('2012-01-05T00:00:00')).toBe('2012-01-05')
    expect(parseExtractDate('01/13/2012')).toBeNull()
    expect(parseExtractDate('Jan 5 2012')).toBeNull()
  })

  it('splits a full name family-first after a comma, otherwise family last', () => {
    expect(splitFullName('SMITH, John Paul')).toEqual({ familyName: 'SMITH', givenName: 'John', middleNames: 'Paul' })
    expect(splitFullName('Mary Ann Jones')).toEqual({ givenName: 'Mary', middleNames: 'Ann', familyName: 'Jones' })
    expect(splitFullName('Cher')).toEqual({ givenName: 'Cher' })
  })

  it('needs a record id, a name and the date of birth or an identifier in a mapping', () => {
    expect(checkMapping(mapping)).toEqual([])
    expect(checkMapping({ sourceRecordId: 'Ref', fullName: 'Name', upn: 'UPN' })).toEqual([])
    expect(checkMapping({ givenName: 'A', familyName: 'B' }).map((p) => p.field)).toEqual(['sourceRecordId', 'dateOfBirth'])
    expect(checkMapping({ sourceRecordId: 'Ref', givenName: 'A', fullName: 'N', dateOfBirth: 'D' }).map((p) => p.field)).toEqual(['fullName'])
    expect(checkMapping({ sourceRecordId: 'Ref', givenName: 'Name', familyName: 'name', dateOfBirth: 'D' })).toEqual([{ field: 'familyName', message: "The column 'name' is already used for first name" }])
  })
})
