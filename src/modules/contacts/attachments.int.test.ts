/**
 * Contact attachments through the real app (issue 4 point 1, ADR 0011): the referrer and the MASH attach files;
 * the type is checked from the bytes and must agree with the extension; empty, oversized and disguised files are
 * refused with GOV.UK errors and nothing stored; downloads are attachments with nosniff; someone who may not read
 * the contact (or, for the referrer, a file the MASH added) gets the 404 of an unknown id; every step is audited.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { MAX_ATTACHMENT_BYTES } from './attachment-rules.ts'
import { contactAttachments } from './schema.ts'

let t: TestApp
let contactId: string
const pages: Record<string, BrowserSession> = {}
const db = () => t.testDb.database.db
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

function upload(who: string, id: string, file?: { name: string; content: Buffer; type?: string }) {
  const session = pages[who]!
  const boundary = `----lantern${randomUUID()}`
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${session.csrf}\r\n`)]
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type ?? 'application/pdf'}\r\n\r\n`), file.content, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return t.app.inject({ method: 'POST', url: `/contacts/${id}/attachments`, headers: { cookie: session.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) })
}
const stored = async () => db().select({ id: contactAttachments.id, filename: contactAttachments.filename }).from(contactAttachments).where(eq(contactAttachments.contactId, contactId))

beforeAll(async () => {
  t = await createTestApp()
  const token = await t.tokenFor(demoEmail('school.dsl'))
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ child: { givenName: 'Ottilie', familyName: 'Brackenbury', dateOfBirth: '2011-09-14', gender: 'F' }, concernTypes: ['CSE'], referralSource: '2A', narrative: 'Seen getting into cars after school.', lawfulBasis: 'public-task' }),
  })
  expect(created.statusCode, created.body).toBe(201)
  contactId = created.json<{ id: string }>().id
  for (const account of ['school.dsl', 'mash.manager', 'mash.social.worker', 'social.worker', 'health.nurse']) pages[account] = await t.sessionFor(demoEmail(account))
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('contact attachments', () => {
  it('refuses a missing, empty, oversized or disguised file with a GOV.UK error and stores nothing', async () => {
    const cases: Array<[Parameters<typeof upload>[2], string]> = [
      [undefined, 'Select a file'],
      [{ name: 'empty.pdf', content: Buffer.alloc(0) }, 'The selected file is empty'],
      [{ name: 'big.txt', content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x61), type: 'text/plain' }, 'The selected file must be smaller than 10MB'],
      [{ name: 'report.pdf', content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00') }, 'must be a PDF, Word document (DOCX), JPG, PNG or plain text (TXT) file'],
      [{ name: 'photo.pdf', content: PNG }, 'must be a PDF'],
      [{ name: 'archive.docx', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]) }, 'must be a PDF'],
    ]
    for (const [file, message] of cases) {
      const res = await upload('school.dsl', contactId, file)
      expect(res.statusCode, file?.name).toBe(400)
      expect(res.body).toContain('There is a problem')
      expect(res.body).toContain(message)
    }
    expect(await stored()).toHaveLength(0)
  })

  it('the referrer attaches a PDF and downloads it as an attachment with nosniff; audited', async () => {
    const form = await pages['school.dsl']!.get(`/contacts/${contactId}/attachments/new`)
    expect(form.statusCode).toBe(200)
    const res = await upload('school.dsl', contactId, { name: 'Referral letter.pdf', content: PDF, type: 'image/png' })
    expect(res.statusCode, res.body).toBe(303)
    const [row] = await stored()
    expect(row?.filename).toBe('Referral letter.pdf')
    const [full] = await db().select().from(contactAttachments).where(eq(contactAttachments.id, row!.id))
    // The stored type is the detected one, not the browser's claim; the hash is of the bytes.
    expect(full).toMatchObject({ contentType: 'application/pdf', sizeBytes: PDF.length })
    expect(full?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(Buffer.compare(full!.content, PDF)).toBe(0)

    const page = await pages['school.dsl']!.get(`/contacts/${contactId}`)
    expect(page.body).toContain('Referral letter.pdf')
    const file = await pages['school.dsl']!.get(`/contacts/${contactId}/attachments/${row!.id}`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="Referral letter.pdf"/)
    expect(file.headers['x-content-type-options']).toBe('nosniff')
    expect(file.rawPayload.equals(PDF)).toBe(true)
    const actions = (await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.resourceId, contactId))).map((a) => a.action)
    expect(actions).toContain('contacts.attachment.added')
    expect(actions).toContain('contacts.attachment.downloaded')
  })

  it('only those who may read the contact see a file; the referrer never sees the MASH’s files', async () => {
    const [dslFile] = await stored()
    const url = `/contacts/${contactId}/attachments/${dslFile!.id}`
    expect((await pages['mash.social.worker']!.get(url)).statusCode).toBe(200)
    for (const who of ['social.worker', 'health.nurse']) {
      expect((await pages[who]!.get(url)).statusCode, who).toBe(404)
      expect((await pages[who]!.get(`/contacts/${contactId}/attachments/new`)).statusCode, who).toBe(404)
      expect((await upload(who, contactId, { name: 'x.txt', content: Buffer.from('x'), type: 'text/plain' })).statusCode, who).toBe(404)
    }
    // A file id under another contact's id is unknown, not a way round the check.
    expect((await pages['mash.manager']!.get(`/contacts/${randomUUID()}/attachments/${dslFile!.id}`)).statusCode).toBe(404)

    expect((await upload('mash.manager', contactId, { name: 'Police notes.txt', content: Buffer.from('PNC checked: nothing held.\n'), type: 'text/plain' })).statusCode).toBe(303)
    const mashFile = (await stored()).find((f) => f.filename === 'Police notes.txt')
    expect(mashFile).toBeDefined()
    expect((await pages['school.dsl']!.get(`/contacts/${contactId}/attachments/${mashFile!.id}`)).statusCode).toBe(404)
    expect((await pages['school.dsl']!.get(`/contacts/${contactId}`)).body).not.toContain('Police notes.txt')
    const mashPage = await pages['mash.manager']!.get(`/contacts/${contactId}`)
    expect(mashPage.body).toContain('Police notes.txt')
    expect(mashPage.body).toContain('File attached: Referral letter.pdf')
  })
})
