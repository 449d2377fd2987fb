#!/usr/bin/env node
// First step of `npm start`, `npm test` and `npm run bench` on any clone: install what is missing,
// build what is stale, then run the real command. Node built-ins only: nothing is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stdout.write(`[lianxu] ${line}\n`);

function run(cmd, args, extraEnv = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function dependenciesStale() {
  const installed = path.join(root, 'node_modules/.package-lock.json');
  if (!existsSync(installed)) return true;
  return statSync(path.join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs + 1000;
}

const command = process.argv[2];
if (dependenciesStale()) {
  say('Installing dependencies (npm ci); the first time takes a minute or two...');
  const started = Date.now();
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
  say(`Dependencies installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

const turboEnv = { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
say('Building the web app (cached when unchanged)...');
if (run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], turboEnv) !== 0) process.exit(1);

if (command === 'test') {
  say('Type-checking...');
  if (run('npx', ['tsc', '-b']) !== 0 || run('npm', ['run', 'typecheck', '-w', '@lianxu/web']) !== 0) process.exit(1);
  say('Checking which way imports run (npm run depcheck)...');
  if (run('npm', ['run', '--silent', 'depcheck']) !== 0) process.exit(1);
}

let status;
if (command === 'start') status = run(process.execPath, ['apps/cli/bin/lianxu.mjs', 'start', ...process.argv.slice(3)]);
else if (command === 'test') status = run('npx', ['vitest', 'run', ...process.argv.slice(3)]);
else if (command === 'bench') status = run(process.execPath, ['--import', 'tsx', 'test/bench/run-all.ts', ...process.argv.slice(3)]);
else {
  process.stderr.write(`unknown bootstrap command: ${command}\n`);
  status = 2;
}
process.exit(status);
