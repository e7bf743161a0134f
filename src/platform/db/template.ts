import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { openPglite, type Database } from './client.ts'
import { MIGRATIONS_FOLDER, migrateEmbedded } from './migrate.ts'

/**
 * A migrated, empty PGlite database packed as a tarball, made once at install time (`npm install` runs
 * `prepare`). A fresh data folder starts from it: unpacking takes ~1.5 s where initdb plus migrations take ~5 s,
 * which is most of the ≤ 10 s cold-start budget (CONTRACTS.md §3). Keyed by the migrations' content, so a stale
 * template is never used; without one, start-up simply runs initdb.
 */
export function pgliteTemplatePath(rootDir: string): string {
  const hash = createHash('sha256')
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    const full = path.join(MIGRATIONS_FOLDER, file)
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full))
  }
  return path.join(rootDir, 'node_modules', '.cache', 'lantern', `pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`)
}

export async function buildPgliteTemplate(rootDir: string): Promise<string> {
  const target = pgliteTemplatePath(rootDir)
  if (fs.existsSync(target)) return target
  const database = await openPglite(undefined)
  try {
    await migrateEmbedded(database)
    const dump = await database.pglite?.dumpDataDir('gzip')
    if (!dump) throw new Error('PGlite could not dump its data directory')
    fs.mkdirSync(path.dirname(target), { recursive: true })
    // Write then rename, so a half-written template is never picked up.
    fs.writeFileSync(`${target}.${process.pid}`, Buffer.from(await dump.arrayBuffer()))
    fs.renameSync(`${target}.${process.pid}`, target)
    return target
  } finally {
    await database.close()
  }
}

/** Open the embedded database, seeding a brand-new data folder from the template when there is one. */
export async function openEmbedded(dir: string, rootDir: string): Promise<Database> {
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'))
  const template = pgliteTemplatePath(rootDir)
  if (fresh && fs.existsSync(template)) return openPglite(dir, new Blob([fs.readFileSync(template)]))
  return openPglite(dir)
}
