import { formatDateTime } from '../../platform/views/index.ts'
import type { AttachmentListing } from './attachments.ts'

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'image/jpeg': 'JPG image',
  'image/png': 'PNG image',
  'text/plain': 'Text',
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** Rows of the contact page's "Attachments" table (nunjucks escapes every value). */
export function presentAttachments(contactId: string, rows: readonly AttachmentListing[]) {
  return rows.map((a) => ({
    href: `/contacts/${contactId}/attachments/${a.id}`,
    filename: a.filename,
    type: TYPE_LABELS[a.contentType] ?? a.contentType,
    size: formatSize(a.sizeBytes),
    by: a.uploadedByName,
    at: formatDateTime(a.uploadedAt),
  }))
}
