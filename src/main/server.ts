import type { FastifyInstance } from 'fastify'
import { modules } from '../modules/index.ts'
import type { Config } from '../platform/config/index.ts'
import { purgeExpiredSessions } from '../platform/auth/sessions.ts'
import { buildApp, ROOT_DIR } from '../platform/http/app.ts'
import { DEMO_ACCOUNTS, DEMO_DUAL_ROLE_ACCOUNT, DEMO_PASSWORD } from '../demo/index.ts'
import { migrate, openRuntime, seedIfEmpty, type Runtime } from './runtime.ts'
import { importRunner } from '../modules/people/import-runner.ts'

export type RunningServer = { app: FastifyInstance; runtime: Runtime; url: string; stop(): Promise<void> }

/**
 * Start Lantern: open the database, listen (so /health/live answers at once), migrate, load the demo partnership
 * on first run, then report ready. SIGTERM/SIGINT stop accepting, finish in-flight requests, close the database
 * and exit within 10 s (CONTRACTS.md §3).
 */
export async function startServer(config: Config, options: { log?: (line: string) => void; logger?: boolean } = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line))
  const started = Date.now()
  const runtime = await openRuntime(config)
  let ready = false
  let app: FastifyInstance
  try {
    app = await buildApp({ platform: runtime, config, modules, rootDir: ROOT_DIR, isReady: () => ready, ...(options.logger === false ? { logger: false } : {}) })
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await runtime.release()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`
  let purge: NodeJS.Timeout | undefined
  const stop = async () => {
    clearInterval(purge)
    await app.close()
    await runtime.release()
  }
  try {
    await migrate(runtime, config)
    const seeded = config.seedDemo ? await seedIfEmpty(runtime, config) : false
    await purgeExpiredSessions(runtime.database.db, runtime.clock.now())
    // Sign-in pages create anonymous sessions; expired rows of every kind are cleared every ten minutes.
    purge = setInterval(() => void purgeExpiredSessions(runtime.database.db, runtime.clock.now()).catch(() => undefined), 10 * 60_000)
    purge.unref()
    ready = true
    // Imports a stop or crash left part-way carry on from their last committed batch (ADR 0010).
    void importRunner(runtime).resumeAll().then((n) => n > 0 && log(`Resuming ${n} agency extract ${n === 1 ? 'import' : 'imports'}`))
    log(`Lantern is running at ${url} (${runtime.database.kind === 'pglite' ? `embedded database in ${config.pgliteDir}` : 'PostgreSQL'}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s${seeded ? ', demo partnership loaded' : ''})`)
    if (config.seedDemo) printDemoSignIns(log)
  } catch (error) {
    await stop()
    throw error
  }
  return { app, runtime, url, stop }
}

function printDemoSignIns(log: (line: string) => void): void {
  log('')
  log(`Demo sign-ins (password for all: ${DEMO_PASSWORD}; security code: npm run --silent lantern -- demo totp EMAIL):`)
  for (const a of DEMO_ACCOUNTS) log(`  ${a.email.padEnd(40)} ${a.roleProfile}`)
  log(`  ${DEMO_DUAL_ROLE_ACCOUNT.email.padEnd(40)} ${DEMO_DUAL_ROLE_ACCOUNT.roleProfiles.join(' or ')} (chooses at sign-in)`)
  log('')
}
