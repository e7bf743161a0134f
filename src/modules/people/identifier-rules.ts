/**
 * Pure rules for the person index's identifiers and contact details: check digits, normal forms, shapes.
 * No database, no HTTP. Normal forms are what is stored and compared, so "943 476 5919" and "9434765919" match.
 */

/** Digits only, after removing the spaces and hyphens people type ("943 476 5919", "943-476-5919"). */
function withoutSeparators(value: string): string {
  return value.replace(/[\s-]+/g, '')
}

/**
 * NHS number check digit (NHS Data Dictionary, modulus 11): the first nine digits weighted 10 down to 2, summed;
 * 11 minus the remainder mod 11 is the check digit, 11 counts as 0, and 10 means the number is never issued.
 * Returns null when no check digit exists for these nine digits.
 */
export function nhsCheckDigit(nineDigits: string): number | null {
  if (!/^\d{9}$/.test(nineDigits)) throw new RangeError('nhsCheckDigit needs nine digits')
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 11) return 0
  if (check === 10) return null
  return check
}

/** "943 476 5919" → "9434765919"; only meaningful for a valid number. */
export function normaliseNhsNumber(value: string): string {
  return withoutSeparators(value.trim())
}

export function isValidNhsNumber(value: string): boolean {
  const digits = normaliseNhsNumber(value)
  if (!/^\d{10}$/.test(digits)) return false
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9])
}

/** "9434765919" → "943 476 5919", the way the NHS prints it. */
export function formatNhsNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : digits
}

/**
 * The UPN alphabet: A–Z without I, O and S (so nothing reads as 1, 0 or 5). A letter's value is its position.
 * DfE's algorithm (CIN census validation rule 1510): characters 2 to 13 weighted 2 to 13 (digits by their value,
 * a temporary UPN's final letter by its position here), summed, mod 23, gives the check letter at character 1.
 * Checked against DfE's published examples H801200001001 and G80120000101A.
 */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'

/** The check letter for the twelve characters that follow it. */
export function upnCheckLetter(twelve: string): string {
  if (!/^\d{11}[0-9A-HJ-NP-RT-Z]$/.test(twelve)) throw new RangeError('upnCheckLetter needs 11 digits and a digit or UPN letter')
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const c = twelve.charAt(i)
    const value = /\d/.test(c) ? Number(c) : UPN_LETTERS.indexOf(c)
    sum += value * (i + 2)
  }
  return UPN_LETTERS.charAt(sum % 23)
}

/** "h801 2000 0100 1" → "H801200001001". */
export function normaliseUpn(value: string): string {
  return withoutSeparators(value.trim()).toUpperCase()
}

/**
 * A permanent UPN (check letter + 12 digits) or a temporary one (its last character a letter). The local-authority
 * code in characters 2–4 is not checked against a list here: the list changes with local government reorganisation.
 */
export function isValidUpn(value: string): boolean {
  const upn = normaliseUpn(value)
  if (!/^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/.test(upn)) return false
  return upnCheckLetter(upn.slice(1)) === upn.charAt(0)
}

/** Police and local-authority ids vary by force and council: trim, single spaces, upper case. */
export function normaliseReference(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toUpperCase()
}

// A pragmatic check, not RFC 5322: something@domain.tld without spaces, as GOV.UK services do.
const EMAIL = /^[^\s@<>()[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

export function isValidEmail(value: string): boolean {
  const v = value.trim()
  return v.length <= 254 && EMAIL.test(v)
}

/** The domain is case-insensitive; the local part is kept as given (it may matter to the mail server). */
export function normaliseEmail(value: string): string {
  const v = value.trim()
  const at = v.lastIndexOf('@')
  return at < 0 ? v : `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`
}

/**
 * UK phone numbers, stored as E.164 ("+447700900123") so that "07700 900123" and "+44 7700 900123" match.
 * libphonenumber-js is not available to this project, so this is a pattern: a UK number is 0 and 9 or 10 more
 * digits (or +44 and the same without the 0); any other number must be given in international form (+ and 7–15
 * digits). Mobiles (07…) must have 11 digits. Brackets, spaces, dots and hyphens are ignored.
 */
export function normalisePhone(value: string): string | null {
  const compact = value.trim().replace(/[\s().-]+/g, '')
  const uk = /^(?:\+44|0044|0)([1-9]\d{8,9})$/.exec(compact)
  // A few geographic numbers have 9 significant digits; mobiles (07…) always have 10.
  if (uk?.[1]) return uk[1].startsWith('7') && uk[1].length !== 10 ? null : `+44${uk[1]}`
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact
  return null
}

export function isValidPhone(value: string): boolean {
  return normalisePhone(value) !== null
}

/** "+447700900123" → "07700 900123" (UK mobiles and 11-digit numbers as 5+6; others as stored). */
export function formatPhone(e164: string): string {
  const uk = /^\+44(\d{9,10})$/.exec(e164)
  if (!uk?.[1]) return e164
  const national = `0${uk[1]}`
  return national.length === 11 ? `${national.slice(0, 5)} ${national.slice(5)}` : national
}

/** A social-media handle: letters, digits, dots, underscores and hyphens, at most 50, with or without the "@". */
export function normaliseHandle(value: string): string {
  return value.trim().replace(/^@/, '')
}

export function isValidHandle(value: string): boolean {
  return /^[A-Za-z0-9._-]{1,50}$/.test(normaliseHandle(value))
}
