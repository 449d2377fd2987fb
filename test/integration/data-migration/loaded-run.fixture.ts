import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Kysely } from 'kysely';
import { createMigrationRun, findCoverageGaps, loadFile, markRunValidated, MIGRATION_FILES, openMigrationPackage, packMigration, signOffMigrationRun, type WrappedRunKey } from '@lianxu/core';
import type { Database } from '@lianxu/db';
import { startLegacySim } from '@lianxu/testing';
import { LEGACY_FILES, type LegacyFile, type LegacySeed } from '@lianxu/legacy-sim';

/** A legacy-sim export packed for the tenant, written to a temporary folder (removed by `close`). */
export async function legacyPackage(tenantId: string, seed: LegacySeed) {
  const legacy = await startLegacySim({ seed });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-promote-'));
  const files: string[] = [];
  for (const file of Object.keys(LEGACY_FILES) as LegacyFile[]) {
    const target = path.join(dir, `${LEGACY_FILES[file]}.csv`);
    await legacy.store.exportCsv(file, createWriteStream(target));
    files.push(target);
  }
  const transferKey = Buffer.alloc(32, 9);
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
