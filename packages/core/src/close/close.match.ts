import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '@lianxu/db';

// The three-way match of one month, inside PostgreSQL: the expected lines are staged
// (stageExpectedLines: covered employees joined with their priced wages, all in the database),
// then one INSERT ... SELECT joins them with the
// bill's lines and payroll's deductions per employee x insurance and writes every difference with
// its class and amount. Amounts are billed minus expected (a missing deduction: expected minus
// deducted), in fen. Rounding: same base, each side within one fen; rate: same base, more than that.
// A 补缴 line (an earlier period billed this month) is matched with its back-payment adjustment
// line, never counted as a duplicate of the month's regular line.

/** 征收类型 of a back-payment line on the bureau's bill (an earlier period billed this month). */
const BACK_PAY = '补缴';

export interface CloseKey {
  tenantId: string;
  entityId: string;
  cityCode: string;
  month: string;
}

/**
 * Replaces the month's open differences by those the staged expected lines, the bill and the
 * deductions give now. A difference already resolved (accepted or adjusted) with the same
 * employee, insurance, class and amount is not raised again. Returns the differences written.
 */
export async function matchStaged(trx: Kysely<Database>, k: CloseKey, expected: RawBuilder<unknown>): Promise<number> {
  // The match sorts and hashes about five lines a person: enough memory for it not to spill to disk
  // at 100,000 people (this transaction only).
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`delete from close_differences where tenant_id = ${k.tenantId} and entity_id = ${k.entityId} and city_code = ${k.cityCode} and month = ${k.month} and state in ('open', 'fixed')`.execute(trx);
  const result = await sql`
    with lines as (
      select *, (collection_type = ${BACK_PAY} or period_to < month) as back
      from close_bill_lines
      where tenant_id = ${k.tenantId} and entity_id = ${k.entityId} and city_code = ${k.cityCode} and month = ${k.month}
    ),
    billed_all as (
      select employee_id, insurance, person_name, base_fen, employer_fen, employee_fen,
             row_number() over (partition by employee_id, case when employee_id is null then id_number_masked || person_name end, insurance order by line_no) as rn
      from lines where not back
    ),
    -- 补缴 lines (an earlier period billed this month) are not this month's contributions: each is
    -- matched with the month's back-payment adjustment line of its period; one without an
    -- adjustment is billed for a person-month the close does not expect (headcount), one whose
    -- amounts differ from it is a rate difference.
    back_paid as (
      select l.employee_id, l.insurance, l.person_name, l.base_fen, l.employer_fen, l.employee_fen,
             case when a.id is null then 'headcount' else 'rate' end as class,
             a.employer_fen as aer, a.employee_fen as aee
      from lines l
      left join lateral (
        select id, employer_fen, employee_fen from adjustment_lines a
        where a.tenant_id = ${k.tenantId} and a.entity_id = ${k.entityId} and a.city_code = ${k.cityCode} and a.month = ${k.month}
          and a.kind = 'back_payment' and a.original_month = l.period_from and a.employee_id = l.employee_id and a.insurance = l.insurance
        order by (a.employer_fen = l.employer_fen and a.employee_fen = l.employee_fen) desc limit 1
      ) a on true
      where l.back and (a.id is null or a.employer_fen <> l.employer_fen or a.employee_fen <> l.employee_fen)
    ),
    billed as (select * from billed_all where rn = 1),
    pairs as (
      select coalesce(e.employee_id, b.employee_id) as employee_id, coalesce(e.insurance, b.insurance) as insurance, b.person_name as billed_name,
             e.base_fen as eb, e.employer_fen as eer, e.employee_fen as eee, b.base_fen as bb, b.employer_fen as ber, b.employee_fen as bee
      from ${expected} e full join billed b on b.employee_id = e.employee_id and b.insurance = e.insurance
    ),
    classed as (
      select p.*,
        case
          when p.eb is null or p.bb is null then 'headcount'
          when p.bb <> p.eb then 'base'
          when p.ber = p.eer and p.bee = p.eee then null
          when abs(p.ber - p.eer) <= 1 and abs(p.bee - p.eee) <= 1 then 'rounding'
          else 'rate'
        end as class,
        coalesce(p.ber + p.bee, 0) - coalesce(p.eer + p.eee, 0) as amount
      from pairs p
    ),
    deduction as (
      select coalesce(e.employee_id, d.employee_id) as employee_id, coalesce(e.insurance, d.insurance) as insurance,
             e.base_fen as eb, e.employer_fen as eer, e.employee_fen as eee, d.employee_fen as ded
      from (select * from ${expected} x where employee_fen > 0) e
      full join (select employee_id, insurance, employee_fen from close_deductions
                 where tenant_id = ${k.tenantId} and entity_id = ${k.entityId} and city_code = ${k.cityCode} and month = ${k.month}) d
        on d.employee_id = e.employee_id and d.insurance = e.insurance
      where d.employee_fen is distinct from e.employee_fen
    ),
    found as (
      select employee_id, insurance, billed_name, class, eb, eer, eee, bb, ber, bee, null::bigint as ded, amount from classed where class is not null
      union all
      select employee_id, insurance, person_name, 'duplicate', null, null, null, base_fen, employer_fen, employee_fen, null, employer_fen + employee_fen from billed_all where rn > 1
      union all
      select employee_id, insurance, person_name, class, null, aer, aee, base_fen, employer_fen, employee_fen, null, employer_fen + employee_fen - coalesce(aer + aee, 0) from back_paid
      union all
      select employee_id, insurance, null, 'missing_deduction', eb, eer, eee, null, null, null, ded, coalesce(eee, 0) - coalesce(ded, 0) from deduction
    )
    insert into close_differences (tenant_id, entity_id, city_code, month, employee_id, person_name, insurance, class,
      expected_base_fen, expected_employer_fen, expected_employee_fen, billed_base_fen, billed_employer_fen, billed_employee_fen, deducted_fen, amount_fen)
    select ${k.tenantId}::uuid, ${k.entityId}::uuid, ${k.cityCode}, ${k.month}, f.employee_id, coalesce(emp.name, f.billed_name, ''), f.insurance, f.class,
      f.eb, f.eer, f.eee, f.bb, f.ber, f.bee, f.ded, f.amount
    from found f
    left join employees emp on emp.tenant_id = ${k.tenantId} and emp.id = f.employee_id
    where not exists (
      select 1 from close_differences r
      where r.tenant_id = ${k.tenantId} and r.entity_id = ${k.entityId} and r.city_code = ${k.cityCode} and r.month = ${k.month}
        and r.state in ('accepted', 'adjusted') and r.employee_id is not distinct from f.employee_id and r.insurance = f.insurance
        and r.class = f.class and r.amount_fen = f.amount
    )`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
