/** Every table of the authorization matrix. A route registered by the app but missing here fails the run. */
import { accountMatrix } from './account.ts'
import { authAndInfoMatrix } from './auth-and-info.ts'
import { governanceMatrix } from './governance.ts'
import { partnershipMatrix } from './partnership.ts'
import { peopleMatrix } from './people.ts'
import { personIndexMatrix } from './person-index.ts'
import type { MatrixEntry } from './types.ts'

export const MATRIX: readonly MatrixEntry[] = [...authAndInfoMatrix, ...accountMatrix, ...peopleMatrix, ...personIndexMatrix, ...partnershipMatrix, ...governanceMatrix]

export * from './types.ts'
