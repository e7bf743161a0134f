import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * Lantern as a user runs it: a real child process (`lantern serve`) on a fresh data folder, so the browser tests
 * cover the composition root, first-run migration and demo seed, the data-folder lock and a clean SIGTERM stop
 * (CONTRACTS.md §3).
 *
 * The child is `node --import tsx src/main/cli.ts` — what `npm start` (`tsx src/main/cli.ts serve`) runs, minus
 * tsx's signal-relaying wrapper process — so SIGTERM reaches Lantern itself and `lantern.pid` names this child.
 */

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const CLI = path.join(ROOT, 'src/main/cli.ts')
/** The date the demo partnership is generated for: fixed, so the demo data is the same on every run. */
export const E2E_TODAY = '2026-11-28'
// Generous: a loaded CI machine has been seen to take over 60 s (a quiet one takes about 10 s; see the README).
const READY_TIMEOUT_MS = 120_000
const STOP_LIMIT_MS = 10_000

export type LanternServer = {
  /** `http://localhost:PORT` — localhost, not 127.0.0.1: a secure context, so the `__Host-` cookie is kept. */
  url: string
  dataDir: string
  /** The environment the server was started with, for CLI commands on the same data folder. */
  env: NodeJS.ProcessEnv
  pid: number
  /** Everything the process has printed so far (stdout and stderr interleaved). */
  output(): string
  /** SIGTERM; resolves once the process has exited. Throws if it took longer than 10 s, exited non-zero or left `lantern.pid`. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>
  /** Last resort for afterAll after a failure: SIGKILL if still running. Never throws. */
  kill(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export function freshDataDir(label = 'e2e'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lantern-${label}-`))
}

function lanternEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  // Nothing from the developer's shell may point the server elsewhere.
  for (const key of Object.keys(env)) {
    if (key.startsWith('LANTERN_') || key === 'DATABASE_URL' || key === 'DATABASE_MIGRATION_URL') delete env[key]
  }
  return {
    ...env,
    LANTERN_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LANTERN_TODAY: E2E_TODAY,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    NO_COLOR: '1',
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

/** Start Lantern on a fresh data folder (or `options.dataDir`) and wait until `/health/ready` answers 200. */
export async function startLantern(options: { dataDir?: string; label?: string } = {}): Promise<LanternServer> {
  const dataDir = options.dataDir ?? freshDataDir(options.label)
  const port = await freePort()
  const env = lanternEnv(dataDir, port)
  const started = Date.now()
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  const output = () => out
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGKILL')
    await exited(child)
  }

  try {
    const announced = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Lantern did not announce its URL within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS)
      const onData = () => {
        const match = /Lantern is running at (http:\/\/localhost:(\d+))/.exec(out)
        if (match) {
          clearTimeout(timer)
          child.stdout?.off('data', onData)
          resolve(match[1] as string)
        }
      }
      child.stdout?.on('data', onData)
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`Lantern exited before it was ready (code ${code}, signal ${signal})`))
      })
    })
    if (announced !== `http://localhost:${port}`) throw new Error(`Lantern announced ${announced}, expected http://localhost:${port}`)
    const url = announced
    await waitForReady(url, started + READY_TIMEOUT_MS)

    return {
      url,
      dataDir,
      env,
      pid: child.pid as number,
      output,
      kill,
      async stop() {
        const t0 = Date.now()
        const done = exited(child)
        child.kill('SIGTERM')
        const result = await Promise.race([
          done,
          new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_LIMIT_MS).unref()),
        ])
        const ms = Date.now() - t0
        if (result === 'timeout') {
          await kill()
          throw new Error(`Lantern did not exit within ${STOP_LIMIT_MS / 1000} s of SIGTERM\n${tail(out)}`)
        }
        if (result.code !== 0) throw new Error(`Lantern exited with code ${result.code} (signal ${result.signal}) after SIGTERM\n${tail(out)}`)
        const pidFile = path.join(dataDir, 'lantern.pid')
        if (fs.existsSync(pidFile)) throw new Error(`Lantern exited but left ${pidFile} behind`)
        return { ...result, ms }
      },
    }
  } catch (error) {
    await kill()
    throw new Error(`${(error as Error).message}\n--- lantern output ---\n${tail(out)}`, { cause: error })
  }
}

async function waitForReady(url: string, deadline: number): Promise<void> {
  let last = 'no answer'
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health/ready`)
      if (response.status === 200) return
      last = `HTTP ${response.status}`
    } catch (error) {
      last = (error as Error).message
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`GET /health/ready was not 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`)
}

/** For `onTestFailed`: the end of what the server printed (errors are logged at level warn and above). */
export function serverOutputTail(server: LanternServer | undefined, lines = 60): string {
  return server ? `--- lantern output (last ${lines} lines) ---\n${tail(server.output(), lines)}` : ''
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n')
}

export type CliResult = { code: number | null; stdout: string; stderr: string }

/** Run a `lantern` CLI command (e.g. `audit verify`) with the given environment; resolves with its exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const { code } = await exited(child)
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Remove a data folder the tests created (never anything outside the OS temp folder). */
export function removeDataDir(dataDir: string): void {
  const tmp = fs.realpathSync(os.tmpdir())
  const resolved = fs.realpathSync(dataDir)
  if (!resolved.startsWith(`${tmp}${path.sep}lantern-`)) throw new Error(`refusing to remove ${dataDir}`)
  fs.rmSync(resolved, { recursive: true, force: true })
}
