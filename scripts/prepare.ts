/**
 * `npm install` runs this (the `prepare` script): compile the stylesheet and build the empty embedded-database
 * template, so that the first `npm start` is quick. Both are also done lazily at start-up if missing.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPgliteTemplate } from '../src/platform/db/template.ts'
import { ensureCss } from '../src/platform/views/css.ts'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const started = Date.now()
await ensureCss(rootDir, { force: false })
try {
  const template = await buildPgliteTemplate(rootDir)
  console.log(`lantern: stylesheet and database template ready (${path.relative(rootDir, template)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`)
} catch (error) {
  // Not fatal: without a template the first start runs initdb and the migrations itself (a few seconds slower).
  console.warn(`lantern: could not build the embedded-database template (${error instanceof Error ? error.message : String(error)}); the first start will be slower`)
}
