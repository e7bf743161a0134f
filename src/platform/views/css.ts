import { mkdir, readdir, stat, writeFile, rename } from 'node:fs/promises'
import path from 'node:path'

/** Where the stylesheet comes from and goes to, relative to the project root. */
export const CSS_SOURCE = 'src/platform/views/assets/app.scss'
export const CSS_OUTPUT = 'public/app.css'

export type EnsureCssResult = {
  /** Absolute path of the compiled stylesheet. */
  outputPath: string
  /** False when the existing file was newer than every .scss under src/. */
  compiled: boolean
  /** Compile time in milliseconds (0 when nothing was compiled). */
  durationMs: number
  /** Warnings from our own SCSS (dependency noise is dropped). */
  warnings: string[]
}

/**
 * Compiles `src/platform/views/assets/app.scss` to `public/app.css` when the output is missing or older than any
 * `.scss` file under `src/`. Warnings from our own files are returned; dependency noise is dropped.
 */
export async function ensureCss(rootDir: string, options: { force?: boolean } = {}): Promise<EnsureCssResult> {
  const source = path.join(rootDir, CSS_SOURCE)
  const outputPath = path.join(rootDir, CSS_OUTPUT)
  const outputMtime = await mtimeMs(outputPath)
  if (!options.force && outputMtime !== undefined && (await newestScssMtime(path.join(rootDir, 'src'))) <= outputMtime) {
    return { outputPath, compiled: false, durationMs: 0, warnings: [] }
  }

  const warnings: string[] = []
  const started = performance.now()
  // Loaded only when needed: importing sass alone costs ~0.7 s. The synchronous compile is about twice as fast
  // as compileAsync here and only ever runs at start-up or build time.
  const sass = await import('sass')
  const result = sass.compile(source, {
    loadPaths: [path.join(rootDir, 'node_modules'), rootDir],
    style: 'compressed',
    quietDeps: true,
    logger: {
      warn(message, warning) {
        // GOV.UK and MoJ Frontend's own warnings (deprecations, MoJ's use of GOV.UK's deprecated mixins) are
        // not ours to fix; anything raised by our own files is kept.
        // The warning's origin: its source span, or else the top frame of the Sass stack (where @warn ran).
        const origin = warning.span?.url?.pathname ?? warning.stack?.trimStart().split('\n')[0] ?? ''
        if (origin.includes('node_modules/')) return
        warnings.push(message)
      },
      debug() {},
    },
  })
  const durationMs = Math.round(performance.now() - started)

  // Write then rename, so a server reading the file never sees half a stylesheet.
  await mkdir(path.dirname(outputPath), { recursive: true })
  const temporary = `${outputPath}.${process.pid}.tmp`
  await writeFile(temporary, result.css)
  await rename(temporary, outputPath)
  return { outputPath, compiled: true, durationMs, warnings }
}

async function mtimeMs(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs
  } catch {
    return undefined
  }
}

async function newestScssMtime(dir: string): Promise<number> {
  let newest = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.scss')) continue
    const mtime = await mtimeMs(path.join(entry.parentPath, entry.name))
    if (mtime !== undefined && mtime > newest) newest = mtime
  }
  return newest
}
