import type { Platform } from '../../platform/context/index.ts'
import { importsToResume, processBatch } from './import-matching.ts'

/**
 * The in-process background runner (ADR 0010): matches staged imports batch by batch, one import at a time, after
 * upload and — for imports a stop or crash left part-way — at server start. Each batch is its own transaction, so
 * stopping between batches (or being killed during one) loses nothing; the next start carries on. One runner per
 * platform (per database), shared by the routes and the server.
 */
export class ImportRunner {
  private readonly queue: string[] = []
  private running: Promise<void> | null = null
  private stopping = false
  private readonly failures = new Map<string, number>()

  constructor(
    private readonly platform: Platform,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  /** Match this import in the background (no-op if it is queued already). */
  kick(importId: string): void {
    if (this.stopping || this.queue.includes(importId)) return
    this.queue.push(importId)
    this.start()
  }

  private start(): void {
    if (this.running) return
    this.running = this.drain().finally(() => {
      this.running = null
      // Queued between the drain's last look and now.
      if (this.queue.length > 0 && !this.stopping) this.start()
    })
  }

  /** Whether this import is queued or being matched by this runner (a `matching` import that is not has stalled). */
  isQueued(importId: string): boolean {
    return this.queue.includes(importId)
  }

  /**
   * A person asked to carry on (the resume button): forget earlier failures, so a batch that failed three times
   * (say, while the database was unreachable) is tried again now rather than only at the next start.
   */
  resume(importId: string): void {
    this.failures.delete(importId)
    this.kick(importId)
  }

  /** Queue every import still `matching`. */
  async resumeAll(): Promise<number> {
    const ids = await importsToResume(this.platform)
    for (const id of ids) this.kick(id)
    return ids.length
  }

  /** Resolves once nothing is queued or running (tests; graceful stop). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running
  }

  /** Finish the batch in hand, start no other. */
  async stop(): Promise<void> {
    this.stopping = true
    this.queue.length = 0
    await this.whenIdle()
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopping) {
      const id = this.queue[0] as string
      try {
        const result = await processBatch(this.platform, id)
        if (result.done) this.queue.shift()
        // Let requests in between batches: the embedded database has one connection.
        await new Promise((resolve) => setImmediate(resolve))
      } catch (error) {
        this.queue.shift()
        const failures = (this.failures.get(id) ?? 0) + 1
        this.failures.set(id, failures)
        // The batch rolled back whole; the import stays `matching` and is tried again at the next start.
        this.log(`lantern: matching import ${id} failed (${failures}): ${(error as Error).message}`)
        if (failures < 3 && !this.stopping) setTimeout(() => this.kick(id), 5_000).unref()
      }
    }
  }
}

const runners = new WeakMap<Platform, ImportRunner>()

export function importRunner(platform: Platform): ImportRunner {
  let runner = runners.get(platform)
  if (!runner) {
    runner = new ImportRunner(platform)
    runners.set(platform, runner)
  }
  return runner
}
