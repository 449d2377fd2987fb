import type pg from 'pg';
import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { MigrationError } from './migration.package';

// The employing entities a migrated employee can belong to. The old system knew no entities, only
// the city someone was insured in; Lianxu files through the entity registered with the city's
// social insurance bureau (entity_registrations, agency social_insurance, kept by tenant
// provisioning). So the city decides the entity, and only when exactly one entity is registered
// there: no registration, or more than one, is a reference finding at validation (the row is
// quarantined with its reason), never a guess at promotion.

/** City code → the ids of the tenant's entities registered there for social insurance (sorted). */
export type CityEntities = ReadonlyMap<string, readonly string[]>;

const byCity = (rows: { city_code: string; entity_id: string }[]): CityEntities => {
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.city_code, [...(out.get(r.city_code) ?? []), r.entity_id]);
  return out;
};

/** Read on a connection inside a tenant transaction (app.tenant_id set): the loader's. */
export async function cityEntitiesOn(client: pg.ClientBase, tenantId: string): Promise<CityEntities> {
  const { rows } = await client.query<{ city_code: string; entity_id: string }>(
    `select city_code, entity_id from entity_registrations where tenant_id = $1 and agency = 'social_insurance' order by city_code, entity_id`,
    [tenantId],
  );
  return byCity(rows);
}

/** Read through Kysely inside a tenant transaction: re-validation's and promotion's. */
export async function cityEntities(trx: Kysely<Database>, tenantId: string): Promise<CityEntities> {
  const rows = await trx.selectFrom('entity_registrations').select(['city_code', 'entity_id']).where('tenant_id', '=', tenantId)
    .where('agency', '=', 'social_insurance').orderBy('city_code').orderBy('entity_id').execute();
  return byCity(rows);
}

/** The reference finding of a city without exactly one registered entity, or null when the city has one. */
export function entityProblem(entities: CityEntities, cityCode: string, cityText: string): { code: string; zh: string; en: string } | null {
  const list = entities.get(cityCode) ?? [];
  if (list.length === 1) return null;
  if (!list.length)
    return {
      code: 'entity_not_registered',
      zh: `参保城市“${cityText}”没有在当地社保登记的用工主体，请先登记用工主体`,
      en: `No employing entity of the company is registered with the social insurance bureau in "${cityText}"; register one first`,
    };
  return {
    code: 'entity_ambiguous',
    zh: `参保城市“${cityText}”登记了 ${list.length} 个用工主体，旧系统数据无法确定员工属于哪一个`,
    en: `${list.length} employing entities are registered in "${cityText}"; the legacy data cannot say which one employs this person`,
  };
}

/**
 * The entity a promoted employee of the city belongs to. Validation quarantined every row without
 * exactly one; a registration changed since then refuses the batch (nothing of it is written).
 */
export function entityForCity(entities: CityEntities, cityCode: string): string {
  const list = entities.get(cityCode) ?? [];
  if (list.length === 1) return list[0]!;
  throw new MigrationError(409, 'migration_entity_not_registered', {
    'zh-CN': `城市 ${cityCode} ${list.length ? '登记了多个用工主体' : '没有登记的用工主体'}（登记在校验之后有变），请重新校验后再转入`,
    en: `City ${cityCode} has ${list.length ? 'more than one registered employing entity' : 'no registered employing entity'} (the registrations changed after validation); re-validate before promoting`,
  });
}
