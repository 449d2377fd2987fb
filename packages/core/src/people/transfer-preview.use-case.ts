import { withTenant } from '@lianxu/db';
import { calculateContributions, getDefaultPolicyLibrary, PolicyInputError, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import { firstCoveredMonth, registrationGateway, stopConfirmedSmsText } from '../coverage/index';
import { addMonths, conflict, enrollmentDeadlines, FieldProblems, fenToYuan, invalidField, lastDayOfMonth, maskMobile, monthOf, stopDeadlineDate } from '../shared/index';
import { employeeRow } from './employee.records';
import { checkCityShape, checkDate, checkPolicyCity, notRegistered } from './people.checks';
import { monthlyCostOf, type TerminationPreview } from './termination-preview.use-case';
import type { PeopleServiceDeps, PeopleTenant, TransferInput } from './people.types';

// What a transfer would file and say, before anything is filed: the same checks and months as the
// commit (transfer.use-case.ts), read in one transaction that writes nothing.

type MonthlyCost = TerminationPreview['monthlyCost'];
type Amounts = { employer: string; employee: string };

export interface TransferPreview {
  employeeId: string;
  name: string;
  effectiveDate: string;
  /** The old city: contributions end with `lastContributionMonth`; the stop is due by `stopDeadline`. */
  from: { cityCode: string; cityName: string; lastContributionMonth: string; stopDeadline: string; stopDeadlinePassed: boolean; monthlyCost: MonthlyCost };
  /** The new city: contributions start with `firstContributionMonth`; the enrollment is due by `enrollmentDeadline`. */
  to: { cityCode: string; cityName: string; firstContributionMonth: string; enrollmentDeadline: string; monthlyCost: MonthlyCost };
  /** Per insurance, the month's amounts in each city (null where the library cannot price that city's month). */
  insurances: { insurance: Insurance; from: Amounts | null; to: Amounts | null }[];
  /** New minus old monthly contributions, yuan; null when either city's month cannot be priced. */
  costChange: { employer: string; employee: string } | null;
  /** The SMS the employee gets once the bureau confirms the stop in the old city. */
  sms: { to: string; text: string };
}

function linesOf(library: PolicyLibrary, p: { cityCode: string; month: string; wageFen: number; hukou: 'local' | 'non-local' }): Map<Insurance, Amounts> | null {
  try {
    const quote = calculateContributions({ city: p.cityCode, month: p.month, wageFen: p.wageFen, hukou: p.hukou }, library);
    if (!quote.complete || !quote.lines.length) return null;
    return new Map(quote.lines.map((l) => [l.insurance, { employer: fenToYuan(l.employerFen), employee: fenToYuan(l.employeeFen) }]));
  } catch (error) {
    if (error instanceof PolicyInputError) return null;
    throw error;
  }
}

const fenOf = (yuan: string) => Math.round(Number(yuan) * 100);

export async function previewTransfer(deps: PeopleServiceDeps, tenant: PeopleTenant, employeeId: string, input: TransferInput, library: PolicyLibrary = getDefaultPolicyLibrary()): Promise<TransferPreview> {
  const { db, clock } = deps;
  const today = clock.today();
  const problems = new FieldProblems();
  const workCity = checkCityShape(problems, 'workCity', input.workCity);
  const effectiveDate = checkDate(problems, 'effectiveDate', input.effectiveDate, today);
  await checkPolicyCity(deps.policyCities, problems, 'workCity', workCity);
  problems.throwIfAny();

  const read = await withTenant(db, tenant.id, async (trx) => {
    const e = await employeeRow(trx, tenant.id, employeeId);
    if (e.status === 'terminated') throw conflict('employee_terminated', '该员工已离职，不能调动', 'The employee has left and cannot be transferred');
    if (workCity === e.work_city) throw invalidField('workCity', '新的工作城市与当前城市相同', 'is the current work city');
    if (effectiveDate < e.hire_date) {
      throw invalidField('effectiveDate', `调动生效日期不能早于入职日期 ${e.hire_date}`, `must not be before the hire date ${e.hire_date}`);
    }
    if (!(await registrationGateway(trx, tenant.id, e.entity_id, workCity))) throw notRegistered('workCity', workCity);
    const coveredFrom = await firstCoveredMonth(trx, tenant.id, e);
    const monthBefore = addMonths(monthOf(effectiveDate), -1);
    const stopMonth = monthBefore < coveredFrom ? coveredFrom : monthBefore;
    const cities = await trx.selectFrom('tenant_cities').select(['city_code', 'city_name', 'cutoff_day']).where('tenant_id', '=', tenant.id).where('city_code', 'in', [e.work_city, workCity]).execute();
    const wageAt = async (month: string) =>
      Number(
        (await trx.selectFrom('wage_history').select('monthly_wage_fen').where('tenant_id', '=', tenant.id).where('employee_id', '=', e.id)
          .where('effective_from', '<=', lastDayOfMonth(month)).orderBy('effective_from', 'desc').limit(1).executeTakeFirst())?.monthly_wage_fen ?? e.monthly_wage_fen,
      );
    return { e, stopMonth, cities, stopWageFen: await wageAt(stopMonth), startWageFen: await wageAt(monthOf(effectiveDate)) };
  });

  const { e, stopMonth } = read;
  const city = (code: string) => read.cities.find((c) => c.city_code === code);
  const fromName = city(e.work_city)?.city_name ?? e.work_city;
  const toName = city(workCity)?.city_name ?? workCity;
  const startMonth = monthOf(effectiveDate);
  const stopDeadline = stopDeadlineDate(stopMonth, city(e.work_city)?.cutoff_day ?? 25);
  const fromCost = monthlyCostOf(library, { cityCode: e.work_city, cityName: fromName, month: stopMonth, wageFen: read.stopWageFen, hukou: e.hukou });
  const toCost = monthlyCostOf(library, { cityCode: workCity, cityName: toName, month: startMonth, wageFen: read.startWageFen, hukou: e.hukou });
  const fromLines = linesOf(library, { cityCode: e.work_city, month: stopMonth, wageFen: read.stopWageFen, hukou: e.hukou });
  const toLines = linesOf(library, { cityCode: workCity, month: startMonth, wageFen: read.startWageFen, hukou: e.hukou });
  const insurances = [...new Set([...(fromLines?.keys() ?? []), ...(toLines?.keys() ?? [])])].map((insurance) => ({
    insurance,
    from: fromLines?.get(insurance) ?? null,
    to: toLines?.get(insurance) ?? null,
  }));
  const priced = fromCost.employer !== null && fromCost.employee !== null && toCost.employer !== null && toCost.employee !== null;
  return {
    employeeId: e.id,
    name: e.name,
    effectiveDate,
    from: { cityCode: e.work_city, cityName: fromName, lastContributionMonth: stopMonth, stopDeadline, stopDeadlinePassed: stopDeadline < today, monthlyCost: fromCost },
    to: { cityCode: workCity, cityName: toName, firstContributionMonth: startMonth, enrollmentDeadline: enrollmentDeadlines(effectiveDate).deadlineDate, monthlyCost: toCost },
    insurances,
    costChange: priced
      ? { employer: fenToYuan(fenOf(toCost.employer!) - fenOf(fromCost.employer!)), employee: fenToYuan(fenOf(toCost.employee!) - fenOf(fromCost.employee!)) }
      : null,
    sms: { to: maskMobile(e.mobile), text: stopConfirmedSmsText({ name: e.name, city: fromName, month: stopMonth, leaving: false }) },
  };
}
