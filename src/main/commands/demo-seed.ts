import type { Config } from '../../platform/config/index.ts'
import { migrate, seedIfEmpty, type Runtime } from '../runtime.ts'

export async function demoSeed(runtime: Runtime, config: Config): Promise<number> {
  await migrate(runtime, config)
  if (!(await seedIfEmpty(runtime, config))) {
    process.stderr.write('The database already has agencies: the demo partnership is loaded only into an empty database.\n')
    return 1
  }
  console.log('Demo partnership loaded.')
  return 0
}
