import { describe, expect, it } from 'vitest'
import { contactReference, decisionDueBy, DEFAULT_RAG_TIMESCALES, DEFAULT_RESEARCH_TIMESCALES, isOverdue, isRepeatContact, isResearchOverdue, nextStatus, researchDueBy } from './rules.ts'

const received = new Date('2026-11-27T23:30:00.250Z')

describe('decision due time', () => {
  it('is receipt plus the RAG timescale, to the millisecond (defaults 4 h, 24 h, 72 h)', () => {
    expect(decisionDueBy(received, 'red', DEFAULT_RAG_TIMESCALES).toISOString()).toBe('2026-11-28T03:30:00.250Z')
    expect(decisionDueBy(received, 'amber', DEFAULT_RAG_TIMESCALES).toISOString()).toBe('2026-11-28T23:30:00.250Z')
    expect(decisionDueBy(received, 'green', DEFAULT_RAG_TIMESCALES).toISOString()).toBe('2026-11-30T23:30:00.250Z')
  })

  it('follows configured timescales, including fractions of an hour', () => {
    expect(decisionDueBy(received, 'red', { red: 1.5, amber: 8, green: 48 }).toISOString()).toBe('2026-11-28T01:00:00.250Z')
  })

  it('counts elapsed hours across the change from summer time (no local-time arithmetic)', () => {
    const beforeChange = new Date('2026-10-24T23:00:00Z') // BST ends 2026-10-25 01:00 UTC
    expect(decisionDueBy(beforeChange, 'amber', DEFAULT_RAG_TIMESCALES).toISOString()).toBe('2026-10-25T23:00:00.000Z')
  })
})

describe('overdue', () => {
  const due = new Date('2026-11-28T03:30:00Z')
  it('is an open contact past its decision time', () => {
    expect(isOverdue({ status: 'in-triage', decisionDueBy: due }, new Date('2026-11-28T03:30:00.001Z'))).toBe(true)
    expect(isOverdue({ status: 'in-triage', decisionDueBy: due }, due)).toBe(false)
  })
  it('is never a decided or unrated contact', () => {
    expect(isOverdue({ status: 'decided', decisionDueBy: due }, new Date('2027-01-01T00:00:00Z'))).toBe(false)
    expect(isOverdue({ status: 'awaiting-triage', decisionDueBy: null }, new Date('2027-01-01T00:00:00Z'))).toBe(false)
  })
})

describe('repeat contacts', () => {
  const day = 86_400_000
  it('flags an earlier contact within the window, inclusive of its first instant', () => {
    expect(isRepeatContact(received, [new Date(received.getTime() - 30 * day)], 365)).toBe(true)
    expect(isRepeatContact(received, [new Date(received.getTime() - 365 * day)], 365)).toBe(true)
    expect(isRepeatContact(received, [new Date(received.getTime() - 365 * day - 1)], 365)).toBe(false)
  })
  it('never counts the contact itself or a later one', () => {
    expect(isRepeatContact(received, [received], 365)).toBe(false)
    expect(isRepeatContact(received, [new Date(received.getTime() + day)], 365)).toBe(false)
    expect(isRepeatContact(received, [], 365)).toBe(false)
  })
  it('follows the configured window', () => {
    expect(isRepeatContact(received, [new Date(received.getTime() - 40 * day)], 30)).toBe(false)
  })
})

describe('status transitions', () => {
  it('triage moves a new contact into triage and leaves later statuses alone', () => {
    expect(nextStatus('awaiting-triage', 'triage')).toBe('in-triage')
    expect(nextStatus('in-triage', 'triage')).toBe('in-triage')
    expect(nextStatus('awaiting-decision', 'triage')).toBe('awaiting-decision')
  })
  it('a recommendation awaits the decision; the decision is possible from any open status', () => {
    expect(nextStatus('in-triage', 'recommend')).toBe('awaiting-decision')
    for (const s of ['awaiting-triage', 'in-triage', 'awaiting-decision'] as const) expect(nextStatus(s, 'decide')).toBe('decided')
  })
  it('nothing moves a decided or closed contact', () => {
    for (const s of ['decided', 'closed'] as const) for (const step of ['triage', 'recommend', 'decide'] as const) expect(nextStatus(s, step)).toBeNull()
  })
})

it('references are numbers, never names', () => {
  expect(contactReference(42)).toBe('MASH-000042')
})

describe('research deadlines', () => {
  const asked = new Date('2026-11-28T10:00:00.000Z')
  it('follow the contact RAG (defaults red 2 h, amber 12 h, green 48 h); an unrated contact counts as amber', () => {
    expect(researchDueBy(asked, 'red', DEFAULT_RESEARCH_TIMESCALES).toISOString()).toBe('2026-11-28T12:00:00.000Z')
    expect(researchDueBy(asked, 'green', DEFAULT_RESEARCH_TIMESCALES).toISOString()).toBe('2026-11-30T10:00:00.000Z')
    expect(researchDueBy(asked, null, DEFAULT_RESEARCH_TIMESCALES)).toEqual(researchDueBy(asked, 'amber', DEFAULT_RESEARCH_TIMESCALES))
  })

  it('are always inside the decision timescale of the same RAG, by default', () => {
    for (const rag of ['red', 'amber', 'green'] as const) expect(DEFAULT_RESEARCH_TIMESCALES[rag]).toBeLessThan(DEFAULT_RAG_TIMESCALES[rag])
  })

  it('make only open requests overdue, strictly after the deadline', () => {
    const dueBy = new Date('2026-11-28T12:00:00.000Z')
    expect(isResearchOverdue({ status: 'open', dueBy }, new Date('2026-11-28T12:00:00.000Z'))).toBe(false)
    expect(isResearchOverdue({ status: 'open', dueBy }, new Date('2026-11-28T12:00:00.001Z'))).toBe(true)
    expect(isResearchOverdue({ status: 'answered', dueBy }, new Date('2026-11-29T00:00:00.000Z'))).toBe(false)
    expect(isResearchOverdue({ status: 'withdrawn', dueBy }, new Date('2026-11-29T00:00:00.000Z'))).toBe(false)
  })
})
