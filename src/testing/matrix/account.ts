/**
 * The signed-in user's own account (CONTRACTS.md §3 API tokens, §5): every role profile has an account page,
 * issues and revokes its own tokens, and can ask the API who it is. Nobody else's data is involved.
 */
import type { MatrixEntry, RoleTable } from './types.ts'

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
  { route: 'GET /api/v1/me', kind: 'api', expect: ANY_SIGNED_IN('401'), why: 'who am I (API)' },
]
