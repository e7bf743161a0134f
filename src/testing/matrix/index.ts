/** Every table of the authorization matrix. A route registered by the app but missing here fails the run. */
import { accountMatrix } from './account.ts'
import { alertsMatrix } from './alerts.ts'
import { authAndInfoMatrix } from './auth-and-info.ts'
import { contactsMatrix } from './contacts.ts'
import { educationMatrix } from './education.ts'
import { exploitationMatrix } from './exploitation.ts'
import { governanceMatrix } from './governance.ts'
import { insightMatrix } from './insight.ts'
import { missingMatrix } from './missing.ts'
import { partnershipMatrix } from './partnership.ts'
import { peopleMatrix } from './people.ts'
import { personIndexMatrix } from './person-index.ts'
import { personMergeMatrix } from './person-merge.ts'
import { personImportMatrix } from './person-import.ts'
import type { MatrixEntry } from './types.ts'

export const MATRIX: readonly MatrixEntry[] = [...authAndInfoMatrix, ...accountMatrix, ...peopleMatrix, ...personIndexMatrix, ...personMergeMatrix, ...personImportMatrix, ...partnershipMatrix, ...governanceMatrix, ...missingMatrix, ...educationMatrix, ...alertsMatrix, ...contactsMatrix, ...exploitationMatrix, ...insightMatrix]

export * from './types.ts'
