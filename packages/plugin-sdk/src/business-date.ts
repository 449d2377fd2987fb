import { z } from 'zod';
import { isRealDate } from '@lianxu/db';
import type { Localized } from './extension-points';
import { addLocalizedIssue } from './localized-issue';

/** The range every business date of the product lies in unless a field narrows it. */
export const BUSINESS_DATE_MIN = '1900-01-01';
export const BUSINESS_DATE_MAX = '2100-12-31';

/** True for a YYYY-MM-DD text that names a day of the calendar (2026-02-30 does not); the repository's one check, from @lianxu/db. */
export { isRealDate };

export interface BusinessDateOptions {
  /** Earliest accepted day (inclusive); default 1900-01-01. */
  min?: string;
  /** Latest accepted day (inclusive); default 2100-12-31. */
  max?: string;
}

/** What is wrong with a business date, in both languages, or null when it is a real date in range. */
export function businessDateProblem(value: unknown, { min = BUSINESS_DATE_MIN, max = BUSINESS_DATE_MAX }: BusinessDateOptions = {}): Localized | null {
  if (!isRealDate(value)) return { 'zh-CN': '请填写真实存在的日期，例如 2026-07-01', en: 'Enter a real date such as 2026-07-01' };
  if (value < min || value > max) return { 'zh-CN': `日期应在 ${min} 至 ${max} 之间`, en: `must be between ${min} and ${max}` };
  return null;
}

/**
 * The one business-date type of Lianxu: a calendar day as YYYY-MM-DD (Asia/Shanghai), real, and
 * within 1900-01-01..2100-12-31 unless `min`/`max` narrow it. A bad value is a 400 naming the field.
 *
 * @example
 * const NewSchedule = z.object({ validFrom: businessDate(), validTo: businessDate().nullable().optional() });
 * businessDate({ min: '2000-01-01' }).safeParse('0000-01-01').success // false
 */
export function businessDate(options: BusinessDateOptions = {}) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = businessDateProblem(value, options);
      if (problem) addLocalizedIssue(ctx, problem);
    })
    .meta({ format: 'date' });
}
