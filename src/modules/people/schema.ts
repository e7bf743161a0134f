import { sql } from 'drizzle-orm'
import { type AnyPgColumn, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { agencies, users } from '../../platform/auth/schema.ts'

export const GENDERS = ['F', 'M', 'U'] as const
export type Gender = (typeof GENDERS)[number]
export const DOB_PRECISIONS = ['exact', 'month', 'year', 'estimated'] as const
export type DobPrecision = (typeof DOB_PRECISIONS)[number]
export const PERSON_KINDS = ['child', 'adult'] as const

/** A person known to the partnership: mostly children, also parents, carers and persons of concern. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: PERSON_KINDS }).notNull().default('child'),
    givenName: text('given_name').notNull(),
    middleNames: text('middle_names'),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    dobPrecision: text('dob_precision', { enum: DOB_PRECISIONS }).notNull().default('exact'),
    gender: text('gender', { enum: GENDERS }).notNull(),
    /** DfE ethnicity code (e.g. WBRI, MWBC); null = not recorded. */
    ethnicity: text('ethnicity'),
    /** Main language as the person or their carer gives it ("Polish", "British Sign Language"); free text, see ADR 0007. */
    language: text('language'),
    /** The current name and main address, kept in step with person_names and person_addresses by the service. */
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    town: text('town'),
    postcode: text('postcode'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Optimistic concurrency: an edit made against an old version is refused, never silently overwritten. */
    version: integer('version').notNull().default(1),
    /** Set while this record is merged into another (person_merges); such a record is left out of search and lists. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => people.id),
  },
  (t) => [
    index('people_family_name_idx').on(sql`lower(${t.familyName})`),
    index('people_family_name_trgm_idx').using('gin', sql`lower(${t.familyName}) gin_trgm_ops`),
    index('people_given_name_trgm_idx').using('gin', sql`lower(${t.givenName}) gin_trgm_ops`),
    index('people_dob_idx').on(t.dateOfBirth),
    index('people_merged_into_idx').on(t.mergedIntoId),
    // Insight indicators (issue 7): the dimensions of a counted child by id without a heap visit.
    index('people_insight_idx').on(t.id, t.dateOfBirth, t.gender, t.ethnicity),
    check('people_gender_check', sql`gender in ('F','M','U')`),
    check('people_kind_check', sql`kind in ('child','adult')`),
    check('people_dob_precision_check', sql`dob_precision in ('exact','month','year','estimated')`),
  ],
)

/** Corrections keep history: each edit stores the previous values. */
export const personHistory = pgTable(
  'person_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    version: integer('version').notNull(),
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('person_history_person_idx').on(t.personId)],
)

/** Who said so, and when: every person-index entry carries its source agency and who recorded it. */
const provenance = () => ({
  /** The partnership agency the information came from (the recording user's agency unless an import says otherwise). */
  sourceAgencyId: uuid('source_agency_id').references(() => agencies.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  recordedBy: uuid('recorded_by').references(() => users.id),
})

/** A period, both ends optional and inclusive (CONTRACTS.md §5): `ends_on` null = still so. */
const period = () => ({
  startsOn: date('starts_on', { mode: 'string' }),
  endsOn: date('ends_on', { mode: 'string' }),
})

export const NAME_KINDS = ['current', 'previous', 'alias'] as const
export type NameKind = (typeof NAME_KINDS)[number]

/**
 * Names with history and aliases ("also known as"): exploited children and those who exploit them use several.
 * One `current` row mirrors people.given_name/family_name; a change of name turns it into a `previous` row.
 */
export const personNames = pgTable(
  'person_names',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind', { enum: NAME_KINDS }).notNull(),
    givenName: text('given_name'),
    middleNames: text('middle_names'),
    familyName: text('family_name'),
    ...period(),
    ...provenance(),
  },
  (t) => [
    index('person_names_person_idx').on(t.personId),
    // "Is this child known?" matches names by trigram similarity (pg_trgm, migration 0001), aliases included.
    index('person_names_family_trgm_idx').using('gin', sql`lower(${t.familyName}) gin_trgm_ops`),
    index('person_names_given_trgm_idx').using('gin', sql`lower(${t.givenName}) gin_trgm_ops`),
    check('person_names_kind_check', sql`kind in ('current','previous','alias')`),
    // An alias may be a single street name ("Jay"); a name row with neither part says nothing.
    check('person_names_some_name_check', sql`given_name is not null or family_name is not null`),
    check('person_names_period_check', sql`ends_on is null or starts_on is null or ends_on >= starts_on`),
  ],
)

export const IDENTIFIER_TYPES = ['nhs-number', 'upn', 'police-id', 'la-id', 'other'] as const
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number]

/**
 * Identifiers held by partner agencies, in normal form (NHS number as 10 digits, UPN upper case). Not unique across
 * people on purpose: two records sharing an NHS number are a duplicate for the duplicate queue to find, and a
 * uniqueness error would tell the user that some (perhaps sealed) record holds that number (ADR 0007).
 */
