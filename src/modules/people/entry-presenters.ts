import type { PersonEntries, VisibleRelationship } from './entries.ts'
import type { PersonAddress, PersonContact, PersonIdentifier, PersonName } from './entry-queries.ts'
import { formatNhsNumber, formatPhone } from './identifier-rules.ts'
import { relationshipView } from './index-rules.ts'
import { formatDateEnGb } from './presenters.ts'
import { CONTACT_TYPE_LABELS, IDENTIFIER_TYPE_LABELS, NAME_KIND_LABELS, RELATIONSHIP_VIEW_LABELS, SOCIAL_MEDIA_LABELS } from './reference.ts'

/** The person index in the API's shape (CONTRACTS.md §5: camelCase, dates YYYY-MM-DD, periods from/to). */
const provenance = (e: { recordedAt: Date; sourceAgency: string | null }) => ({ sourceAgency: e.sourceAgency, recordedAt: e.recordedAt.toISOString() })

export const presentNameJson = (n: PersonName) => ({
  id: n.id,
  kind: n.kind,
  givenName: n.givenName,
  middleNames: n.middleNames,
  familyName: n.familyName,
  from: n.startsOn,
  to: n.endsOn,
  ...provenance(n),
})

export const presentIdentifierJson = (i: PersonIdentifier) => ({ id: i.id, type: i.type, value: i.value, issuer: i.issuer, ...provenance(i) })

export const presentAddressJson = (a: PersonAddress) => ({
  id: a.id,
  addressLine1: a.addressLine1,
  addressLine2: a.addressLine2,
  town: a.town,
  postcode: a.postcode,
  from: a.startsOn,
  to: a.endsOn,
  current: a.endsOn === null,
  ...provenance(a),
})

export const presentContactJson = (c: PersonContact) => ({ id: c.id, type: c.type, value: c.value, platform: c.platform, from: c.startsOn, to: c.endsOn, ...provenance(c) })

/** `type` reads from `personId`'s side ("the related person is this person's parent"). */
export function presentRelationshipJson(r: VisibleRelationship, personId: string) {
  const relatedPerson =
    r.visibility === 'restricted'
      ? { id: r.other.id, restricted: true as const }
      : { id: r.other.id, restricted: false as const, givenName: r.other.givenName, familyName: r.other.familyName, kind: r.other.kind, canOpen: r.visibility === 'open' }
  return { id: r.id, type: relationshipView(r, personId), relatedPerson, from: r.startsOn, to: r.endsOn, sourceAgency: r.sourceAgency, recordedAt: r.recordedAt.toISOString() }
}

export function presentEntriesJson(entries: PersonEntries, personId: string) {
  return {
    names: entries.names.map(presentNameJson),
    identifiers: entries.identifiers.map(presentIdentifierJson),
    addresses: entries.addresses.map(presentAddressJson),
    contactDetails: entries.contacts.map(presentContactJson),
    relationships: entries.relationships.map((r) => presentRelationshipJson(r, personId)),
  }
}

// ——— The record page's summary cards ———

export type CardRow = { key: string; lines: string[]; link?: { href: string; text: string }; end?: { action: string; text: string; hidden: string } }
export type Card = { id: string; title: string; add?: { href: string; text: string }; rows: CardRow[]; empty: string }

function period(from: string | null, to: string | null): string | null {
  if (!from && !to) return null
  if (from && to) return `${formatDateEnGb(from)} to ${formatDateEnGb(to)}`
  return from ? `Since ${formatDateEnGb(from)}` : `Until ${formatDateEnGb(to)}`
}

const source = (e: { sourceAgency: string | null; recordedAt: Date }) => `Recorded by ${e.sourceAgency ?? 'an unknown agency'} on ${formatDateEnGb(e.recordedAt.toISOString().slice(0, 10))}`
const lines = (...values: Array<string | null | undefined>) => values.filter((v): v is string => Boolean(v))
const nameText = (n: { givenName: string | null; middleNames: string | null; familyName: string | null }) => [n.givenName, n.middleNames, n.familyName].filter(Boolean).join(' ')

