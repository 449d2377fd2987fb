import type pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { beginPromotion, createPersonalDataVault, finishPromotion, maskIdNumber, promoteBatch } from '@lianxu/core';
import { withTenant, type Database } from '@lianxu/db';
import { advanceDay, type LegacyStore } from '@lianxu/legacy-sim';
import { TEST_MASTER_KEY } from '@lianxu/testing';
import { legacyPackage, loadValidatedRun } from './loaded-run.fixture';

// A promoted tenant beside its still-living old system, and "HR" who keys each day's ordinary
// changes (hires, leaves, raises) into Lianxu too, as people do during a dual run. The injected
// divergences are what HR did not key, or keyed differently.

export const vault = createPersonalDataVault(TEST_MASTER_KEY);
const CITY: Record<string, string> = { 北京: '110100', 上海: '310100', 广州: '440100' };
const nextMonth = (m: string) => { const [y, mo] = m.split('-').map(Number) as [number, number]; return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`; };
const prevMonth = (m: string) => { const [y, mo] = m.split('-').map(Number) as [number, number]; return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`; };
const fen = (text: string) => Math.round(Number(text) * 100);

export async function promotedTenant(db: Kysely<Database>, pool: pg.Pool, tenantId: string, size = 40, dirtyRate = 0) {
  const pkg = await legacyPackage(tenantId, { seed: 5, size, months: 3, dirtyRate }, db);
  const runId = await loadValidatedRun(db, pool, tenantId, pkg);
  const plan = await beginPromotion({ db, vault }, { tenantId, runId, batchSize: 500 });
  for (let b = 0; b < plan.batches; b++) await promoteBatch({ db, vault }, { tenantId, runId, batch: b, batchSize: plan.batchSize });
  await finishPromotion({ db, vault }, { tenantId, runId });
  return { pkg, runId };
}

/** Advances the old system through `day` (weekends too) and keys its ordinary changes into Lianxu. */
export function hrDoubleKeying(db: Kysely<Database>, store: LegacyStore, tenantId: string, firstDay: string) {
  let advancedTo: string | null = null;
  let cursor = 0;
  return async function through(day: string): Promise<void> {
    for (let d = advancedTo ? nextDay(advancedTo) : firstDay; d <= day; d = nextDay(d)) await advanceDay(store, d);
    advancedTo = day;
    const { rows } = await store.pool.query<{ seq: string; day: string; kind: string; emp_no: string; id_number: string; name: string; city: string; hukou: string; wage: string; hire_date: string }>(
      `select c.seq, c.day::text as day, c.kind, c.emp_no, e.id_number, e.name, e.city, e.hukou, e.wage, e.hire_date
         from changes c join employees e using (emp_no) where c.seq > $1 order by c.seq`, [cursor]);
    for (const c of rows) {
      cursor = Number(c.seq);
      if (c.kind.startsWith('divergence:')) continue;
      await withTenant(db, tenantId, async (trx) => {
        const emp = await trx.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('id_number_index', '=', vault.blindIndex(tenantId, c.id_number)).executeTakeFirst();
        const month = c.day.slice(0, 7);
        const early = Number(c.day.slice(8, 10)) <= 15;
        if (c.kind === 'leave' && emp) {
          await trx.updateTable('employees').set({ status: 'terminated', termination_date: c.day }).where('tenant_id', '=', tenantId).where('id', '=', emp.id).execute();
          await trx.updateTable('coverage_periods').set({ end_month: early ? prevMonth(month) : month, closed_by: sql`gen_random_uuid()` as never })
            .where('tenant_id', '=', tenantId).where('employee_id', '=', emp.id).where('end_month', 'is', null).execute();
        } else if (c.kind === 'wage' && emp) {
          await trx.updateTable('employees').set({ monthly_wage_fen: fen(c.wage) }).where('tenant_id', '=', tenantId).where('id', '=', emp.id).execute();
          await trx.insertInto('wage_history').values({ tenant_id: tenantId, employee_id: emp.id, effective_from: c.day, monthly_wage_fen: fen(c.wage), event_id: sql`gen_random_uuid()` as never })
            .onConflict((oc) => oc.columns(['tenant_id', 'employee_id', 'effective_from']).doUpdateSet({ monthly_wage_fen: fen(c.wage) })).execute();
        } else if (c.kind === 'hire' && !emp) {
          const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).orderBy('created_at').executeTakeFirstOrThrow();
          const sealed = await vault.encrypt(trx, tenantId, c.id_number);
          const row = await trx.insertInto('employees').values({
            tenant_id: tenantId, entity_id: entity.id, name: c.name, mobile: '', id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId,
            id_number_index: vault.blindIndex(tenantId, c.id_number), id_number_masked: maskIdNumber(c.id_number), hukou: c.hukou === '本地' ? 'local' : 'non-local',
            work_city: CITY[c.city]!, hire_date: c.day, termination_date: null, monthly_wage_fen: fen(c.wage), status: 'active', custom_fields: '{}',
          }).returning('id').executeTakeFirstOrThrow();
          await trx.insertInto('wage_history').values({ tenant_id: tenantId, employee_id: row.id, effective_from: c.day, monthly_wage_fen: fen(c.wage), event_id: sql`gen_random_uuid()` as never }).execute();
          await trx.insertInto('coverage_periods').values({ tenant_id: tenantId, employee_id: row.id, city_code: CITY[c.city]!, start_month: early ? month : nextMonth(month), end_month: null, opened_by: sql`gen_random_uuid()` as never }).execute();
        }
      });
    }
  };
}

export const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** An active employee of the old system whose wage's first two digits differ (so swapping them changes it). */
export async function pickEmployee(store: LegacyStore, skip: string[] = []): Promise<string> {
  const { rows } = await store.pool.query<{ emp_no: string }>(
    `select emp_no from employees where leave_date = '' and dirt is null and substr(wage, 1, 1) <> substr(wage, 2, 1) and length(split_part(wage, '.', 1)) >= 4
       and emp_no <> all($1::text[]) order by emp_no limit 1`, [skip]);
  return rows[0]!.emp_no;
}
