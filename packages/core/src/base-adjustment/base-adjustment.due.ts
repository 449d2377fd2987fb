import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { PolicyLibrary, PolicyRecord } from '@lianxu/policy';
import type { DueBaseAdjustment } from '@lianxu/workflows';

// Which cities of a tenant are due for the annual adjustment: the policy year in effect today has
// its figures in the library (a year whose floor and cap are not published yet waits, so the
// preview is never made from guesses) and no adjustment was started for it yet.

/** True when the record holds the pension floor and cap (the base the adjustment sets). */
function published(record: PolicyRecord): boolean {
  const spec = record.insurances.pension;
  return spec.status === 'given' && spec.floor.status === 'given' && spec.cap.status === 'given';
}

export async function dueBaseAdjustments(db: Kysely<Database>, library: PolicyLibrary, input: { tenantId: string; today: string }): Promise<DueBaseAdjustment[]> {
  const month = input.today.slice(0, 7);
  return withTenant(db, input.tenantId, async (trx) => {
    const cities = await trx.selectFrom('tenant_cities').select('city_code').where('tenant_id', '=', input.tenantId).orderBy('city_code').execute();
    const started = await trx.selectFrom('base_adjustments').select(['city_code', 'policy_year']).where('tenant_id', '=', input.tenantId).where('kind', '=', 'annual').execute();
    const seen = new Set(started.map((s) => `${s.city_code}|${s.policy_year}`));
    const due: DueBaseAdjustment[] = [];
    for (const { city_code } of cities) {
      const record = library.recordsOf(city_code).find((r) => r.effectiveFrom <= month && month <= r.effectiveTo);
      if (record && published(record) && !seen.has(`${city_code}|${record.year}`)) due.push({ cityCode: city_code, policyYear: record.year });
    }
    return due;
  });
}
