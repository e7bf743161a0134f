import { sql } from 'drizzle-orm'
import { boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { agencies, sessions, teams, users } from '../../platform/auth/schema.ts'

/**
 * Enumerations of CONTRACTS.md §6. Concern types map to CIN census assessment factor codes where one exists
 * (DOMAIN.md §3.2): CSE 11A, CCE 24A, trafficking 12A, missing 10A; online abuse and "other" have none.
 */
export const CONCERN_TYPES = ['CSE', 'CCE', 'trafficking', 'online-abuse', 'missing', 'other'] as const
export type ConcernType = (typeof CONCERN_TYPES)[number]
/** DfE CIN census `ReferralSource` (DOMAIN.md §3.1, 2024 schema). */
export const REFERRAL_SOURCES = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10'] as const
export type ReferralSource = (typeof REFERRAL_SOURCES)[number]
/** UK GDPR Art. 6 bases a referrer may give for sharing (DOMAIN.md §6.3: consent is not the default). */
export const LAWFUL_BASES = ['consent', 'legal-obligation', 'vital-interests', 'public-task'] as const
export type LawfulBasis = (typeof LAWFUL_BASES)[number]
/** Art. 9 / DPA 2018 Sch. 1 conditions for special category data; para 18 is the safeguarding one. */
export const SPECIAL_CATEGORY_CONDITIONS = ['safeguarding-children', 'substantial-public-interest', 'vital-interests', 'explicit-consent'] as const
export type SpecialCategoryCondition = (typeof SPECIAL_CATEGORY_CONDITIONS)[number]
export const CONTACT_STATUSES = ['awaiting-triage', 'in-triage', 'awaiting-decision', 'decided', 'closed'] as const
export type ContactStatus = (typeof CONTACT_STATUSES)[number]
/** `?status=open`: the contact still needs the MASH's decision. */
export const OPEN_STATUSES: readonly ContactStatus[] = ['awaiting-triage', 'in-triage', 'awaiting-decision']
export const RAGS = ['red', 'amber', 'green'] as const
export type Rag = (typeof RAGS)[number]
export const DECISION_OUTCOMES = [
  'no-further-action',
  'universal-services',
  'early-help',
  'assessment-s17',
  'strategy-discussion-s47',
  'police-action',
  'exploitation-screening',
  'missing-follow-up',
] as const
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number]
export const CHILD_GENDERS = ['F', 'M', 'U'] as const
/** How the contact reached the MASH: a partner's online report, the MASH phone line (entered by MASH staff), an agency system. */
export const CHANNELS = ['online', 'phone', 'api'] as const
export type Channel = (typeof CHANNELS)[number]

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(',')})`)

/**
 * A contact: a concern about a child received by the MASH. It keeps the child *as reported* (the referrer never
 * learns whether the child is known); `person_id` stays null until the MASH links it to a person index record at
 * triage. Its foreign key to people is added by a hand-written migration, so that this module does not import the
 * people module's tables (ARCHITECTURE.md §2).
 */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown to the referrer as the reference (MASH-000123): a number, never a name. */
    number: integer('number').generatedAlwaysAsIdentity().notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    childGivenName: text('child_given_name').notNull(),
    childFamilyName: text('child_family_name').notNull(),
    childDateOfBirth: date('child_date_of_birth', { mode: 'string' }),
    childGender: text('child_gender', { enum: CHILD_GENDERS }).notNull(),
    /** Where the child lives or was, as reported (free text and postcode). */
    childAddress: text('child_address'),
    childPostcode: text('child_postcode'),
    /** Parents, carers and others in the household, as the referrer describes them. */
    household: text('household'),
    personId: uuid('person_id'),
    concernTypes: text('concern_types').array().$type<ConcernType[]>().notNull(),
    concernOther: text('concern_other'),
    referralSource: text('referral_source', { enum: REFERRAL_SOURCES }).notNull(),
    /** The partner practitioner who reported it (null for the phone line, where the caller is described in words). */
    referrerUserId: uuid('referrer_user_id').references(() => users.id),
    referrerAgencyId: uuid('referrer_agency_id').references(() => agencies.id),
    referrerName: text('referrer_name').notNull(),
    referrerAgencyName: text('referrer_agency_name'),
    referrerContact: text('referrer_contact'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    narrative: text('narrative').notNull(),
    childsWords: text('childs_words'),
    immediateRisk: boolean('immediate_risk').notNull().default(false),
    lawfulBasis: text('lawful_basis', { enum: LAWFUL_BASES }).notNull(),
    specialCategoryCondition: text('special_category_condition', { enum: SPECIAL_CATEGORY_CONDITIONS }),
    /** Whether the child or family were told of the referral, and why not (golden rule 2, DOMAIN.md §6.2). */
    familyInformed: boolean('family_informed'),
    familyNotInformedReason: text('family_not_informed_reason'),
    status: text('status', { enum: CONTACT_STATUSES }).notNull().default('awaiting-triage'),
    rag: text('rag', { enum: RAGS }),
    /** `received_at` + the RAG's timescale (configuration), fixed when the RAG is set. */
    decisionDueBy: timestamp('decision_due_by', { withTimezone: true }),
    allocatedTo: uuid('allocated_to').references(() => users.id),
    allocatedAt: timestamp('allocated_at', { withTimezone: true }),
    /** A MASH practitioner's recommendation, for the manager's decision. */
    recommendedOutcome: text('recommended_outcome', { enum: DECISION_OUTCOMES }),
    recommendationRationale: text('recommendation_rationale'),
    recommendedBy: uuid('recommended_by').references(() => users.id),
    recommendedAt: timestamp('recommended_at', { withTimezone: true }),
    outcome: text('outcome', { enum: DECISION_OUTCOMES }),
    rationale: text('rationale'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The MASH manager's sign-off of the decision (the manager decides, so the same person; kept explicit for audit and reports). */
    signedOffBy: uuid('signed_off_by').references(() => users.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdByTeamId: uuid('created_by_team_id').references(() => teams.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('contacts_created_idx').on(t.createdAt, t.id),
    index('contacts_open_idx').on(t.status, t.decisionDueBy).where(sql`status in ('awaiting-triage','in-triage','awaiting-decision')`),
    index('contacts_person_idx').on(t.personId, t.receivedAt),
    index('contacts_referrer_idx').on(t.referrerUserId, t.createdAt),
    index('contacts_reported_child_idx').on(sql`lower(${t.childFamilyName})`, t.childDateOfBirth),
    index('contacts_number_idx').on(t.number),
    // Insight indicators (issue 7): a quarter's contacts with every column the indicators read, for an index-only
    // range scan (drizzle has no INCLUDE, so the extra columns are trailing keys).
    index('contacts_insight_received_idx').on(t.receivedAt, t.concernTypes, t.personId, t.childDateOfBirth, t.childGender, t.referralSource, t.referrerAgencyId),
    check('contacts_status_check', inList('status', CONTACT_STATUSES)),
    check('contacts_rag_check', sql`rag is null or ${inList('rag', RAGS)}`),
    check('contacts_channel_check', inList('channel', CHANNELS)),
    check('contacts_gender_check', inList('child_gender', CHILD_GENDERS)),
    check('contacts_referral_source_check', inList('referral_source', REFERRAL_SOURCES)),
    check('contacts_lawful_basis_check', inList('lawful_basis', LAWFUL_BASES)),
    check('contacts_concern_types_check', sql`cardinality(concern_types) > 0 and concern_types <@ array['CSE','CCE','trafficking','online-abuse','missing','other']::text[]`),
    check('contacts_outcome_check', sql`outcome is null or ${inList('outcome', DECISION_OUTCOMES)}`),
    check('contacts_decided_check', sql`(status in ('decided','closed')) = (outcome is not null) and (outcome is null or (rationale is not null and decided_by is not null and decided_at is not null))`),
    check('contacts_rag_due_check', sql`(rag is null) = (decision_due_by is null)`),
  ],
)

export const CONTACT_EVENT_TYPES = ['received', 'triage-started', 'rag-set', 'allocated', 'linked', 'unlinked', 'recommended', 'decided', 'research-requested', 'research-answered', 'research-withdrawn', 'attachment-added'] as const
export type ContactEventType = (typeof CONTACT_EVENT_TYPES)[number]

/** The contact's chronology: each step, who took it and when (the audit chain holds the same, for IG). */
export const contactEvents = pgTable(
  'contact_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    type: text('type', { enum: CONTACT_EVENT_TYPES }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    /** Who, in words, as shown in the chronology ("Sarah Whitfield, MASH") — the phone line has no user. */
    byName: text('by_name').notNull(),
    summary: text('summary').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('contact_events_contact_idx').on(t.contactId, t.at)],
)

/**
 * Partnership settings of the contacts module (ARCHITECTURE.md §5: local choices are configuration rows):
 * `ragTimescaleHours` ({red, amber, green}) and `repeatContactWindowDays`. The migration inserts the defaults; an
 * absent or malformed row falls back to the code default (settings.ts).
 */
export const contactSettings = pgTable('contact_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
})

/**
 * A "report a concern" journey in progress: the answers so far, kept server-side against the browser session (and
 * deleted with it) so that no half-saved contact ever exists. "Accept and send" turns it into a contact.
 */
export const contactDrafts = pgTable('contact_drafts', {
  /** One draft per browser session; signing out (or the session expiring) deletes it. */
  sessionTokenHash: text('session_token_hash')
    .primaryKey()
    .references(() => sessions.tokenHash, { onDelete: 'cascade' }),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})

export const RESEARCH_STATUSES = ['open', 'answered', 'withdrawn'] as const
export type ResearchStatus = (typeof RESEARCH_STATUSES)[number]
/** A desk's answer: what it holds (with the lawful basis for sharing it) or "nothing held", itself a finding. */
export const RESEARCH_ANSWERS = ['information-shared', 'nothing-held'] as const
export type ResearchAnswer = (typeof RESEARCH_ANSWERS)[number]

/**
 * A partner research request (issue 4 point 3): the MASH asks one partner agency's MASH desk (a team whose members
 * hold the `mash-agency-researcher` role) what it holds about the contact's child. While it is open the desk's team
 * holds a `research-request` relationship to the linked child (`source_ref` = this row's id); answering or
 * withdrawing ends it. The child is the contact's (`contacts.person_id`): this table holds no person id, so a merge
 * moves nothing here.
 */
export const contactResearchRequests = pgTable(
  'contact_research_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    deskTeamId: uuid('desk_team_id')
      .notNull()
      .references(() => teams.id),
    /** The desk's agency, in words, as it was when asked (shown as the source of the answer). */
    agencyName: text('agency_name').notNull(),
    agencyType: text('agency_type').notNull(),
    question: text('question').notNull(),
    status: text('status', { enum: RESEARCH_STATUSES }).notNull().default('open'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    dueBy: timestamp('due_by', { withTimezone: true }).notNull(),
    answer: text('answer', { enum: RESEARCH_ANSWERS }),
    information: text('information'),
    lawfulBasis: text('lawful_basis', { enum: LAWFUL_BASES }),
    specialCategoryCondition: text('special_category_condition', { enum: SPECIAL_CATEGORY_CONDITIONS }),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('contact_research_requests_contact_idx').on(t.contactId, t.requestedAt),
    index('contact_research_requests_desk_idx').on(t.deskTeamId, t.status, t.dueBy),
    check('contact_research_requests_status_check', inList('status', RESEARCH_STATUSES)),
    check('contact_research_requests_answer_check', sql`(status = 'answered') = (answer is not null) and (answer is null or (answered_by is not null and answered_at is not null))`),
    check('contact_research_requests_shared_check', sql`answer is distinct from 'information-shared' or (information is not null and lawful_basis is not null)`),
    check('contact_research_requests_withdrawn_check', sql`(status = 'withdrawn') = (withdrawn_at is not null)`),
  ],
)

/** PostgreSQL `bytea`, read and written as a Node Buffer (node-postgres and PGlite both return one). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
})

/**
 * A file attached to a contact (issue 4 point 1, ADR 0011): kept in the database, so it is backed up, retained and
 * access-checked with the contact. Only types recognised by their content (magic bytes) are accepted (attachments.ts);
 * `content_type` is the detected type, never the browser's claim. No person id: the child is the contact's.
 */
export const contactAttachments = pgTable(
  'contact_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedByName: text('uploaded_by_name').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('contact_attachments_contact_idx').on(t.contactId, t.uploadedAt),
    check('contact_attachments_size_check', sql`size_bytes > 0 and size_bytes = octet_length(content)`),
  ],
)
