import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { REPO_ROOT } from './paths';
import type { ChildExit, ChildSpec, RunningChild } from './supervisor';

/**
 * Copies a child's output to `out` line by line, each line prefixed with `[name] `. readline
 * decodes the bytes as a stream, so a character cut across two chunks (a Chinese character is 3
 * bytes in UTF-8) stays whole; blank lines are dropped.
 */
export function prefixLines(input: Readable, name: string, out: Pick<Writable, 'write'>): void {
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim()) out.write(`[${name}] ${line}\n`);
  });
}

/** Starts a TypeScript entry point in its own Node process (through tsx), prefixing its output. */
export function startTsProcess(name: string, entry: string, env: Record<string, string>): RunningChild {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child.stdout, name, process.stdout);
  prefixLines(child.stderr, name, process.stderr);
  // Never leave an orphan behind, whatever ends this process.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve({ code, signal });
    });
    // A failed spawn (no such binary) emits 'error' and may never emit 'exit'.
    child.once('error', () => resolve({ code: child.exitCode ?? 1, signal: null }));
  });
  return {
    pid: child.pid,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }
      return exited.then(() => undefined);
    },
  };
}

/** A supervised Node child running `entry`; `env` is read at each (re)start. */
export function tsChild(name: string, entry: string, env: () => Record<string, string>): ChildSpec {
  return { name, start: () => startTsProcess(name, entry, env()) };
}
