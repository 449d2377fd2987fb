import { calculateContributions, PolicyInputError, type PolicyLibrary } from '@lianxu/policy';
import { exportInvalid } from './payroll-exports.errors';
import type { MonthExportQuery } from './payroll-exports.types';

const RATE_FIELDS = new Set(['housingFundRate', 'injuryRate']);

/**
 * A rate the city's policy refuses (out of its range, malformed) is the caller's mistake, named as
 * such; without this check every employee would come back unpriced with the same reason.
 */
export function checkRates(q: MonthExportQuery, cityCode: string, library: PolicyLibrary): void {
  if (q.housingFundRate === undefined && q.injuryRate === undefined) return;
  try {
    calculateContributions({
      city: cityCode, month: q.month, wageFen: 1_000_000, hukou: 'local',
      ...(q.housingFundRate === undefined ? {} : { housingFundRate: q.housingFundRate }),
      ...(q.injuryRate === undefined ? {} : { injuryRate: q.injuryRate }),
    }, library);
  } catch (error) {
    if (!(error instanceof PolicyInputError)) throw error;
    const bad = error.issues.find((i) => RATE_FIELDS.has(i.field));
    if (bad) throw exportInvalid(bad.field, bad.message.zh, bad.message.en);
  }
}

