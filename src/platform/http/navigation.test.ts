import { describe, expect, it } from 'vitest'
import { navigationFor } from './navigation.ts'

const items = [
  { href: '/people', text: 'Find a person' },
  { href: '/people/imports', text: 'Imports' },
  { href: '/contacts', text: 'Contacts' },
]
const active = (path: string) => navigationFor(items, path).filter((i) => i.active).map((i) => i.text)

describe('navigationFor', () => {
  it('marks only the most specific item whose href prefixes the path', () => {
    expect(active('/people/imports')).toEqual(['Imports'])
    expect(active('/people/imports/sources/new')).toEqual(['Imports'])
    expect(active('/people/123')).toEqual(['Find a person'])
    expect(active('/people')).toEqual(['Find a person'])
  })
  it('matches whole path segments only, and marks nothing elsewhere', () => {
    expect(active('/peoplex')).toEqual([])
    expect(active('/account')).toEqual([])
  })
})
