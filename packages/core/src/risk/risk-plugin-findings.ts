import type { Localized, RiskFinding } from '@lianxu/plugin-sdk';
import type { StoredDraft } from './risk-findings.store';
import type { RiskMoney, SuggestedAction, SuggestedActionKind } from './rules/risk-rule.types';

// A plugin's finding as the scan stores it: its money at stake (checked by the extension registry:
// non-negative integers of fen, absent parts 0), the suggested action with core's label for its
// kind, the employee's loss; subject and since from the details where the plugin gave them.

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Core's label of each action kind (a plugin names the kind; the button says the same everywhere). */
export const ACTION_LABELS: Record<SuggestedActionKind, Localized> = {
  start_enrollment: { 'zh-CN': '办理增员', en: 'Start the enrollment' },
  file_stop: { 'zh-CN': '办理减员', en: 'File the stop' },
  adjust_base: { 'zh-CN': '调整缴费基数', en: 'Adjust the contribution base' },
  back_payment: { 'zh-CN': '办理补缴', en: 'Create the back-payment' },
  check_bureau: { 'zh-CN': '核实经办机构记录', en: "Check the bureau's records" },
  review: { 'zh-CN': '查看并处理', en: 'Review it' },
};

const fen = (v: number | undefined) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 0);

export function pluginMoney(m: RiskFinding['moneyAtStake']): RiskMoney {
  return { owedFen: fen(m?.owedFen), lateFeeFen: fen(m?.lateFeeFen), fineMinFen: fen(m?.fineMinFen), fineMaxFen: fen(m?.fineMaxFen), overpaidFen: fen(m?.overpaidFen) };
}

export function pluginAction(kind: RiskFinding['action']): SuggestedAction | null {
  return kind && kind in ACTION_LABELS ? { kind, label: ACTION_LABELS[kind] } : null;
}

/** The stored drafts of the plugins' findings that name an employee. */
export function pluginDrafts(found: readonly (RiskFinding & { pluginId: string })[], today: string): StoredDraft[] {
  return found
    .filter((f) => f.employeeId !== null)
    .map((f) => ({
      employeeId: f.employeeId!,
      source: `plugin:${f.pluginId}`,
      ruleId: `${f.pluginId}:${f.ruleId}`.slice(0, 80),
      subject: typeof f.details?.subject === 'string' ? f.details.subject : '',
      severity: f.severity,
      since: typeof f.details?.since === 'string' && DATE.test(f.details.since) ? f.details.since : today,
      message: f.message,
      employeeLoss: f.employeeLoss ?? null,
      action: pluginAction(f.action),
      money: pluginMoney(f.moneyAtStake),
      details: f.details ?? {},
    }));
}
