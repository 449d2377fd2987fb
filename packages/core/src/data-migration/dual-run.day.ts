import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { withTenant, type Database, type DualRunsTable } from '@lianxu/db';
import type { DualRunDayOutcome } from '@lianxu/workflows';
import type { PersonalDataVault } from '../shared/index';
import { recordNotice } from '../notifications/index';
import { bisect } from './dual-run.compare';
import { amountGap, classify } from './dual-run.classify';
import { legacySide } from './dual-run.legacy-side';
import { lianxuSide, monthsBetween } from './dual-run.lianxu-side';
import { quarantinedPeople } from './dual-run.quarantined';
import { MigrationError } from './migration.package';
import { connectLegacySourceRetryable, unsealLegacySource, type LegacySource } from './migration.source';

// One business day of a dual run: the old system read over its read-only connection (the source
// sealed on the dual run, connected by the migration's connectLegacySource: TLS per its sslmode, one
// connection for the day, closed after it; a source out of reach is retried and the day shown late), Lianxu's side
// from the live tables, compared by checksum bisection; each difference is stored once (first seen
// on the day it appeared), classed, and kept until it is gone. A day is clean when no difference is
// unexplained and each month's totals match to the fen once the explained differences are counted.

export interface DualRunDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  /** Where retired runs' final snapshots are archived (encrypted packages). */
  archiveDir?: string;
  /** Years the archived snapshot is kept (default 10). */
  retentionYears?: number;
}

export const DUAL_RUN_ALERT = 'dual_run.tolerance_broken';
export const dualRunNotFound = () => new MigrationError(404, 'dual_run_not_found', { 'zh-CN': '没有这个并行运行', en: 'No such dual run' });

const DAY_MS = 86_400_000;
export const dayNumberOf = (start: string, day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
const prevMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
};
/** The months compared on a day: from the run's first month to the last one whose pay day has passed. */
export function windowMonths(startDay: string, day: string, payDay: number): string[] {
  const paid = Number(day.slice(8, 10)) >= payDay ? day.slice(0, 7) : prevMonth(day.slice(0, 7));
  return paid < startDay.slice(0, 7) ? [] : monthsBetween(startDay.slice(0, 7), paid);
}

type DualRunsRow = Awaited<ReturnType<typeof loadDualRun>>;

export async function loadDualRun(trx: Kysely<Database>, tenantId: string, runId: string, lock = false) {
  let q = trx.selectFrom('dual_runs').selectAll().where('tenant_id', '=', tenantId).where('run_id', '=', runId);
  if (lock) q = q.forUpdate();
  const run = await q.executeTakeFirst();
  if (!run) throw dualRunNotFound();
  return run;
}

/** The dual run's source, unsealed (refused once retirement has disconnected it). */
export async function dualRunSource(deps: Pick<DualRunDeps, 'vault'>, trx: Kysely<Database>, run: Pick<DualRunsTable, 'tenant_id'> & { source_cipher: Buffer | null; source_key_id: string | null }): Promise<LegacySource> {
  if (!run.source_cipher || !run.source_key_id)
    throw new MigrationError(409, 'dual_run_disconnected', { 'zh-CN': '旧系统已断开连接', en: 'The old system is disconnected' });
  return unsealLegacySource(trx, deps.vault, run.tenant_id, run.source_cipher, run.source_key_id);
}

