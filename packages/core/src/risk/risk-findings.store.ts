import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { atStakeFen, type RiskFindingDraft } from './rules/risk-rule.types';

// Writing findings: one statement per page of findings (arrays unnested), upserted against the one
// open finding per employee × rule × subject; then, once the scan has seen everything, the open
// findings it did not see again are resolved automatically.

export interface StoredDraft extends RiskFindingDraft {
  employeeId: string;
  source: string;
}

/** Upserts a page of findings; returns how many were new. */
export async function upsertFindings(trx: Kysely<Database>, tenantId: string, scanId: string, drafts: StoredDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const col = <T>(f: (d: StoredDraft) => T) => drafts.map(f);
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const { rows } = await sql<{ inserted: boolean }>`
    insert into risk_findings (tenant_id, employee_id, rule_id, subject, source, severity, since, message, employee_loss,
      suggested_action, details, owed_fen, late_fee_fen, fine_min_fen, fine_max_fen, overpaid_fen, at_stake_fen, last_scan_id)
    select ${tenantId}::uuid, u.* , ${scanId}::uuid
    from unnest(${col((d) => d.employeeId)}::uuid[], ${col((d) => d.ruleId)}::text[], ${col((d) => d.subject)}::text[],
      ${col((d) => d.source)}::text[], ${col((d) => d.severity)}::text[], ${col((d) => d.since)}::date[],
      ${col((d) => json(d.message))}::jsonb[], ${col((d) => json(d.employeeLoss))}::jsonb[], ${col((d) => json(d.action))}::jsonb[],
      ${col((d) => json(d.details))}::jsonb[], ${col((d) => d.money.owedFen)}::bigint[], ${col((d) => d.money.lateFeeFen)}::bigint[],
      ${col((d) => d.money.fineMinFen)}::bigint[], ${col((d) => d.money.fineMaxFen)}::bigint[], ${col((d) => d.money.overpaidFen)}::bigint[],
      ${col((d) => atStakeFen(d.money))}::bigint[]) as u
    on conflict (tenant_id, employee_id, rule_id, subject) where state <> 'resolved'
    do update set severity = excluded.severity, since = excluded.since, source = excluded.source, message = excluded.message,
      employee_loss = excluded.employee_loss, suggested_action = excluded.suggested_action, details = excluded.details,
      owed_fen = excluded.owed_fen, late_fee_fen = excluded.late_fee_fen, fine_min_fen = excluded.fine_min_fen,
      fine_max_fen = excluded.fine_max_fen, overpaid_fen = excluded.overpaid_fen, at_stake_fen = excluded.at_stake_fen,
      last_seen_at = now(), last_scan_id = excluded.last_scan_id
    returning (xmax = 0) as inserted`.execute(trx);
  return rows.filter((r) => r.inserted).length;
}

/**
 * Resolves the open and acknowledged findings this scan did not see again, among the sources that
 * answered (a plugin whose rules failed this time keeps its findings as they were).
 */
export async function resolveUnseen(trx: Kysely<Database>, tenantId: string, scanId: string, sources: string[]): Promise<number> {
  if (sources.length === 0) return 0;
  const r = await trx
    .updateTable('risk_findings')
    .set({ state: 'resolved', state_reason: null, state_by: null, state_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('state', '<>', 'resolved')
    .where('last_scan_id', '<>', scanId)
    .where('source', 'in', sources)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
