/**
 * Information governance (`/governance`): the audit viewer, break-glass reviews and record protection are the IG
 * officer's work (CONTRACTS.md §1 "audit viewer, break-glass reviews, restrict / seal records"); every other role
 * is refused as a function it never has (403). Record protection deals with identity only, and IG must be able to
 * lift a seal, so the IG officer reaches the protection page of any existing record whatever its state or their
 * relationship; a random id is 404. For other roles it is 403 in every state, which tells them nothing.
 *
 * `/notifications` is every signed-in user's own list (break-glass alerts go to IG *and* the allocated worker,
 * CONTRACTS.md §2): any role may read theirs and mark one of theirs read.
 */
import { legitimateRelationships, accessNotifications, breakGlassGrants } from '../../platform/access/schema.ts'
import { people } from '../../modules/people/schema.ts'
import { ANY_SIGNED_IN } from './account.ts'
import type { CaseContext, MatrixEntry, PersonRow, PersonTable, RoleTable } from './types.ts'

export const IG_ONLY: RoleTable = {
  anonymous: 'sign-in',
  'system-admin':                     '403',
  'information-governance-officer':   'allow',
  'business-unit-officer':            '403',
  'mash-manager':                     '403',
  'mash-practitioner':                '403',
  'mash-agency-researcher':           '403',
  'social-worker':                    '403',
  'exploitation-lead':                '403',
  'police-missing-coordinator':       '403',
  'rhi-worker':                       '403',
  'designated-safeguarding-lead':     '403',
  'health-safeguarding-practitioner': '403',
  analyst:                            '403',
  'panel-chair':                      '403',
}

const A = 'allow' as const
const F = '403' as const
const IG_PROTECT: PersonRow = [A, A, A, A, A, A, A, A, '404']
const OTHERS: PersonRow = [F, F, F, F, F, F, F, F, F]

/** Record protection, by person id. */
const PROTECTION: PersonTable = {
  anonymous: 'sign-in',
  'system-admin':                     OTHERS,
  'information-governance-officer':   IG_PROTECT,
  'business-unit-officer':            OTHERS,
  'mash-manager':                     OTHERS,
  'mash-practitioner':                OTHERS,
  'mash-agency-researcher':           OTHERS,
  'social-worker':                    OTHERS,
  'exploitation-lead':                OTHERS,
  'police-missing-coordinator':       OTHERS,
  'rhi-worker':                       OTHERS,
  'designated-safeguarding-lead':     OTHERS,
  'health-safeguarding-practitioner': OTHERS,
  analyst:                            OTHERS,
  'panel-chair':                      OTHERS,
}

/** A break-glass use by the MASH manager on a fresh person, awaiting review (never the IG officer's own). */
async function grantToReview(ctx: CaseContext): Promise<string> {
  const now = ctx.now()
  const [person] = await ctx.db
    .insert(people)
    .values({ givenName: 'Matrix', familyName: 'Glass', gender: 'U', dateOfBirth: '2011-01-01', createdAt: now, updatedAt: now })
    .returning({ id: people.id })
  if (!person) throw new Error('no person')
  const [grant] = await ctx.db
    .insert(breakGlassGrants)
    .values({ personId: person.id, userId: ctx.reviewee.userId, reason: 'Matrix case: child missing tonight', startsAt: now, expiresAt: new Date(now.getTime() + 3_600_000) })
    .returning({ id: breakGlassGrants.id })
  if (!grant) throw new Error('no grant')
  return grant.id
}

/** A notification addressed to the acting user. */
async function ownNotification(ctx: CaseContext): Promise<string> {
  const [row] = await ctx.db
    .insert(accessNotifications)
    .values({ kind: 'break-glass', recipientUserId: ctx.user.userId, message: 'Matrix case notification', createdAt: ctx.now() })
    .returning({ id: accessNotifications.id })
  if (!row) throw new Error('no notification')
  return row.id
}

/** An IG-granted relationship on the case's person (nonexistent person: a random id, so the route must 404). */
async function igGrant(ctx: CaseContext): Promise<string> {
  if (ctx.state === 'nonexistent') return '00000000-0000-4000-8000-000000000000'
  const [row] = await ctx.db
    .insert(legitimateRelationships)
    .values({ personId: ctx.person.id, userId: ctx.reviewee.userId, source: 'ig-grant', startsAt: ctx.now(), expiresAt: new Date(ctx.now().getTime() + 86_400_000) })
    .returning({ id: legitimateRelationships.id })
  if (!row) throw new Error('no grant')
  return row.id
}

