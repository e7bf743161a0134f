import type { personAddresses, personContacts, personIdentifiers, personNames, personRelationships } from '../modules/people/schema.ts'
import { nhsCheckDigit, upnCheckLetter } from '../modules/people/identifier-rules.ts'
import { addDays, addMinutes, isoDate } from './dates.ts'
import type { HouseholdInfo, PersonRow } from './people.ts'
import { randomAddress } from './places.ts'
import type { Random } from './random.ts'

export type NameRow = typeof personNames.$inferInsert & { id: string }
export type IdentifierRow = typeof personIdentifiers.$inferInsert & { id: string }
export type AddressRow = typeof personAddresses.$inferInsert & { id: string }
export type ContactRow = typeof personContacts.$inferInsert & { id: string }
export type PersonRelationshipRow = typeof personRelationships.$inferInsert & { id: string }

export type PersonIndexRows = { names: NameRow[]; identifiers: IdentifierRow[]; addresses: AddressRow[]; contacts: ContactRow[]; relationships: PersonRelationshipRow[] }

/** Who records what: the agency (and a demo user of it) each kind of entry comes from. */
export type Recorders = Record<'socialCare' | 'police' | 'health' | 'education', { agencyId: string; userId: string }>

// Street and online names: what exploited children and those who exploit them are known by. Letters only.
const ALIASES = ['Jay', 'Tiny', 'Lil T', 'Smokey', 'Ghost', 'Kid', 'Bugsy', 'Princess', 'Shorty', 'Deedee', 'Mo', 'Rocco', 'Snowy', 'Blade', 'Kay-Kay']
const CONCERN_ALIASES = ['Big Man', 'Uncle', 'Boss', 'Chief', 'Tee', 'Dred', 'Scar', 'Vee', 'Papa', 'Rico']
const PLATFORMS = ['snapchat', 'instagram', 'tiktok'] as const

/**
 * A 999-range NHS number with a valid check digit: numbers starting 999 are never issued, so the demo can
 * never show a real person's NHS number.
 */
export function demoNhsNumber(random: Random, used: Set<string>): string {
  for (;;) {
    const nine = `999${String(random.int(0, 999_999)).padStart(6, '0')}`
    const check = nhsCheckDigit(nine)
    const value = check === null ? '' : `${nine}${check}`
    if (value && !used.has(value)) {
      used.add(value)
      return value
    }
  }
}

/** A UPN with a valid check letter: DfE LA code (Peterborough 874, Cambridgeshire 873), a school number, year, serial. */
export function demoUpn(random: Random, area: 'Peterborough' | 'Cambridgeshire', issuedYear: number): string {
  const la = area === 'Peterborough' ? '874' : '873'
  const twelve = `${la}${random.int(2000, 5999)}${String(issuedYear % 100).padStart(2, '0')}${String(random.int(1, 999)).padStart(3, '0')}`
  return `${upnCheckLetter(twelve)}${twelve}`
}

/**
 * The person index of the demo partnership: every person's current name and address history; NHS numbers for
 * most children, UPNs for many; aliases and previous names; phones, emails and handles for teenagers, parents and
 * persons of concern; family relationships within households, and persons of concern and associates linked to
 * older children. Deterministic for a given random stream.
 */
