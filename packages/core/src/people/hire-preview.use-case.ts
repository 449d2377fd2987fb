import { inOneRoundTrip, withTenant } from '@lianxu/db';
import { calculateContributions, fineExposureFen, getDefaultPolicyLibrary, PolicyInputError, STATUTE_LATE_FEE, STATUTE_UNREGISTERED_FINE, type PolicyLibrary } from '@lianxu/policy';
import { activeCustomFields } from '../custom-fields/index';
import { addMonths, daysBetween, enrollmentDeadlines, FieldProblems, fenToYuan, invalidField, monthOf, type LocalizedText } from '../shared/index';
import { contributionLateFee } from '../close/index';
import { duplicatePerson } from './employee.records';
import { checkHire, checkPolicyCity, notRegistered } from './people.checks';
import { monthlyCostOf, type TerminationPreview } from './termination-preview.use-case';
import type { HireInput, PeopleServiceDeps, PeopleTenant } from './people.types';

// What a hire would file, before anything is saved: the same checks as the hire (a 400 naming each
// bad field, the entity's registration in the city, no second active employee with the ID number),
// read in one transaction that writes nothing; then the enrollment (增员) with its first month,
// base and monthly amounts, the legal deadline (30 days from the hire date, 社会保险法 第58条) with
// the days used and left, and for a deadline already passed what it exposes the employer to: the
// contributions owed since the hire month, the late fee on them (第86条) and the fine range (第84条).

export const ENROLLMENT_LAW = '社会保险法 第58条';

export interface HirePreview {
  name: string;
  entityId: string;
  entityName: string;
  cityCode: string;
  cityName: string;
  hireDate: string;
  /** The enrollment covers contributions from this month (the hire month), YYYY-MM. */
  firstContributionMonth: string;
  /** The social insurance contribution base (the wage within the city's floor and cap); null when it cannot be computed. */
  base: string | null;
  /** The first month's contributions; amounts are null when the policy library cannot price them (`unavailable` says why). */
  monthlyCost: TerminationPreview['monthlyCost'];
  /** The enrollment must be filed by `date`; `daysUsed` of the 30 are gone, `daysLeft` remain, `daysOverdue` past it. */
  deadline: { date: string; law: string; daysUsed: number; daysLeft: number; daysOverdue: number; passed: boolean };
  /** Only once the deadline has passed: the money at stake, or why it cannot be computed. */
  exposure: HireExposure | null;
  /** A housing fund 缴存登记 is recorded too (filed by HR with the city's fund centre). */
  housingFund: boolean;
}

export interface HireExposure {
  /** The months owed so far, from the hire month to this month. */
  months: string[];
  /** Employer and employee contributions of those months, yuan; null with `unavailable` when some month cannot be priced. */
  owed: string | null;
  /** 滞纳金 to today: 0.05% a day on each month's contributions from the day after it was due. */
  lateFee: string | null;
  /** The fine range on the amount owed: one to three times it. */
  fineMin: string | null;
  fineMax: string | null;
  lateFeeLaw: string;
  fineLaw: string;
  unavailable: LocalizedText | null;
}

/** The contribution base of the month's quote (the pension line's, as filed), or null. */
function baseOf(library: PolicyLibrary, p: { cityCode: string; month: string; wageFen: number; hukou: 'local' | 'non-local' }): string | null {
  try {
    const quote = calculateContributions({ city: p.cityCode, month: p.month, wageFen: p.wageFen, hukou: p.hukou }, library);
    if (!quote.complete || !quote.lines.length) return null;
    return fenToYuan((quote.lines.find((l) => l.insurance === 'pension') ?? quote.lines[0]!).baseFen);
  } catch (error) {
    if (error instanceof PolicyInputError) return null;
    throw error;
  }
}

/**
 * What a late enrollment exposes the employer to as of `today`: each month from the hire month owed
 * in full since its due date (the close's contributionDueDate for the tenant's cut-off day in the
 * city, `cutoffDay`, the same date every late fee runs from).
 */
