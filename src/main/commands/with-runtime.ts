import type { Config } from '../../platform/config/index.ts'
import { openRuntime, type Runtime } from '../runtime.ts'

/** Open the database (taking the data-folder lock in embedded mode), run a command, always close. */
export async function withRuntime(config: Config, fn: (runtime: Runtime) => Promise<number>): Promise<number> {
  const runtime = await openRuntime(config)
  try {
    return await fn(runtime)
  } finally {
    await runtime.release()
  }
}
