#!/usr/bin/env node
// `npm test`: every check and every suite, then one line with the totals of all suites.
// Checks (lint, format, types) stop nothing else from running, so one run shows every problem at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reportFile = path.join(root, '.vitest-reports', 'all.json');

const run = (label, command, args) => {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  console.log(ok ? `✔ ${label}` : `✘ ${label} (exit ${result.status ?? result.signal})`);
  return ok;
};

const checks = [
  run('lint (ESLint, with architecture boundaries)', bin('eslint'), ['.']),
  run('format (Prettier)', bin('prettier'), ['--check', '.']),
  run('type-check (tsc)', 'npm', ['run', '-s', 'typecheck']),
  run('web build', process.execPath, ['scripts/ensure-web-build.mjs']),
];

console.log(
  `\n▶ suites: unit, integration (PGlite${process.env.DATABASE_URL ? ' and PostgreSQL' : ' only: set DATABASE_URL to add PostgreSQL'}), browser`,
);
fs.rmSync(reportFile, { force: true });
const suites = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
  { cwd: root, stdio: 'inherit', env: process.env },
);

let passed = 0;
let failed = 0;
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  // A file that failed to load has no tests counted: count it as a failure so it cannot go unseen.
  const byDatabase = { pglite: { passed: 0, failed: 0 }, postgresql: { passed: 0, failed: 0 } };
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
    for (const test of file.assertionResults ?? []) {
      const kind = /\bon (pglite|postgresql)\b/.exec(test.fullName ?? '')?.[1];
      if (kind && (test.status === 'passed' || test.status === 'failed')) byDatabase[kind][test.status] += 1;
    }
  }
  // Shows that the integration suite really ran on each database (test names say which).
  for (const [kind, counts] of Object.entries(byDatabase)) {
    console.log(`  tests on ${kind}: ${counts.passed} passed, ${counts.failed} failed`);
  }
} else {
  failed += 1;
}
const failedChecks = checks.filter((ok) => !ok).length;
if (failedChecks > 0)
  console.log(`\n${failedChecks} check(s) failed (lint, format, types or web build): see above.`);
console.log(`\n${passed} passed, ${failed + failedChecks} failed`);
process.exit(suites.status === 0 && failedChecks === 0 && passed > 0 ? 0 : 1);
