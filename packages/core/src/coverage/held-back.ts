import type { Kysely } from 'kysely';
import type { Database, FilingTaskRow } from '@lianxu/db';
import type { FilingOutcome } from '@lianxu/workflows';
import { heldBackFilingId, isHeldBackFilingId, recordHeldBackFiling, shadowDualRun, type EnrollmentFiling, type StopFiling } from '../filing/index';
import { resolveTaskNotices } from '../notifications/index';

// A lifecycle filing during a dual run in shadow mode (filing/held-back.ts): computed as usual (the
// base recorded on the task, the filing built) but not sent, because the old system files with the
// bureau. The task is closed as filed by the old system (its filing id `legacy:<task>:<attempt>`, no
// bureau receipt), and coverage is opened (enrollment) or closed (stop) as the filing would have done,
// so the dual run compares what Lianxu would have filed with what the old system shows. The
// workflow sees a settled confirmation, so no workflow code changes and recorded histories replay.

/** The outcome the workflow sees for a held-back filing. */
const heldBackOutcome = (filingId: string): FilingOutcome => ({ status: 'confirmed', filingId, receiptNo: '', settled: true });

/**
 * Holds the task's filing back when its tenant has a dual run in shadow mode (or it was held back
 * by an earlier try of this step: it stays held back whatever the mode now, never sent twice).
 * Returns null when the filing is to be sent. Runs in the filing step's transaction, after the base.
 */
export async function holdBackInShadow(
  trx: Kysely<Database>,
  t: FilingTaskRow,
  filing: { kind: 'enrollment'; body: EnrollmentFiling } | { kind: 'stop'; body: StopFiling } | null,
  when: Date,
): Promise<FilingOutcome | null> {
  if (isHeldBackFilingId(t.filing_id)) return heldBackOutcome(t.filing_id!);
  // A filing already made (a hand-made one waiting for its receipt) stays Lianxu's.
  if (!filing || t.filing_id) return null;
  const shadow = await shadowDualRun(trx, t.tenant_id);
  if (!shadow) return null;
  const key = filing.body.idempotencyKey;
  const filingId = heldBackFilingId(key);
  await recordHeldBackFiling(trx, {
    tenantId: t.tenant_id, runId: shadow.runId, idempotencyKey: key, kind: filing.kind, employeeId: t.employee_id, taskId: t.id,
    cityCode: t.city_code, month: t.month, baseFen: filing.kind === 'enrollment' ? filing.body.base : null,
  });
  await trx.updateTable('filing_tasks')
    .set({ status: 'confirmed', filing_id: filingId, receipt_no: null, open: false, closed_at: when, updated_at: when, rejection: null })
    .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).execute();
  if (t.kind === 'enrollment') {
    await trx.insertInto('coverage_periods').values({ tenant_id: t.tenant_id, employee_id: t.employee_id, city_code: t.city_code, start_month: t.month, opened_by: t.id })
      .onConflict((oc) => oc.columns(['tenant_id', 'opened_by']).doNothing()).execute();
  } else {
    await trx.updateTable('coverage_periods').set({ end_month: t.month, closed_by: t.id })
      .where('tenant_id', '=', t.tenant_id).where('employee_id', '=', t.employee_id).where('city_code', '=', t.city_code).where('end_month', 'is', null).execute();
  }
  await resolveTaskNotices(trx, t.tenant_id, t.id, when).execute();
  return heldBackOutcome(filingId);
}
