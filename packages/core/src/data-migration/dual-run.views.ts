import type { Kysely } from 'kysely';
import { withTenant, type Database, type DualRunDifferenceClass, type DualRunDifferenceStatus } from '@lianxu/db';
import { loadDualRun } from './dual-run.day';

// What the dashboard and the API read: the run, its daily report rows (late days included) and the
// differences, filtered by class, day and state; never the source URL or the subject salt.

export async function dualRunView(db: Kysely<Database>, tenantId: string, runId: string) {
  return withTenant(db, tenantId, async (trx) => {
    const run = await loadDualRun(trx, tenantId, runId);
    const open = await trx.selectFrom('dual_run_differences').select(['class', (e) => e.fn.countAll<string>().as('n')])
      .where('tenant_id', '=', tenantId).where('run_id', '=', runId).where('status', '=', 'open').groupBy('class').execute();
    // Lifecycle filings held back while the run was in shadow mode (the old system filed them).
    const held = await trx.selectFrom('held_back_filings').select(['kind', (e) => e.fn.countAll<string>().as('n')])
      .where('tenant_id', '=', tenantId).where('run_id', '=', runId).groupBy('kind').execute();
    const heldOf = (kind: 'enrollment' | 'stop' | 'base_change') => Number(held.find((h) => h.kind === kind)?.n ?? 0);
    const archive = run.archive as { retentionUntil: string; files: { name: string; rows: number }[] } | null;
    return {
      runId, status: run.status, mode: run.mode, startDay: String(run.start_day).slice(0, 10), daysTotal: run.days_total, cleanDaysRequired: run.clean_days_required,
      tolerance: Number(run.tolerance), payDay: run.pay_day, cleanStreak: run.clean_streak, lastDay: run.last_day ? String(run.last_day).slice(0, 10) : null,
      retirementOffered: run.status === 'retirement_offered', sourceConnected: run.source_cipher !== null,
      modeSignedOffAt: run.mode_signed_off_at?.toISOString() ?? null, retiredAt: run.retired_at?.toISOString() ?? null,
      archive: archive ? { retentionUntil: archive.retentionUntil, files: archive.files.map((f) => ({ name: f.name, rows: f.rows })) } : null,
      heldBack: { enrollment: heldOf('enrollment'), stop: heldOf('stop'), baseChange: heldOf('base_change') },
      openByClass: Object.fromEntries((['timing', 'configuration', 'data', 'defect'] as const).map((c) => [c, Number(open.find((o) => o.class === c)?.n ?? 0)])) as Record<DualRunDifferenceClass, number>,
    };
  });
}

export async function listDualRunDays(db: Kysely<Database>, tenantId: string, runId: string) {
  return withTenant(db, tenantId, async (trx) => {
    await loadDualRun(trx, tenantId, runId);
    const rows = await trx.selectFrom('dual_run_days').selectAll().where('tenant_id', '=', tenantId).where('run_id', '=', runId).orderBy('day').execute();
    return rows.map((r) => ({
      day: String(r.day).slice(0, 10), dayNumber: r.day_number, completed: r.completed, late: r.late, attempts: r.attempts, mode: r.mode,
      linesCompared: r.lines_compared, linesDifferent: r.lines_different, matchRate: r.lines_compared ? 1 - r.lines_different / r.lines_compared : 1,
      sourceRows: r.source_rows, sourceRowsRead: r.source_rows_read, totals: r.totals, totalsMatch: r.totals_match, withinTolerance: r.within_tolerance,
      clean: r.clean, newDifferences: r.new_differences,
    }));
  });
}

export interface DifferenceQuery {
  class?: DualRunDifferenceClass;
  day?: string;
  status?: DualRunDifferenceStatus;
  limit?: number;
  offset?: number;
}

export async function listDifferences(db: Kysely<Database>, tenantId: string, runId: string, query: DifferenceQuery = {}) {
  return withTenant(db, tenantId, async (trx) => {
    await loadDualRun(trx, tenantId, runId);
    let q = trx.selectFrom('dual_run_differences').selectAll().where('tenant_id', '=', tenantId).where('run_id', '=', runId);
    if (query.class) q = q.where('class', '=', query.class);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.day) q = q.where('first_seen_day', '<=', query.day).where('last_seen_day', '>=', query.day);
    const rows = await q.orderBy('first_seen_day').orderBy('kind').orderBy('id').limit(query.limit ?? 100).offset(query.offset ?? 0).execute();
    return rows.map((r) => ({
      id: r.id, kind: r.kind, item: r.item, label: r.label, employeeId: r.employee_id, legacy: r.legacy_value, lianxu: r.lianxu_value,
      class: r.class, autoClass: r.auto_class, status: r.status, firstSeenDay: String(r.first_seen_day).slice(0, 10), lastSeenDay: String(r.last_seen_day).slice(0, 10),
      assigneeUserId: r.assignee_user_id, note: r.note,
    }));
  });
}
