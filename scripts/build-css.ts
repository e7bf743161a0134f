/**
 * `npm run build:css`: compiles src/platform/views/assets/app.scss to public/app.css (always, even when the
 * output looks up to date) and prints how long it took. The server compiles it on start when it is missing or
 * stale, so this is for builds and CI.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureCss } from '../src/platform/views/css.ts'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const result = await ensureCss(rootDir, { force: process.argv.includes('--if-stale') ? false : true })
for (const warning of result.warnings) console.warn(`sass warning: ${warning}`)
console.log(
  result.compiled
    ? `compiled ${path.relative(rootDir, result.outputPath)} in ${result.durationMs} ms`
    : `${path.relative(rootDir, result.outputPath)} is up to date`,
)
