import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { maskIdNumber, type PersonalDataVault } from '../shared/index';
import type { DemoPlan } from './demo-history.plan';

// Writes a planned demo history in bulk (a few multi-row inserts per table, inside the caller's
// withTenant transaction). Like the data migration's promotion, this is a writer of employees and
// coverage periods outside people/coverage: the history is already filed and confirmed, so it must
// create no filing, no outbox row and no workflow. Deterministic ids make a second write a no-op.

const CHUNK = 500;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Recorded at ten in the morning (Shanghai) of the day it took effect, as HR would have entered it. */
const recordedAt = (date: string) => new Date(`${date}T02:00:00Z`);

export async function writeDemoPeople(trx: Kysely<Database>, tenantId: string, vault: PersonalDataVault, plan: DemoPlan): Promise<{ employees: number }> {
  const employees = [];
  for (const e of plan.employees) {
    const sealed = await vault.encrypt(trx, tenantId, e.idNumber);
    employees.push({
      tenant_id: tenantId, id: e.id, entity_id: e.entityId, name: e.name, mobile: e.mobile,
      id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId, id_number_index: vault.blindIndex(tenantId, e.idNumber), id_number_masked: maskIdNumber(e.idNumber),
      hukou: e.hukou, work_city: e.workCity, hire_date: e.hireDate, termination_date: e.terminationDate, monthly_wage_fen: e.wageFen,
      status: e.terminationDate ? ('terminated' as const) : ('active' as const), custom_fields: '{}', demo: true,
    });
  }
  let written = 0;
  await inChunks(employees, async (chunk) => {
    const rows = await trx.insertInto('employees').values(chunk).onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing()).returning('id').execute();
    written += rows.length;
  });
  await inChunks(plan.events, (chunk) =>
    trx.insertInto('employment_events')
      .values(chunk.map((e) => ({ tenant_id: tenantId, id: e.id, employee_id: e.employeeId, kind: e.kind, effective_date: e.effectiveDate, recorded_at: recordedAt(e.effectiveDate), details: JSON.stringify(e.details) })))
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .execute());
  await inChunks(plan.wages, (chunk) =>
    trx.insertInto('wage_history')
      .values(chunk.map((w) => ({ tenant_id: tenantId, employee_id: w.employeeId, effective_from: w.effectiveFrom, monthly_wage_fen: w.wageFen, event_id: w.eventId })))
      .onConflict((oc) => oc.columns(['tenant_id', 'employee_id', 'effective_from']).doNothing())
      .execute());
  await inChunks(plan.periods, (chunk) =>
    trx.insertInto('coverage_periods')
      .values(chunk.map((p) => ({ tenant_id: tenantId, employee_id: p.employeeId, city_code: p.cityCode, start_month: p.startMonth, end_month: p.endMonth, opened_by: p.openedBy, closed_by: p.closedBy })))
      .onConflict((oc) => oc.columns(['tenant_id', 'opened_by']).doNothing())
      .execute());
  return { employees: written };
}
