/**
 * MASH contacts (issue 4; CONTRACTS.md §1–§2, ADR 0011).
 *
 * Reading of the contract that the rows below encode:
 * - Reporting a concern is for every partner practitioner: the casework roles and the school DSL. The system admin
 *   ("no case data"), IG ("no case content"), the business unit ("aggregates only") and the analyst ("no names")
 *   never report or read a contact (403, a function the role never has).
 * - The MASH queue (page) is the MASH manager's and practitioners'; the API list answers every reporting role,
 *   scoped in SQL to their own contacts unless they are the MASH.
 * - One contact: the MASH reads every contact; the referrer reads their own ("a referrer sees their own contact and
 *   its outcome, not the child's record"); anyone else gets the 404 of an unknown id. The fixture contact is
 *   reported by `school.dsl`, so the DSL row is "allow" where reading is enough.
 * - Triage (RAG, linking, the link search): the MASH; the referrer may read the contact but not triage it (403);
 *   others 404. Allocation and the decision are the manager's (CONTRACTS.md §1); a practitioner recommends, so the
 *   decision page and its POST answer them too, while the API decision is the manager's alone (§6).
 */
import { eq } from 'drizzle-orm'
import { userRoleProfiles, users } from '../../platform/auth/schema.ts'
import { contactAttachments, contactResearchRequests, contacts } from '../../modules/contacts/schema.ts'
import type { CaseContext, MatrixEntry, RoleTable } from './types.ts'

type Out = RoleTable[keyof RoleTable]
/** A table from the outcome of each group of roles. */
function table(anonymous: 'sign-in' | '401', o: { mashManager: Out; mashPractitioner: Out; dsl: Out; otherCasework: Out; noCasework: Out }): RoleTable {
  return {
    anonymous,
    'system-admin':                     o.noCasework,
    'information-governance-officer':   o.noCasework,
    'business-unit-officer':            o.noCasework,
    'mash-manager':                     o.mashManager,
    'mash-practitioner':                o.mashPractitioner,
    'mash-agency-researcher':           o.otherCasework,
    'social-worker':                    o.otherCasework,
    'exploitation-lead':                o.otherCasework,
    'police-missing-coordinator':       o.otherCasework,
    'rhi-worker':                       o.otherCasework,
    'designated-safeguarding-lead':     o.dsl,
    'health-safeguarding-practitioner': o.otherCasework,
    analyst:                            o.noCasework,
    'panel-chair':                      o.otherCasework,
  }
}

const REPORT = (anonymous: 'sign-in' | '401') => table(anonymous, { mashManager: 'allow', mashPractitioner: 'allow', dsl: 'allow', otherCasework: 'allow', noCasework: '403' })
const QUEUE = table('sign-in', { mashManager: 'allow', mashPractitioner: 'allow', dsl: '403', otherCasework: '403', noCasework: '403' })
/** Reading one contact reported by the DSL. */
const READ = (anonymous: 'sign-in' | '401') => table(anonymous, { mashManager: 'allow', mashPractitioner: 'allow', dsl: 'allow', otherCasework: '404', noCasework: '404' })
const TRIAGE = table('sign-in', { mashManager: 'allow', mashPractitioner: 'allow', dsl: '403', otherCasework: '404', noCasework: '404' })
/** Reading partner research on a contact: the MASH; the referrer may read the contact but not this (403). */
const RESEARCH_READ = (anonymous: 'sign-in' | '401') => table(anonymous, { mashManager: 'allow', mashPractitioner: 'allow', dsl: '403', otherCasework: '404', noCasework: '404' })
/** A desk's queue: the agency researchers' function alone. */
const DESK_QUEUE = (anonymous: 'sign-in' | '401') => ({ ...table(anonymous, { mashManager: '403', mashPractitioner: '403', dsl: '403', otherCasework: '403', noCasework: '403' }), 'mash-agency-researcher': 'allow' as const })
/** One research request sent to the police desk (`mash.police` stands for the researchers): that desk alone, everyone else 404. */
const DESK_REQUEST = (anonymous: 'sign-in' | '401') => ({ ...table(anonymous, { mashManager: '404', mashPractitioner: '404', dsl: '404', otherCasework: '404', noCasework: '404' }), 'mash-agency-researcher': 'allow' as const })
const MANAGER = (anonymous: 'sign-in' | '401') => table(anonymous, { mashManager: 'allow', mashPractitioner: '403', dsl: '403', otherCasework: '404', noCasework: '404' })

