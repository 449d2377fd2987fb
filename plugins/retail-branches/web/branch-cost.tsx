import { Show } from 'solid-js';
import { formatYuan, yuanFromFen } from '@lianxu/web/plugin-kit/api';
import type { BranchSummary } from './branches.api';
import { tp } from './messages';

type Cost = BranchSummary['cost'];

const INSURANCE_KEYS = {
  pension: 'branches.insurance.pension',
  medical: 'branches.insurance.medical',
  maternity: 'branches.insurance.maternity',
  unemployment: 'branches.insurance.unemployment',
  workInjury: 'branches.insurance.workInjury',
  housingFund: 'branches.insurance.housingFund',
  all: 'branches.insurance.all',
} as const;
const insuranceName = (insurance: string) => tp(INSURANCE_KEYS[insurance as keyof typeof INSURANCE_KEYS] ?? 'branches.insurance.all');

/** "缺少上海 2026 年度养老保险、医疗保险数据" for each policy year with data missing; empty when nothing is. */
export function missingData(cost: Cost, city: string): string[] {
  const years = [...new Set(cost.missing.map((m) => m.year))].sort();
  return years.map((year) => tp('branches.missing', { city, year: String(year), list: cost.missing.filter((m) => m.year === year).map((m) => insuranceName(m.insurance)).join(tp('branches.listSeparator')) }));
}

/** Whether the summary's total is the month's cost (no data missing for anyone priced). */
export const costKnown = (cost: Cost) => cost.missing.length === 0 && cost.unpriced.length === 0;

/**
 * A branch's cost of the month, never a number without the data behind it: which data is missing
 * instead of a total, and figures carried forward from an earlier policy year as a warning with
 * their age. `detail` adds the employer/employee split.
 */
export function BranchCost(props: { cost: Cost; headcount: number; city: string; currentYear: number; detail?: boolean }) {
  const missing = () => missingData(props.cost, props.city);
  return (
    <Show when={props.headcount > 0} fallback={<span class="muted" data-testid="branch-cost-none">{tp('branches.noStaffCost')}</span>}>
      <Show
        when={costKnown(props.cost)}
        fallback={
          <span class="field-error" data-testid="branch-cost-missing">
            {missing().join('；') || tp('branches.unpriced', { count: props.cost.unpriced.length })}
          </span>
        }
      >
        <span data-testid="branch-cost-total">¥{formatYuan(yuanFromFen(props.cost.totalFen))}</span>
        <Show when={props.detail}>
          <span class="cell-sub">{tp('branches.costSplit', { employer: formatYuan(yuanFromFen(props.cost.employerFen)), employee: formatYuan(yuanFromFen(props.cost.employeeFen)) })}</span>
        </Show>
        <Show when={props.cost.provisional}>
          <span class="badge badge-warning cell-sub" data-testid="branch-cost-carried" data-from={props.cost.carriedFrom ?? ''}>
            {props.cost.carriedFrom === null
              ? tp('branches.provisional')
              : tp('branches.carried', { year: String(props.cost.carriedFrom), age: Math.max(1, props.currentYear - props.cost.carriedFrom) })}
          </span>
        </Show>
      </Show>
    </Show>
  );
}