export const personIdentifiers = pgTable(
  'person_identifiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    type: text('type', { enum: IDENTIFIER_TYPES }).notNull(),
    value: text('value').notNull(),
    /** Which force, council or system issued it (a PNC id, a local police id, Mosaic, …). */
    issuer: text('issuer'),
    ...provenance(),
  },
  (t) => [
    index('person_identifiers_value_idx').on(t.type, t.value),
    uniqueIndex('person_identifiers_person_value_key').on(t.personId, t.type, t.value),
    check('person_identifiers_type_check', sql`type in ('nhs-number','upn','police-id','la-id','other')`),
    check('person_identifiers_nhs_shape_check', sql`type <> 'nhs-number' or value ~ '^[0-9]{10}$'`),
    check('person_identifiers_upn_shape_check', sql`type <> 'upn' or value ~ '^[A-Z][0-9]{11}[0-9A-Z]$'`),
  ],
)

/** Address history. The open address most recently moved into is the main one, mirrored on people. */
export const personAddresses = pgTable(
  'person_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    town: text('town'),
    /** Normalised ("PE1 2AB"); null for an address known only by description. */
    postcode: text('postcode'),
    ...period(),
    ...provenance(),
  },
  (t) => [
    index('person_addresses_person_idx').on(t.personId),
    index('person_addresses_postcode_idx').on(t.postcode),
    check('person_addresses_something_check', sql`address_line1 is not null or postcode is not null`),
    check('person_addresses_period_check', sql`ends_on is null or starts_on is null or ends_on >= starts_on`),
  ],
)

export const CONTACT_TYPES = ['phone', 'email', 'social-media'] as const
export type ContactType = (typeof CONTACT_TYPES)[number]
export const SOCIAL_MEDIA_PLATFORMS = ['snapchat', 'instagram', 'tiktok', 'whatsapp', 'facebook', 'x', 'telegram', 'discord', 'youtube', 'other'] as const
export type SocialMediaPlatform = (typeof SOCIAL_MEDIA_PLATFORMS)[number]

/** Phone numbers (E.164), email addresses and social-media handles (without "@"). */
export const personContacts = pgTable(
  'person_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    type: text('type', { enum: CONTACT_TYPES }).notNull(),
    value: text('value').notNull(),
    platform: text('platform', { enum: SOCIAL_MEDIA_PLATFORMS }),
    ...period(),
    ...provenance(),
  },
  (t) => [
    index('person_contacts_person_idx').on(t.personId),
    index('person_contacts_value_idx').on(t.type, sql`lower(${t.value})`),
    check('person_contacts_type_check', sql`type in ('phone','email','social-media')`),
    check('person_contacts_platform_check', sql`(type = 'social-media') = (platform is not null)`),
    check('person_contacts_period_check', sql`ends_on is null or starts_on is null or ends_on >= starts_on`),
  ],
)

/**
 * How a relationship is stored: one row, read from both ends. `parent`, `carer` and `person-of-concern` are
 * directed — person_id is the parent / carer / person of concern of related_person_id; `sibling` and `associate`
 * read the same both ways.
 */
export const RELATIONSHIP_TYPES = ['parent', 'carer', 'sibling', 'associate', 'person-of-concern'] as const
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number]

export const personRelationships = pgTable(
  'person_relationships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    relatedPersonId: uuid('related_person_id')
      .notNull()
      .references(() => people.id),
    type: text('type', { enum: RELATIONSHIP_TYPES }).notNull(),
    ...period(),
    ...provenance(),
  },
  (t) => [
    index('person_relationships_person_idx').on(t.personId),
    index('person_relationships_related_idx').on(t.relatedPersonId),
    check('person_relationships_type_check', sql`type in ('parent','carer','sibling','associate','person-of-concern')`),
    check('person_relationships_not_self_check', sql`person_id <> related_person_id`),
    check('person_relationships_period_check', sql`ends_on is null or starts_on is null or ends_on >= starts_on`),
  ],
)

/**
 * Blocking keys for "is this child known?" (ADR 0008): each person's phonetic name keys (Double Metaphone and
 * nickname groups, computed in TypeScript by search-keys.ts from every name they have had, aliases included), date
 * of birth keys, postcodes of every address and identifiers. Search looks candidates up here by equality, then
 * scores them with the linkage engine. Derived data: rebuilt for a person whenever their names, date of birth,
 * addresses or identifiers change, and wholly rebuilt at start-up when the table is empty.
 */
export const personSearchKeys = pgTable(
  'person_search_keys',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    key: text('key').notNull(),
    /** The person's year of birth on name keys, so a search with a date of birth can narrow them to ±1 year. */
    birthYear: smallint('birth_year'),
  },
  (t) => [
    // Covering: the candidate query reads person ids from the index alone.
    index('person_search_keys_key_idx').on(t.key, t.birthYear, t.personId),
    index('person_search_keys_person_idx').on(t.personId),
  ],
)
