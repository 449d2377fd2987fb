import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';

/** The Temporal CLI version `go install` can still build (later ones carry a replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type TemporalCliSource = 'TEMPORAL_CLI' | 'PATH' | 'GOPATH' | 'go install';

export interface ResolvedTemporalCli {
  path: string;
  source: TemporalCliSource;
}

/** The first executable called `name` on PATH (also used by the test harness to find java and mvn). */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function goBinDir(): string | undefined {
  if (!onPath('go')) return undefined;
  const result = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' });
  const gopath = result.stdout?.trim().split(path.delimiter)[0];
  return gopath ? path.join(gopath, 'bin') : undefined;
}

/**
 * Finds the `temporal` binary: TEMPORAL_CLI, then PATH, then $(go env GOPATH)/bin, then builds it
 * with `go install` (minutes on first run; progress goes to `log`). Returns undefined when none of
 * these works, so the caller can fall back to the SDK's own download.
 */
export async function resolveTemporalCli(log: (line: string) => void = () => undefined): Promise<ResolvedTemporalCli | undefined> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI points to ${fromEnv}, which does not exist`);
    return { path: fromEnv, source: 'TEMPORAL_CLI' };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const bin = goBinDir();
  if (!bin) return undefined;
  const fromGo = path.join(bin, 'temporal');
  if (existsSync(fromGo)) return { path: fromGo, source: 'GOPATH' };
  log(`Building the Temporal CLI with go install ${TEMPORAL_CLI_MODULE} (first run only, a few minutes)...`);
  const started = Date.now();
  const ok = await new Promise<boolean>((resolve) => {
    const child = spawn('go', ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let count = 0;
    const progress = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        count += 1;
        if (count % 25 === 0 || line.startsWith('go: ')) log(`  go install: ${line.trim()} (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    };
    child.stdout.on('data', progress);
    child.stderr.on('data', progress);
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
  if (ok && existsSync(fromGo)) {
    log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s: ${fromGo}`);
    return { path: fromGo, source: 'go install' };
  }
  log('go install of the Temporal CLI failed.');
  return undefined;
}

export interface TemporalDevServerOptions {
  port: number;
  uiPort?: number;
  /** Persistent state file; without it the server keeps its state in memory. */
  dbFile?: string;
  headless?: boolean;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  source: TemporalCliSource | 'sdk download';
  stop(): Promise<void>;
  pid?: number;
  /** Settles when the server process ends (for a supervisor); absent for the SDK's download. */
  exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function waitUntilServing(address: string, child: ChildProcess | undefined, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`temporal server exited with code ${child.exitCode}:\n${output()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`Temporal did not answer on ${address} within ${timeoutMs} ms: ${String(lastError)}\n${output()}`);
}

const START_ATTEMPTS = 3;

/** One dev server process: its output (the last 4,000 characters), its exit, and a stop that ends it. */
function launch(cliPath: string, args: string[]) {
  const child = spawn(cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // If this process ends abruptly (another library's exit hook, an uncaught error), take the server along.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const stop = () =>
    new Promise<void>((resolve) => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { child, exited, output: () => output, stop };
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1 and waits until its frontend answers.
 *
 * @example
 * const temporal = await startTemporalDevServer({ port: 7233, dbFile: '.data/temporal.db' });
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporal> {
  const log = options.log ?? (() => undefined);
  const cli = await resolveTemporalCli(log);
  const address = `127.0.0.1:${options.port}`;
  if (!cli) return startWithSdkDownload(options, address);

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn',
    // The worker's dispatcher asks for eager starts (the first workflow task comes back with the start).
    '--dynamic-config-value', 'system.enableEagerWorkflowStart=true'];
  if (options.dbFile) {
    await mkdir(path.dirname(path.resolve(options.dbFile)), { recursive: true });
    args.push('--db-filename', path.resolve(options.dbFile), '--sqlite-pragma', 'journal_mode=wal');
  }
  if (options.headless || !options.uiPort) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  // The dev server picks free ports for its internal services as it starts; another process can take
  // one in between, and the server then exits at once with a Go stack trace. An exit before it answers
  // is tried again (three attempts in all); a server that starts and then does not answer is not.
  let launched: ReturnType<typeof launch>;
  for (let attempt = 1; ; attempt++) {
    launched = launch(cli.path, args);
    try {
      await waitUntilServing(address, launched.child, options.startTimeoutMs ?? 60_000, launched.output);
      break;
    } catch (error) {
      const exitedEarly = launched.child.exitCode !== null || launched.child.signalCode !== null;
      await launched.stop();
      if (!exitedEarly || attempt >= START_ATTEMPTS) throw error;
      log(`Temporal dev server exited while starting (attempt ${attempt} of ${START_ATTEMPTS}); starting it again: ${launched.output().trim().split('\n').slice(-3).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const { child, exited, stop } = launched;
  return {
    address,
    uiUrl: options.headless || !options.uiPort ? undefined : `http://localhost:${options.uiPort}`,
    source: cli.source,
    stop,
    pid: child.pid,
    exited,
  };
}

/** Last resort for machines with internet: the SDK downloads and runs the dev server itself. */
async function startWithSdkDownload(options: TemporalDevServerOptions, address: string): Promise<RunningTemporal> {
  options.log?.('No temporal binary and no Go toolchain: asking the Temporal SDK to download the dev server...');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ...(options.uiPort && !options.headless ? { ui: true, uiPort: options.uiPort } : {}),
      ...(options.dbFile ? { dbFilename: path.resolve(options.dbFile) } : {}),
    },
  });
  return {
    address,
    uiUrl: options.uiPort && !options.headless ? `http://localhost:${options.uiPort}` : undefined,
    source: 'sdk download',
    stop: () => env.teardown(),
  };
}