export function hireExposure(library: PolicyLibrary, p: { cityCode: string; cityName: string; hireDate: string; wageFen: number; hukou: 'local' | 'non-local'; cutoffDay: number | null }, today: string): HireExposure {
  const months: string[] = [];
  for (let m = monthOf(p.hireDate); m <= monthOf(today); m = addMonths(m, 1)) months.push(m);
  const laws = { lateFeeLaw: STATUTE_LATE_FEE.law, fineLaw: STATUTE_UNREGISTERED_FINE.law };
  let owedFen = 0;
  let feeFen = 0;
  for (const month of months) {
    const cost = monthlyCostOf(library, { cityCode: p.cityCode, cityName: p.cityName, month, wageFen: p.wageFen, hukou: p.hukou });
    if (cost.employer === null || cost.employee === null) {
      return { months, owed: null, lateFee: null, fineMin: null, fineMax: null, ...laws, unavailable: cost.unavailable };
    }
    const fen = Math.round(Number(cost.employer) * 100) + Math.round(Number(cost.employee) * 100);
    owedFen += fen;
    feeFen += contributionLateFee(fen, { cityCode: p.cityCode, month, tenantCutoffDay: p.cutoffDay, library }, today).feeFen;
  }
  const fine = fineExposureFen(owedFen);
  return { months, owed: fenToYuan(owedFen), lateFee: fenToYuan(feeFen), fineMin: fenToYuan(fine.minFen), fineMax: fenToYuan(fine.maxFen), ...laws, unavailable: null };
}

export async function previewHire(deps: PeopleServiceDeps, tenant: PeopleTenant, input: HireInput, library: PolicyLibrary = getDefaultPolicyLibrary()): Promise<HirePreview> {
  const { db, vault, clock } = deps;
  const today = clock.today();
  const fields = await withTenant(db, tenant.id, (trx) => activeCustomFields(trx, tenant.id));
  const problems = new FieldProblems();
  const h = checkHire(problems, input, today, fields, (id) => vault.blindIndex(tenant.id, id));
  await checkPolicyCity(deps.policyCities, problems, 'workCity', h.workCity);
  problems.throwIfAny();

  const read = await withTenant(db, tenant.id, async (trx) => {
    const [entities, registrations, sameIdNumber, cities] = await inOneRoundTrip(trx, [
      trx.selectFrom('entities').select(['id', 'name']).where('tenant_id', '=', tenant.id),
      trx.selectFrom('entity_registrations').select(['entity_id', 'agency'])
        .where('tenant_id', '=', tenant.id).where('city_code', '=', h.workCity).where('agency', 'in', ['social_insurance', 'housing_fund']),
      trx.selectFrom('employees').select('id').where('tenant_id', '=', tenant.id).where('id_number_index', '=', h.index).where('status', '=', 'active').limit(1),
      trx.selectFrom('tenant_cities').select(['city_name', 'cutoff_day']).where('tenant_id', '=', tenant.id).where('city_code', '=', h.workCity),
    ] as const);
    return { entities, registrations, sameIdNumber, cityName: cities[0]?.city_name ?? h.workCity, cutoffDay: cities[0]?.cutoff_day ?? null };
  });
  // The same answers as the hire itself gives (hire.use-case.ts), so a preview never promises what the save refuses.
  let entity: { id: string; name: string } | undefined;
  if (h.entityInput !== null) {
    entity = read.entities.find((e) => e.id === h.entityInput);
    if (!entity) throw invalidField('entityId', '没有这个用工主体', 'no such employing entity in this company');
  } else if (read.entities.length === 1) {
    entity = read.entities[0]!;
  } else {
    throw invalidField('entityId', `本单位有 ${read.entities.length} 个用工主体，请选择一个`, `required: this company has ${read.entities.length} employing entities; choose one`);
  }
  const registered = (agency: string) => read.registrations.some((r) => r.entity_id === entity.id && r.agency === agency);
  if (!registered('social_insurance')) throw notRegistered('workCity', h.workCity);
  if (read.sameIdNumber.length) throw duplicatePerson();

  const wageFen = Number(h.wageFen);
  const month = monthOf(h.hireDate);
  const deadlineDate = enrollmentDeadlines(h.hireDate).deadlineDate;
  const daysOverdue = Math.max(0, daysBetween(deadlineDate, today));
  const priced = { cityCode: h.workCity, cityName: read.cityName, wageFen, hukou: h.hukou };
  return {
    name: h.name,
    entityId: entity.id,
    entityName: entity.name,
    cityCode: h.workCity,
    cityName: read.cityName,
    hireDate: h.hireDate,
    firstContributionMonth: month,
    base: baseOf(library, { ...priced, month }),
    monthlyCost: monthlyCostOf(library, { ...priced, month }),
    deadline: {
      date: deadlineDate,
      law: ENROLLMENT_LAW,
      daysUsed: Math.min(30, Math.max(0, daysBetween(h.hireDate, today))),
      daysLeft: Math.max(0, daysBetween(today, deadlineDate)),
      daysOverdue,
      passed: daysOverdue > 0,
    },
    exposure: daysOverdue > 0 ? hireExposure(library, { ...priced, hireDate: h.hireDate, cutoffDay: read.cutoffDay }, today) : null,
    housingFund: registered('housing_fund'),
  };
}
