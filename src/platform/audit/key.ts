import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * The audit HMAC key: from LANTERN_AUDIT_KEY, else a key file beside (never inside) the database folder, created
 * with 256 random bits on first run and readable only by its owner. In production the key belongs in a KMS or a
 * secrets manager; the file is this deployment's stand-in (SECURITY.md §6).
 */
export function loadAuditKey(options: { key: string | undefined; keyFile: string; create: boolean }): Buffer {
  if (options.key) return Buffer.from(options.key, 'utf8')
  if (fs.existsSync(options.keyFile)) {
    const hex = fs.readFileSync(options.keyFile, 'utf8').trim()
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`The audit key file ${options.keyFile} is not a 64-character hex key`)
    return Buffer.from(hex, 'hex')
  }
  if (!options.create) throw new Error(`No audit key: set LANTERN_AUDIT_KEY or create ${options.keyFile}`)
  fs.mkdirSync(path.dirname(options.keyFile), { recursive: true })
  const hex = randomBytes(32).toString('hex')
  // 'wx' refuses to overwrite a key another process created a moment ago.
  try {
    fs.writeFileSync(options.keyFile, `${hex}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return loadAuditKey({ ...options, create: false })
  }
  return Buffer.from(hex, 'hex')
}