export async function compareDualRunDay(deps: DualRunDeps, input: { tenantId: string; runId: string; day: string }): Promise<DualRunDayOutcome> {
  const { tenantId: t, runId, day } = input;
  const { run, source, done } = await withTenant(deps.db, t, async (trx) => {
    const run = await loadDualRun(trx, t, runId);
    const done = await trx.selectFrom('dual_run_days').selectAll().where('tenant_id', '=', t).where('run_id', '=', runId).where('day', '=', day).where('completed', '=', true).executeTakeFirst();
    return { run, done, source: run.status === 'retired' || done ? null : await dualRunSource(deps, trx, run) };
  });
  const dayNumber = dayNumberOf(run.start_day, day);
  const closed = run.status === 'retired';
  if (closed || done)
    return { day, dayNumber, clean: done?.clean ?? false, totalsMatch: done?.totals_match ?? false, withinTolerance: done?.within_tolerance ?? false,
      newDifferences: done?.new_differences ?? 0, retirementOffered: run.status === 'retirement_offered', closed };

  const client = await connectLegacySourceRetryable(source!);
  try {
    return await compareWith(deps, client, { tenantId: t, runId, day, dayNumber, run });
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function compareWith(deps: DualRunDeps, client: pg.ClientBase, input: { tenantId: string; runId: string; day: string; dayNumber: number; run: DualRunsRow }): Promise<DualRunDayOutcome> {
  const { tenantId: t, runId, day, dayNumber, run } = input;
  const months = windowMonths(run.start_day, day, run.pay_day);
  const library = getDefaultPolicyLibrary();
  const { rows: cities } = await client.query<{ city: string }>('select distinct city from employees');
  const cityCodes = Object.fromEntries(cities.flatMap((c) => { const ref = library.findCity(c.city.trim()); return ref ? [[c.city, ref.code]] : []; }));
  const legacy = legacySide({ client, salt: run.subject_salt, months, cityCodes });
  const legacyTotals = await legacy.totals();

  return withTenant(deps.db, t, async (trx) => {
    const locked = await loadDualRun(trx, t, runId, true);
    const lianxu = await lianxuSide(trx, deps.vault, { tenantId: t, salt: run.subject_salt, months, payDay: run.pay_day });
    const quarantined = await quarantinedPeople(trx, t, runId, run.subject_salt);
    const result = await bisect(legacy, lianxu);
    const lianxuTotals = await lianxu.totals();
    let inserted = 0;
    for (const d of result.differences) {
      const who = lianxu.labelOf(d.subject);
      const known = quarantined.get(d.subject);
      // Someone the migration quarantined: a data difference known since the migration, explained by its finding.
      const auto = known ? 'data' : classify(d, result.differences);
      const row = await trx.insertInto('dual_run_differences')
        .values({ tenant_id: t, run_id: runId, kind: d.kind, subject: d.subject, item: d.item, label: who?.label ?? d.label, employee_id: who?.employeeId ?? null,
          legacy_value: d.legacy, lianxu_value: d.lianxu, class: auto, auto_class: auto, first_seen_day: day, last_seen_day: day,
          ...(known ? { status: 'explained', note: `迁移时已隔离（花名册第 ${known.row} 行：${known.reasonZh}）/ quarantined at migration (roster row ${known.row}: ${known.reasonEn})` } : {}) })
        .onConflict((oc) => oc.columns(['tenant_id', 'run_id', 'kind', 'subject', 'item']).doUpdateSet({
          legacy_value: (e) => e.ref('excluded.legacy_value'), lianxu_value: (e) => e.ref('excluded.lianxu_value'), last_seen_day: (e) => e.ref('excluded.last_seen_day'),
          status: sql`case when dual_run_differences.status = 'gone' then 'open' else dual_run_differences.status end` as never, updated_at: sql<string>`now()` as never,
        }))
        .returning(sql<boolean>`xmax = 0`.as('inserted')).executeTakeFirstOrThrow();
      if (row.inserted) inserted += 1;
    }
    await trx.updateTable('dual_run_differences').set({ status: 'gone', updated_at: sql<string>`now()` as never })
      .where('tenant_id', '=', t).where('run_id', '=', runId).where('status', '!=', 'gone').where('last_seen_day', '<', day).execute();
    const seen = await trx.selectFrom('dual_run_differences').select(['kind', 'item', 'status', 'legacy_value', 'lianxu_value'])
      .where('tenant_id', '=', t).where('run_id', '=', runId).where('last_seen_day', '=', day).execute();
    const open = seen.filter((s) => s.status === 'open').length;
    const totals: Record<string, { legacy: string; lianxu: string }> = {};
    let totalsMatch = true;
    let reconciled = true;
    for (const m of months) {
      const a = legacyTotals.get(m) ?? 0n;
      const b = lianxuTotals.get(m) ?? 0n;
      totals[m] = { legacy: a.toString(), lianxu: b.toString() };
      if (a !== b) totalsMatch = false;
      const explained = seen.filter((s) => s.status === 'explained' && s.item.startsWith(`${m}|`)).reduce((sum, s) => sum + amountGap(s), 0);
      if (a - b !== BigInt(explained)) reconciled = false;
    }
    const linesCompared = Math.max(result.legacyLines, result.lianxuLines);
    const withinTolerance = reconciled && open <= Number(locked.tolerance) * linesCompared;
    const clean = reconciled && open === 0;
    const streak = clean ? locked.clean_streak + 1 : 0;
    const offered = dayNumber >= locked.days_total && streak >= locked.clean_days_required;
    await trx.insertInto('dual_run_days')
      .values({ tenant_id: t, run_id: runId, day, day_number: dayNumber, attempts: 1, completed: true, mode: locked.mode, lines_compared: linesCompared,
        lines_different: result.differences.length, source_rows: result.legacyLines, source_rows_read: result.legacyLinesRead, totals: JSON.stringify(totals),
        totals_match: totalsMatch, within_tolerance: withinTolerance, clean, new_differences: inserted, completed_at: sql<Date>`now()` as never })
      .onConflict((oc) => oc.columns(['tenant_id', 'run_id', 'day']).doUpdateSet({
        attempts: sql<number>`dual_run_days.attempts + 1` as never, completed: true, mode: (e) => e.ref('excluded.mode'), lines_compared: (e) => e.ref('excluded.lines_compared'),
        lines_different: (e) => e.ref('excluded.lines_different'), source_rows: (e) => e.ref('excluded.source_rows'), source_rows_read: (e) => e.ref('excluded.source_rows_read'),
        totals: (e) => e.ref('excluded.totals'), totals_match: (e) => e.ref('excluded.totals_match'), within_tolerance: (e) => e.ref('excluded.within_tolerance'),
        clean: (e) => e.ref('excluded.clean'), new_differences: (e) => e.ref('excluded.new_differences'), completed_at: sql<Date>`now()` as never,
      })).execute();
    await trx.updateTable('dual_runs').set({ clean_streak: streak, last_day: day, status: offered ? 'retirement_offered' : 'running', updated_at: sql<string>`now()` as never })
      .where('tenant_id', '=', t).where('run_id', '=', runId).execute();
    if (!withinTolerance) {
      const admins = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', t).where('role', '=', 'tenant_admin').execute();
      for (const admin of admins)
        await recordNotice(trx, {
          tenantId: t, dedupeKey: `${DUAL_RUN_ALERT}:${runId}:${day}:${admin.user_id}`, channel: 'in_app', recipientUserId: admin.user_id, kind: DUAL_RUN_ALERT,
          subject: `并行运行第 ${dayNumber} 天超出容差`,
          body: `${day}：${open} 处差异待说明，合计${totalsMatch ? '一致' : '不一致'}`,
          en: { subject: `Dual run day ${dayNumber} is outside the tolerance`, body: `${day}: ${open} differences to explain, totals ${totalsMatch ? 'match' : 'differ'}` },
        });
    }
    return { day, dayNumber, clean, totalsMatch, withinTolerance, newDifferences: inserted, retirementOffered: offered, closed: false };
  });
}

/** The day's source could not be reached: the day is shown late until it is compared. */
export async function markDualRunDayLate(deps: DualRunDeps, input: { tenantId: string; runId: string; day: string; error: string }): Promise<void> {
  await withTenant(deps.db, input.tenantId, async (trx) => {
    const run = await loadDualRun(trx, input.tenantId, input.runId);
    await trx.insertInto('dual_run_days')
      .values({ tenant_id: input.tenantId, run_id: input.runId, day: input.day, day_number: dayNumberOf(run.start_day, input.day), late: true, attempts: 1, mode: run.mode, last_error: input.error.slice(0, 500) })
      .onConflict((oc) => oc.columns(['tenant_id', 'run_id', 'day']).doUpdateSet({ late: true, attempts: sql<number>`dual_run_days.attempts + 1` as never, last_error: (e) => e.ref('excluded.last_error') }))
      .execute();
  });
}
