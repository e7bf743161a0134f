import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { breakGlassBody, createPersonBody, personFields, personIdParams, updatePersonBody } from './schemas.ts'

/** `{field: message}` of a failed parse (first message per field), or the parsed data. */
function outcome<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, data: result.data }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '(body)'
    errors[key] ??= issue.message
  }
  return { ok: false, errors }
}

const minimal = { givenName: 'Amira', familyName: 'Khan', gender: 'F' }

describe('personFields (the form and the shared shape)', () => {
  it('accepts the minimum and fills the defaults', () => {
    expect(outcome(personFields, minimal)).toEqual({ ok: true, data: { ...minimal, kind: 'child', dobPrecision: 'exact' } })
  })

  it('trims names and normalises the postcode', () => {
    const result = outcome(personFields, { ...minimal, givenName: '  Amira ', postcode: ' pe12ab ', dateOfBirth: '2011-03-27' })
    expect(result).toMatchObject({ ok: true, data: { givenName: 'Amira', postcode: 'PE1 2AB', dateOfBirth: '2011-03-27' } })
  })

  it('accepts hyphens, apostrophes and accents in names', () => {
    expect(outcome(personFields, { ...minimal, givenName: 'Zoë-Anne', familyName: "O'Brien" }).ok).toBe(true)
  })

  it.each([
    [{ familyName: 'Khan', gender: 'F' }, 'givenName', 'Enter a first name'],
    [{ ...minimal, givenName: '' }, 'givenName', 'Enter a first name'],
    [{ ...minimal, givenName: '   ' }, 'givenName', 'Enter a first name'],
    [{ ...minimal, familyName: '' }, 'familyName', 'Enter a last name'],
    [{ givenName: 'Amira', familyName: 'Khan' }, 'gender', 'Select a gender: F, M or U'],
    [{ ...minimal, gender: 'X' }, 'gender', 'Select a gender: F, M or U'],
    [{ ...minimal, gender: 'f' }, 'gender', 'Select a gender: F, M or U'],
    [{ ...minimal, kind: 'alien' }, 'kind', 'Select whether this is a child or an adult'],
    [{ ...minimal, dobPrecision: 'maybe' }, 'dobPrecision', 'Select how certain the date of birth is'],
    [{ ...minimal, ethnicity: 'White' }, 'ethnicity', 'Select an ethnicity from the list'],
    [{ ...minimal, postcode: 'PE1' }, 'postcode', 'Enter a real postcode, like PE1 2AB'],
    [{ ...minimal, postcode: 'PE1 2AB 3CD 4EF' }, 'postcode', 'Enter a real postcode, like PE1 2AB'],
    [{ ...minimal, dateOfBirth: '2026-02-30' }, 'dateOfBirth', 'Date of birth must be a real date, like 2011-03-27'],
    [{ ...minimal, dateOfBirth: '30/02/2026' }, 'dateOfBirth', 'Date of birth must be a real date, like 2011-03-27'],
  ])('refuses %j: %s "%s"', (value, field, message) => {
    expect(outcome(personFields, value)).toEqual({ ok: false, errors: expect.objectContaining({ [field]: message }) })
  })

  it('limits the lengths of address fields', () => {
    expect(outcome(personFields, { ...minimal, addressLine1: 'x'.repeat(201) })).toEqual({ ok: false, errors: { addressLine1: 'Address line 1 must be 200 characters or fewer' } })
    expect(outcome(personFields, { ...minimal, town: 'x'.repeat(101) })).toEqual({ ok: false, errors: { town: 'Town or city must be 100 characters or fewer' } })
    expect(outcome(personFields, { ...minimal, addressLine1: 'x'.repeat(200) }).ok).toBe(true)
  })

  it('refuses markup and control characters in names', () => {
    for (const givenName of ['<script>', 'A{b}', 'Tab\there', 'Back\\slash', '[x]']) {
      expect(outcome(personFields, { ...minimal, givenName }).ok, givenName).toBe(false)
    }
  })

  it('refuses a field it does not know (mass assignment, ASVS 15.3.3)', () => {
    for (const extra of [{ id: '00000000-0000-4000-8000-000000000000' }, { createdBy: 'me' }, { version: 9 }, { foo: 1 }]) {
      expect(outcome(personFields, { ...minimal, ...extra }).ok, JSON.stringify(extra)).toBe(false)
    }
  })

  it('refuses values of the wrong type with the same GOV.UK messages', () => {
    expect(outcome(personFields, { givenName: 123, familyName: null, gender: 'F' })).toEqual({
      ok: false,
      errors: { givenName: 'Enter a first name', familyName: 'Enter a last name' },
    })
  })

  // GOV.UK error messages name the field ("First name must be 100 characters or fewer"), they do not start with
  // an article. schemas.ts builds these from name('a first name'), giving "A first name must …".
  it('words length and character errors the GOV.UK way', () => {
    expect(outcome(personFields, { ...minimal, givenName: 'A'.repeat(101) })).toEqual({ ok: false, errors: { givenName: 'First name must be 100 characters or fewer' } })
    expect(outcome(personFields, { ...minimal, familyName: '<b>' })).toEqual({
      ok: false,
      errors: { familyName: 'Last name must only include letters, spaces, hyphens and apostrophes' },
    })
  })
})

