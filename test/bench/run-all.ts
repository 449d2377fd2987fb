// `npm run bench [filter]`: runs every test/bench/*.bench.ts, each in its own process, and prints a
// summary. Benchmarks print figures; none fails on a time. This exits non-zero only when a
// benchmark crashes (or when a filter matches no benchmark, which is a typo rather than a pass).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '../..');
const filter = process.argv[2];

const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => !filter || name.includes(filter))
  .sort();

const say = (line: string) => process.stdout.write(`${line}\n`);

if (files.length === 0) {
  say(filter ? `No benchmark in test/bench matches "${filter}".` : 'No benchmark in test/bench.');
  process.exit(filter ? 2 : 0);
}

interface Outcome {
  name: string;
  status: string;
  ok: boolean;
  seconds: number;
}

let current: ReturnType<typeof spawn> | undefined;
let interrupted = false;
// Ctrl-C reaches the child through the terminal; a SIGTERM to this process is passed on. Either
// way the child gets to stop its servers, and no further benchmark starts.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    if (signal === 'SIGTERM') current?.kill('SIGTERM');
  });
}

function runOne(file: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    // --expose-gc: benchmarks that report memory collect before sampling it (live heap, not garbage).
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join('test/bench', file)], { cwd: root, stdio: 'inherit' });
    current = child;
    child.on('error', (error) => {
      process.stderr.write(`could not start ${file}: ${error.message}\n`);
      resolve({ code: 1, signal: null });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

const outcomes: Outcome[] = [];
for (const file of files) {
  if (interrupted) break;
  const name = file.replace(/\.bench\.ts$/, '');
  say(`\n=== bench: ${name} (test/bench/${file}) ===`);
  const started = performance.now();
  const { code, signal } = await runOne(file);
  current = undefined;
  const seconds = (performance.now() - started) / 1000;
  const ok = code === 0;
  outcomes.push({ name, ok, seconds, status: ok ? 'ok' : signal ? `killed by ${signal}` : `exit ${code}` });
}

say('\n=== bench summary ===');
const width = Math.max(...outcomes.map((o) => o.name.length), 'benchmark'.length) + 2;
say(`${'benchmark'.padEnd(width)}${'status'.padEnd(18)}duration`);
for (const o of outcomes) say(`${o.name.padEnd(width)}${o.status.padEnd(18)}${o.seconds.toFixed(1)} s`);
const skipped = files.length - outcomes.length;
if (skipped) say(`(${skipped} not run: interrupted)`);

const failed = outcomes.filter((o) => !o.ok).length;
process.exit(failed || interrupted ? 1 : 0);
