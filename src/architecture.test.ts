import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The import boundaries of ARCHITECTURE.md §2, checked on every run: `platform/` never imports modules (or the
 * demo, the CLI or whole-app test support), and a module reaches another module only through its index.ts.
 */
const SRC = path.resolve(import.meta.dirname)

/** Application code only: tests may wire the whole app (src/testing) and reach for any table as fixtures. */
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|declare module ['"]([^'"]+)['"]/g)]
  return specs.map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s))
}

const rel = (p: string) => path.relative(SRC, p)

describe('import boundaries', () => {
  it('platform/ imports nothing from modules/, demo/, main/ or testing/', () => {
    const offences = sourceFiles(path.join(SRC, 'platform')).flatMap((file) =>
      importsOf(file)
        .filter((target) => /^(modules|demo|main|testing)(\/|$)/.test(rel(target)))
        .map((target) => `${rel(file)} → ${rel(target)}`),
    )
    expect(offences).toEqual([])
  })

  it('a module imports another module only through its index.ts', () => {
    const modulesDir = path.join(SRC, 'modules')
    // modules/schema.ts is the table list for drizzle-kit, not a module.
    const offences = sourceFiles(modulesDir).filter((f) => rel(f) !== path.join('modules', 'schema.ts')).flatMap((file) => {
      const own = rel(file).split(path.sep)[1]
      return importsOf(file)
        .filter((target) => {
          const parts = rel(target).split(path.sep)
          return parts[0] === 'modules' && parts.length > 2 && parts[1] !== own && parts[2] !== 'index.ts'
        })
        .map((target) => `${rel(file)} → ${rel(target)}`)
    })
    expect(offences).toEqual([])
  })
})
