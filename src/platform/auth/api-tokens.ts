import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Ctx } from '../context/index.ts'
import { ValidationError } from '../errors.ts'
import { apiTokens, userRoleProfiles } from './schema.ts'
import { hashToken, newToken } from './sessions.ts'

export type ApiToken = typeof apiTokens.$inferSelect

/**
 * Issue a bearer token acting as one of the user's role profiles. Only its SHA-256 is stored; the token itself is
 * shown once. (Tokens are 256-bit random values, so a fast hash is enough: there is nothing to brute-force.)
 */
export async function issueApiToken(
  ctx: Ctx,
  input: { userId: string; userRoleProfileId: string; name: string; expiresDays?: number | undefined },
): Promise<{ token: string; record: ApiToken }> {
  const name = input.name.trim()
  if (name.length === 0 || name.length > 100) throw new ValidationError([{ field: 'name', message: 'Enter a name for the token, 100 characters or fewer' }])
  if (input.expiresDays !== undefined && (!Number.isInteger(input.expiresDays) || input.expiresDays < 1 || input.expiresDays > 366)) {
    throw new ValidationError([{ field: 'expiresDays', message: 'Expiry must be a whole number of days from 1 to 366' }])
  }
  const [profile] = await ctx.tx
    .select()
    .from(userRoleProfiles)
    .where(and(eq(userRoleProfiles.id, input.userRoleProfileId), eq(userRoleProfiles.userId, input.userId)))
  if (!profile) throw new ValidationError([{ field: 'roleProfile', message: 'Select one of the user’s role profiles' }])
  const token = newToken()
  const [record] = await ctx.tx
    .insert(apiTokens)
    .values({
      userId: input.userId,
      userRoleProfileId: profile.id,
      name,
      tokenHash: hashToken(token),
      createdAt: ctx.now,
      expiresAt: input.expiresDays ? new Date(ctx.now.getTime() + input.expiresDays * 86_400_000) : null,
    })
    .returning()
  if (!record) throw new Error('insert returned no token')
  ctx.audit.record({ action: 'auth.api-token.issued', outcome: 'succeeded', resourceType: 'api-token', resourceId: record.id, details: { userId: input.userId, roleProfile: profile.roleProfile, name } })
  return { token, record }
}

export async function listApiTokens(ctx: Ctx, userId: string): Promise<ApiToken[]> {
  return ctx.tx.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt))
}

/** Revoke one of the user's own tokens; false if it is not theirs or already revoked. */
export async function revokeApiToken(ctx: Ctx, userId: string, tokenId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(tokenId)) return false
  const revoked = await ctx.tx
    .update(apiTokens)
    .set({ revokedAt: ctx.now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  if (revoked.length > 0) ctx.audit.record({ action: 'auth.api-token.revoked', outcome: 'succeeded', resourceType: 'api-token', resourceId: tokenId })
  return revoked.length > 0
}
