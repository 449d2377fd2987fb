import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import type { PolicyLibrary } from '@lianxu/policy';
import { expectedLines, type ExpectedLine } from '../contributions/index';
import type { BillLineInput, CloseService, DeductionInput } from '../close/index';
import { addMonths } from '../shared/index';

// The demo's monthly closes, through the close module itself: for each entity and city the policy
// can price, the two months before this one get a clean bill and matching deductions, are matched
// and locked by HR; this month gets a bill with the faults bureau-sim can inject (a one-fen rounding
// drift, a missing employee, a wrong base, a duplicate line) in the first city, and one deduction
// payroll forgot, so HR has differences to resolve. Nothing goes to a bureau.

export interface DemoCloseOutcome {
  locked: number;
  open: number;
  openDifferences: number;
  /** Entity x city pairs the policy could not price (no figures yet): no close for them. */
  unpriced: string[];
}

interface CloseTarget { entityId: string; cityCode: string }

function billOf(lines: readonly ExpectedLine[], names: ReadonlyMap<string, string>, month: string, paid: boolean, cityCode: string): BillLineInput[] {
  return lines.map((l, i) => ({
    employeeId: l.employeeId, personName: names.get(l.employeeId) ?? '', insurance: l.insurance, periodFrom: month, periodTo: month,
    baseFen: l.baseFen, employerFen: l.employerFen, employeeFen: l.employeeFen, interestFen: 0, lateFeeFen: 0, collectionType: '正常应缴',
    voucherNo: paid ? `3${cityCode.slice(0, 4)}${month.replace('-', '')}${String(i + 1).padStart(6, '0')}` : null,
  }));
}

// Payroll deducts only the sides the employee pays (work injury has none).
const deductionsOf = (lines: readonly ExpectedLine[]): DeductionInput[] => lines.filter((l) => l.employeeFen > 0).map((l) => ({ employeeId: l.employeeId, insurance: l.insurance, employeeFen: l.employeeFen }));

/** This month's faults on a clean bill, each on a different employee (in employee order). */
function withFaults(bill: BillLineInput[], deductions: DeductionInput[]): { bill: BillLineInput[]; deductions: DeductionInput[] } {
  const people = [...new Set(bill.map((l) => l.employeeId!))].sort();
  if (people.length < 5) return { bill, deductions };
  const [drift, missing, wrongBase, duplicate, notDeducted] = people as [string, string, string, string, string];
  const out: BillLineInput[] = [];
  for (const l of bill) {
    if (l.employeeId === missing) continue;
    if (l.employeeId === drift && l.insurance === 'medical') out.push({ ...l, employerFen: l.employerFen + 1 });
    else if (l.employeeId === wrongBase && l.insurance === 'pension') {
      // Billed on last year's lower base: 10% less, amounts at the same rates.
      const base = Math.round(l.baseFen * 0.9);
      out.push({ ...l, baseFen: base, employerFen: Math.round((l.employerFen * base) / l.baseFen), employeeFen: Math.round((l.employeeFen * base) / l.baseFen) });
    } else out.push(l);
    if (l.employeeId === duplicate && l.insurance === 'unemployment') out.push({ ...l });
  }
  return { bill: out, deductions: deductions.filter((d) => !(d.employeeId === notDeducted && d.insurance === 'pension')) };
}

export async function seedDemoCloses(
  deps: { db: Kysely<Database>; close: CloseService; library: PolicyLibrary },
  input: { tenantId: string; currentMonth: string; targets: readonly CloseTarget[]; hr: { id: string } | null; names: ReadonlyMap<string, string> },
): Promise<DemoCloseOutcome> {
  const tenant = { id: input.tenantId };
  const outcome: DemoCloseOutcome = { locked: 0, open: 0, openDifferences: 0, unpriced: [] };
  let faulted = false;
  for (const target of input.targets) {
    const months = [addMonths(input.currentMonth, -2), addMonths(input.currentMonth, -1), input.currentMonth];
    const priced = await Promise.all(months.map((month) => expectedLines(deps.db, { tenantId: input.tenantId, ...target, month }, deps.library)));
    if (priced.some((p) => p.unpriced.length > 0 || p.lines.length === 0)) {
      outcome.unpriced.push(`${target.cityCode}`);
      continue;
    }
    for (const [i, month] of months.entries()) {
      const k = { tenantId: input.tenantId, entityId: target.entityId, cityCode: target.cityCode, month };
      const view = await deps.close.open(tenant, input.hr, k);
      if (view.state === 'locked') {
        outcome.locked++;
        continue;
      }
      const closing = i < 2;
      let bill = billOf(priced[i]!.lines, input.names, month, closing, target.cityCode);
      let deductions = deductionsOf(priced[i]!.lines);
      if (!closing && !faulted) {
        ({ bill, deductions } = withFaults(bill, deductions));
        faulted = true;
      }
      await deps.close.recordBill(tenant, input.hr, k, 'gateway', bill);
      await deps.close.recordDeductions(tenant, input.hr, k, 'api', deductions, { replace: true });
      const matched = await deps.close.match(tenant, input.hr, k);
      if (closing && matched.differences === 0 && input.hr) {
        await deps.close.lock(tenant, input.hr, k);
        outcome.locked++;
      } else {
        outcome.open++;
        outcome.openDifferences += matched.differences;
      }
    }
  }
  return outcome;
}
