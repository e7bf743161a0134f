/**
 * Pure rules of missing episodes (no database, no clock of their own): grade order, duration, the return home
 * interview's deadline, overlap, and the time checks every recording must pass. Unit-tested in rules.test.ts.
 */
import type { FieldError } from '../../platform/errors.ts'
import { RISK_GRADES, type RiskGrade } from './schema.ts'

const HOUR_MS = 3_600_000

/** DOMAIN.md §1.2: offered and carried out within 72 hours of the child's return (CONTRACTS.md §6: exactly). */
export const RHI_DUE_HOURS = 72

export function rhiDueBy(returnedAt: Date): Date {
  return new Date(returnedAt.getTime() + RHI_DUE_HOURS * HOUR_MS)
}

/** The episode's start for duration and overlap: last seen when known, else reported missing (CONTRACTS.md §6). */
export function episodeStart(e: { lastSeenAt: Date | null; reportedMissingAt: Date }): Date {
  return e.lastSeenAt ?? e.reportedMissingAt
}

/** Whole minutes from the start to the return (or to `now` while still missing; null when asked for returned only). */
export function durationMinutes(e: { lastSeenAt: Date | null; reportedMissingAt: Date; returnedAt: Date | null }, now?: Date): number | null {
  const end = e.returnedAt ?? now
  if (!end) return null
  return Math.max(0, Math.floor((end.getTime() - episodeStart(e).getTime()) / 60_000))
}

/** "2 days 3 hours", "45 minutes": how long, in words, for pages. */
export function durationText(minutes: number): string {
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const part = (n: number, unit: string) => (n === 0 ? '' : `${n} ${unit}${n === 1 ? '' : 's'}`)
  if (days > 0) return [part(days, 'day'), part(hours, 'hour')].filter(Boolean).join(' ')
  if (hours > 0) return [part(hours, 'hour'), part(mins, 'minute')].filter(Boolean).join(' ')
  return mins === 0 ? 'less than a minute' : part(mins, 'minute')
}

export function gradeRank(grade: RiskGrade): number {
  return RISK_GRADES.indexOf(grade)
}

/** The partnership setting "no child below …" (DOMAIN.md §2.3, LOCAL): null = off. */
export function gradeAllowed(grade: RiskGrade, minimum: RiskGrade | null): boolean {
  return minimum === null || gradeRank(grade) >= gradeRank(minimum)
}

export const RISK_GRADE_LABELS: Record<RiskGrade, string> = { 'very-low': 'Very low', low: 'Low', medium: 'Medium', high: 'High' }

type Period = { start: Date; end: Date | null }

/** Two periods overlap when each starts before the other ends (an open period never ends). Touching is not overlap. */
export function periodsOverlap(a: Period, b: Period): boolean {
  const aEndsAfterBStarts = a.end === null || a.end.getTime() > b.start.getTime()
  const bEndsAfterAStarts = b.end === null || b.end.getTime() > a.start.getTime()
  return aEndsAfterBStarts && bEndsAfterAStarts
}

/** The time checks of recording an episode: nothing in the future, last seen no later than reported. */
export function checkEpisodeTimes(input: { reportedMissingAt: Date; lastSeenAt?: Date | null | undefined }, now: Date): FieldError[] {
  const errors: FieldError[] = []
  if (input.lastSeenAt && input.lastSeenAt.getTime() > now.getTime()) errors.push({ field: 'lastSeenAt', message: 'Time last seen must be in the past' })
  if (input.reportedMissingAt.getTime() > now.getTime()) errors.push({ field: 'reportedMissingAt', message: 'Time reported missing must be in the past' })
  if (input.lastSeenAt && input.lastSeenAt.getTime() > input.reportedMissingAt.getTime() && input.lastSeenAt.getTime() <= now.getTime()) {
    errors.push({ field: 'lastSeenAt', message: 'Time last seen must be the same as or before the time reported missing' })
  }
  return errors
}

/** The time checks of a return: not before the report, not in the future. */
export function checkReturnTime(returnedAt: Date, reportedMissingAt: Date, now: Date): FieldError[] {
  if (returnedAt.getTime() > now.getTime()) return [{ field: 'returnedAt', message: 'Time of return must be in the past' }]
  if (returnedAt.getTime() < reportedMissingAt.getTime()) return [{ field: 'returnedAt', message: 'Time of return must be after the time the child was reported missing' }]
  return []
}

/** RHI statuses in which the interview is still to happen (these count as overdue after the deadline). */
export const RHI_OPEN_STATUSES = ['due', 'offered', 'accepted'] as const

export function rhiOverdue(rhi: { status: string; dueBy: Date }, now: Date): boolean {
  return (RHI_OPEN_STATUSES as readonly string[]).includes(rhi.status) && rhi.dueBy.getTime() < now.getTime()
}

/** A looked-after child's episode: missing from care, or carrying the DfE M/A type. */
export function isLookedAfterEpisode(e: { missingFrom: string; missingType: string | null }): boolean {
  return e.missingFrom === 'care' || e.missingType !== null
}
