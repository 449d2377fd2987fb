import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Kysely } from 'kysely';
import {
  createMigrationRun, createPersonalDataVault, findCoverageGaps, loadFile, markRunValidated, MIGRATION_FILES, openMigrationPackage, packMigration, signOffMigrationRun, tenantTransferKey, type WrappedRunKey,
} from '@lianxu/core';
import { withTenant, type Database } from '@lianxu/db';
import { appDb, startLegacySim, TEST_MASTER_KEY } from '@lianxu/testing';
import { DEFAULT_CITIES, LEGACY_FILES, type LegacyFile, type LegacySeed } from '@lianxu/legacy-sim';

const CITY_CODES: Record<string, string> = { 北京: '110100', 上海: '310100', 广州: '440100', 深圳: '440300' };

/**
 * Registers the tenant's first employing entity with the social insurance bureau of each of the
 * legacy export's cities no entity is registered in (the lifecycle tenant has none in Guangzhou):
 * validation quarantines a roster row whose city has no registered entity. The tests that check
 * that rule remove a registration themselves. A tenant of another database is left alone.
 */
export async function registerLegacyCities(db: Kysely<Database>, tenantId: string, cities: readonly string[] = DEFAULT_CITIES): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').executeTakeFirst();
    if (!entity) return;
    const have = new Set((await trx.selectFrom('entity_registrations').select('city_code').where('tenant_id', '=', tenantId).where('agency', '=', 'social_insurance').execute()).map((r) => r.city_code));
    const missing = cities.map((c) => CITY_CODES[c]).filter((c): c is string => c !== undefined && !have.has(c));
    if (missing.length)
      await trx.insertInto('entity_registrations')
        .values(missing.map((city_code) => ({ tenant_id: tenantId, entity_id: entity.id, city_code, agency: 'social_insurance' as const, registration_no: `SI-${city_code}-LEGACY`, gateway: 'bureau-sim' as const })))
        .execute();
  });
}

/**
 * A legacy-sim export packed for the tenant (its entity registered in the export's cities) with the
 * tenant's registered transfer key, written to a temporary folder (removed by `close`). `tenantDb`:
 * the database the tenant lives in, when it is not the shared test database (a browser test's scratch one).
 */
export async function legacyPackage(tenantId: string, seed: LegacySeed, tenantDb?: Kysely<Database>) {
  const db = tenantDb ?? appDb(1);
  const { key: transferKey } = await registerLegacyCities(db, tenantId, seed.cities ?? DEFAULT_CITIES)
    .then(() => tenantTransferKey({ db, vault: createPersonalDataVault(TEST_MASTER_KEY) }, tenantId))
    .finally(() => (tenantDb ? undefined : db.destroy()));
  const legacy = await startLegacySim({ seed });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-promote-'));
  const files: string[] = [];
  for (const file of Object.keys(LEGACY_FILES) as LegacyFile[]) {
    const target = path.join(dir, `${LEGACY_FILES[file]}.csv`);
    await legacy.store.exportCsv(file, createWriteStream(target));
    files.push(target);
  }
  const file = path.join(dir, 'export.lxpkg');
  const manifest = await packMigration({ files, out: file, keyOut: `${file}.key`, tenantId, transferKey });
  const wrappedKey = JSON.parse(await readFile(`${file}.key`, 'utf8')) as WrappedRunKey;
  return {
    legacy,
    file,
    manifest,
    /** The export's file names (花名册, 参保明细, 缴费明细) per file. */
    names: LEGACY_FILES,
    wrappedKey,
    transferKey,
    async close() {
      await legacy.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Loads the package's three files into a new run's sandbox and marks it validated. */
export async function loadValidatedRun(db: Kysely<Database>, pool: pg.Pool, tenantId: string, pkg: Awaited<ReturnType<typeof legacyPackage>>): Promise<string> {
  const opened = await openMigrationPackage({ file: pkg.file, wrappedKey: pkg.wrappedKey, transferKey: pkg.transferKey, tenantId });
  const runId = await createMigrationRun(db, tenantId, pkg.wrappedKey.runId);
  for (const file of MIGRATION_FILES) await loadFile({ pool, tenantId, runId, file, pkg: opened, today: '2026-12-01' });
  await findCoverageGaps(pool, tenantId, runId);
  await markRunValidated(db, tenantId, runId);
  await signOffBoth(db, tenantId, runId);
  return runId;
}

/** The consultant's and the tenant admin's sign-offs, which promotion requires. */
export async function signOffBoth(db: Kysely<Database>, tenantId: string, runId: string): Promise<void> {
  await signOffMigrationRun(db, tenantId, runId, { role: 'consultant', userId: randomUUID(), email: 'consultant@vendor.test' });
  await signOffMigrationRun(db, tenantId, runId, { role: 'tenant_admin', userId: randomUUID(), email: 'admin@client.test' });
}