/** A contact about a made-up child, reported by school.dsl an hour ago, awaiting triage. */
async function dslContact(ctx: CaseContext): Promise<string> {
  const [dsl] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, 'school.dsl@demo.lantern.test'))
  if (!dsl) throw new Error('no school.dsl')
  const at = new Date(ctx.now().getTime() - 3_600_000)
  const [row] = await ctx.db
    .insert(contacts)
    .values({
      channel: 'online',
      childGivenName: 'Matrix',
      childFamilyName: 'Contact',
      childDateOfBirth: '2012-05-01',
      childGender: 'F',
      concernTypes: ['CSE'],
      referralSource: '2A',
      referrerUserId: dsl.id,
      referrerName: 'Rebecca Lowe',
      receivedAt: at,
      narrative: 'Authorization matrix fixture',
      lawfulBasis: 'public-task',
      createdAt: at,
      createdBy: dsl.id,
      updatedAt: at,
    })
    .returning({ id: contacts.id })
  if (!row) throw new Error('no contact')
  return row.id
}

const shared = (ctx: CaseContext) => ctx.memo('contacts.fixture', () => dslContact(ctx))

/** The DSL's contact, linked to the case's ordinary person record (partner research needs a linked child). */
async function linkedContact(ctx: CaseContext): Promise<string> {
  const id = await dslContact(ctx)
  await ctx.db.update(contacts).set({ personId: ctx.person.id }).where(eq(contacts.id, id))
  return id
}

/** An open research request to the police MASH desk (`mash.police`'s team) about a linked contact. */
async function policeRequest(ctx: CaseContext): Promise<{ id: string; requestId: string }> {
  const id = await linkedContact(ctx)
  const [desk] = await ctx.db
    .select({ teamId: userRoleProfiles.teamId })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .where(eq(users.email, 'mash.police@demo.lantern.test'))
  const [manager] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, 'mash.manager@demo.lantern.test'))
  if (!desk || !manager) throw new Error('no police desk or MASH manager')
  const at = ctx.now()
  const [row] = await ctx.db
    .insert(contactResearchRequests)
    .values({ contactId: id, deskTeamId: desk.teamId, agencyName: 'Police', agencyType: 'police', question: 'Authorization matrix fixture', requestedBy: manager.id, requestedAt: at, dueBy: new Date(at.getTime() + 12 * 3_600_000) })
    .returning({ id: contactResearchRequests.id })
  if (!row) throw new Error('no research request')
  return { id, requestId: row.id }
}
const sharedRequest = (ctx: CaseContext) => ctx.memo('contacts.research.fixture', () => policeRequest(ctx))
const sharedId = async (ctx: CaseContext) => ({ id: await shared(ctx) })
/** Routes that decide a contact (or could) get one of their own per case: a contact is decided once. */
const freshId = async (ctx: CaseContext) => ({ id: await dslContact(ctx) })

