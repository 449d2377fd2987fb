import pg from 'pg';
import type { Kysely } from 'kysely';
import { MockActivityEnvironment } from '@temporalio/testing';
import { compareDualRunDay, createBaseAdjustmentActivities, createDualRun, createHttpBureauGateway } from '@lianxu/core';
import type { Database } from '@lianxu/db';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { seedCloseEmployees } from '@lianxu/testing';
import { hrDoubleKeying, promotedTenant, vault } from '../integration/data-migration/dual-run.fixture';

// The records behind the phone walk's detail pages that take a workflow engine or a legacy package
// to create, made without either, the way their own tests make them: a migration run loaded from a
// legacy-sim export and promoted, with a dual run beside it and one day compared
// (dual-run-dashboard.test.ts), and a base adjustment's preview prepared by its activity
// (july-adjustment-late.test.ts).

const DUAL_RUN_DAY = '2024-10-08';

export interface PhoneRecords {
  /** A promoted migration run of `migrationTenant`, with a dual run and one compared day. */
  migrationRun: string;
  /** A base adjustment waiting for HR's confirmation, in `adjustmentTenant`'s Shanghai. */
  baseAdjustment: string;
  close: () => Promise<void>;
}

export async function createPhoneRecords(db: Kysely<Database>, appUrl: string, tenants: { migration: string; adjustment: { id: string; entity: string } }): Promise<PhoneRecords> {
  // Two people with last year's wages, so the preview has a new base (one clamped to the floor).
  await seedCloseEmployees(db, tenants.adjustment.id, tenants.adjustment.entity, [
    { name: '调基甲', city: '310100', from: '2024-01', wages: [['2024-01-02', 1_200_000]] },
    { name: '调基乙', city: '310100', from: '2024-01', wages: [['2024-01-02', 400_000]] },
  ]);
  // Preparing the preview reaches no bureau (filing comes after HR confirms).
  const activities = createBaseAdjustmentActivities({ db, library: getDefaultPolicyLibrary(), vault, bureau: createHttpBureauGateway({ baseUrl: 'http://127.0.0.1:9' }) });
  const prepared = await new MockActivityEnvironment().run(activities.prepareBaseAdjustment, { tenantId: tenants.adjustment.id, cityCode: '310100', policyYear: 2025, today: '2025-07-05', workflowId: 'phone-walk-2025' });

  const pool = new pg.Pool({ connectionString: appUrl, max: 2 });
  const migrated = await promotedTenant(db, pool, tenants.migration, 12);
  await createDualRun({ db, vault }, tenants.migration, { runId: migrated.runId, source: { url: migrated.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: DUAL_RUN_DAY });
  await hrDoubleKeying(db, migrated.pkg.legacy.store, tenants.migration, DUAL_RUN_DAY)(DUAL_RUN_DAY);
  await compareDualRunDay({ db, vault }, { tenantId: tenants.migration, runId: migrated.runId, day: DUAL_RUN_DAY });
  return {
    migrationRun: migrated.runId,
    baseAdjustment: prepared.adjustmentId,
    close: async () => {
      await migrated.pkg.close();
      await pool.end();
    },
  };
}
