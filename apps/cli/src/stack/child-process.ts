import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './paths';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry point in its own Node process (through tsx), prefixing its output. */
export function startTsProcess(name: string, entry: string, env: Record<string, string>, onExit: (code: number | null) => void): ManagedChild {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) stream.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', prefix(process.stdout));
  child.stderr?.on('data', prefix(process.stderr));
  let stopping = false;
  // Never leave an orphan behind, whatever ends this process.
  process.once('exit', () => child.kill('SIGTERM'));
  child.on('exit', (code) => {
    if (!stopping) onExit(code);
  });
  return {
    name,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
