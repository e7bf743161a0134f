import { parseArgs } from 'node:util'
import { loadConfig } from '../platform/config/index.ts'
import { DataFolderLockedError } from '../platform/db/lock.ts'
import { demoTotp } from './commands/demo-totp.ts'
import { serve } from './commands/serve.ts'
import { withRuntime } from './commands/with-runtime.ts'
import { auditVerify } from './commands/audit-verify.ts'
import { apiTokenCreate } from './commands/api-token-create.ts'
import { userCreate } from './commands/user-create.ts'
import { demoSeed } from './commands/demo-seed.ts'
import { link } from './commands/link.ts'
import { importCommand } from './commands/import.ts'
import { migrate } from './runtime.ts'

const USAGE = `Usage: npm run --silent lantern -- <command>

Commands:
  serve                                  start Lantern (npm start does this)
  migrate                                apply database migrations
  demo seed                              load the demo partnership (empty database only)
  demo totp EMAIL                        print a demo account's current security code
  user create --email E --name N --role-profile R --team T [--agency A]
                                         create a user; prints a one-time password
  api-token create --user EMAIL --name LABEL [--role-profile NAME] [--expires-days N]
                                         issue an API token; prints only the token
  audit verify                           check the audit chain; exit 0 if intact
  import FILE --source NAME --user EMAIL  stage an agency extract and match it (resumes the same file)
  link FILE [FILE2] --id COLUMN --field NAME=COLUMN … --out PAIRS.csv [--clusters C.csv] [--summary S.json] [--prefix-ids]
                                         find the same person across CSV files (no database; docs/linkage.md)
`

/** Exit codes: 0 ok, 1 failure, 2 usage, 3 data folder in use (CONTRACTS.md §3). */
async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv
  // Batch linkage works on files only: it never loads the configuration or opens the database.
  if (command === 'link') return link(argv.slice(1))
  const config = loadConfig()
  switch (command) {
    case 'serve':
      return serve(config)
    case 'migrate':
      return withRuntime(config, async (runtime) => {
        await migrate(runtime, config)
        console.log('Migrations applied.')
        return 0
      })
    case 'demo':
      if (sub === 'totp' && rest[0]) return demoTotp(rest[0])
      if (sub === 'seed') return withRuntime(config, (runtime) => demoSeed(runtime, config))
      break
    case 'user':
      if (sub === 'create') return withRuntime(config, (runtime) => userCreate(runtime, config, flags(rest, ['email', 'name', 'role-profile', 'team', 'agency'])))
      break
    case 'api-token':
      if (sub === 'create') return withRuntime(config, (runtime) => apiTokenCreate(runtime, config, flags(rest, ['user', 'name', 'role-profile', 'expires-days'])))
      break
    case 'import':
      return withRuntime(config, (runtime) => importCommand(runtime, config, sub, flags(rest, ['source', 'user'])))
    case 'audit':
      if (sub === 'verify') return withRuntime(config, (runtime) => auditVerify(runtime, config))
      break
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE)
      return command ? 0 : 2
  }
  process.stderr.write(USAGE)
  return 2
}

function flags(args: string[], names: string[]): Record<string, string | undefined> {
  const { values } = parseArgs({ args, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true })
  return values as Record<string, string | undefined>
}

main(process.argv.slice(2)).then(
  (code) => {
    // serve keeps running; other commands exit with their code.
    if (code !== -1) process.exit(code)
  },
  (error: unknown) => {
    if (error instanceof DataFolderLockedError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(3)
    }
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`${error.message}\n\n${USAGE}`)
      process.exit(2)
    }
    process.stderr.write(`lantern: ${(error as Error)?.message ?? error}\n`)
    process.exit(1)
  },
)
