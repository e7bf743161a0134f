import fs from 'node:fs'
import path from 'node:path'

/**
 * The witness file: an append-only list of `seq hash` lines for committed audit rows, kept outside the database.
 * Someone who can rewrite the database (and even holds the HMAC key) can recompute the chain's tail or cut rows
 * off its end; they cannot make the chain agree with hashes already written here. Production ships these lines
 * to WORM storage or a SIEM; on these machines a local append-only file stands in (SECURITY.md).
 */
export class CheckpointFile {
  constructor(private readonly file: string) {}

  append(rows: ReadonlyArray<{ seq: number; hash: string }>): void {
    if (rows.length === 0) return
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    // One write call per batch with O_APPEND: lines from concurrent processes do not interleave mid-line.
    fs.appendFileSync(this.file, rows.map((r) => `${r.seq} ${r.hash}\n`).join(''), { mode: 0o600 })
  }

  /** Every witnessed (seq → hash). A malformed line is reported, not skipped. */
  read(): Map<number, string> {
    const witnessed = new Map<number, string>()
    if (!fs.existsSync(this.file)) return witnessed
    const lines = fs.readFileSync(this.file, 'utf8').split('\n')
    lines.forEach((line, i) => {
      if (line.trim() === '') return
      const match = /^(\d+) ([0-9a-f]{64})$/.exec(line.trim())
      if (!match) throw new Error(`Checkpoint file ${this.file} line ${i + 1} is malformed`)
      witnessed.set(Number(match[1]), match[2] as string)
    })
    return witnessed
  }
}
