import { withTenant } from '@lianxu/db';
import { calculateContributions, getDefaultPolicyLibrary, PolicyInputError, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import { stopConfirmedSmsText } from '../coverage/index';
import { conflict, fenToYuan, lastDayOfMonth, maskMobile, stopDeadlineDate, type LocalizedText } from '../shared/index';
import { employeeRow } from './employee.records';
import { checkTermination, stopMonth } from './termination.checks';
import type { PeopleServiceDeps, PeopleTenant, TerminationInput } from './people.types';

// What a termination would file and say, before anything is filed: the same checks and the same
// stop month as the commit, read in one read-only transaction; nothing is written.

export interface TerminationPreview {
  employeeId: string;
  name: string;
  cityCode: string;
  cityName: string;
  lastWorkingDay: string;
  /** Last month the employer contributes, YYYY-MM (the city's cut-off day decides). */
  lastContributionMonth: string;
  cutoffDay: number;
  /** The stop must reach the bureau by this day, or the next month is charged too. */
  stopDeadline: string;
  stopDeadlinePassed: boolean;
  /** The monthly contributions that stop; amounts are null when the policy library cannot price them (`unavailable` says why). */
  monthlyCost: { month: string; wage: string; employer: string | null; employee: string | null; provisional: boolean; unavailable: LocalizedText | null };
  /** The SMS the employee gets once the bureau confirms the stop (the receipt number is filled in then). */
  sms: { to: string; text: string };
}

const NAMES: Record<Insurance, [string, string]> = {
  pension: ['养老保险', 'pension'],
  medical: ['医疗保险', 'medical insurance'],
  maternity: ['生育保险', 'maternity insurance'],
  unemployment: ['失业保险', 'unemployment insurance'],
  workInjury: ['工伤保险', 'work-injury insurance'],
  housingFund: ['住房公积金', 'housing fund'],
};

/** The month's cost for a wage, or why it cannot be given (never a partial total shown as the month's). */
export function monthlyCostOf(library: PolicyLibrary, p: { cityCode: string; cityName: string; month: string; wageFen: number; hukou: 'local' | 'non-local' }): TerminationPreview['monthlyCost'] {
  const base = { month: p.month, wage: fenToYuan(p.wageFen), employer: null, employee: null, provisional: false };
  try {
    const quote = calculateContributions({ city: p.cityCode, month: p.month, wageFen: p.wageFen, hukou: p.hukou }, library);
    if (!quote.complete || !quote.lines.length) {
      const missing = quote.missing.map((m) => m.insurance);
      const year = p.month.slice(0, 4);
      return {
        ...base,
        unavailable: {
          'zh-CN': `无法计算：政策库缺少${p.cityName} ${year} 年度${missing.map((i) => NAMES[i][0]).join('、') || '缴费'}数据`,
          en: `Cannot be computed: the policy library lacks ${year} figures for ${missing.map((i) => NAMES[i][1]).join(', ') || 'contributions'} in ${p.cityCode}`,
        },
      };
    }
    return { ...base, employer: fenToYuan(quote.totals.employerFen), employee: fenToYuan(quote.totals.employeeFen), provisional: quote.provisional, unavailable: null };
  } catch (error) {
    if (!(error instanceof PolicyInputError)) throw error;
    return { ...base, unavailable: { 'zh-CN': `无法计算：${error.bilingual.zh}`, en: `Cannot be computed: ${error.bilingual.en}` } };
  }
}

export async function previewTermination(deps: PeopleServiceDeps, tenant: PeopleTenant, employeeId: string, input: TerminationInput, library: PolicyLibrary = getDefaultPolicyLibrary()): Promise<TerminationPreview> {
  const { db, clock } = deps;
  const today = clock.today();
  const { lastWorkingDay } = checkTermination(input, today);
  const read = await withTenant(db, tenant.id, async (trx) => {
    const e = await employeeRow(trx, tenant.id, employeeId);
    if (e.status === 'terminated') {
      throw conflict('already_terminated', `该员工已于 ${e.termination_date} 离职`, `The employee already left on ${e.termination_date}`);
    }
    const { month, cutoff } = await stopMonth(trx, tenant.id, e, lastWorkingDay);
    const city = await trx.selectFrom('tenant_cities').select('city_name').where('tenant_id', '=', tenant.id).where('city_code', '=', e.work_city).executeTakeFirst();
    const wage = await trx.selectFrom('wage_history').select('monthly_wage_fen').where('tenant_id', '=', tenant.id).where('employee_id', '=', e.id)
      .where('effective_from', '<=', lastDayOfMonth(month)).orderBy('effective_from', 'desc').limit(1).executeTakeFirst();
    return { e, month, cutoff, cityName: city?.city_name ?? e.work_city, wageFen: Number(wage?.monthly_wage_fen ?? e.monthly_wage_fen) };
  });
  const { e, month, cutoff, cityName } = read;
  const stopDeadline = stopDeadlineDate(month, cutoff);
  return {
    employeeId: e.id,
    name: e.name,
    cityCode: e.work_city,
    cityName,
    lastWorkingDay,
    lastContributionMonth: month,
    cutoffDay: cutoff,
    stopDeadline,
    stopDeadlinePassed: stopDeadline < today,
    monthlyCost: monthlyCostOf(library, { cityCode: e.work_city, cityName, month, wageFen: read.wageFen, hukou: e.hukou }),
    sms: { to: maskMobile(e.mobile), text: stopConfirmedSmsText({ name: e.name, city: cityName, month, leaving: true }) },
  };
}
