import { describe, expect, it } from 'vitest'
import { parsePersonForm, personFormValues } from './forms.ts'

const valid = {
  _csrf: 'token',
  kind: 'child',
  givenName: 'Amira',
  middleNames: '',
  familyName: 'Khan',
  'dateOfBirth-day': '3',
  'dateOfBirth-month': '4',
  'dateOfBirth-year': '2013',
  gender: 'F',
  ethnicity: '',
  addressLine1: '',
  addressLine2: '',
  town: '',
  postcode: 'pe1 2ab',
}

const fields = (errors: Array<{ field: string }>) => errors.map((e) => e.field)

describe('parsePersonForm', () => {
  it('turns a valid form into input: date from three boxes, blanks dropped, postcode normalised', () => {
    const { input, errors } = parsePersonForm(valid)
    expect(errors).toEqual([])
    expect(input).toEqual({ kind: 'child', dobPrecision: 'exact', givenName: 'Amira', familyName: 'Khan', dateOfBirth: '2013-04-03', gender: 'F', postcode: 'PE1 2AB' })
  })

  it('treats an empty date as "not known"', () => {
    const { input, errors } = parsePersonForm({ ...valid, 'dateOfBirth-day': '', 'dateOfBirth-month': ' ', 'dateOfBirth-year': '' })
    expect(errors).toEqual([])
    expect(input).not.toHaveProperty('dateOfBirth')
  })

  it('asks for both names when they are empty, in form order', () => {
    const { input, errors } = parsePersonForm({ ...valid, givenName: '', familyName: '  ' })
    expect(input).toBeUndefined()
    expect(errors).toEqual([
      { field: 'givenName', message: 'Enter a first name' },
      { field: 'familyName', message: 'Enter a last name' },
    ])
  })

  it('refuses a half-filled date', () => {
    for (const missing of ['dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year']) {
      const { input, errors } = parsePersonForm({ ...valid, [missing]: '' })
      expect(input, missing).toBeUndefined()
      expect(errors, missing).toEqual([{ field: 'dateOfBirth', message: 'Date of birth must include a day, month and year' }])
    }
  })

  it('refuses a date that does not exist or is not numbers', () => {
    for (const [day, month, year] of [
      ['30', '2', '2026'],
      ['29', '2', '2026'],
      ['1', '13', '2010'],
      ['x', '1', '2010'],
      ['1', '1', '10'],
      ['001', '1', '2010'],
    ]) {
      const { input, errors } = parsePersonForm({ ...valid, 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year })
      expect(input, `${day}/${month}/${year}`).toBeUndefined()
      expect(errors, `${day}/${month}/${year}`).toEqual([{ field: 'dateOfBirth', message: 'Date of birth must be a real date' }])
    }
  })

  it('accepts 29 February in a leap year', () => {
    expect(parsePersonForm({ ...valid, 'dateOfBirth-day': '29', 'dateOfBirth-month': '02', 'dateOfBirth-year': '2012' }).input?.dateOfBirth).toBe('2012-02-29')
  })

  it('refuses a bad postcode and a missing gender, and keeps what was typed', () => {
    const { input, errors, values } = parsePersonForm({ ...valid, postcode: 'QQ1 1AA', gender: '' })
    expect(input).toBeUndefined()
    expect(errors).toEqual([
      { field: 'gender', message: 'Select a gender: F, M or U' },
      { field: 'postcode', message: 'Enter a real postcode, like PE1 2AB' },
    ])
    expect(values.postcode).toBe('QQ1 1AA')
    expect(values.givenName).toBe('Amira')
  })

  it('orders errors as the form is laid out', () => {
    const { errors } = parsePersonForm({ postcode: 'x', gender: 'Q', 'dateOfBirth-day': '1', kind: 'pet' })
    expect(fields(errors)).toEqual(['kind', 'givenName', 'familyName', 'dateOfBirth', 'gender', 'postcode'])
  })

  it('reads only its own fields: _csrf, ids and versions are ignored, not an error', () => {
    const { input, errors } = parsePersonForm({ ...valid, id: 'x', createdBy: 'y', version: '3' })
    expect(errors).toEqual([])
    expect(input).not.toHaveProperty('id')
    expect(input).not.toHaveProperty('createdBy')
    expect(input).not.toHaveProperty('_csrf')
  })

  it('ignores values that are not strings (repeated fields arrive as arrays)', () => {
    const { errors } = parsePersonForm({ ...valid, givenName: ['Amira', 'Other'] })
    expect(errors).toEqual([{ field: 'givenName', message: 'Enter a first name' }])
  })

  it('copes with no body at all', () => {
    const { input, errors } = parsePersonForm(undefined)
    expect(input).toBeUndefined()
    expect(fields(errors)).toEqual(['givenName', 'familyName', 'gender'])
  })

  it('caps what it echoes back at 300 characters per field', () => {
    const { values } = parsePersonForm({ ...valid, givenName: 'x'.repeat(5000) })
    expect(values.givenName).toHaveLength(300)
  })
})

describe('personFormValues', () => {
  it('fills the form from a stored person, splitting the date', () => {
    expect(personFormValues({ kind: 'child', givenName: 'Amira', familyName: 'Khan', dateOfBirth: '2013-04-03', gender: 'F', middleNames: null, postcode: 'PE1 2AB' })).toEqual({
      kind: 'child',
      givenName: 'Amira',
      familyName: 'Khan',
      gender: 'F',
      postcode: 'PE1 2AB',
      'dateOfBirth-day': '03',
      'dateOfBirth-month': '04',
      'dateOfBirth-year': '2013',
    })
  })

  it('round-trips through parsePersonForm unchanged', () => {
    const stored = { kind: 'adult' as const, givenName: 'Sam', familyName: 'Lee', dateOfBirth: '1990-12-31', gender: 'U' as const, town: 'Peterborough', postcode: 'PE1 2AB' }
    expect(parsePersonForm(personFormValues(stored)).input).toEqual({ ...stored, dobPrecision: 'exact' })
  })

  it('leaves the date boxes empty when the date of birth is not known', () => {
    const values = personFormValues({ givenName: 'A', familyName: 'B', gender: 'M', dateOfBirth: null })
    expect([values['dateOfBirth-day'], values['dateOfBirth-month'], values['dateOfBirth-year']]).toEqual(['', '', ''])
  })
})
