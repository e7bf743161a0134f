import { describe, expect, it } from 'vitest'
import { dateVariants, personSearchKeys, queryKeys, type KeySource } from './search-keys.ts'
import { apiReasons, describeReason } from './search-reasons.ts'

const robert: KeySource = { names: [{ givenName: 'Robert', familyName: 'Thistlewood' }], dateOfBirth: '2012-03-07', postcodes: ['PE2 5XY'], identifiers: ['9434765919'] }

function shares(query: Parameters<typeof queryKeys>[0], source: KeySource = robert): boolean {
  const stored = new Set(personSearchKeys(source).map((k) => k.key))
  const q = queryKeys(query)
  return [...q.named, ...q.exact].some((k) => stored.has(k))
}

describe('search keys', () => {
  it('gives a person name, date, postcode and identifier keys, name keys carrying the birth year', () => {
    const keys = personSearchKeys(robert)
    expect(keys).toContainEqual({ key: 'd:20120307', birthYear: null })
    expect(keys).toContainEqual({ key: 'pc:PE25XY', birthYear: null })
    expect(keys).toContainEqual({ key: 'id:9434765919', birthYear: null })
    expect(keys.filter((k) => k.key.startsWith('nm:')).every((k) => k.birthYear === 2012)).toBe(true)
  })

  it.each([
    ['a misspelling that sounds the same', { givenName: 'Robert', familyName: 'Thistlewod' }],
    ['a nickname', { givenName: 'Bob', familyName: 'Thistlewood' }],
    ['swapped names', { givenName: 'Thistlewood', familyName: 'Robert' }],
    ['day and month swapped with a misspelt name', { givenName: 'Robret', familyName: 'Thxstlewood', dateOfBirth: '2012-07-03' }],
    ['a year out with a misspelt name', { givenName: 'Robert', familyName: 'Tistlewood', dateOfBirth: '2011-03-07' }],
    ['an NHS number with spaces', { nhsNumber: '943 476 5919' }],
    ['a postcode in any case and spacing', { postcode: 'pe25xy' }],
  ])('finds a shared key despite %s', (_what, query) => {
    expect(shares(query)).toBe(true)
  })

  it('covers aliases and previous names', () => {
    const withAlias = { ...robert, names: [...robert.names, { givenName: 'Kestrel', familyName: null }] }
    expect(shares({ givenName: 'Kestrel' }, withAlias)).toBe(true)
  })

  it('does not share keys with an unrelated person', () => {
    expect(shares({ givenName: 'Amira', familyName: 'Quennell', dateOfBirth: '2015-10-20' })).toBe(false)
  })

  it('tries the date as given, day↔month swapped and a year either side, never an impossible date', () => {
    expect(dateVariants('2012-03-07').sort()).toEqual(['20110307', '20120307', '20120703', '20130307'])
    expect(dateVariants('2012-02-29')).toEqual(['20120229'])
    expect(dateVariants('2012-03-25').sort()).toEqual(['20110325', '20120325', '20130325'])
  })
})

describe('search reasons', () => {
  it('names fields as the API does and rounds weights to one decimal place', () => {
    expect(apiReasons([{ field: 'dob', level: 2, label: 'day and month swapped', weight: 4.1234 }])).toEqual([{ field: 'dateOfBirth', level: 'day and month swapped', weight: 4.1 }])
  })

  it('reads as plain English with a signed weight', () => {
    expect(describeReason({ field: 'dateOfBirth', level: 'day and month swapped', weight: 4.1 })).toBe('Date of birth: day and month swapped (+4.1)')
    expect(describeReason({ field: 'givenName', level: 'nickname', weight: 4.3 })).toBe('First name: a nickname or short form of the same name (+4.3)')
    expect(describeReason({ field: 'familyName', level: 'different', weight: -6.3 })).toBe('Last name: different (−6.3)')
  })
})
