/**
 * `npm run bench`: every benchmark in turn. Benchmarks print figures; they never pass or fail.
 * Add new benches here (each exports a main taking the remaining command-line arguments). The insight bench
 * generates a county and a national dataset (~10 minutes the first time); `npm run bench:insight` runs it alone.
 */
import { benchInsight } from './insight.ts'
import { benchLinkage } from './linkage.ts'

const args = process.argv.slice(2)
await benchLinkage(args)
await benchInsight(args)
