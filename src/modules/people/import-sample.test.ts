import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_POLICE_SOURCE, DEMO_SCHOOL_SOURCE } from '../../demo/imports.ts'
import { checkMapping } from './import-fields.ts'
import { readExtract } from './import-parse.ts'

/**
 * The demo's extract sources are usable mappings, and the sample extract in docs/samples (the one the ADR and the
 * demo point a user to) is read cleanly by the demo school source: a user can upload it on a fresh start.
 */
const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../docs/samples/school-extract.csv')

describe('demo extract sources and the sample extract', () => {
  it('has mappings that pass the source form’s checks', () => {
    expect(checkMapping(DEMO_SCHOOL_SOURCE.mapping)).toEqual([])
    expect(checkMapping(DEMO_POLICE_SOURCE.mapping)).toEqual([])
  })

  it('reads docs/samples/school-extract.csv with the school source, every row staged, the year group ignored', () => {
    const result = readExtract(fs.readFileSync(SAMPLE), DEMO_SCHOOL_SOURCE, '2026-11-28')
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.extract.rows).toHaveLength(8)
    expect(result.extract.ignoredColumns).toEqual(['Year Group'])
    expect(result.extract.rows[3]?.data).toMatchObject({ sourceRecordId: '10424', givenName: 'Saoirse', familyName: 'Lindqvist', dateOfBirth: '2010-11-11', addressLine1: 'Flat 3, Granary Court', postcode: 'PE16 6BN', upn: 'H873402112121' })
  })
})
