import './provided-context';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { createBusinessClock, type Database } from '@lianxu/db';
import { createCloseService, type CloseService, createIntakeService, createPeopleService, createPersonalDataVault, createPluginRuntime, createPolicyLibraryService, createTenancyService, createWebhookService, discoverPlugins, policyCitiesFrom, type PeopleService, riskScanRun, startRiskScan } from '@lianxu/core';
import { createAuthService, type AuthConfig } from '@lianxu/auth';
import type { Kysely } from 'kysely';

/** A logger whose every line is kept, so tests can assert what is (and is not) logged. */
export function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** Dependencies for buildApp() against the run's shared PostgreSQL and Temporal. */
/** The Origin the test apps accept, as a browser on the app's own page would send. */
export const TEST_ORIGIN = 'http://localhost:3000';

/**
 * The master key of test runs: random bytes drawn once and written here, so every test process
 * (each file runs in its own) and the worker in tests wrap and unwrap the same tenant data keys
 * in the run's shared database. A test key only; production reads LIANXU_MASTER_KEY.
 */
export const TEST_MASTER_KEY = Buffer.from('Eqi2847adxcH2VBnCdgKew/8hjDlFfTnkTKzEqrPSRY=', 'base64');

/** The people service as the API builds it, on the test master key. */
export function testPeopleService(db: Kysely<Database>, clock = createBusinessClock()) {
  return createPeopleService({ db, clock, vault: createPersonalDataVault(TEST_MASTER_KEY), policyCities: policyCitiesFrom(createPolicyLibraryService({ db })) });
}

/** The intake service as the API builds it, on the test master key, hiring through `people`. */
export function testIntakeService(db: Kysely<Database>, clock: ReturnType<typeof createBusinessClock>, people: Pick<PeopleService, 'hire'>) {
  return createIntakeService({ db, clock, vault: createPersonalDataVault(TEST_MASTER_KEY), policyCities: policyCitiesFrom(createPolicyLibraryService({ db })), hire: people.hire });
}

/** The task queue of risk scans started through apiDeps(). */
export const RISK_SCAN_TEST_QUEUE = 'risk-scans-in-tests';

export function apiDeps(db: Kysely<Database>, overrides: Record<string, unknown> = {}, authConfig: Partial<AuthConfig> = {}) {
  const temporal = Connection.lazy({ address: inject('temporalAddress') });
  const { logger, lines } = capturingLogger();
  const clock = (overrides.clock as ReturnType<typeof createBusinessClock> | undefined) ?? createBusinessClock();
  const people = (overrides.people as PeopleService | undefined) ?? testPeopleService(db, clock);
  return {
    deps: {
      db,
      logger,
      clock,
      tenancy: createTenancyService(db),
      people,
      // The repository's plugins, as the API loads them (a test may pass its own `plugins` runtime).
      plugins: createPluginRuntime({ db, plugins: discoverPlugins(), clock, people, logger }),
      auth: createAuthService(db, authConfig),
      allowedOrigins: [TEST_ORIGIN],
      healthCacheMs: 0,
      intake: testIntakeService(db, clock, people),
      // Webhook endpoints as the demo runs them (a local receiver allowed); a test of production's guard builds its own.
      webhooks: createWebhookService({ db, vault: createPersonalDataVault(TEST_MASTER_KEY), production: false }),
      // The monthly close with the vault, as the server builds it (bill lines may name people by ID number).
      close: createCloseService({ db, vault: createPersonalDataVault(TEST_MASTER_KEY) }) as CloseService,
      temporal: { ping: async () => void (await temporal.withDeadline(Date.now() + 2000, () => temporal.workflowService.getSystemInfo({}))) },
      // On-demand risk scans go to the run's real Temporal, on a queue of their own: a test that
      // needs one to finish runs a worker on it (RISK_SCAN_TEST_QUEUE).
      riskScans: {
        start: (tenant: { id: string; slug: string }) => startRiskScan(new Client({ connection: temporal }), tenant, RISK_SCAN_TEST_QUEUE),
        run: (tenant: { id: string; slug: string }, workflowId: string) => riskScanRun(new Client({ connection: temporal }), tenant, workflowId),
      },
      ...overrides,
    },
    logLines: lines,
    close: () => temporal.close(),
  };
}

/** The API's app factory, for tests outside apps/ (plugins) that must not import an app themselves. */
export { buildApp } from '@lianxu/api';
