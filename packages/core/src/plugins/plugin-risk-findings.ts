import { RISK_ACTION_KINDS, type RiskFinding } from '@lianxu/plugin-sdk';

// What a plugin's riskRules answer must hold before its findings are stored: a list, each money
// part (when given) a non-negative safe integer of fen, a known action kind. Anything else fails the
// plugin's answer as a whole (isolated like a throw: skipped, logged, told to the tenant admin),
// never a finding stored with made-up money.

const MONEY_KEYS = ['owedFen', 'lateFeeFen', 'fineMinFen', 'fineMaxFen', 'overpaidFen'] as const;

/** Null when the answer can be stored, else what is wrong with it (named by finding index and field). */
export function checkRiskFindings(v: unknown): string | null {
  if (!Array.isArray(v)) return 'findings must be a list';
  for (let i = 0; i < v.length; i++) {
    const f = v[i] as Partial<RiskFinding> | null;
    if (!f || typeof f !== 'object') return `findings[${i}] must be an object`;
    if (f.moneyAtStake !== undefined) {
      const m = f.moneyAtStake as Record<string, unknown> | null;
      if (!m || typeof m !== 'object' || Array.isArray(m)) return `findings[${i}].moneyAtStake must be an object`;
      for (const key of Object.keys(m)) {
        if (!(MONEY_KEYS as readonly string[]).includes(key)) return `findings[${i}].moneyAtStake.${key} is not a money field (${MONEY_KEYS.join(', ')})`;
        const fen = m[key];
        if (fen === undefined) continue;
        if (typeof fen !== 'number' || !Number.isSafeInteger(fen) || fen < 0) return `findings[${i}].moneyAtStake.${key} must be a non-negative integer of fen, got ${String(fen)}`;
      }
      if ((m['fineMinFen'] as number | undefined ?? 0) > (m['fineMaxFen'] as number | undefined ?? Number.MAX_SAFE_INTEGER)) return `findings[${i}].moneyAtStake.fineMinFen is above fineMaxFen`;
    }
    if (f.action !== undefined && !(RISK_ACTION_KINDS as readonly string[]).includes(f.action as string)) {
      return `findings[${i}].action must be one of ${RISK_ACTION_KINDS.join(', ')}`;
    }
    if (f.employeeLoss !== undefined) {
      const l = f.employeeLoss as unknown as Record<string, unknown> | null;
      if (!l || typeof l['zh-CN'] !== 'string' || typeof l['en'] !== 'string') return `findings[${i}].employeeLoss must be {"zh-CN", en} texts`;
    }
  }
  return null;
}
