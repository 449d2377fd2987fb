import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';

/** One employee for the close tests: covered in `city` from `from` (to `to`), wages by effective date. */
export interface CloseEmployeeSpec {
  name?: string;
  hukou?: 'local' | 'non-local';
  city: string;
  from: string;
  to?: string | null;
  /** [effective date YYYY-MM-DD, wage in fen][], the first one at hire. */
  wages: [string, number][];
  terminated?: string;
}

/**
 * Writes employees, their wage history and coverage periods straight into the tables (no filing,
 * no workflow): the close reads only these, and a month of 100,000 people needs set-based inserts.
 */
export async function seedCloseEmployees(db: Kysely<Database>, tenantId: string, entityId: string, specs: CloseEmployeeSpec[]): Promise<string[]> {
  const ids = specs.map(() => randomUUID());
  await withTenant(db, tenantId, async (trx) => {
    await sql`insert into employees (tenant_id, id, entity_id, name, mobile, id_number_cipher, id_number_key_id, id_number_index, id_number_masked, hukou, work_city, hire_date, termination_date, monthly_wage_fen, status)
      select ${tenantId}::uuid, u.id, ${entityId}::uuid, u.name, '13800000000', '\\x00'::bytea, 'test', decode(md5(u.id::text), 'hex'), '1101**********0000', u.hukou, u.city, u.hire::date, u.term::date, u.wage, case when u.term is null then 'active' else 'terminated' end
      from unnest(${ids}::uuid[], ${specs.map((s, i) => s.name ?? `员工${i}`)}::text[], ${specs.map((s) => s.hukou ?? 'local')}::text[], ${specs.map((s) => s.city)}::text[],
        ${specs.map((s) => s.wages[0]![0])}::text[], ${specs.map((s) => s.terminated ?? null)}::text[], ${specs.map((s) => s.wages.at(-1)![1])}::bigint[]) as u(id, name, hukou, city, hire, term, wage)`.execute(trx);
    const wage = specs.flatMap((s, i) => s.wages.map(([from, fen]) => ({ id: ids[i]!, from, fen })));
    await sql`insert into wage_history (tenant_id, employee_id, effective_from, monthly_wage_fen, event_id)
      select ${tenantId}::uuid, w.id, w.f::date, w.fen, gen_random_uuid()
      from unnest(${wage.map((w) => w.id)}::uuid[], ${wage.map((w) => w.from)}::text[], ${wage.map((w) => w.fen)}::bigint[]) as w(id, f, fen)`.execute(trx);
    await sql`insert into coverage_periods (tenant_id, employee_id, city_code, start_month, end_month, opened_by)
      select ${tenantId}::uuid, c.id, c.city, c.s, c.e, gen_random_uuid()
      from unnest(${ids}::uuid[], ${specs.map((s) => s.city)}::text[], ${specs.map((s) => s.from)}::text[], ${specs.map((s) => s.to ?? null)}::text[]) as c(id, city, s, e)`.execute(trx);
  });
  return ids;
}

/** The tenant's first employing entity. */
export async function firstEntityId(db: Kysely<Database>, tenantId: string): Promise<string> {
  const row = await withTenant(db, tenantId, (trx) => trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).orderBy('created_at').executeTakeFirstOrThrow());
  return row.id;
}
