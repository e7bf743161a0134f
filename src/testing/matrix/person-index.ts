/**
 * The person index (names, identifiers, addresses, contact details, relationships): adding to it and ending an
 * entry are "changing core details" — the EDIT table of people.ts, on pages and in the API alike. The forms are
 * refused exactly when saving would be. Adding a relationship also needs the other person to be someone the
 * actor can open; every case links to a person allocated to the acting user, so the EDIT table still holds.
 */
import { randomUUID } from 'node:crypto'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { people, personAddresses, personContacts, personNames, personRelationships } from '../../modules/people/schema.ts'
import { EDIT } from './people.ts'
import type { CaseContext, MatrixEntry, RouteKey } from './types.ts'

const why = 'person index: adding or ending an entry is changing core details'

/** A person the acting user may open (their own allocation), made once per user for the whole run. */
function openablePerson(ctx: CaseContext): Promise<string> {
  return ctx.memo(`person-index:openable:${ctx.user.userId}`, async () => {
    const id = randomUUID()
    const at = new Date(ctx.now().getTime() - 86_400_000)
    await ctx.db.insert(people).values({ id, givenName: 'Linked', familyName: 'Matrixperson', dateOfBirth: '1985-02-03', gender: 'F', kind: 'adult', createdAt: at, updatedAt: at })
    await ctx.db.insert(legitimateRelationships).values({ personId: id, userId: ctx.user.userId, source: 'allocation', startsAt: at })
    return id
  })
}

/** An entry of the case's person to end (a random id for a person that does not exist). */
async function entryToEnd(ctx: CaseContext, kind: 'names' | 'addresses' | 'contact-details' | 'relationships'): Promise<Record<string, string>> {
  if (ctx.state === 'nonexistent') return { entryId: randomUUID() }
  const personId = ctx.person.id
  const recordedAt = ctx.now()
  const id = randomUUID()
  if (kind === 'names') await ctx.db.insert(personNames).values({ id, personId, kind: 'alias', givenName: 'Endme', recordedAt })
  if (kind === 'addresses') await ctx.db.insert(personAddresses).values({ id, personId, addressLine1: '9 Matrix Row', postcode: 'PE1 2AB', recordedAt })
  if (kind === 'contact-details') await ctx.db.insert(personContacts).values({ id, personId, type: 'phone', value: '+447700900123', recordedAt })
  if (kind === 'relationships') await ctx.db.insert(personRelationships).values({ id, personId, relatedPersonId: await openablePerson(ctx), type: 'associate', recordedAt })
  return { entryId: id }
}

const date = { 'from-day': '1', 'from-month': '2', 'from-year': '2024' }

type Kind = { path: 'names' | 'identifiers' | 'addresses' | 'contact-details' | 'relationships'; form: (ctx: CaseContext) => Promise<Record<string, unknown>> | Record<string, unknown>; json: (ctx: CaseContext) => Promise<Record<string, unknown>> | Record<string, unknown>; ends: boolean; freshPerson?: boolean }

const KINDS: Kind[] = [
  { path: 'names', form: () => ({ kind: 'alias', givenName: 'Matrixalias', ...date }), json: () => ({ kind: 'previous', familyName: 'Formername', from: '2020-01-01' }), ends: true },
  // Different values per case: the same identifier twice on one record is refused.
  { path: 'identifiers', form: () => ({ type: 'la-id', value: `LA${randomUUID().slice(0, 8)}` }), json: () => ({ type: 'police-id', value: `PNC${randomUUID().slice(0, 8)}` }), ends: false },
  // A new current address moves the person's version on: a fresh person per case keeps the shared fixtures at version 1.
  { path: 'addresses', form: () => ({ addressLine1: '1 Matrix Street', postcode: 'pe1 2ab', ...date }), json: () => ({ addressLine1: '2 Matrix Street', postcode: 'PE1 2AB' }), ends: true, freshPerson: true },
  { path: 'contact-details', form: () => ({ type: 'phone', value: '07700 900123' }), json: () => ({ type: 'social-media', value: '@matrix_case', platform: 'snapchat' }), ends: true },
  // Different types per route: the same open relationship twice is refused.
  { path: 'relationships', form: async (ctx) => ({ relatedPersonId: await openablePerson(ctx), type: 'associate' }), json: async (ctx) => ({ relatedPersonId: await openablePerson(ctx), type: 'sibling' }), ends: true },
]

export const personIndexMatrix: MatrixEntry[] = KINDS.flatMap((k): MatrixEntry[] => {
  const actions = k.path === 'relationships' ? ['people.edit', 'people.view'] : ['people.edit']
  const fresh = k.freshPerson ? { freshPerson: true } : {}
  const rows: MatrixEntry[] = [
    { route: `GET /people/:id/${k.path}/new` as RouteKey, actions: ['people.edit'], kind: 'page', about: 'person', expect: EDIT('sign-in'), why },
    { route: `POST /people/:id/${k.path}` as RouteKey, actions, kind: 'page', about: 'person', expect: EDIT('sign-in'), request: { body: k.form }, ...fresh, why },
    { route: `POST /api/v1/people/:id/${k.path}` as RouteKey, actions, kind: 'api', about: 'person', expect: EDIT('401'), request: { body: k.json }, ...fresh, why },
  ]
  if (k.ends) {
    const params = (ctx: CaseContext) => entryToEnd(ctx, k.path as 'names')
    rows.push(
      { route: `POST /people/:id/${k.path}/:entryId/end` as RouteKey, actions: ['people.edit'], kind: 'page', about: 'person', expect: EDIT('sign-in'), request: { params }, ...fresh, why },
      { route: `POST /api/v1/people/:id/${k.path}/:entryId/end` as RouteKey, actions: ['people.edit'], kind: 'api', about: 'person', expect: EDIT('401'), request: { params }, ...fresh, why },
    )
  }
  return rows
})
