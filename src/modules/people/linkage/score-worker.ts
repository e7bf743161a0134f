import { parentPort, workerData } from 'node:worker_threads'
import { COMPARISONS, type ComparisonId } from './comparisons.ts'
import { unpackRecords, type PackedRecords } from './pack.ts'
import { encodePairs } from './patterns.ts'

/** Worker thread: holds one batch of records and turns chunks of candidate pairs into comparison-vector codes. */
interface Init {
  readonly entry: string
  readonly records: PackedRecords
  readonly comparisons: readonly ComparisonId[]
}
export interface ScoreJob {
  readonly id: number
  readonly left: Int32Array
  readonly right: Int32Array
}

const init = workerData as Init // set by workers.ts, which owns this shape
const records = unpackRecords(init.records)
const comparisons = init.comparisons.map((id) => COMPARISONS.find((c) => c.id === id)).filter((c) => c !== undefined)

parentPort?.on('message', (job: ScoreJob) => {
  const codes = encodePairs(comparisons, records, job.left, job.right)
  // encodePairs allocates a fresh ArrayBuffer (never shared), so it can be transferred.
  parentPort?.postMessage({ id: job.id, codes }, [codes.buffer as ArrayBuffer])
})
parentPort?.postMessage({ ready: true })
