/** Insight, cohort part (issue 7): matrix rows for its routes. */
import type { MatrixEntry } from './types.ts'

export const insightCohortMatrix: readonly MatrixEntry[] = []
