import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatNhsNumber,
  formatPhone,
  isValidEmail,
  isValidHandle,
  isValidNhsNumber,
  isValidPhone,
  isValidUpn,
  nhsCheckDigit,
  normaliseEmail,
  normaliseHandle,
  normaliseNhsNumber,
  normalisePhone,
  normaliseUpn,
  upnCheckLetter,
  UPN_LETTERS,
} from './identifier-rules.ts'

const nineDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((d) => d.join(''))

describe('NHS number (modulus 11)', () => {
  it.each(['9434765919', '943 476 5919', '943-476-5919', ' 943 476 5919 ', '9990000018'])('accepts %j', (v) => {
    expect(isValidNhsNumber(v)).toBe(true)
  })

  it.each([
    ['9434765918', 'wrong check digit'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943476591X', 'a letter'],
    ['', 'empty'],
    ['943.476.5919', 'dots are not separators here'],
  ])('refuses %j (%s)', (v) => {
    expect(isValidNhsNumber(v)).toBe(false)
  })

  it('computes the check digit as the NHS Data Dictionary does (11 → 0, 10 → no number)', () => {
    expect(nhsCheckDigit('943476591')).toBe(9)
    // 10 * 0 + … : a sum divisible by 11 gives 11 - 0 = 11, which is written 0.
    expect(nhsCheckDigit('000000000')).toBe(0)
    // 1 * 10 = 10, 11 - 10 = 1; 2 * 10 = 20 → 11 - 9 = 2; find a 10 case: 100000001 → 10 + 2 = 12 → 11 - 1 = 10.
    expect(nhsCheckDigit('100000001')).toBeNull()
  })

  it('accepts every number whose check digit is computed, and refuses every other last digit (property)', () => {
    fc.assert(
      fc.property(nineDigits, fc.integer({ min: 0, max: 9 }), (nine, last) => {
        const check = nhsCheckDigit(nine)
        expect(isValidNhsNumber(`${nine}${last}`)).toBe(check === last)
      }),
    )
  })

  it('normalises and formats round trip (property)', () => {
    fc.assert(
      fc.property(nineDigits, (nine) => {
        const check = nhsCheckDigit(nine)
        fc.pre(check !== null)
        const digits = `${nine}${check}`
        expect(normaliseNhsNumber(formatNhsNumber(digits))).toBe(digits)
        expect(isValidNhsNumber(formatNhsNumber(digits))).toBe(true)
      }),
    )
  })
})

describe('UPN check letter (DfE rule 1510)', () => {
  it.each(['H801200001001', 'G80120000101A', 'B801200005001', 'h801 2000 0100 1'])('accepts %j (DfE and published examples)', (v) => {
    expect(isValidUpn(v)).toBe(true)
  })

  it.each([
    ['Z801200001001', 'wrong check letter'],
    ['A801200005001', 'wrong check letter'],
    ['X80120000A001', 'a letter in the middle'],
    ['H80120000100', 'twelve characters'],
    ['I801200001001', 'I is not a UPN letter'],
    ['G80120000101S', 'S is not a UPN letter'],
    ['', 'empty'],
  ])('refuses %j (%s)', (v) => {
    expect(isValidUpn(v)).toBe(false)
  })

  it('computes the letter from characters 2–13 weighted 2–13, mod 23', () => {
    expect(upnCheckLetter('801200001001')).toBe('H')
    expect(upnCheckLetter('80120000101A')).toBe('G')
  })

  it('accepts exactly the computed letter for any body (property)', () => {
    const body = fc.tuple(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }).map((d) => d.join('')),
      fc.constantFrom(...'0123456789', ...UPN_LETTERS),
    )
    fc.assert(
      fc.property(body, fc.constantFrom(...UPN_LETTERS), ([digits, last], letter) => {
        const twelve = `${digits}${last}`
        expect(isValidUpn(`${letter}${twelve}`)).toBe(letter === upnCheckLetter(twelve))
        expect(normaliseUpn(` ${letter.toLowerCase()}${twelve} `)).toBe(`${letter}${twelve}`)
      }),
    )
  })
})

describe('email', () => {
  it.each(['a.parent@example.com', 'x+tag@mail.example.co.uk', 'Name@Example.ORG'])('accepts %j', (v) => expect(isValidEmail(v)).toBe(true))
  it.each(['no-at-sign', 'a@b', 'a @example.com', 'a@example..com', '@example.com', 'a@-example.com'])('refuses %j', (v) => expect(isValidEmail(v)).toBe(false))
  it('lower-cases only the domain', () => expect(normaliseEmail(' Jo.Smith@Example.COM ')).toBe('Jo.Smith@example.com'))
})

describe('UK phone numbers', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['0044 7700 900 123', '+447700900123'],
    ['(01733) 123456', '+441733123456'],
    ['020 7946 0958', '+442079460958'],
    ['+33 1 23 45 67 89', '+33123456789'],
  ])('%j → %j', (input, e164) => {
    expect(normalisePhone(input)).toBe(e164)
    expect(isValidPhone(input)).toBe(true)
  })

  it.each(['123', '0770090012', '077009001234567', 'call me', '+0 123 456 789', '07700 9OO123'])('refuses %j', (v) => {
    expect(isValidPhone(v)).toBe(false)
  })

  it('formats UK numbers the way people write them', () => {
    expect(formatPhone('+447700900123')).toBe('07700 900123')
    expect(formatPhone('+33123456789')).toBe('+33123456789')
  })

  it('normalises every valid spelling of a UK mobile to the same value (property)', () => {
    const mobile = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((d) => `7${d.join('')}`)
    fc.assert(
      fc.property(mobile, fc.constantFrom('0', '+44', '+44 ', '0044'), fc.constantFrom('', ' ', '-'), (m, prefix, sep) => {
        const typed = `${prefix}${m.slice(0, 4)}${sep}${m.slice(4)}`
        expect(normalisePhone(typed)).toBe(`+44${m}`)
      }),
    )
  })
})

describe('social-media handles', () => {
  it.each(['@jay_dee', 'jay.dee-99', 'A'])('accepts %j', (v) => expect(isValidHandle(v)).toBe(true))
  it.each(['', '@', 'has space', 'semi;colon', 'x'.repeat(51), '<script>'])('refuses %j', (v) => expect(isValidHandle(v)).toBe(false))
  it('drops the leading @', () => expect(normaliseHandle(' @jay_dee ')).toBe('jay_dee'))
})
