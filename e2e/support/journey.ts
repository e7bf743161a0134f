import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { AxeLog } from './axe.ts'
import { launchBrowser } from './browser.ts'
import { removeDataDir, serverOutputTail, startLantern, type LanternServer } from './server.ts'

/** What a journey's tests use: its own Lantern (fresh data folder, demo partnership), one Chromium and its axe log. */
export type Journey = { readonly axe: AxeLog; readonly server: LanternServer; readonly browser: Browser }

/**
 * Call inside a `describe`: starts a Lantern of its own and a browser before the tests, prints the server's last
 * output when a test fails, fails a test that added axe violations, and afterwards writes the axe report, stops the
 * server (clean stop, then kill) and removes its data folder. `name` labels the axe report and the server.
 */
export function useLanternJourney(name: string): Journey {
  const axe = new AxeLog(name)
  let server: LanternServer | undefined
  let browser: Browser | undefined

  beforeAll(async () => {
    server = await startLantern({ label: `e2e-${name}` })
    browser = await launchBrowser()
  })

  beforeEach(({ onTestFailed }) => onTestFailed(() => server && console.error(serverOutputTail(server))))
  afterEach(() => axe.assertNoNewViolations())

  afterAll(async () => {
    axe.writeReport()
    await browser?.close()
    if (server) {
      try {
        await server.stop()
        removeDataDir(server.dataDir)
      } finally {
        await server.kill()
      }
    }
  })

  return {
    axe,
    get server() {
      if (!server) throw new Error('the Lantern server is not started yet (use it inside a test)')
      return server
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet (use it inside a test)')
      return browser
    },
  }
}
