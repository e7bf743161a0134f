import { and, asc, eq, sql } from 'drizzle-orm'
import { systemActor } from '../../platform/access/actor.ts'
import { issueApiToken } from '../../platform/auth/api-tokens.ts'
import { userRoleProfiles, users } from '../../platform/auth/schema.ts'
import type { Config } from '../../platform/config/index.ts'
import { runWork } from '../../platform/context/index.ts'
import type { Runtime } from '../runtime.ts'

/** `lantern api-token create --user EMAIL --name LABEL [--role-profile NAME] [--expires-days N]`: prints only the token. */
export async function apiTokenCreate(runtime: Runtime, _config: Config, flags: Record<string, string | undefined>): Promise<number> {
  if (!flags.user || !flags.name) {
    process.stderr.write('api-token create needs --user EMAIL and --name LABEL\n')
    return 2
  }
  const db = runtime.database.db
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, flags.user.toLowerCase()))
  if (!user || user.disabledAt) {
    process.stderr.write(`No active user with email ${flags.user}\n`)
    return 1
  }
  const profiles = await db
    .select()
    .from(userRoleProfiles)
    .where(and(eq(userRoleProfiles.userId, user.id), flags['role-profile'] ? eq(userRoleProfiles.roleProfile, flags['role-profile'] as never) : sql`true`))
    .orderBy(asc(userRoleProfiles.position), asc(userRoleProfiles.roleProfile))
  const profile = profiles[0]
  if (!profile) {
    process.stderr.write(`${flags.user} has no role profile${flags['role-profile'] ? ` ${flags['role-profile']}` : ''}\n`)
    return 1
  }
  const expiresDays = flags['expires-days'] === undefined ? undefined : Number(flags['expires-days'])
  const { token } = await runWork(runtime, systemActor('cli'), 'cli', (ctx) =>
    issueApiToken(ctx, { userId: user.id, userRoleProfileId: profile.id, name: flags.name as string, expiresDays }),
  )
  process.stdout.write(`${token}\n`)
  return 0
}