/** A text file the DSL attached to their own contact: the MASH and the DSL read it, everyone else 404. */
async function dslAttachment(ctx: CaseContext): Promise<{ id: string; attachmentId: string }> {
  const id = await shared(ctx)
  const [dsl] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, 'school.dsl@demo.lantern.test'))
  if (!dsl) throw new Error('no school.dsl')
  const content = Buffer.from('Authorization matrix fixture\n')
  const [row] = await ctx.db
    .insert(contactAttachments)
    .values({ contactId: id, filename: 'note.txt', contentType: 'text/plain', sizeBytes: content.length, sha256: 'fixture', content, uploadedBy: dsl.id, uploadedByName: 'Rebecca Lowe', uploadedAt: ctx.now() })
    .returning({ id: contactAttachments.id })
  if (!row) throw new Error('no attachment')
  return { id, attachmentId: row.id }
}
/** The MASH timescales: configuration, the system administrator's; the MASH manager reads them (CONTRACTS §1). */
const SETTINGS_VIEW = { ...table('sign-in', { mashManager: 'allow', mashPractitioner: '403', dsl: '403', otherCasework: '403', noCasework: '403' }), 'system-admin': 'allow' as const }
const SETTINGS_MANAGE = { ...table('sign-in', { mashManager: '403', mashPractitioner: '403', dsl: '403', otherCasework: '403', noCasework: '403' }), 'system-admin': 'allow' as const }
const DEFAULT_SETTINGS = { ragRed: '4', ragAmber: '24', ragGreen: '72', researchRed: '2', researchAmber: '12', researchGreen: '48', repeatContactWindowDays: '365' }

const newConcernJson = () => ({
  child: { givenName: 'Matrix', familyName: 'Reported', dateOfBirth: '2012-05-01', gender: 'F' },
  concernTypes: ['CCE'],
  referralSource: '6',
  narrative: 'Authorization matrix case',
  lawfulBasis: 'public-task',
})
const DECISION = { outcome: 'early-help', rationale: 'Authorization matrix case' }

