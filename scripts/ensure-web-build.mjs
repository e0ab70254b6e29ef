#!/usr/bin/env node
// Builds the web app (web/ → web/dist) only when its sources changed since the last build, so `npm start` and
// the browser tests stay fast. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(repoRoot, 'web', 'dist', 'index.html');
const sources = [
  join(repoRoot, 'web', 'src'),
  join(repoRoot, 'web', 'index.html'),
  join(repoRoot, 'web', 'vite.config.ts'),
  // Shared with the server: the contracts, and the pure domain code the pages run (draws' Merkle proofs).
  join(repoRoot, 'contracts'),
  join(repoRoot, 'src', 'modules', 'draws', 'domain'),
  join(repoRoot, 'package-lock.json'),
];

/** The most recent modification time of a file, or of any file under a directory. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function staleReason() {
  if (!existsSync(builtIndex)) return 'web/dist/index.html is missing';
  const builtAt = statSync(builtIndex).mtimeMs;
  const changed = sources.find((source) => newestMtime(source) > builtAt);
  return changed === undefined ? undefined : `${relative(repoRoot, changed)} changed since the last build`;
}

const reason = staleReason();
if (reason === undefined) {
  console.log('Web build is up to date (web/dist).');
  process.exit(0);
}

console.log(`Building the web app: ${reason}.`);
const vite = join(repoRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
const result = spawnSync(vite, ['build', '--config', join('web', 'vite.config.ts')], {
  cwd: repoRoot,
  stdio: 'inherit',
  // Always the production build: the test runner sets NODE_ENV=test, and `npm start` would then serve a
  // development build it believes up to date.
  env: { ...process.env, NODE_ENV: 'production' },
  shell: process.platform === 'win32',
});
if (result.error !== undefined) {
  console.error(`Could not run Vite: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
