import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { createPersonalDataVault, parseMasterKey, seedDemoData, type DemoSeedResult } from '@lianxu/core';

// `npm start`'s demo-data step: each tenant whose file declares demo sign-ins gets the demo
// history once, in demo mode only (NODE_ENV is not production). Never through a bureau: the rows
// are written directly and the closes use bills made here.

export interface DemoDataStep {
  db: Kysely<Database>;
  masterKey: string;
  /** NODE_ENV is not production. */
  demo: boolean;
  /** The tenant files' slugs that declare demo sign-ins. */
  slugs: readonly string[];
  log: (line: string) => void;
}

export async function seedDemoTenants(step: DemoDataStep): Promise<Record<string, DemoSeedResult>> {
  const out: Record<string, DemoSeedResult> = {};
  if (!step.demo) return out;
  const vault = createPersonalDataVault(parseMasterKey(step.masterKey));
  for (const slug of step.slugs) {
    const tenant = await step.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!tenant) continue;
    const result = await seedDemoData({ db: step.db, vault }, { tenantId: tenant.id, demoMode: step.demo });
    out[slug] = result;
    if (result.seeded) {
      const c = result.counts;
      step.log(`tenant ${slug}: demo data (演示数据) written in ${(result.tookMs / 1000).toFixed(1)} s: ${c.employees} employees, ${c.coveragePeriods} coverage periods, ` +
        `${c.lockedMonths} locked and ${c.openMonths} open months, ${c.openDifferences} differences to resolve, ${c.riskFindings} risk findings` +
        (result.unpricedCities.length ? `; no close in ${result.unpricedCities.join(', ')} (no policy figures yet)` : ''));
    } else if (result.reason === 'already_seeded') step.log(`tenant ${slug}: demo data already there`);
    else if (result.reason === 'has_employees') step.log(`tenant ${slug}: no demo data written (it already has employees of its own; remove .data/ for a fresh demo)`);
  }
  return out;
}
