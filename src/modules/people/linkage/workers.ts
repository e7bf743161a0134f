import os from 'node:os'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Comparison } from './comparisons.ts'
import { packRecords } from './pack.ts'
import { encodePairs } from './patterns.ts'
import type { StandardisedRecord } from './records.ts'

/**
 * Comparison vectors for many pairs, on worker threads. Under tsx or vitest the worker file is TypeScript, which a
 * bare worker cannot load: the worker starts from a small bootstrap that registers tsx's ESM hooks first, then
 * imports the worker module. A compiled build (score-worker.js) is imported directly.
 */
const CHUNK = 100_000
/** Below this many pairs the start-up cost of threads outweighs the gain. */
const INLINE_LIMIT = 150_000

function bootstrap(): string {
  // tsx's package exports resolve to the CommonJS api under require(); its ESM twin sits beside it.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs')
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(require('node:worker_threads').workerData.entry) })`
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 8))
}

export class CodeEncoder {
  private workers: Worker[] = []
  private starting: Promise<void> | undefined
  private nextJob = 0
  private readonly pending = new Map<number, { resolve: (codes: Float64Array) => void; reject: (e: unknown) => void }>()

  constructor(
    private readonly records: readonly StandardisedRecord[],
    private readonly comparisons: readonly Comparison[],
    private readonly threads = defaultThreads(),
    private readonly inlineLimit = INLINE_LIMIT,
  ) {}

  /** Codes for pairs (left[k], right[k]), in order. */
  async encode(left: Int32Array, right: Int32Array): Promise<Float64Array> {
    if (this.threads <= 1 || left.length < this.inlineLimit) return encodePairs(this.comparisons, this.records, left, right)
    await this.start()
    const out = new Float64Array(left.length)
    const chunks: Promise<void>[] = []
    let turn = 0
    for (let from = 0; from < left.length; from += CHUNK) {
      const to = Math.min(left.length, from + CHUNK)
      const worker = this.workers[turn++ % this.workers.length]
      if (!worker) throw new Error('no scoring worker')
      chunks.push(this.run(worker, left.slice(from, to), right.slice(from, to)).then((codes) => out.set(codes, from)))
    }
    await Promise.all(chunks)
    return out
  }

  async close(): Promise<void> {
    const workers = this.workers
    this.workers = []
    this.starting = undefined
    await Promise.all(workers.map((w) => w.terminate()))
  }

  private start(): Promise<void> {
    this.starting ??= (async () => {
      const packed = packRecords(this.records)
      const fileUrl = new URL(import.meta.url.endsWith('.ts') ? './score-worker.ts' : './score-worker.js', import.meta.url)
      const ts = fileUrl.pathname.endsWith('.ts')
      const workerData = { entry: fileUrl.href, records: packed, comparisons: this.comparisons.map((c) => c.id) }
      this.workers = Array.from({ length: this.threads }, () => (ts ? new Worker(bootstrap(), { eval: true, workerData }) : new Worker(fileUrl, { workerData })))
      await Promise.all(
        this.workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.on('message', (m: { ready?: boolean; id?: number; codes?: Float64Array }) => {
                if (m.ready) return resolve()
                const job = m.id === undefined ? undefined : this.pending.get(m.id)
                if (job && m.codes && m.id !== undefined) {
                  this.pending.delete(m.id)
                  job.resolve(m.codes)
                }
              })
              w.on('error', (error) => {
                reject(error)
                for (const job of this.pending.values()) job.reject(error)
                this.pending.clear()
              })
            }),
        ),
      )
    })()
    return this.starting
  }

  private run(worker: Worker, left: Int32Array, right: Int32Array): Promise<Float64Array> {
    const id = this.nextJob++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      // The chunks are fresh slices (own, non-shared buffers), so they can be transferred.
      worker.postMessage({ id, left, right }, [left.buffer as ArrayBuffer, right.buffer as ArrayBuffer])
    })
  }
}
