/**
 * The signed-in user's own account (CONTRACTS.md §3 API tokens, §5): every role profile has an account page,
 * issues and revokes its own tokens, and can ask the API who it is. Nobody else's data is involved.
 */
import { sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/rows.ts'
import { DEMO_PASSWORD, type CaseContext, type MatrixEntry, type RoleTable } from './types.ts'

/** Changing a password is undone after the case, so later cases (break-glass re-authentication) still sign in. */
export const MATRIX_NEW_PASSWORD = 'Matrix-changed-password-2026'
export const keepDemoPasswordHash = {
  async before(ctx: CaseContext): Promise<void> {
    const [row] = await queryRows<{ password_hash: string }>(ctx.db, sql`select password_hash from users where id = ${ctx.user.userId}`)
    const hash = row?.password_hash
    await ctx.memo(`password-hash:${ctx.user.userId}`, async () => hash)
  },
  async after(ctx: CaseContext): Promise<void> {
    const hash = await ctx.memo<string | undefined>(`password-hash:${ctx.user.userId}`, async () => undefined)
    if (hash) await ctx.db.execute(sql`update users set password_hash = ${hash}, password_change_required = false where id = ${ctx.user.userId}`)
  },
}

/** Any signed-in user, whatever the role; anonymous callers are sent to sign in (pages) or refused (API). */
export const ANY_SIGNED_IN = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     'allow',
  'information-governance-officer':   'allow',
  'business-unit-officer':            'allow',
  'mash-manager':                     'allow',
  'mash-practitioner':                'allow',
  'mash-agency-researcher':           'allow',
  'social-worker':                    'allow',
  'exploitation-lead':                'allow',
  'police-missing-coordinator':       'allow',
  'rhi-worker':                       'allow',
  'designated-safeguarding-lead':     'allow',
  'health-safeguarding-practitioner': 'allow',
  analyst:                            'allow',
  'panel-chair':                      'allow',
})

export const accountMatrix: MatrixEntry[] = [
  { route: 'GET /account', kind: 'page', expect: ANY_SIGNED_IN('sign-in'), why: 'own account page' },
  {
    route: 'POST /account/api-tokens',
    kind: 'page',
    expect: ANY_SIGNED_IN('sign-in'),
    request: { body: () => ({ name: 'Matrix token', expiresDays: '7' }) },
    why: 'a user issues their own API tokens',
  },
  {
    route: 'POST /account/api-tokens/:id/revoke',
    kind: 'page',
    expect: ANY_SIGNED_IN('sign-in'),
    request: { params: async (ctx) => ({ id: await ctx.throwawayTokenId(ctx.user) }) },
    why: 'a user revokes their own API tokens',
  },
  { route: 'GET /account/password', kind: 'page', expect: ANY_SIGNED_IN('sign-in'), why: 'own password' },
  {
    route: 'POST /account/password',
    kind: 'page',
    expect: ANY_SIGNED_IN('sign-in'),
    request: {
      body: async (ctx) => {
        await keepDemoPasswordHash.before(ctx)
        return { currentPassword: DEMO_PASSWORD, newPassword: MATRIX_NEW_PASSWORD, confirmPassword: MATRIX_NEW_PASSWORD }
      },
      after: keepDemoPasswordHash.after,
    },
    why: 'a user changes their own password (their other sessions end; this one stays)',
  },
  { route: 'GET /api/v1/me', kind: 'api', expect: ANY_SIGNED_IN('401'), why: 'who am I (API)' },
]
