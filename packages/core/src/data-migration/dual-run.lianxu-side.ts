import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { calculateContributions, INSURANCE_NAMES_ZH, type ContributionQuote } from '@lianxu/policy';
import type { Database } from '@lianxu/db';
import type { PersonalDataVault } from '../shared/index';
import { memorySide, type CompareLine, type CompareSide } from './dual-run.compare';

// Lianxu's side of a day: the live roster, its coverage periods, and what Lianxu computes it would
// file for each month of the window (the policy calculator on the wage in force on the pay day).
// Built in memory from the tenant's own tables, inside the caller's withTenant transaction.

export const subjectOf = (salt: string, idNumber: string) => createHash('sha256').update(`${salt}${idNumber.trim().toUpperCase()}`, 'utf8').digest('hex');

/** Months from..to inclusive (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let [y, m] = from.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((y += 1), (m = 1)) : (m += 1))
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out;
}

export interface LianxuSide extends CompareSide {
  labelOf(subject: string): { label: string; employeeId: string } | undefined;
}

export async function lianxuSide(trx: Kysely<Database>, vault: PersonalDataVault, input: { tenantId: string; salt: string; months: string[]; payDay: number }): Promise<LianxuSide> {
  const t = input.tenantId;
  const employees = await trx.selectFrom('employees')
    .select(['id', 'name', 'id_number_cipher', 'id_number_key_id', 'id_number_masked', 'hukou', 'work_city', 'hire_date', 'termination_date', 'monthly_wage_fen', 'status'])
    .where('tenant_id', '=', t).execute();
  const wages = await trx.selectFrom('wage_history').select(['employee_id', 'effective_from', 'monthly_wage_fen']).where('tenant_id', '=', t).orderBy('effective_from').execute();
  const periods = input.months.length
    ? await trx.selectFrom('coverage_periods').select(['employee_id', 'start_month', 'end_month']).where('tenant_id', '=', t).execute()
    : [];
  const wagesOf = new Map<string, { from: string; fen: number }[]>();
  for (const w of wages) wagesOf.set(w.employee_id, [...(wagesOf.get(w.employee_id) ?? []), { from: String(w.effective_from).slice(0, 10), fen: Number(w.monthly_wage_fen) }]);
  const periodsOf = new Map<string, { start: string; end: string | null }[]>();
  for (const p of periods) periodsOf.set(p.employee_id, [...(periodsOf.get(p.employee_id) ?? []), { start: p.start_month, end: p.end_month }]);

  const lines: CompareLine[] = [];
  const totals = new Map<string, bigint>(input.months.map((m) => [m, 0n]));
  const labels = new Map<string, { label: string; employeeId: string }>();
  const quotes = new Map<string, ContributionQuote>();
  const day = (m: string) => `${m}-${String(input.payDay).padStart(2, '0')}`;
  for (const e of employees) {
    const subject = subjectOf(input.salt, await vault.decrypt(trx, t, e.id_number_cipher, e.id_number_key_id));
    const who = { label: `${e.name} ${e.id_number_masked}`, employeeId: e.id };
    labels.set(subject, who);
    const status = e.status === 'terminated' ? 'terminated' : 'active';
    lines.push({ kind: 'roster', subject, item: '', value: `${status}|${e.work_city}|${e.monthly_wage_fen}`, ...who });
    for (const m of input.months) {
      const payDate = day(m);
      const wageFen = [...(wagesOf.get(e.id) ?? [])].reverse().find((w) => w.from <= payDate)?.fen ?? Number(e.monthly_wage_fen);
      const key = `${e.work_city}|${m}|${wageFen}|${e.hukou}`;
      let quote = quotes.get(key);
      if (!quote) quotes.set(key, (quote = calculateContributions({ city: e.work_city, month: m, wageFen, hukou: e.hukou })));
      const insurances = quote.lines.filter((l) => l.insurance !== 'housingFund');
      // Covered in a month means covered for every insurance the city requires (one line each, as
      // the old system's 参保明细 lists them): a month covered for some insurances only differs.
      if ((periodsOf.get(e.id) ?? []).some((p) => p.start <= m && (p.end === null || p.end >= m))) {
        for (const l of insurances) lines.push({ kind: 'coverage', subject, item: `${m}|${INSURANCE_NAMES_ZH[l.insurance]}`, value: '1', ...who });
      }
      const hire = String(e.hire_date).slice(0, 10);
      const left = e.termination_date ? String(e.termination_date).slice(0, 10) : null;
      // Paid for the month when employed on its pay day (the run's setting, as the old system pays).
      if (hire > payDate || (left !== null && left <= payDate)) continue;
      for (const l of insurances) {
        lines.push({ kind: 'contribution', subject, item: `${m}|${INSURANCE_NAMES_ZH[l.insurance]}`, value: `${l.employerFen}|${l.employeeFen}`, ...who });
        totals.set(m, (totals.get(m) ?? 0n) + BigInt(l.employerFen + l.employeeFen));
      }
    }
  }
  return { ...memorySide(lines, totals), labelOf: (s) => labels.get(s) };
}
