/**
 * What a contact attachment may be (issue 4 point 1, ADR 0011). The type is decided from the file's own bytes
 * (magic numbers), never from the browser's declared type alone, and must agree with the file name's extension, so
 * a renamed executable or a script saved as "photo.jpg" is refused. Pure: unit-tested in attachment-rules.test.ts.
 */
import { cleanFilename } from '../../platform/http/filenames.ts'

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
export const ATTACHMENT_TYPES = {
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'text/plain': ['txt'],
} as const
export type AttachmentType = keyof typeof ATTACHMENT_TYPES

export const ATTACHMENT_ERRORS = {
  missing: 'Select a file',
  empty: 'The selected file is empty',
  tooBig: 'The selected file must be smaller than 10MB',
  type: 'The selected file must be a PDF, Word document (DOCX), JPG, PNG or plain text (TXT) file',
} as const

const startsWith = (bytes: Buffer, magic: readonly number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)

/** The type the content itself shows, or null when it is none of the accepted ones. */
export function detectAttachmentType(bytes: Buffer): AttachmentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf' // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  // A DOCX is a ZIP whose entries include the Word part; any other ZIP (or an .xlsx, a .jar) is refused.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return bytes.includes('word/document.xml') && bytes.includes('[Content_Types].xml') ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : null
  return isPlainText(bytes) ? 'text/plain' : null
}

/** Plain text has no magic number: valid UTF-8 with no control characters other than tab, line feed, carriage return, form feed. */
function isPlainText(bytes: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)
  } catch {
    return false
  }
}

export const extensionOf = (filename: string) => (/\.([a-z0-9]+)$/i.exec(filename)?.[1] ?? '').toLowerCase()

/** The stored name of an attachment (the platform's rule; `attachment` when nothing is left). */
export const cleanAttachmentName = (filename: string): string => cleanFilename(filename, 'attachment')

export type AttachmentCheck = { ok: true; contentType: AttachmentType } | { ok: false; message: string }

/** The upload rules in order: a file, not empty, not over the limit, an accepted type agreeing with its extension. */
export function checkAttachment(file: { filename: string; bytes: Buffer; truncated: boolean } | undefined): AttachmentCheck {
  if (!file || (file.filename === '' && file.bytes.length === 0)) return { ok: false, message: ATTACHMENT_ERRORS.missing }
  if (file.truncated || file.bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, message: ATTACHMENT_ERRORS.tooBig }
  if (file.bytes.length === 0) return { ok: false, message: ATTACHMENT_ERRORS.empty }
  const detected = detectAttachmentType(file.bytes)
  if (!detected || !(ATTACHMENT_TYPES[detected] as readonly string[]).includes(extensionOf(file.filename))) return { ok: false, message: ATTACHMENT_ERRORS.type }
  return { ok: true, contentType: detected }
}
