import { randomBytes } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { systemActor } from '../../platform/access/actor.ts'
import { agencies, teams } from '../../platform/auth/schema.ts'
import { createUser } from '../../platform/auth/users.ts'
import type { Config } from '../../platform/config/index.ts'
import { runWork } from '../../platform/context/index.ts'
import { ValidationError } from '../../platform/errors.ts'
import type { Runtime } from '../runtime.ts'

/**
 * `lantern user create --email E --name N --role-profile R --team T [--agency A]`. Prints a one-time password;
 * the user enrols an authenticator app at first sign-in.
 */
export async function userCreate(runtime: Runtime, _config: Config, flags: Record<string, string | undefined>): Promise<number> {
  const { email, name, team } = flags
  const roleProfile = flags['role-profile']
  if (!email || !name || !roleProfile || !team) {
    process.stderr.write('user create needs --email, --name, --role-profile and --team\n')
    return 2
  }
  const matches = await runtime.database.db
    .select({ id: teams.id, agency: agencies.name })
    .from(teams)
    .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    .where(and(eq(sql`lower(${teams.name})`, team.toLowerCase()), flags.agency ? eq(sql`lower(${agencies.name})`, flags.agency.toLowerCase()) : sql`true`))
  const match = matches.length === 1 ? matches[0] : undefined
  if (!match) {
    process.stderr.write(matches.length === 0 ? `No team called "${team}"\n` : `Several teams are called "${team}": add --agency (one of: ${matches.map((m) => m.agency).join('; ')})\n`)
    return 1
  }
  const password = randomBytes(12).toString('base64url')
  try {
    await runWork(runtime, systemActor('cli'), 'cli', (ctx) => createUser(ctx, { email, displayName: name, password, roleProfiles: [{ roleProfile, teamId: match.id }] }))
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const e of error.errors) process.stderr.write(`${e.message}\n`)
      return 1
    }
    throw error
  }
  console.log(`Created ${email}. One-time password: ${password}`)
  console.log('They set up their authenticator app when they first sign in.')
  return 0
}