export function generatePersonIndex(random: Random, ids: Random, today: Date, people: readonly PersonRow[], households: readonly HouseholdInfo[], personsOfConcern: readonly string[], who: Recorders): PersonIndexRows {
  const out: PersonIndexRows = { names: [], identifiers: [], addresses: [], contacts: [], relationships: [] }
  const byId = new Map(people.map((p) => [p.id, p]))
  const todayIso = isoDate(today)
  const age = (p: PersonRow) => Number(todayIso.slice(0, 4)) - Number(p.dateOfBirth.slice(0, 4))
  const by = (r: keyof Recorders, p: PersonRow) => ({ sourceAgencyId: who[r].agencyId, recordedBy: who[r].userId, recordedAt: addMinutes(p.createdAt, random.int(1, 240)) })
  const nhs = new Set<string>()
  const concern = new Set(personsOfConcern)

  for (const p of people) {
    out.names.push({ id: ids.uuid(), personId: p.id, kind: 'current', givenName: p.givenName, middleNames: p.middleNames ?? null, familyName: p.familyName, ...by('socialCare', p) })
    addressHistory(p)
    const teen = p.kind === 'child' && age(p) >= 13
    if (p.kind === 'child') {
      if (random.chance(0.6)) out.identifiers.push({ id: ids.uuid(), personId: p.id, type: 'nhs-number', value: demoNhsNumber(random, nhs), issuer: null, ...by('health', p) })
      if (age(p) >= 5 && age(p) <= 17 && random.chance(0.45)) {
        const area = p.postcode?.startsWith('PE1') || p.postcode?.startsWith('PE2') || p.postcode?.startsWith('PE3') || p.postcode?.startsWith('PE4') ? 'Peterborough' : 'Cambridgeshire'
        out.identifiers.push({ id: ids.uuid(), personId: p.id, type: 'upn', value: demoUpn(random, area, Number(p.dateOfBirth.slice(0, 4)) + 5), issuer: null, ...by('education', p) })
      }
      if (random.chance(0.3)) out.identifiers.push({ id: ids.uuid(), personId: p.id, type: 'la-id', value: `MOS${random.int(100000, 999999)}`, issuer: 'Mosaic (demo)', ...by('socialCare', p) })
      if (teen && random.chance(0.1)) alias(p, random.pick(ALIASES), 'police')
      if (random.chance(0.05)) previousName(p)
    } else if (random.chance(0.3)) {
      out.identifiers.push({ id: ids.uuid(), personId: p.id, type: 'nhs-number', value: demoNhsNumber(random, nhs), issuer: null, ...by('health', p) })
    }
    if (concern.has(p.id)) {
      out.identifiers.push({ id: ids.uuid(), personId: p.id, type: 'police-id', value: `${String(random.int(5, 25)).padStart(2, '0')}/${random.int(100000, 999999)}${random.pick([...'ABCDEFGHJKLMNPQRTUVWXYZ'])}`, issuer: 'Police National Computer', ...by('police', p) })
      for (const a of random.sample(CONCERN_ALIASES, random.int(1, 2))) alias(p, a, 'police')
    }
    contactsFor(p, teen, concern.has(p.id))
  }

  // Families: each recorded adult is a parent (or carer) of the household's children; the children are siblings.
  for (const h of households) {
    const child = h.children[0] && byId.get(h.children[0])
    if (!child) continue
    for (const adult of h.adults) {
      const type = random.chance(0.85) ? ('parent' as const) : ('carer' as const)
      for (const c of h.children) out.relationships.push({ id: ids.uuid(), personId: adult, relatedPersonId: c, type, startsOn: null, endsOn: null, ...by('socialCare', child) })
    }
    for (let i = 0; i < h.children.length; i++) {
      for (let j = i + 1; j < h.children.length; j++) {
        out.relationships.push({ id: ids.uuid(), personId: h.children[i] as string, relatedPersonId: h.children[j] as string, type: 'sibling', startsOn: null, endsOn: null, ...by('socialCare', child) })
      }
    }
  }

  // Persons of concern: each linked to one to three older children, and to one another as associates.
  const olderChildren = people.filter((p) => p.kind === 'child' && age(p) >= 13)
  personsOfConcern.forEach((id, i) => {
    const poc = byId.get(id)
    if (!poc) return
    for (const c of random.sample(olderChildren, random.int(1, 3))) {
      out.relationships.push({ id: ids.uuid(), personId: id, relatedPersonId: c.id, type: 'person-of-concern', startsOn: isoDate(addDays(today, -random.int(30, 400))), endsOn: null, ...by('police', poc) })
    }
    const next = personsOfConcern[i + 1]
    if (next && i % 2 === 0) out.relationships.push({ id: ids.uuid(), personId: id, relatedPersonId: next, type: 'associate', startsOn: null, endsOn: null, ...by('police', poc) })
  })
  // A few peer associations between teenagers (often how a child is drawn in).
  for (let k = 0; k < 10; k++) {
    const [a, b] = random.sample(olderChildren, 2)
    if (a && b) out.relationships.push({ id: ids.uuid(), personId: a.id, relatedPersonId: b.id, type: 'associate', startsOn: null, endsOn: null, ...by('police', a) })
  }
  return out

  function alias(p: PersonRow, givenName: string, recorder: keyof Recorders): void {
    out.names.push({ id: ids.uuid(), personId: p.id, kind: 'alias', givenName, middleNames: null, familyName: null, startsOn: null, endsOn: null, ...by(recorder, p) })
  }

  function previousName(p: PersonRow): void {
    const endsOn = isoDate(addDays(today, -random.int(200, 2000)))
    if (endsOn <= p.dateOfBirth) return
    // A birth name before a change of family name (a parent's new partner, adoption, a return to a mother's name).
    const familyName = random.pick(['Ashworth', 'Ellison', 'Rowley', 'Tennant', 'Whitby', 'Kowal', 'Hussain', 'Okoro', 'Doherty', 'Pennington'].filter((n) => n !== p.familyName))
    out.names.push({ id: ids.uuid(), personId: p.id, kind: 'previous', givenName: p.givenName, middleNames: null, familyName, startsOn: p.dateOfBirth, endsOn, ...by('socialCare', p) })
  }

  /** The current address (moved in some time after birth) and, for some, one or two earlier ones before it. */
  function addressHistory(p: PersonRow): void {
    if (!p.addressLine1 && !p.postcode) return
    const born = Date.parse(`${p.dateOfBirth}T00:00:00Z`)
    const span = Math.max(30, Math.floor((today.getTime() - born) / 86_400_000))
    let movedIn = isoDate(addDays(today, -random.int(30, Math.max(30, Math.min(span - 1, 6 * 365)))))
    out.addresses.push({ id: ids.uuid(), personId: p.id, addressLine1: p.addressLine1 ?? null, addressLine2: p.addressLine2 ?? null, town: p.town ?? null, postcode: p.postcode ?? null, startsOn: movedIn, endsOn: null, ...by('socialCare', p) })
    const earlier = random.weighted([[0, 55], [1, 30], [2, 15]] as const)
    for (let i = 0; i < earlier; i++) {
      const endsOn = isoDate(addDays(new Date(`${movedIn}T00:00:00Z`), -1))
      const startsOn = isoDate(addDays(new Date(`${endsOn}T00:00:00Z`), -random.int(120, 900)))
      if (startsOn <= p.dateOfBirth) return
      const a = randomAddress(random)
      out.addresses.push({ id: ids.uuid(), personId: p.id, addressLine1: a.addressLine1, addressLine2: a.addressLine2, town: a.town, postcode: a.postcode, startsOn, endsOn, ...by('socialCare', p) })
      movedIn = startsOn
    }
  }

  /** Ofcom's drama range (07700 900000–900999) and example.com addresses: numbers and emails nobody owns. */
  function contactsFor(p: PersonRow, teen: boolean, isConcern: boolean): void {
    const phoneChance = isConcern ? 0.6 : teen ? 0.5 : p.kind === 'adult' ? 0.6 : 0
    if (random.chance(phoneChance)) out.contacts.push({ id: ids.uuid(), personId: p.id, type: 'phone', value: `+447700900${String(random.int(0, 999)).padStart(3, '0')}`, platform: null, startsOn: null, endsOn: null, ...by(isConcern ? 'police' : 'socialCare', p) })
    if (p.kind === 'adult' && !isConcern && random.chance(0.3)) {
      const local = `${p.givenName}.${p.familyName}`.toLowerCase().replace(/[^a-z.]/g, '')
      out.contacts.push({ id: ids.uuid(), personId: p.id, type: 'email', value: `${local}${random.int(1, 99)}@example.com`, platform: null, startsOn: null, endsOn: null, ...by('socialCare', p) })
    }
    if (random.chance(isConcern ? 0.5 : teen ? 0.3 : 0)) {
      const handle = `${p.givenName.toLowerCase().replace(/[^a-z]/g, '')}_${random.int(1, 999)}`
      out.contacts.push({ id: ids.uuid(), personId: p.id, type: 'social-media', value: handle, platform: random.pick(PLATFORMS), startsOn: null, endsOn: null, ...by('police', p) })
    }
  }
}
