#!/usr/bin/env node
// Prints the test summary for scripts/test (docs/CONTRACTS §7) and exits non-zero if anything failed.
//
//   node scripts/test-summary.mjs --out=.test-output --typecheck=passed|failed|skipped --lint=passed|failed|skipped SUITE=RC ...
//
// For each SUITE it reads <out>/<SUITE>.json (Vitest JSON reporter) and <out>/<SUITE>.log (console
// output), and prints `suite SUITE: N passed, N failed`. Problems that are
// not failed tests count as failures too, with the reason in parentheses: a test file that failed
// to load, an unhandled error, a suite that ran zero tests, a crash or timeout of Vitest itself.
// The last line is the total: `N passed, N failed`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let outDir = '.test-output';
let typecheck = 'skipped';
let lint = 'skipped';
const suites = [];
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('--out=')) outDir = arg.slice('--out='.length);
  else if (arg.startsWith('--typecheck=')) typecheck = arg.slice('--typecheck='.length);
  else if (arg.startsWith('--lint=')) lint = arg.slice('--lint='.length);
  else {
    const m = /^([\w.-]+)=(\d+)$/.exec(arg);
    if (!m) {
      console.error(`test-summary: bad argument ${arg}`);
      process.exit(2);
    }
    suites.push({ name: m[1], rc: Number(m[2]) });
  }
}

// eslint-disable-next-line no-control-regex -- matching terminal colour codes is the point
const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summarise({ name, rc }) {
  const jsonPath = join(outDir, `${name}.json`);
  const logPath = join(outDir, `${name}.log`);
  const log = existsSync(logPath) ? stripAnsi(readFileSync(logPath, 'utf8')) : '';
  const notes = [];
  let passed = 0;
  let failedTests = 0;
  let skipped = 0;
  let errors = 0;

  let report;
  try {
    report = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch {
    report = undefined;
  }

  if (report) {
    passed = report.numPassedTests ?? 0;
    failedTests = report.numFailedTests ?? 0;
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    const results = Array.isArray(report.testResults) ? report.testResults : [];
    const loadFailures = results.filter(
      (r) =>
        r.status === 'failed' &&
        !(r.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    if (loadFailures > 0) {
      errors += loadFailures;
      notes.push(`${plural(loadFailures, 'test file')} failed to run`);
    }
    const unhandled = /^\s*Errors\s+(\d+)\s+errors?\b/m.exec(log);
    if (unhandled) {
      const n = Number(unhandled[1]);
      errors += n;
      notes.push(`${plural(n, 'unhandled error')}`);
    }
    if (passed + failedTests === 0 && errors === 0) {
      errors += 1;
      // A globalSetup failure makes Vitest print "No test files found" *and* the real error.
      const unhandledSection = /Unhandled Errors?\s*⎯+\s*\n+\s*(\S.*)/.exec(log);
      if (unhandledSection) {
        const first = unhandledSection[1].trim();
        notes.push(`ERROR: no tests ran: ${first.length > 160 ? `${first.slice(0, 157)}...` : first}`);
      } else if (/No test files found/.test(log)) {
        notes.push('ERROR: no tests ran: no test files found');
      } else {
        notes.push('ERROR: no tests ran');
      }
    }
  }

  if (!report) {
    errors += 1;
    if (rc === 124 || rc === 137) notes.push(`ERROR: timed out (exit ${rc}), no JSON report`);
    else notes.push(`ERROR: vitest crashed (exit ${rc}), no JSON report`);
  } else if (rc !== 0 && failedTests + errors === 0) {
    errors += 1;
    if (rc === 124 || rc === 137) notes.push(`ERROR: timed out (exit ${rc})`);
    else notes.push(`ERROR: vitest exited with code ${rc}`);
  }

  const failed = failedTests + errors;
  return { name, passed, failed, skipped, notes };
}

const results = suites.map(summarise);
const totals = results.reduce(
  (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
// Exactly `N passed, N failed` (CONTRACTS.md §7); skipped tests (those for the other database engine) are
// listed on their own line so that the contract lines stay exact.
const counts = ({ passed, failed }) => `${passed} passed, ${failed} failed`;

const lines = [''];
lines.push(`==== test summary (logs and JSON reports in ${outDir}/) ====`);
lines.push(`typecheck: ${typecheck === 'failed' ? 'FAILED (tsc --noEmit, see output above)' : typecheck}`);
lines.push(`lint: ${lint === 'failed' ? 'FAILED (eslint, see output above)' : lint}`);
const skippedSuites = results.filter((r) => r.skipped > 0).map((r) => `${r.name} ${r.skipped}`);
if (skippedSuites.length) lines.push(`skipped (written for the other database engine): ${skippedSuites.join(', ')}`);
for (const r of results) {
  lines.push(`suite ${r.name}: ${counts(r)}${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`);
}
lines.push(counts(totals));
process.stdout.write(`${lines.join('\n')}\n`);

process.exit(totals.failed > 0 || typecheck === 'failed' || lint === 'failed' || results.length === 0 ? 1 : 0);