export const contactsMatrix: MatrixEntry[] = [
  { route: 'POST /api/v1/contacts', actions: ['contacts.report', 'contacts.report-about'], kind: 'api', expect: REPORT('401'), request: { body: newConcernJson }, why: 'issue 4: every partner practitioner reports concerns' },
  { route: 'GET /api/v1/contacts', actions: ['contacts.list'], kind: 'api', expect: REPORT('401'), why: 'the MASH its queue, every other reporter their own contacts' },
  { route: 'GET /contacts/mine', actions: ['contacts.list'], kind: 'page', expect: REPORT('sign-in'), why: "a referrer's own contacts" },
  { route: 'GET /contacts', actions: ['contacts.queue'], kind: 'page', expect: QUEUE, why: 'the MASH triage queue' },
  { route: 'GET /api/v1/contacts/:id', actions: ['contacts.view'], kind: 'api', expect: READ('401'), request: { params: sharedId }, why: 'CONTRACTS §2: the MASH, and the referrer their own contact' },
  { route: 'GET /contacts/:id', actions: ['contacts.view'], kind: 'page', expect: READ('sign-in'), request: { params: sharedId }, why: 'CONTRACTS §2: the MASH, and the referrer their own contact' },
  { route: 'POST /contacts/:id/rag', actions: ['contacts.triage'], kind: 'page', expect: TRIAGE, request: { params: sharedId, body: () => ({ rag: 'amber' }) }, why: 'MASH triage' },
  { route: 'GET /contacts/:id/link', actions: ['contacts.triage'], kind: 'page', expect: TRIAGE, request: { params: sharedId }, why: 'MASH triage: search before linking' },
  {
    route: 'POST /contacts/:id/link',
    actions: ['contacts.triage', 'contacts.link'],
    kind: 'page',
    expect: TRIAGE,
    request: { params: sharedId, body: (ctx) => ({ personId: ctx.person.id }) },
    why: 'MASH triage: link to an ordinary record found through search',
  },
  { route: 'POST /contacts/:id/link-new', actions: ['contacts.triage'], kind: 'page', expect: TRIAGE, request: { params: sharedId }, why: 'MASH triage: none of the results is the child' },
  {
    route: 'POST /contacts/:id/allocation',
    actions: ['contacts.allocate'],
    kind: 'page',
    expect: MANAGER('sign-in'),
    request: {
      params: sharedId,
      body: async (ctx) => {
        const [worker] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, 'mash.social.worker@demo.lantern.test'))
        return { allocatedTo: worker?.id ?? '' }
      },
    },
    why: 'CONTRACTS §1: the MASH manager allocates',
  },
  {
    route: 'GET /contacts/:id/decision',
    actions: ['contacts.decide', 'contacts.recommend'],
    kind: 'page',
    expect: TRIAGE,
    request: { params: sharedId },
    why: 'the manager decides, a practitioner recommends',
  },
  {
    route: 'POST /contacts/:id/decision',
    actions: ['contacts.decide', 'contacts.recommend'],
    kind: 'page',
    expect: TRIAGE,
    request: { params: freshId, body: () => ({ ...DECISION, signOff: 'yes' }) },
    why: 'the manager decides (signed off), a practitioner recommends',
  },
  { route: 'POST /api/v1/contacts/:id/decision', actions: ['contacts.decide'], kind: 'api', expect: MANAGER('401'), request: { params: freshId, body: () => DECISION }, why: "CONTRACTS §6: API decisions are the MASH manager's" },
  // Report a concern (question pages). Without a draft of the session's, the pages send the reporter to the start.
  { route: 'GET /report-a-concern', actions: ['contacts.report'], kind: 'page', expect: REPORT('sign-in'), why: 'issue 4: every partner practitioner reports concerns' },
  { route: 'POST /report-a-concern/start', actions: ['contacts.report'], kind: 'page', expect: REPORT('sign-in'), request: { body: () => ({ channel: 'online' }) }, why: 'starting a draft' },
  { route: 'GET /report-a-concern/:step', actions: ['contacts.report'], kind: 'page', expect: REPORT('sign-in'), request: { params: () => ({ step: 'child' }) }, why: 'a question page' },
  {
    route: 'POST /report-a-concern/:step',
    actions: ['contacts.report'],
    kind: 'page',
    expect: REPORT('sign-in'),
    request: { params: () => ({ step: 'child' }), body: () => ({ givenName: 'Matrix', familyName: 'Reported', 'dateOfBirth-day': '1', 'dateOfBirth-month': '5', 'dateOfBirth-year': '2012', gender: 'F' }) },
    why: 'answering a question',
  },
  { route: 'GET /report-a-concern/check', actions: ['contacts.report'], kind: 'page', expect: REPORT('sign-in'), why: 'check your answers' },
  { route: 'POST /report-a-concern/check', actions: ['contacts.report'], kind: 'page', expect: REPORT('sign-in'), why: 'accept and send (an incomplete draft goes back to its first unanswered question)' },
  { route: 'GET /report-a-concern/sent/:id', actions: ['contacts.view'], kind: 'page', expect: READ('sign-in'), request: { params: sharedId }, why: 'the confirmation shows the contact: the referrer and the MASH' },
  // Partner research requests (ADR 0011): the manager asks and withdraws (CONTRACTS §1), the MASH reads the answers,
  // the desk a request was sent to answers it. Each case that changes a request gets its own.
  { route: 'GET /contacts/:id/research', actions: ['contacts.research.request'], kind: 'page', expect: MANAGER('sign-in'), request: { params: sharedId }, why: 'CONTRACTS §1: the MASH manager makes partner research requests' },
  {
    route: 'POST /contacts/:id/research',
    actions: ['contacts.research.request'],
    kind: 'page',
    expect: MANAGER('sign-in'),
    request: { params: async (ctx) => ({ id: await linkedContact(ctx) }), body: () => ({ agencyTypes: 'police', question: 'Authorization matrix case' }) },
    why: 'CONTRACTS §1: the MASH manager makes partner research requests',
  },
  {
    route: 'POST /api/v1/contacts/:id/research-requests',
    actions: ['contacts.research.request'],
    kind: 'api',
    expect: MANAGER('401'),
    request: { params: async (ctx) => ({ id: await linkedContact(ctx) }), body: () => ({ agencyType: 'health', question: 'Authorization matrix case' }) },
    why: 'CONTRACTS §1: the MASH manager makes partner research requests',
  },
  { route: 'POST /contacts/:id/research/:requestId/withdraw', actions: ['contacts.research.request'], kind: 'page', expect: MANAGER('sign-in'), request: { params: policeRequest }, why: 'the manager who asks may withdraw' },
  { route: 'POST /api/v1/contacts/:id/research-requests/:requestId/withdraw', actions: ['contacts.research.request'], kind: 'api', expect: MANAGER('401'), request: { params: policeRequest }, why: 'the manager who asks may withdraw' },
  { route: 'GET /api/v1/contacts/:id/research-requests', actions: ['contacts.research.list'], kind: 'api', expect: RESEARCH_READ('401'), request: { params: async (ctx) => ({ id: (await sharedRequest(ctx)).id }) }, why: "the MASH reads partner research; the referrer never sees other agencies' information" },
  { route: 'GET /research-requests', actions: ['contacts.research.queue'], kind: 'page', expect: DESK_QUEUE('sign-in'), why: "CONTRACTS §1: the agency researchers answer research requests for their agency" },
  { route: 'GET /api/v1/research-requests', actions: ['contacts.research.queue'], kind: 'api', expect: DESK_QUEUE('401'), why: "CONTRACTS §1: the agency researchers answer research requests for their agency" },
  { route: 'GET /research-requests/:requestId', actions: ['contacts.research.view'], kind: 'page', expect: DESK_REQUEST('sign-in'), request: { params: sharedRequest }, why: 'CONTRACTS §2: that agency\'s desk, while asked; nobody else' },
  { route: 'GET /api/v1/research-requests/:requestId', actions: ['contacts.research.view'], kind: 'api', expect: DESK_REQUEST('401'), request: { params: sharedRequest }, why: 'CONTRACTS §2: that agency\'s desk, while asked; nobody else' },
  { route: 'POST /research-requests/:requestId', actions: ['contacts.research.answer'], kind: 'page', expect: DESK_REQUEST('sign-in'), request: { params: policeRequest, body: () => ({ answer: 'nothing-held' }) }, why: 'the desk asked answers' },
  // Attachments (ADR 0011): whoever reads the contact may attach; the DSL's own file is read by the MASH and the DSL.
  { route: 'GET /contacts/:id/attachments/new', actions: ['contacts.attachments.add'], kind: 'page', expect: READ('sign-in'), request: { params: sharedId }, why: 'issue 4: the referrer and the MASH attach files to a contact they may read' },
  {
    route: 'POST /contacts/:id/attachments',
    actions: ['contacts.attachments.add'],
    kind: 'page',
    expect: READ('sign-in'),
    request: { params: sharedId, file: () => ({ name: 'matrix.txt', content: 'Authorization matrix case\n' }) },
    why: 'issue 4: the referrer and the MASH attach files to a contact they may read',
  },
  { route: 'GET /contacts/:id/attachments/:attachmentId', actions: ['contacts.attachments.view'], kind: 'page', expect: READ('sign-in'), request: { params: (ctx) => ctx.memo('contacts.attachment.fixture', () => dslAttachment(ctx)) }, why: "CONTRACTS §2: the MASH, and the referrer their own file" },
  { route: 'GET /admin/contact-settings', actions: ['contacts.settings.view'], kind: 'page', expect: SETTINGS_VIEW, why: "CONTRACTS §1: configuration is the system administrator's; the MASH manager reads its timescales" },
  { route: 'POST /admin/contact-settings', actions: ['contacts.settings.manage'], kind: 'page', expect: SETTINGS_MANAGE, request: { body: () => DEFAULT_SETTINGS }, why: "CONTRACTS §1: configuration is the system administrator's" },
  { route: 'POST /api/v1/research-requests/:requestId/answer', actions: ['contacts.research.answer'], kind: 'api', expect: DESK_REQUEST('401'), request: { params: policeRequest, body: () => ({ answer: 'nothing-held' }) }, why: 'the desk asked answers' },
]
