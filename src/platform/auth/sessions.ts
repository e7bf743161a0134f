import { createHash, randomBytes } from 'node:crypto'
import Tokens from '@fastify/csrf'
import { and, eq, lt, or } from 'drizzle-orm'
import type { UserActor } from '../access/actor.ts'
import type { Db } from '../db/client.ts'
import { agencies, sessions, teams, userRoleProfiles, users } from './schema.ts'

/** `__Host-` forces Secure, Path=/ and no Domain: the cookie cannot be set or read by another host (ASVS 3.3.1). */
export const SESSION_COOKIE = '__Host-lantern'
export const IDLE_TIMEOUT_MS = 15 * 60 * 1000
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000
// Writing last_seen_at on every request would double the writes; a minute's granularity is plenty for 15 min.
const TOUCH_EVERY_MS = 60 * 1000

export type Session = typeof sessions.$inferSelect
export type SessionStage = Session['stage']

const csrfTokens = Tokens()

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** 256 bits from the CSPRNG, base64url (ASVS 7.2.3). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export async function createSession(
  db: Db,
  fields: { stage: SessionStage; userId?: string | null; userRoleProfileId?: string | null; pendingTotpSecret?: string | null; ipAddress?: string; userAgent?: string },
  now: Date,
): Promise<{ token: string; session: Session }> {
  const token = newToken()
  const [session] = await db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      stage: fields.stage,
      userId: fields.userId ?? null,
      userRoleProfileId: fields.userRoleProfileId ?? null,
      pendingTotpSecret: fields.pendingTotpSecret ?? null,
      csrfSecret: csrfTokens.secretSync(),
      createdAt: now,
      lastSeenAt: now,
      ipAddress: fields.ipAddress ?? null,
      userAgent: fields.userAgent?.slice(0, 300) ?? null,
    })
    .returning()
  if (!session) throw new Error('session insert returned nothing')
  return { token, session }
}

/** The live session for a cookie token, or null when unknown, idle for 15 minutes, or older than 12 hours. */
export async function findSession(db: Db, token: string, now: Date): Promise<Session | null> {
  const [session] = await db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token)))
  if (!session) return null
  const idle = now.getTime() - session.lastSeenAt.getTime() > IDLE_TIMEOUT_MS
  const old = now.getTime() - session.createdAt.getTime() > ABSOLUTE_TIMEOUT_MS
  if (idle || old) {
    await db.delete(sessions).where(eq(sessions.tokenHash, session.tokenHash))
    return null
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, session.tokenHash))
  }
  return session
}

/**
 * Replace a session with a new one (new token, new CSRF secret) carrying the sign-in progress forward. Called at
 * every step of sign-in, so a token seen before authentication is never valid after it (fixation, ASVS 7.2.4).
 * The absolute timeout runs from the password step, not from the anonymous visit.
 */
export async function rotateSession(
  db: Db,
  old: Session | null,
  next: { stage: SessionStage; userId: string; userRoleProfileId?: string | null; pendingTotpSecret?: string | null; ipAddress?: string; userAgent?: string },
  now: Date,
): Promise<{ token: string; session: Session }> {
  if (old) await db.delete(sessions).where(eq(sessions.tokenHash, old.tokenHash))
  return createSession(db, next, now)
}

export async function destroySession(db: Db, session: Session): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, session.tokenHash))
}

/** Sign out everywhere, and what disabling a user does at once (ASVS 7.4.2). */
export async function destroyUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId))
}

export async function purgeExpiredSessions(db: Db, now: Date): Promise<void> {
  await db
    .delete(sessions)
    .where(or(lt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS)), lt(sessions.createdAt, new Date(now.getTime() - ABSOLUTE_TIMEOUT_MS))))
}

export function csrfTokenFor(session: Session): string {
  return csrfTokens.create(session.csrfSecret)
}

export function csrfTokenValid(session: Session, token: unknown): boolean {
  return typeof token === 'string' && token.length > 0 && csrfTokens.verify(session.csrfSecret, token)
}

/**
 * Build the actor for a user in one of their role profiles. Null if the user is disabled or the role profile is
 * not theirs — checked on every request, so disabling or removing a role takes effect on the next request.
 */
export async function loadUserActor(db: Db, userId: string, userRoleProfileId: string, via: UserActor['via']): Promise<UserActor | null> {
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      disabledAt: users.disabledAt,
      userRoleProfileId: userRoleProfiles.id,
      roleProfile: userRoleProfiles.roleProfile,
      teamId: teams.id,
      teamName: teams.name,
      agencyId: agencies.id,
      agencyName: agencies.name,
      agencyType: agencies.type,
    })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
    .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    .where(and(eq(userRoleProfiles.id, userRoleProfileId), eq(userRoleProfiles.userId, userId)))
  if (!row || row.disabledAt) return null
  const { disabledAt: _disabled, ...actor } = row
  return { kind: 'user', via, ...actor }
}
