import type { Config } from '../../platform/config/index.ts'
import { startServer } from '../server.ts'

const SHUTDOWN_LIMIT_MS = 10_000

/** `lantern serve`: runs until SIGTERM/SIGINT. Returns -1 so the CLI does not exit while serving. */
export async function serve(config: Config): Promise<number> {
  const server = await startServer(config)
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: finishing requests and closing the database…`)
    const force = setTimeout(() => {
      console.error('Shutdown took longer than 10 s; exiting.')
      process.exit(1)
    }, SHUTDOWN_LIMIT_MS - 500)
    force.unref()
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Error during shutdown: ${(error as Error).message}`)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
  return -1
}
