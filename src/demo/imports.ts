import type { PgTable } from 'drizzle-orm/pg-core'
import { importSources, type ImportField } from '../modules/people/import-schema.ts'
import type { DemoData } from './build.ts'
import { addDays, parseToday } from './dates.ts'
import { demoRandom } from './random.ts'

/**
 * Two extract sources for the demo partnership (ADR 0010), so the import pages are not empty on a fresh start and a
 * user can upload `docs/samples/school-extract.csv` straight away: the school's MIS pupil extract (the headings a
 * SIMS/Arbor-style census export uses) and the police force's nominal extract (one "SURNAME, Forenames" column,
 * ISO 5218 sex codes, saved as Windows-1252 by an older system). Both were set up by the MASH manager. No imports
 * and no rows: which children an extract holds is for the user to try.
 */
export type ImportsDemo = { tables: Array<{ table: PgTable; rows: Record<string, unknown>[] }> }

/** The school MIS source: `docs/samples/school-extract.csv` uses exactly these headings (plus an ignored "Year Group"). */
export const DEMO_SCHOOL_SOURCE = {
  name: 'Fenland Academy MIS pupil extract',
  agencyType: 'education',
  encoding: 'utf-8',
  mapping: {
    sourceRecordId: 'Adno',
    upn: 'UPN',
    familyName: 'Legal Surname',
    givenName: 'Legal Forename',
    middleNames: 'Middle Name(s)',
    dateOfBirth: 'DOB',
    gender: 'Gender',
    addressLine1: 'Address Line 1',
    town: 'Town',
    postcode: 'Postcode',
  },
} as const satisfies DemoSource

export const DEMO_POLICE_SOURCE = {
  name: 'Police niche extract',
  agencyType: 'police',
  encoding: 'windows-1252',
  mapping: {
    sourceRecordId: 'Nominal ID',
    fullName: 'Name',
    dateOfBirth: 'Date of Birth',
    gender: 'Sex',
    postcode: 'Home Postcode',
    policeId: 'PNC ID',
  },
} as const satisfies DemoSource

type DemoSource = { name: string; agencyType: string; encoding: 'utf-8' | 'windows-1252'; mapping: Partial<Record<ImportField, string>> }

export function generateImportsDemo(data: Pick<DemoData, 'agencies' | 'userIds'>, today: string): ImportsDemo {
  const ids = demoRandom(today, 'ids:imports')
  const createdBy = data.userIds['mash.manager']
  const createdAt = addDays(parseToday(today), -60)
  const rows = [DEMO_SCHOOL_SOURCE, DEMO_POLICE_SOURCE].map((s) => {
    const agency = data.agencies.find((a) => a.type === s.agencyType)
    if (!agency || !createdBy) throw new Error(`Demo partnership has no ${s.agencyType} agency or MASH manager`)
    return { id: ids.uuid(), agencyId: agency.id, name: s.name, encoding: s.encoding, mapping: { ...s.mapping }, createdBy, createdAt, updatedAt: createdAt }
  })
  return { tables: [{ table: importSources, rows }] }
}
