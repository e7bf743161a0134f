import { ETHNICITY_CODES, GENDER_LABELS, DOB_PRECISION_LABELS, type EthnicityCode } from './reference.ts'
import type { Person } from './queries.ts'
import type { SearchResult } from './service.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import type { PersonEntries } from './entries.ts'
import { presentEntriesJson, presentEntryCards } from './entry-presenters.ts'
import { londonDate } from './index-rules.ts'
import { describeReason } from './search-reasons.ts'

/** The API's person resource (CONTRACTS.md §5: camelCase, ISO timestamps with Z, dates YYYY-MM-DD). */
export function presentPersonJson(person: Person) {
  return {
    id: person.id,
    kind: person.kind,
    givenName: person.givenName,
    middleNames: person.middleNames,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    dobPrecision: person.dobPrecision,
    gender: person.gender,
    ethnicity: person.ethnicity,
    addressLine1: person.addressLine1,
    addressLine2: person.addressLine2,
    town: person.town,
    postcode: person.postcode,
    language: person.language,
    createdAt: person.createdAt.toISOString(),
    updatedAt: person.updatedAt.toISOString(),
    version: person.version,
  }
}

/** The full person resource: core details plus the person index (GET, and the answers to POST and PATCH). */
export function presentPersonResourceJson(person: Person, entries: PersonEntries) {
  return { ...presentPersonJson(person), ...presentEntriesJson(entries, person.id) }
}

export function presentSearchResultJson(result: SearchResult) {
  if (result.kind === 'restricted') {
    return { id: result.id, score: result.score, reasons: result.reasons, restricted: true, message: 'A restricted record may match — contact information governance' }
  }
  const { kind: _kind, ...card } = result
  return { ...card, restricted: false }
}

/** A search result for the page: the card or stub, with its strength and reasons in plain English. */
export function presentSearchResultPage(result: SearchResult) {
  const percent = Math.round(result.score * 100)
  const strength = result.score >= 0.9 ? 'Strong' : result.score >= 0.5 ? 'Likely' : result.score >= 0.1 ? 'Possible' : 'Weak'
  return { ...result, percent, strength, reasonTexts: result.reasons.map(describeReason) }
}

export function formatDateEnGb(iso: string | null): string {
  if (!iso) return 'Not known'
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)))
}

export function fullName(p: { givenName: string; middleNames?: string | null; familyName: string }): string {
  return [p.givenName, p.middleNames, p.familyName].filter(Boolean).join(' ')
}

/** Summary-list rows for the record page. */
export function presentPersonPage(person: Person, access: PersonAccess, purpose: string, abilities: { edit: boolean }, entries: PersonEntries, now: Date) {
  const row = (key: string, value: string | null | undefined) => ({ key: { text: key }, value: { text: value || 'Not recorded' } })
  const address = [person.addressLine1, person.addressLine2, person.town, person.postcode].filter(Boolean).join(', ')
  return {
    pageTitle: fullName(person),
    person,
    name: fullName(person),
    state: access.state,
    viaBreakGlass: purpose.startsWith('break-glass'),
    breakGlassExpiresAt: access.breakGlass?.expiresAt.toISOString(),
    canEdit: abilities.edit,
    cards: presentEntryCards(person.id, entries, abilities.edit, londonDate(now)),
    rows: [
      row('Name', fullName(person)),
      row('Child or adult', person.kind === 'child' ? 'Child' : 'Adult'),
      row('Date of birth', person.dateOfBirth ? `${formatDateEnGb(person.dateOfBirth)}${person.dobPrecision === 'exact' ? '' : ` (${DOB_PRECISION_LABELS[person.dobPrecision].toLowerCase()})`}` : null),
      row('Gender', GENDER_LABELS[person.gender]),
      row('Ethnicity', person.ethnicity ? `${ETHNICITY_CODES[person.ethnicity as EthnicityCode] ?? person.ethnicity} (${person.ethnicity})` : null),
      row('Main language', person.language),
      row('Address', address),
    ],
  }
}
