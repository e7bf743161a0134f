import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { IMPORTING_ROLES } from '../../modules/people/import-policy.ts'
import { processImport } from '../../modules/people/import-matching.ts'
import { imports, importSources } from '../../modules/people/import-schema.ts'
import { stageImport } from '../../modules/people/import-service.ts'
import { loadUserActor } from '../../platform/auth/sessions.ts'
import { userRoleProfiles, users } from '../../platform/auth/schema.ts'
import type { Config } from '../../platform/config/index.ts'
import { runWork } from '../../platform/context/index.ts'
import { ValidationError } from '../../platform/errors.ts'
import { queryRows } from '../../platform/db/rows.ts'
import type { Runtime } from '../runtime.ts'

/**
 * `lantern import FILE --source NAME --user EMAIL`: stage an agency extract and match it synchronously, as that
 * user (who must hold an importing role profile), printing progress to stderr and a summary to stdout. Run again
 * with the same file after a stop or a crash, it resumes that import where its last committed batch ended.
 */
export async function importCommand(runtime: Runtime, _config: Config, file: string | undefined, flags: Record<string, string | undefined>): Promise<number> {
  if (!file || !flags.source || !flags.user) {
    process.stderr.write('import needs FILE, --source NAME and --user EMAIL\n')
    return 2
  }
  const db = runtime.database.db
  const [profile] = await db
    .select({ userId: users.id, profileId: userRoleProfiles.id })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .where(and(eq(sql`lower(${users.email})`, flags.user.toLowerCase()), inArray(userRoleProfiles.roleProfile, [...IMPORTING_ROLES])))
    .orderBy(asc(userRoleProfiles.position))
  const actor = profile ? await loadUserActor(db, profile.userId, profile.profileId, 'session') : null
  if (!actor) {
    process.stderr.write(`No active user ${flags.user} with a role profile that may import (${IMPORTING_ROLES.join(', ')})\n`)
    return 1
  }
  const sources = await db.select().from(importSources).where(eq(sql`lower(${importSources.name})`, flags.source.toLowerCase()))
  if (sources.length !== 1 || !sources[0]) {
    process.stderr.write(sources.length ? `More than one source is called ${flags.source}\n` : `No source called ${flags.source}\n`)
    return 1
  }
  const source = sources[0]
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`)
    return 1
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const [earlier] = await db.select().from(imports).where(and(eq(imports.sourceId, source.id), eq(imports.fileSha256, sha256)))
  let importId: string
  if (earlier?.status === 'matching') {
    importId = earlier.id
    process.stderr.write(`Resuming import ${importId}: ${earlier.processedCount} of ${earlier.rowCount} rows were matched already\n`)
  } else {
    try {
      importId = (await runWork(runtime, actor, `cli-${randomUUID()}`, (ctx) => stageImport(ctx, { sourceId: source.id, fileName: path.basename(file), bytes }))).id
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      process.stderr.write(`Nothing imported from ${file}:\n${error.errors.map((e) => `  ${e.message}\n`).join('')}`)
      return 1
    }
  }
  const result = await processImport(runtime, importId, { onProgress: (r) => process.stderr.write(`${r.processed} of ${r.rowCount} rows matched\n`) })
  const rows = await queryRows<{ outcome: string; n: number }>(db, sql`select outcome, count(*)::int as n from import_rows where import_id = ${importId}::uuid group by outcome order by outcome`)
  const [done] = await db.select({ status: imports.status }).from(imports).where(eq(imports.id, importId))
  process.stdout.write(`import ${importId}: ${result.processed} of ${result.rowCount} rows; ${rows.map((r) => `${r.outcome} ${r.n}`).join(', ')}; status ${done?.status}\n`)
  return 0
}
