/**
 * `npm run bench`: every benchmark in turn. Benchmarks print figures; they never pass or fail.
 * Add new benches here (each exports a main taking the remaining command-line arguments).
 */
import { benchLinkage } from './linkage.ts'

await benchLinkage(process.argv.slice(2))
