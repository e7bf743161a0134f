import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CheckpointFile } from './checkpoints.ts'
import { loadAuditKey } from './key.ts'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-audit-unit-'))
})
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

const h = (n: number) => n.toString(16).padStart(64, '0')

describe('CheckpointFile (the witness file)', () => {
  it('reads back what was appended, across several appends, and creates its folder', () => {
    const file = path.join(dir, 'nested', 'checkpoints.log')
    const cp = new CheckpointFile(file)
    expect(cp.read().size).toBe(0)
    cp.append([
      { seq: 1, hash: h(1) },
      { seq: 2, hash: h(2) },
    ])
    cp.append([])
    cp.append([{ seq: 3, hash: h(3) }])
    expect([...cp.read()]).toEqual([
      [1, h(1)],
      [2, h(2)],
      [3, h(3)],
    ])
    expect(fs.readFileSync(file, 'utf8')).toBe(`1 ${h(1)}\n2 ${h(2)}\n3 ${h(3)}\n`)
  })

  it('is created readable by its owner only', () => {
    const file = path.join(dir, 'checkpoints.log')
    new CheckpointFile(file).append([{ seq: 1, hash: h(1) }])
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('reports a malformed line instead of skipping it (a doctored witness must not pass silently)', () => {
    const file = path.join(dir, 'checkpoints.log')
    fs.writeFileSync(file, `1 ${h(1)}\n2 not-a-hash\n`)
    expect(() => new CheckpointFile(file).read()).toThrow(/line 2 is malformed/)
    fs.writeFileSync(file, `1 ${'AB'.repeat(32)}\n`)
    expect(() => new CheckpointFile(file).read()).toThrow(/malformed/)
    fs.writeFileSync(file, `x ${h(1)}\n`)
    expect(() => new CheckpointFile(file).read()).toThrow(/malformed/)
  })

  it('ignores blank lines', () => {
    const file = path.join(dir, 'checkpoints.log')
    fs.writeFileSync(file, `\n1 ${h(1)}\n\n`)
    expect(new CheckpointFile(file).read().get(1)).toBe(h(1))
  })
})

describe('loadAuditKey', () => {
  it('prefers LANTERN_AUDIT_KEY', () => {
    const keyFile = path.join(dir, 'audit.key')
    const key = loadAuditKey({ key: 'k'.repeat(40), keyFile, create: true })
    expect(key.equals(Buffer.from('k'.repeat(40)))).toBe(true)
    expect(fs.existsSync(keyFile)).toBe(false)
  })

  it('creates a 256-bit key file readable only by its owner, and reads the same key back', () => {
    const keyFile = path.join(dir, 'sub', 'audit.key')
    const created = loadAuditKey({ key: undefined, keyFile, create: true })
    expect(created.length).toBe(32)
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(loadAuditKey({ key: undefined, keyFile, create: false }).equals(created)).toBe(true)
    expect(loadAuditKey({ key: undefined, keyFile, create: true }).equals(created)).toBe(true)
  })

  it('refuses to run without a key when it may not create one', () => {
    expect(() => loadAuditKey({ key: undefined, keyFile: path.join(dir, 'missing.key'), create: false })).toThrow(/No audit key/)
  })

  it('refuses a malformed key file rather than replacing it', () => {
    const keyFile = path.join(dir, 'audit.key')
    fs.writeFileSync(keyFile, 'short\n')
    expect(() => loadAuditKey({ key: undefined, keyFile, create: true })).toThrow(/not a 64-character hex key/)
    expect(fs.readFileSync(keyFile, 'utf8')).toBe('short\n')
  })
})
