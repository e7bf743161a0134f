import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError, MAX_RECORD_CHARS, readCsvColumns } from './csv.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-csv-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, content)
  return p
}
const fails = async (p: string, pattern: RegExp, columns = ['id']) => {
  const error = await readCsvColumns(p, columns).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  expect((error as Error).message).toMatch(pattern)
}

describe('reading CSV input', () => {
  it('handles quoted fields, CRLF, a BOM, padding and no final newline', async () => {
    const p = file('ok.csv', '\uFEFFid, name ,note\r\n1, "Smith, Jo" ,"said ""hi"""\r\n2,Ann,\r\n\r\n3,"multi\nline",x')
    const t = await readCsvColumns(p, ['name', 'id'])
    expect(t.header).toEqual(['id', 'name', 'note'])
    expect(t.rows).toEqual([
      ['Smith, Jo', '1'],
      ['Ann', '2'],
      ['multi\nline', '3'],
    ])
    expect(t.lines).toEqual([2, 3, 6])
  })

  it('names the file and line for malformed CSV', async () => {
    await fails(file('ragged.csv', 'id,a\n1,x\n2,y,z\n'), /ragged\.csv: line 3: malformed CSV: wrong number of fields/)
    await fails(file('quote.csv', 'id,a\n1,"x\n2,y\n'), /malformed CSV/)
  })

  it('rejects unknown columns, listing the ones there are', async () => {
    await fails(file('cols.csv', 'id,a\n1,x\n'), /line 1: no column "b" in the header \(columns: "id", "a"\)/, ['id', 'b'])
  })

  it('rejects empty files and header-only files', async () => {
    await fails(file('empty.csv', ''), /empty\.csv: the file is empty/)
    await fails(file('header.csv', 'id,a\n'), /no data rows/)
  })

  it('rejects text that is not UTF-8, with the line', async () => {
    await fails(file('latin1.csv', Buffer.concat([Buffer.from('id,a\n1,ok\n2,Zo'), Buffer.from([0xeb]), Buffer.from('\n')])), /line 3: the file is not valid UTF-8/)
    await fails(file('utf16.csv', Buffer.from('\uFEFFid,a\n1,x\n', 'utf16le')), /line 1: the file is UTF-16/)
  })

  it('rejects a 10 MB field without reading it all into one record', async () => {
    await fails(file('huge.csv', `id,a\n1,x\n2,${'y'.repeat(10 * 1024 * 1024)}\n`), new RegExp(`line \\d+: malformed CSV: a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-GB')}`))
  })

  it('rejects a missing file', async () => {
    await fails(path.join(dir, 'nope.csv'), /file not found/)
  })
})
