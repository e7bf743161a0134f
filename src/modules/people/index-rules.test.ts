import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RELATIONSHIP_VIEWS, addressEntry, contactEntry, identifierEntry, nameEntry, relationshipEntry } from './entry-schemas.ts'
import { londonDate, relationshipView, storedRelationship } from './index-rules.ts'

const INVERSE = { parent: 'child', child: 'parent', carer: 'cared-for', 'cared-for': 'carer', sibling: 'sibling', associate: 'associate', 'person-of-concern': 'at-risk', 'at-risk': 'person-of-concern' } as const

describe('relationships: stored once, read from both ends', () => {
  it('reads back as entered from this end, and as the inverse from the other (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.constantFrom(...RELATIONSHIP_VIEWS), (a, b, view) => {
        fc.pre(a !== b)
        const row = storedRelationship(a, b, view)
        expect(relationshipView(row, a)).toBe(view)
        expect(relationshipView(row, b)).toBe(INVERSE[view])
        expect([row.personId, row.relatedPersonId].sort()).toEqual([a, b].sort())
      }),
    )
  })
})

describe('londonDate', () => {
  it('is the calendar date in England, across the clock changes', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01') // BST: already 00:30 on 1 July
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31') // GMT
  })
})

describe('entry schemas', () => {
  it('normalise identifiers by type', () => {
    expect(identifierEntry.parse({ type: 'nhs-number', value: '943 476 5919' })).toMatchObject({ value: '9434765919' })
    expect(identifierEntry.parse({ type: 'upn', value: 'h801200001001' })).toMatchObject({ value: 'H801200001001' })
    expect(identifierEntry.parse({ type: 'police-id', value: ' 12/345678a ' })).toMatchObject({ value: '12/345678A' })
  })

  it('refuse a wrong NHS number and UPN in GOV.UK words', () => {
    expect(identifierEntry.safeParse({ type: 'nhs-number', value: '943 476 5918' }).error?.issues[0]?.message).toBe('Enter a valid NHS number, like 943 476 5919')
    expect(identifierEntry.safeParse({ type: 'upn', value: 'Z801200001001' }).error?.issues[0]?.message).toBe('Enter a valid unique pupil number (UPN), like H801200001001')
  })

  it('normalise contact details, and drop a platform sent with a phone number', () => {
    expect(contactEntry.parse({ type: 'phone', value: '07700 900123', platform: 'snapchat' })).toEqual({ type: 'phone', value: '+447700900123', platform: null })
    expect(contactEntry.parse({ type: 'social-media', value: '@Jay_Dee', platform: 'tiktok' })).toEqual({ type: 'social-media', value: 'Jay_Dee', platform: 'tiktok' })
    expect(contactEntry.parse({ type: 'email', value: 'Jo@Example.COM' })).toEqual({ type: 'email', value: 'Jo@example.com', platform: null })
  })

  it('need a name in an alias, a real postcode in an address, a person id in a relationship', () => {
    expect(nameEntry.safeParse({ kind: 'alias' }).success).toBe(false)
    expect(nameEntry.safeParse({ kind: 'alias', givenName: 'Jay' }).success).toBe(true)
    expect(addressEntry.parse({ addressLine1: '1 High St', postcode: 'pe12ab' })).toMatchObject({ postcode: 'PE1 2AB' })
    expect(addressEntry.safeParse({ addressLine1: '1 High St', postcode: 'PE1' }).success).toBe(false)
    expect(relationshipEntry.safeParse({ relatedPersonId: 'not-an-id', type: 'parent' }).success).toBe(false)
  })

  it('refuse unknown fields (mass assignment)', () => {
    expect(nameEntry.safeParse({ kind: 'alias', givenName: 'Jay', personId: 'x' }).success).toBe(false)
    expect(identifierEntry.safeParse({ type: 'other', value: 'x', recordedBy: 'me' }).success).toBe(false)
  })
})