export const governanceMatrix: MatrixEntry[] = [
  { route: 'GET /governance', actions: ['governance.view'], kind: 'page', expect: IG_ONLY, why: 'CONTRACTS §1 IG officer' },
  { route: 'GET /governance/audit', actions: ['governance.audit.view'], kind: 'page', expect: IG_ONLY, why: 'CONTRACTS §1 IG: audit viewer' },
  {
    route: 'GET /governance/break-glass',
    actions: ['governance.break-glass.review'],
    kind: 'page',
    expect: IG_ONLY,
    why: 'CONTRACTS §1 IG: break-glass reviews',
  },
  {
    route: 'GET /governance/break-glass/:id',
    actions: ['governance.break-glass.review'],
    kind: 'page',
    expect: IG_ONLY,
    request: { params: async (ctx) => ({ id: await ctx.memo('governance.grant', () => grantToReview(ctx)) }) },
    why: 'CONTRACTS §1 IG: break-glass reviews',
  },
  {
    route: 'POST /governance/break-glass/:id/review',
    actions: ['governance.break-glass.review'],
    kind: 'page',
    expect: IG_ONLY,
    // A fresh grant per case: a use is reviewed once.
    request: { params: async (ctx) => ({ id: await grantToReview(ctx) }), body: () => ({ outcome: 'appropriate', note: '' }) },
    why: 'CONTRACTS §1–§2 IG: each break-glass use waits in IG’s review queue',
  },
  { route: 'GET /governance/protection', actions: ['governance.record.protect'], kind: 'page', expect: IG_ONLY, why: 'CONTRACTS §1 IG: restrict / seal records' },
  { route: 'GET /governance/protection/find', actions: ['governance.record.protect'], kind: 'page', expect: IG_ONLY, why: 'CONTRACTS §1 IG: restrict / seal records' },
  {
    route: 'GET /governance/protection/:personId',
    unauditedNotFound: true,
    actions: ['governance.record.protect'],
    kind: 'page',
    about: 'person',
    expect: PROTECTION,
    request: { params: (ctx) => ({ personId: ctx.person.id }) },
    why: 'CONTRACTS §1 IG: restrict / seal records (identity only)',
  },
  {
    route: 'POST /governance/protection/:personId',
    unauditedNotFound: true,
    actions: ['governance.record.protect'],
    kind: 'page',
    about: 'person',
    expect: PROTECTION,
    freshPerson: true,
    request: { params: (ctx) => ({ personId: ctx.person.id }), body: () => ({ state: 'restricted', reason: 'Matrix case: staff relative', namedUsers: '' }) },
    why: 'CONTRACTS §1 IG: restrict / seal records',
  },
  {
    route: 'POST /governance/protection/:personId/grants',
    unauditedNotFound: true,
    actions: ['governance.record.protect'],
    kind: 'page',
    about: 'person',
    expect: PROTECTION,
    freshPerson: true,
    request: {
      params: (ctx) => ({ personId: ctx.person.id }),
      body: (ctx) => ({ grantEmail: ctx.reviewee.email, grantDays: '7', grantReason: 'Matrix case: needs the restricted record' }),
    },
    why: 'CONTRACTS §2 restricted: relationship granted by IG',
  },
  {
    route: 'POST /governance/protection/:personId/grants/:grantId/end',
    unauditedNotFound: true,
    actions: ['governance.record.protect'],
    kind: 'page',
    about: 'person',
    expect: PROTECTION,
    freshPerson: true,
    request: { params: async (ctx) => ({ personId: ctx.person.id, grantId: await igGrant(ctx) }) },
    why: 'CONTRACTS §2 restricted: IG ends a relationship it granted',
  },
  { route: 'GET /notifications', actions: ['notifications.view'], kind: 'page', expect: ANY_SIGNED_IN('sign-in'), why: 'own notifications (CONTRACTS §2 alerts IG and the allocated worker)' },
  {
    route: 'POST /notifications/:id/read',
    actions: ['notifications.view'],
    kind: 'page',
    expect: ANY_SIGNED_IN('sign-in'),
    request: { params: async (ctx) => ({ id: await ownNotification(ctx) }) },
    why: 'own notifications',
  },
]
