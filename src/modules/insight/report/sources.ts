/**
 * The problem-profile tables the pack carries (data quality, incidence by source agency, prevalence of core risks),
 * as the profile part computes them for its own pages: one source, so the pack and the profile agree.
 */
export { dataQualityTables } from '../profile/data-quality.ts'
export { incidenceTables } from '../profile/incidence.ts'
export { prevalenceTables } from '../profile/prevalence.ts'
