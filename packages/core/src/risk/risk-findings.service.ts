import { sql, type Kysely } from 'kysely';
import { withTenant, type Database, type RiskFindingState } from '@lianxu/db';
import { invalidField, RiskError, type LocalizedText } from '../shared/index';
import { CORE_RISK_RULES } from './rules/index';

// Reading and acknowledging findings. Reads join the people module's tables (a read model); only
// this module writes risk_findings.

export interface FindingFilter {
  state?: RiskFindingState;
  rule?: string;
  employeeId?: string;
  city?: string;
  /**
   * risks: findings that can cost money or coverage (warning, critical); notices: information about
   * the data behind the figures (info, e.g. provisional policy figures), one per employee concerned.
   */
  kind?: 'risks' | 'notices';
  limit?: number;
  offset?: number;
}

export interface RiskFindingView {
  id: string;
  employeeId: string;
  employeeName: string;
  city: string;
  ruleId: string;
  ruleTitle: LocalizedText;
  subject: string;
  source: string;
  severity: 'info' | 'warning' | 'critical';
  since: string;
  message: LocalizedText;
  employeeLoss: LocalizedText | null;
  suggestedAction: { kind: string; label: LocalizedText } | null;
  money: { owedFen: number; lateFeeFen: number; fineMinFen: number; fineMaxFen: number; overpaidFen: number; atStakeFen: number };
  state: RiskFindingState;
  stateReason: string | null;
  stateBy: string | null;
  /** The name of who acknowledged it (null when the scan resolved it). */
  stateByName: string | null;
  stateAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

const TITLES = new Map(CORE_RISK_RULES.map((r) => [r.id, r.title]));

/** The title of a rule: core's own, else (a plugin rule) the finding's message. */
export function ruleTitle(ruleId: string, message: LocalizedText): LocalizedText {
  return TITLES.get(ruleId) ?? message;
}

function filtered(trx: Kysely<Database>, tenantId: string, f: FindingFilter) {
  return trx
    .selectFrom('risk_findings as r')
    .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'r.tenant_id').onRef('e.id', '=', 'r.employee_id'))
    .where('r.tenant_id', '=', tenantId)
    .$if(!!f.state, (q) => q.where('r.state', '=', f.state!))
    .$if(!!f.rule, (q) => q.where('r.rule_id', '=', f.rule!))
    .$if(!!f.employeeId, (q) => q.where('r.employee_id', '=', f.employeeId!))
    .$if(!!f.city, (q) => q.where('e.work_city', '=', f.city!))
    .$if(f.kind === 'risks', (q) => q.where('r.severity', '!=', 'info'))
    .$if(f.kind === 'notices', (q) => q.where('r.severity', '=', 'info'));
}

export async function listFindings(db: Kysely<Database>, tenantId: string, f: FindingFilter): Promise<{ items: RiskFindingView[]; total: number; totalAtStakeFen: number }> {
  const limit = f.limit ?? 50;
  const offset = f.offset ?? 0;
  return withTenant(db, tenantId, async (trx) => {
    const [rows, totals] = await Promise.all([
      filtered(trx, tenantId, f)
        .leftJoin('users as u', 'u.id', 'r.state_by')
        .select(['u.name as state_by_name', 'r.id', 'r.employee_id', 'e.name', 'e.work_city', 'r.rule_id', 'r.subject', 'r.source', 'r.severity', 'r.since', 'r.message', 'r.employee_loss', 'r.suggested_action',
          'r.owed_fen', 'r.late_fee_fen', 'r.fine_min_fen', 'r.fine_max_fen', 'r.overpaid_fen', 'r.at_stake_fen', 'r.state', 'r.state_reason', 'r.state_by', 'r.state_at', 'r.first_seen_at', 'r.last_seen_at'])
        .orderBy(sql`case r.state when 'open' then 0 when 'acknowledged' then 1 else 2 end`)
        .orderBy('r.at_stake_fen', 'desc')
        .orderBy('r.id')
        .limit(limit)
        .offset(offset)
        .execute(),
      filtered(trx, tenantId, f).select((eb) => [eb.fn.countAll<string>().as('n'), sql<string>`coalesce(sum(r.at_stake_fen), 0)`.as('fen')]).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(totals.n),
      totalAtStakeFen: Number(totals.fen),
      items: rows.map((r) => ({
        id: r.id,
        employeeId: r.employee_id,
        employeeName: r.name,
        city: r.work_city,
        ruleId: r.rule_id,
        ruleTitle: ruleTitle(r.rule_id, r.message),
        subject: r.subject,
        source: r.source,
        severity: r.severity,
        since: r.since,
        message: r.message,
        employeeLoss: r.employee_loss,
        suggestedAction: r.suggested_action,
        money: { owedFen: Number(r.owed_fen), lateFeeFen: Number(r.late_fee_fen), fineMinFen: Number(r.fine_min_fen), fineMaxFen: Number(r.fine_max_fen), overpaidFen: Number(r.overpaid_fen), atStakeFen: Number(r.at_stake_fen) },
        state: r.state,
        stateReason: r.state_reason,
        stateBy: r.state_by,
        stateByName: r.state_by_name,
        stateAt: r.state_at ? r.state_at.toISOString() : null,
        firstSeenAt: r.first_seen_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
      })),
    };
  });
}

/** Acknowledges an open finding with a reason (HR keeps it in view without it counting as new). */
export async function acknowledgeFinding(db: Kysely<Database>, tenantId: string, actorId: string, id: string, reason: string): Promise<{ id: string; state: 'acknowledged'; stateReason: string; stateBy: string; stateAt: string }> {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (!text) throw invalidField('reason', '请填写确认原因', 'give the reason for acknowledging');
  if (text.length > 500) throw invalidField('reason', '原因最多 500 个字', 'the reason must be at most 500 characters');
  return withTenant(
    db,
    tenantId,
    async (trx) => {
      const row = await trx
        .updateTable('risk_findings')
        .set({ state: 'acknowledged', state_reason: text, state_by: actorId, state_at: sql<Date>`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('state', '=', 'open')
        .returning(['id', 'state_at'])
        .executeTakeFirst();
      if (row) return { id: row.id, state: 'acknowledged' as const, stateReason: text, stateBy: actorId, stateAt: row.state_at!.toISOString() };
      const exists = await trx.selectFrom('risk_findings').select('state').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!exists) throw new RiskError(404, 'risk_finding_not_found', { 'zh-CN': '没有这条风险记录', en: 'No such risk finding' });
      throw new RiskError(409, 'risk_finding_not_open', {
        'zh-CN': exists.state === 'resolved' ? '这条风险已解决，无需确认' : '这条风险已经确认过',
        en: exists.state === 'resolved' ? 'This finding is already resolved' : 'This finding is already acknowledged',
      });
    },
    { actorId },
  );
}
