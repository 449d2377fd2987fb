import { randomBytes } from 'node:crypto';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import pino from 'pino';
import { createBusinessClock, type Database } from '@lianxu/db';
import { createIntakeService, createPeopleService, createPersonalDataVault, createPluginRuntime, createPolicyLibraryService, createTenancyService, createWebhookService, discoverPlugins, policyCitiesFrom } from '@lianxu/core';
import { createAuthService } from '@lianxu/auth';
import { buildApp } from './app';

/**
 * /api/openapi.json as this deployment serves it (the repository's plugins included), built in
 * process without a database or Temporal: nothing here runs a query (a DummyDriver would answer
 * none). The web app generates its request and response types from it (`npm run api-types -w @lianxu/web`).
 */
export async function openApiDocument(options: { pluginsDir?: string } = {}): Promise<Record<string, unknown>> {
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const logger = pino({ level: 'silent' });
  const clock = createBusinessClock();
  const peopleDeps = { db, clock, vault: createPersonalDataVault(randomBytes(32)), policyCities: policyCitiesFrom(createPolicyLibraryService({ db })) };
  const people = createPeopleService(peopleDeps);
  const app = buildApp({
    db,
    logger,
    clock,
    people,
    tenancy: createTenancyService(db),
    auth: createAuthService(db),
    plugins: createPluginRuntime({ db, plugins: discoverPlugins({ dir: options.pluginsDir }), clock, people, logger }),
    allowedOrigins: [],
    intake: createIntakeService({ ...peopleDeps, hire: people.hire }),
    temporal: { ping: async () => undefined },
    // Mounted only when given: without it the document (and the web app's types) would lack the webhook routes.
    webhooks: createWebhookService({ db, vault: peopleDeps.vault, production: true }),
  });
  const response = await app.request('/api/openapi.json');
  if (!response.ok) throw new Error(`/api/openapi.json answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
