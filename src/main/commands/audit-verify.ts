import fs from 'node:fs'
import type { Config } from '../../platform/config/index.ts'
import { verifyAuditChain } from '../../platform/audit/verify.ts'
import { loadAuditKey } from '../../platform/audit/key.ts'
import type { Runtime } from '../runtime.ts'

/** `lantern audit verify`: exit 0 on an intact chain; otherwise print `first bad seq: N` and exit 1. */
export async function auditVerify(runtime: Runtime, config: Config): Promise<number> {
  const key = loadAuditKey({ key: config.auditKey, keyFile: config.auditKeyFile, create: false })
  const result = await verifyAuditChain(runtime.database.db, key, config.auditCheckpointFile)
  if (result.ok && result.rows > 0 && !fs.existsSync(config.auditCheckpointFile)) {
    // The rows chain correctly, but without the witness a recomputed tail or a truncation cannot be ruled out.
    console.log(`audit checkpoints missing: ${config.auditCheckpointFile}`)
    console.log(`audit chain unverifiable: ${result.rows} rows hash correctly, but the checkpoint file has gone`)
    return 1
  }
  if (result.ok) {
    console.log(`audit chain intact: ${result.rows} rows, ${result.witnessed} checkpointed`)
    return 0
  }
  console.log(`audit chain broken: ${result.problem}`)
  console.log(`first bad seq: ${result.firstBadSeq}`)
  return 1
}
