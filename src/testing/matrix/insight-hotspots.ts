/** Insight, hotspots part (issue 7): matrix rows for its routes. */
import type { MatrixEntry } from './types.ts'

export const insightHotspotsMatrix: readonly MatrixEntry[] = []
