import { sql, type Kysely } from 'kysely';
import type { Database, HeldBackFilingKind, Localized } from '@lianxu/db';

// Who files with the bureau during a dual run (issue #16, item 5). While a tenant has a dual run in
// shadow mode (running or offering retirement), the old system still files: Lianxu computes each
// lifecycle filing as usual (the base, the filing itself) but does not send it, and records it here
// as held back, filed by the old system. In live mode, without a dual run or after retirement, filings
// go to the bureau as always. The decision is taken per filing when it would be sent: a filing held
// back stays held back (never sent later, so switching to live files no duplicate), and one sent in
// live mode stays sent after a fall back to shadow.

/** The filing id recorded for a held-back filing: what the task shows instead of the bureau's id. */
export const HELD_BACK_PREFIX = 'legacy:';
export const heldBackFilingId = (idempotencyKey: string) => `${HELD_BACK_PREFIX}${idempotencyKey}`;
export const isHeldBackFilingId = (filingId: string | null | undefined): boolean => typeof filingId === 'string' && filingId.startsWith(HELD_BACK_PREFIX);

/** What a held-back filing says, on the task and on the employee. */
export const HELD_BACK_REASON: Localized = {
  'zh-CN': '并行运行处于影子模式：由原系统向社保经办机构申报，连续已计算此申报但未报送',
  en: 'Dual run in shadow mode: the old system files with the bureau; Lianxu computed this filing but did not send it',
};

/** The tenant's dual run in shadow mode (not retired), if any: its filings are held back. */
export async function shadowDualRun(trx: Kysely<Database>, tenantId: string): Promise<{ runId: string } | null> {
  const row = await trx.selectFrom('dual_runs').select('run_id').where('tenant_id', '=', tenantId).where('mode', '=', 'shadow')
    .where('status', 'in', ['running', 'retirement_offered']).orderBy('created_at').limit(1).executeTakeFirst();
  return row ? { runId: row.run_id } : null;
}

export interface HeldBackFiling {
  tenantId: string;
  runId: string;
  idempotencyKey: string;
  kind: HeldBackFilingKind;
  employeeId: string;
  taskId: string | null;
  cityCode: string;
  month: string;
  /** Enrollment and base change: the base Lianxu would have filed, fen. */
  baseFen: number | null;
}

/** Records a filing as held back (once per idempotency key), in the caller's transaction. */
export async function recordHeldBackFiling(trx: Kysely<Database>, f: HeldBackFiling): Promise<void> {
  await trx.insertInto('held_back_filings').values({
    tenant_id: f.tenantId, idempotency_key: f.idempotencyKey, run_id: f.runId, kind: f.kind, employee_id: f.employeeId, task_id: f.taskId,
    city_code: f.cityCode, month: f.month, base_fen: f.baseFen,
  }).onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing()).execute();
}

export interface HeldBackCount {
  kind: HeldBackFilingKind;
  count: number;
}

/** How many filings a dual run held back, per kind (for its report). */
export async function heldBackCounts(trx: Kysely<Database>, tenantId: string, runId: string): Promise<HeldBackCount[]> {
  const rows = await trx.selectFrom('held_back_filings').select(['kind', sql<number>`count(*)::int`.as('count')])
    .where('tenant_id', '=', tenantId).where('run_id', '=', runId).groupBy('kind').orderBy('kind').execute();
  return rows.map((r) => ({ kind: r.kind, count: Number(r.count) }));
}