function identifierText(i: PersonIdentifier): string {
  return i.type === 'nhs-number' ? formatNhsNumber(i.value) : i.value
}

function contactText(c: PersonContact): string {
  if (c.type === 'phone') return formatPhone(c.value)
  if (c.type === 'social-media') return `@${c.value} (${SOCIAL_MEDIA_LABELS[c.platform ?? 'other']})`
  return c.value
}

/**
 * Summary cards for names, identifiers, addresses, contact details and relationships. `canEdit` adds the "Add"
 * links and the buttons that end an entry; a related person links to their record only when the viewer may open it.
 */
export function presentEntryCards(personId: string, entries: PersonEntries, canEdit: boolean, today: string): Card[] {
  const base = `/people/${personId}`
  const open = (e: { endsOn: string | null }) => e.endsOn === null || e.endsOn > today
  const end = (path: string, id: string, text: string, what: string) => (canEdit ? { action: `${base}/${path}/${id}/end`, text, hidden: what } : undefined)
  const add = (path: string, text: string) => (canEdit ? { href: `${base}/${path}/new`, text } : undefined)
  const withEnd = <R extends CardRow>(row: R, e: CardRow['end']): CardRow => (e ? { ...row, end: e } : row)

  return [
    {
      id: 'names',
      title: 'Names and aliases',
      add: add('names', 'Add a name'),
      empty: 'No names recorded',
      rows: entries.names.map((n) =>
        withEnd({ key: NAME_KIND_LABELS[n.kind], lines: lines(nameText(n), period(n.startsOn, n.endsOn), source(n)) }, n.kind !== 'current' && open(n) ? end('names', n.id, 'No longer used', ` name ${nameText(n)}`) : undefined),
      ),
    },
    {
      id: 'identifiers',
      title: 'Identifiers',
      add: add('identifiers', 'Add an identifier'),
      empty: 'No identifiers recorded',
      rows: entries.identifiers.map((i) => ({ key: IDENTIFIER_TYPE_LABELS[i.type], lines: lines(identifierText(i), i.issuer ? `Issued by ${i.issuer}` : null, source(i)) })),
    },
    {
      id: 'addresses',
      title: 'Addresses',
      add: add('addresses', 'Add an address'),
      empty: 'No addresses recorded',
      rows: entries.addresses.map((a) =>
        withEnd(
          { key: open(a) ? 'Current address' : 'Previous address', lines: lines([a.addressLine1, a.addressLine2, a.town, a.postcode].filter(Boolean).join(', '), period(a.startsOn, a.endsOn), source(a)) },
          open(a) ? end('addresses', a.id, 'Moved out', ` of ${a.addressLine1 ?? a.postcode ?? 'this address'}`) : undefined,
        ),
      ),
    },
    {
      id: 'contact-details',
      title: 'Contact details',
      add: add('contact-details', 'Add a contact detail'),
      empty: 'No contact details recorded',
      rows: entries.contacts.map((c) =>
        withEnd(
          { key: CONTACT_TYPE_LABELS[c.type], lines: lines(contactText(c), open(c) ? null : `No longer in use since ${formatDateEnGb(c.endsOn)}`, source(c)) },
          open(c) ? end('contact-details', c.id, 'No longer in use', ` ${contactText(c)}`) : undefined,
        ),
      ),
    },
    {
      id: 'relationships',
      title: 'Relationships',
      add: add('relationships', 'Add a relationship'),
      empty: 'No relationships recorded',
      rows: entries.relationships.map((r) => {
        const label = RELATIONSHIP_VIEW_LABELS[relationshipView(r, personId)]
        const who = r.visibility === 'restricted' ? 'A restricted record' : `${r.other.givenName} ${r.other.familyName}`
        const row: CardRow = {
          key: label,
          lines: lines(r.visibility === 'open' ? null : who, period(r.startsOn, r.endsOn) ?? (open(r) ? null : 'Ended'), source(r)),
          ...(r.visibility === 'open' ? { link: { href: `/people/${r.other.id}`, text: who } } : {}),
        }
        return withEnd(row, open(r) ? end('relationships', r.id, 'End', ` relationship: ${label.toLowerCase()}`) : undefined)
      }),
    },
  ]
}
