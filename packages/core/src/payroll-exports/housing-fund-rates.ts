import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { DomainError, isUuid } from '../shared/index';
import { exportInvalid } from './payroll-exports.errors';
import { checkRates } from './rates.check';

// Each employing entity's housing-fund rate, set once by the tenant (its 公积金 registration fixes
// it for the year): the exports use it when a request gives no housingFundRate. This module is the
// only writer of entity_housing_fund_rates.

const RATE = /^0\.\d{1,4}$/;
// The entity is in the path: one that is not the tenant's is not found (as another tenant's id anywhere).
const entityNotFound = () => new DomainError(404, 'not_found', { 'zh-CN': '本公司没有这个用工主体', en: 'No employing entity of this company has this id' });

export interface EntityHousingFundRate {
  entityId: string;
  entityName: string;
  /** Null while the entity has none: the exports then have no housing-fund line unless a request gives a rate. */
  rate: string | null;
}

/** The stored rate of one entity, read inside the export's own transaction. */
export async function storedHousingFundRate(trx: Kysely<Database>, tenantId: string, entityId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('entity_housing_fund_rates').select('rate').where('tenant_id', '=', tenantId).where('entity_id', '=', entityId).executeTakeFirst();
  return row?.rate;
}

/** Every employing entity of the tenant with its rate (or null). */
export async function listHousingFundRates(db: Kysely<Database>, tenantId: string): Promise<EntityHousingFundRate[]> {
  const rows = await withTenant(db, tenantId, (trx) =>
    trx.selectFrom('entities as e')
      .leftJoin('entity_housing_fund_rates as r', (j) => j.onRef('r.tenant_id', '=', 'e.tenant_id').onRef('r.entity_id', '=', 'e.id'))
      .select(['e.id', 'e.name', 'r.rate']).where('e.tenant_id', '=', tenantId).orderBy('e.name').orderBy('e.id').execute());
  return rows.map((r) => ({ entityId: r.id, entityName: r.name, rate: r.rate ?? null }));
}

/**
 * Sets (or, with null, clears) an entity's rate. The rate must be one every city where the entity is
 * registered allows this month (else a 400 naming `rate`); an entity not the tenant's is a 404.
 */
export async function setHousingFundRate(
  db: Kysely<Database>,
  tenant: { id: string },
  actor: { id: string } | null,
  input: { entityId: string; rate: string | null; month: string },
  library: PolicyLibrary = getDefaultPolicyLibrary(),
): Promise<EntityHousingFundRate> {
  if (!isUuid(input.entityId)) throw entityNotFound();
  if (input.rate !== null && !RATE.test(input.rate)) throw exportInvalid('rate', '缴存比例须为 0 到 1 之间的小数（最多 4 位小数），例如 0.07', 'The rate must be a decimal below 1 with at most 4 decimals, e.g. 0.07');
  return withTenant(db, tenant.id, async (trx) => {
    const entity = await trx.selectFrom('entities').select(['id', 'name']).where('tenant_id', '=', tenant.id).where('id', '=', input.entityId).executeTakeFirst();
    if (!entity) throw entityNotFound();
    if (input.rate === null) {
      await trx.deleteFrom('entity_housing_fund_rates').where('tenant_id', '=', tenant.id).where('entity_id', '=', entity.id).execute();
      return { entityId: entity.id, entityName: entity.name, rate: null };
    }
    const rate = input.rate;
    const cities = await trx.selectFrom('entity_registrations').select('city_code').distinct().where('tenant_id', '=', tenant.id).where('entity_id', '=', entity.id).execute();
    for (const { city_code } of cities) {
      try {
        checkRates({ tenantId: tenant.id, entityId: entity.id, month: input.month, housingFundRate: rate }, city_code, library);
      } catch (error) {
        // The export's check names housingFundRate; here the field is `rate`.
        const field = (error as { fields?: Record<string, unknown> }).fields;
        if (field?.housingFundRate) throw exportInvalid('rate', `${city_code}：${(field.housingFundRate as { 'zh-CN': string })['zh-CN']}`, `${city_code}: ${(field.housingFundRate as { en: string }).en}`);
        throw error;
      }
    }
    await trx.insertInto('entity_housing_fund_rates')
      .values({ tenant_id: tenant.id, entity_id: entity.id, rate })
      .onConflict((oc) => oc.columns(['tenant_id', 'entity_id']).doUpdateSet({ rate, updated_at: new Date() }))
      .execute();
    return { entityId: entity.id, entityName: entity.name, rate };
  }, { actorId: actor?.id ?? null });
}
