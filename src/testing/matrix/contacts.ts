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
import { users } from '../../platform/auth/schema.ts'
import { contacts } from '../../modules/contacts/schema.ts'
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
const sharedId = async (ctx: CaseContext) => ({ id: await shared(ctx) })
/** Routes that decide a contact (or could) get one of their own per case: a contact is decided once. */
const freshId = async (ctx: CaseContext) => ({ id: await dslContact(ctx) })

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
]
