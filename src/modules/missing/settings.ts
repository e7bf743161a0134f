import type { Tx } from '../../platform/db/client.ts'
import { missingSettings, RISK_GRADES, type RiskGrade } from './schema.ts'

export type Factor = { code: string; label: string }

/** DOMAIN.md §1.3: typical push and pull factors — defaults a partnership replaces with its own list (LOCAL). */
export const DEFAULT_PUSH_FACTORS: readonly Factor[] = [
  { code: 'abuse-or-neglect', label: 'Abuse or neglect' },
  { code: 'family-conflict', label: 'Family conflict or breakdown' },
  { code: 'domestic-abuse', label: 'Domestic abuse' },
  { code: 'parental-substance-misuse', label: 'Parental substance misuse' },
  { code: 'parental-mental-health', label: 'Parental mental ill-health' },
  { code: 'bullying', label: 'Bullying' },
  { code: 'loneliness', label: 'Loneliness' },
  { code: 'placement-unhappy', label: 'Unhappy with the placement or its instability' },
  { code: 'school-problems', label: 'Problems at school' },
]
export const DEFAULT_PULL_FACTORS: readonly Factor[] = [
  { code: 'grooming-exploitation', label: 'Grooming or exploitation by adults or peers' },
  { code: 'older-partner', label: 'An older boyfriend or girlfriend' },
  { code: 'friends-peer-group', label: 'Friends or a peer group' },
  { code: 'drugs-alcohol', label: 'Drugs or alcohol' },
  { code: 'gifts-money', label: 'Gifts or money' },
  { code: 'family-contact', label: 'Wanting to be with family, siblings or a former placement' },
  { code: 'excitement-status', label: 'Excitement or status' },
]

export type MissingSettings = {
  /** "No child below …" (DOMAIN.md §2.3): off (null) by default. */
  minimumChildRiskGrade: RiskGrade | null
  pushFactors: Factor[]
  pullFactors: Factor[]
  /** The return interview service that new RHIs are allocated to; none = the social care team does them. */
  returnInterviewTeamId: string | null
}

const isFactorList = (v: unknown): v is Factor[] =>
  Array.isArray(v) && v.every((f) => typeof f === 'object' && f !== null && typeof (f as Factor).code === 'string' && typeof (f as Factor).label === 'string')

/** The settings in force: configuration rows where present and well-formed, else the defaults. */
export async function loadMissingSettings(tx: Tx): Promise<MissingSettings> {
  const rows = new Map((await tx.select().from(missingSettings)).map((r) => [r.key, r.value]))
  const minimum = rows.get('minimumChildRiskGrade')
  const team = rows.get('returnInterviewTeamId')
  const push = rows.get('pushFactors')
  const pull = rows.get('pullFactors')
  return {
    minimumChildRiskGrade: typeof minimum === 'string' && (RISK_GRADES as readonly string[]).includes(minimum) ? (minimum as RiskGrade) : null,
    pushFactors: isFactorList(push) ? push : [...DEFAULT_PUSH_FACTORS],
    pullFactors: isFactorList(pull) ? pull : [...DEFAULT_PULL_FACTORS],
    returnInterviewTeamId: typeof team === 'string' && /^[0-9a-f-]{36}$/i.test(team) ? team : null,
  }
}
