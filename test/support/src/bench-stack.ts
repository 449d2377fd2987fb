import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, ensureDatabaseAndRoles, findFreePort, migrateToLatest } from '@lianxu/db';
import { startEmbeddedPostgres, type RunningPostgres } from '@lianxu/db/launcher';
import { startTemporalDevServer, type RunningTemporal } from '@lianxu/cli/temporal-dev-server';
import { discoverPlugins, migratePluginsToLatest } from '@lianxu/core';

export interface BenchStack {
  /** Runtime-role database URL (row-level security applies), as the API uses it. */
  appUrl: string;
  /** Superuser URL: a baseline that bypasses row-level security, for benchmarks only. */
  superuserUrl: string;
  /** Name of the runtime role (owns nothing, no BYPASSRLS). */
  appRole: string;
  /** Scratch directory, removed by stop(). */
  workDir: string;
  /** Owner-role database URL, for fixtures only. */
  ownerUrl: string;
  temporalAddress: string;
  /** How the Temporal binary was found (TEMPORAL_CLI, PATH, GOPATH, ...). */
  temporalSource: string;
  /** Stops Temporal and PostgreSQL and removes the scratch directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL (migrated, with the owner and runtime roles) and a headless
 * Temporal dev server on free ports: the test run's globalSetup and the benchmarks both start
 * their services here. Nothing here imports vitest.
 *
 * @example
 * const stack = await startBenchStack({ log: (l) => console.error(l) });
 * try { ... } finally { await stack.stop(); }
 */
export async function startBenchStack(
  options: { log?: (line: string) => void; database?: string; /** false: no Temporal (a bench that never starts a workflow). */ temporal?: boolean } = {},
): Promise<BenchStack> {
  const log = options.log ?? (() => undefined);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-bench-'));
  // Signals are handled by the launchers' own exit hooks; this only removes what they leave behind.
  const removeOnExit = () => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await temporal?.stop().catch(() => undefined);
      await postgres?.stop().catch(() => undefined);
      await rm(workDir, { recursive: true, force: true });
      process.off('exit', removeOnExit);
    })());

  try {
    // The embedded server runs as the 'postgres' user, which must reach its data directory.
    await chmod(workDir, 0o755);
    const started = Date.now();
    const pgPort = await findFreePort();
    const superuserPassword = randomBytes(12).toString('hex');
    postgres = await startEmbeddedPostgres({
      dataDir: path.join(workDir, 'postgres'),
      port: pgPort,
      persistent: false,
      superuserPassword,
      fast: true,
    });
    const roles = {
      database: options.database ?? 'lianxu_bench',
      owner: { name: 'lianxu_owner', password: randomBytes(12).toString('hex') },
      app: { name: 'lianxu_app', password: randomBytes(12).toString('hex') },
    };
    const urls = await ensureDatabaseAndRoles(postgres.superuserUrl, roles);
    const owner = createDb({ connectionString: urls.ownerUrl, max: 2 });
    try {
      await migrateToLatest(owner, roles.app.name);
      // Installed plugins' own migrations (their history tables), as `npm start` and `lianxu migrate` run them.
      await migratePluginsToLatest(owner, await discoverPlugins(), roles.app.name);
    } finally {
      await owner.destroy();
    }
    log(`PostgreSQL ready on ${pgPort} (${Date.now() - started} ms)`);

    const base = { appUrl: urls.appUrl, superuserUrl: postgres.superuserUrl, appRole: roles.app.name, workDir, ownerUrl: urls.ownerUrl, stop };
    // An idle dev server still takes CPU from the cores a bench measures on.
    if (options.temporal === false) return { ...base, temporalAddress: '', temporalSource: 'not started' };
    temporal = await startTemporalDevServer({ port: await findFreePort(), headless: true, log });
    log(`Temporal ready on ${temporal.address} via ${temporal.source} (${Date.now() - started} ms)`);
    return { ...base, temporalAddress: temporal.address, temporalSource: temporal.source };
  } catch (error) {
    await stop();
    throw error;
  }
}