describe('createPersonBody (API)', () => {
  it('requires a real date of birth', () => {
    expect(outcome(createPersonBody, minimal)).toEqual({ ok: false, errors: { dateOfBirth: 'Enter a date of birth' } })
    expect(outcome(createPersonBody, { ...minimal, dateOfBirth: '2026-02-30' })).toEqual({
      ok: false,
      errors: { dateOfBirth: 'Date of birth must be a real date, like 2011-03-27' },
    })
    expect(outcome(createPersonBody, { ...minimal, dateOfBirth: '2011-03-27' })).toMatchObject({ ok: true, data: { dateOfBirth: '2011-03-27', kind: 'child' } })
  })

  it('is strict too', () => {
    expect(outcome(createPersonBody, { ...minimal, dateOfBirth: '2011-03-27', createdAt: '2020-01-01T00:00:00Z' }).ok).toBe(false)
  })
})

describe('updatePersonBody (API PATCH)', () => {
  it('takes any subset, without filling defaults', () => {
    expect(outcome(updatePersonBody, { givenName: 'Amy' })).toEqual({ ok: true, data: { givenName: 'Amy' } })
  })

  it('needs at least one field', () => {
    expect(outcome(updatePersonBody, {})).toEqual({ ok: false, errors: { '(body)': 'Send at least one field to change' } })
  })

  it('validates what it is given and refuses unknown fields', () => {
    expect(outcome(updatePersonBody, { gender: 'X' })).toEqual({ ok: false, errors: { gender: 'Select a gender: F, M or U' } })
    expect(outcome(updatePersonBody, { version: 2 }).ok).toBe(false)
  })
})

describe('breakGlassBody', () => {
  it('needs a reason of 10 to 1000 characters, trimmed', () => {
    expect(outcome(breakGlassBody, {})).toEqual({ ok: false, errors: { reason: 'Enter why you need emergency access' } })
    expect(outcome(breakGlassBody, { reason: '   too short   ' })).toEqual({ ok: false, errors: { reason: 'Reason for emergency access must be 10 characters or more' } })
    expect(outcome(breakGlassBody, { reason: 'x'.repeat(1001) })).toEqual({ ok: false, errors: { reason: 'Reason for emergency access must be 1000 characters or fewer' } })
    expect(outcome(breakGlassBody, { reason: '  Police report 123: missing  ' })).toEqual({ ok: true, data: { reason: 'Police report 123: missing' } })
  })

  it('takes nothing but the reason', () => {
    expect(outcome(breakGlassBody, { reason: 'Police report 123: missing', password: 'x' }).ok).toBe(false)
  })
})

describe('personIdParams', () => {
  it('accepts any short string (a malformed id is a 404 in the service, like any hidden record)', () => {
    expect(outcome(personIdParams, { id: 'not-a-uuid' }).ok).toBe(true)
    expect(outcome(personIdParams, { id: 'x'.repeat(65) }).ok).toBe(false)
  })
})
