import { describe, expect, it } from 'vitest'
import { ATTACHMENT_ERRORS, MAX_ATTACHMENT_BYTES, checkAttachment, cleanAttachmentName, detectAttachmentType } from './attachment-rules.ts'

const file = (filename: string, bytes: Buffer | string, truncated = false) => ({ filename, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), truncated })
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....word/document.xml....')])

describe('attachment rules', () => {
  it('detects the accepted types from their bytes', () => {
    expect(detectAttachmentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf')
    expect(detectAttachmentType(PNG)).toBe('image/png')
    expect(detectAttachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(detectAttachmentType(DOCX)).toMatch(/wordprocessingml/)
    expect(detectAttachmentType(Buffer.from('Notes from the call, £5 given to her\r\n'))).toBe('text/plain')
  })

  it('refuses what is none of them: executables, other ZIPs, binary, invalid UTF-8', () => {
    expect(detectAttachmentType(Buffer.from('MZ\x90\x00\x03'))).toBeNull()
    expect(detectAttachmentType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBeNull()
    expect(detectAttachmentType(Buffer.from([0x41, 0x00, 0x42]))).toBeNull()
    expect(detectAttachmentType(Buffer.from([0xc3, 0x28]))).toBeNull()
  })

  it('applies the rules in order and checks the extension agrees with the content', () => {
    expect(checkAttachment(undefined)).toEqual({ ok: false, message: ATTACHMENT_ERRORS.missing })
    expect(checkAttachment(file('', ''))).toEqual({ ok: false, message: ATTACHMENT_ERRORS.missing })
    expect(checkAttachment(file('a.pdf', ''))).toEqual({ ok: false, message: ATTACHMENT_ERRORS.empty })
    expect(checkAttachment(file('a.txt', 'x', true))).toEqual({ ok: false, message: ATTACHMENT_ERRORS.tooBig })
    expect(checkAttachment(file('a.txt', Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x61)))).toEqual({ ok: false, message: ATTACHMENT_ERRORS.tooBig })
    expect(checkAttachment(file('photo.pdf', PNG))).toEqual({ ok: false, message: ATTACHMENT_ERRORS.type })
    expect(checkAttachment(file('run.exe', 'MZ\x90'))).toEqual({ ok: false, message: ATTACHMENT_ERRORS.type })
    expect(checkAttachment(file('script.txt.exe', 'echo hi'))).toEqual({ ok: false, message: ATTACHMENT_ERRORS.type })
    expect(checkAttachment(file('Photo.JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xdb])))).toEqual({ ok: true, contentType: 'image/jpeg' })
    expect(checkAttachment(file('letter.docx', DOCX))).toMatchObject({ ok: true })
  })

  it('keeps only a safe base name', () => {
    expect(cleanAttachmentName('C:\\Users\\x\\Report "final".pdf')).toBe('Report final.pdf')
    expect(cleanAttachmentName('../../etc/passwd')).toBe('passwd')
    expect(cleanAttachmentName('')).toBe('attachment')
  })
})
