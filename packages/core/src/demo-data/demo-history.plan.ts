import { createHash } from 'node:crypto';
import { addMonths, lastContributionMonth } from '../shared/index';

// The demo history of one tenant, planned in memory and deterministic from (seed, tenant): who was
// hired where and when, at which wage, who left, one transfer, raises, and the coverage periods
// that follow from them. Two planted faults give the risk scan something true to find: one
// employee with a two-month coverage gap, one leaver whose coverage was never stopped.

export interface DemoCity {
  cityCode: string;
  entityId: string;
  /** Leaving on or before this day ends contributions with the previous month. */
  cutoffDay: number;
}

export interface DemoPlanInput {
  tenantId: string;
  seed: string;
  /** The month the history ends in (the current month, left open). */
  currentMonth: string;
  /** The tenant's work cities with the entity registered there, in a fixed order. */
  cities: readonly DemoCity[];
  employees: number;
  months: number;
}

export interface DemoEmployee {
  id: string;
  name: string;
  mobile: string;
  idNumber: string;
  hukou: 'local' | 'non-local';
  entityId: string;
  workCity: string;
  hireDate: string;
  terminationDate: string | null;
  /** The wage now (the last one). */
  wageFen: number;
}

export interface DemoEvent {
  id: string;
  employeeId: string;
  kind: 'hire' | 'terminate' | 'transfer' | 'wage_change';
  effectiveDate: string;
  details: Record<string, unknown>;
}

export interface DemoWage {
  employeeId: string;
  effectiveFrom: string;
  wageFen: number;
  eventId: string;
}

export interface DemoPeriod {
  employeeId: string;
  cityCode: string;
  startMonth: string;
  endMonth: string | null;
  openedBy: string;
  closedBy: string | null;
}

export interface DemoPlan {
  employees: DemoEmployee[];
  events: DemoEvent[];
  wages: DemoWage[];
  periods: DemoPeriod[];
  /** Who carries the planted story lines (for the close's faults and the tests). */
  story: { transferred: string | null; gap: string | null; leaverStillCovered: string | null };
}

/** A uuid from a name: the same tenant, seed and name give the same id on every run. */
export function demoUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join(':')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32: small, fast and the same everywhere. */
export function demoRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢傅钟'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建文辉宁欣雨晨浩然佳琪子轩梓涵一诺思远嘉怡俊杰婷雪峰'.split('');
/** Region codes of ID numbers: the city's own district for local hukou, other provinces for the rest. */
const LOCAL_REGION: Record<string, string> = { '110100': '110105', '310100': '310115', '330100': '330106', '440100': '440106', '440300': '440304', '510100': '510107' };
const OTHER_REGIONS = ['410102', '430102', '420102', '360102', '510107', '340102', '370102', '450102'];
/** Typical monthly wages (yuan) by city; a person's wage spreads around it. */
const CITY_WAGE: Record<string, number> = { '110100': 12_000, '310100': 12_000, '440300': 11_500, '440100': 9_500, '330100': 9_500 };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A well-formed GB 11643 number (region, birth date, sequence, check character). */
export function demoIdNumber(region: string, birth: string, sequence: number): string {
  const body = `${region}${birth.replaceAll('-', '')}${String(sequence % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]!;
  return `${body}${ID_CHECK[sum % 11]}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const roundYuan100 = (yuan: number) => Math.max(3_000, Math.round(yuan / 100) * 100) * 100;

export function planDemoHistory(input: DemoPlanInput): DemoPlan {
  if (input.cities.length === 0) throw new Error('the tenant has no work city with a registered entity');
  const rnd = demoRandom(`${input.seed}:${input.tenantId}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const id = (...parts: (string | number)[]) => demoUuid('demo', input.tenantId, input.seed, ...parts.map(String));
  const first = addMonths(input.currentMonth, -(input.months - 1));
  const current = input.currentMonth;
  // The first city carries more people (head office), the others share the rest.
  const weights = input.cities.map((_, i) => (i === 0 ? 2 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cityOf = () => {
    let r = rnd() * total;
    for (let i = 0; i < input.cities.length; i++) if ((r -= weights[i]!) < 0) return input.cities[i]!;
    return input.cities[input.cities.length - 1]!;
  };

  const plan: DemoPlan = { employees: [], events: [], wages: [], periods: [], story: { transferred: null, gap: null, leaverStillCovered: null } };
  const ids = new Set<string>();
  for (let i = 0; i < input.employees; i++) {
    const city = cityOf();
    const employeeId = id('employee', i);
    const hukou = rnd() < 0.6 ? 'local' : 'non-local';
    const early = rnd() < 0.7;
    const hireMonth = early ? addMonths(first, -int(1, 72)) : addMonths(first, int(0, input.months - 2));
    const hireDate = `${hireMonth}-${pad2(int(1, 28))}`;
    const birth = `${int(1972, 2002)}-${pad2(int(1, 12))}-${pad2(int(1, 28))}`;
    const region = hukou === 'local' ? (LOCAL_REGION[city.cityCode] ?? '110105') : pick(OTHER_REGIONS);
    let seq = i;
    let idNumber = demoIdNumber(region, birth, seq);
    while (ids.has(idNumber)) idNumber = demoIdNumber(region, birth, ++seq);
    ids.add(idNumber);
    let wageFen = roundYuan100((CITY_WAGE[city.cityCode] ?? 9_000) * (0.45 + rnd() * 1.6));
    const hireEvent = id('event', i, 'hire');
    plan.events.push({ id: hireEvent, employeeId, kind: 'hire', effectiveDate: hireDate, details: { entityId: city.entityId, workCity: city.cityCode, hukou, monthlyWageFen: String(wageFen), demo: true } });
    plan.wages.push({ employeeId, effectiveFrom: hireDate, wageFen, eventId: hireEvent });

    // Leavers: about one in six, in a month after the hire and before this one.
    const from = hireMonth > first ? hireMonth : first;
    let terminationDate: string | null = null;
    if (rnd() < 0.17 && from < addMonths(current, -1)) {
      const span = monthIndex(addMonths(current, -1)) - monthIndex(from);
      const leaveMonth = addMonths(from, int(1, Math.max(1, span)));
      terminationDate = `${leaveMonth}-${pad2(rnd() < 0.5 ? 10 : 27)}`;
    }
    // A raise for about half of those employed long enough in the window.
    const lastMonth = terminationDate ? terminationDate.slice(0, 7) : current;
    if (rnd() < 0.5 && monthIndex(lastMonth) - monthIndex(from) >= 3) {
      const month = addMonths(from, int(2, monthIndex(lastMonth) - monthIndex(from) - 1));
      const previous = wageFen;
      wageFen = roundYuan100((wageFen / 100) * (1.03 + rnd() * 0.12));
      const e = id('event', i, 'wage');
      plan.events.push({ id: e, employeeId, kind: 'wage_change', effectiveDate: `${month}-01`, details: { monthlyWageFen: String(wageFen), previousWageFen: String(previous), demo: true } });
      plan.wages.push({ employeeId, effectiveFrom: `${month}-01`, wageFen, eventId: e });
    }
    let endMonth: string | null = null;
    if (terminationDate) {
      endMonth = lastContributionMonth(terminationDate, city.cutoffDay, hireMonth);
      plan.events.push({
        id: id('event', i, 'terminate'), employeeId, kind: 'terminate', effectiveDate: terminationDate,
        details: { reason: '个人原因', cityCode: city.cityCode, cutoffDay: city.cutoffDay, lastContributionMonth: endMonth, demo: true },
      });
    }
    plan.periods.push({ employeeId, cityCode: city.cityCode, startMonth: hireMonth, endMonth, openedBy: id('open', i, 0), closedBy: endMonth ? id('close', i, 0) : null });
    plan.employees.push({
      id: employeeId, name: `${pick(SURNAMES)}${pick(GIVEN)}${rnd() < 0.6 ? pick(GIVEN) : ''}`, mobile: `1${pick(['35', '37', '38', '39', '58', '86'])}${String(int(0, 99_999_999)).padStart(8, '0')}`,
      idNumber, hukou, entityId: city.entityId, workCity: city.cityCode, hireDate, terminationDate, wageFen,
    });
  }
  plantStory(plan, input, first, id);
  return plan;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The transfer, the coverage gap and the unstopped leaver, each on the first employee that fits. */
function plantStory(plan: DemoPlan, input: DemoPlanInput, first: string, id: (...parts: (string | number)[]) => string): void {
  const current = input.currentMonth;
  const periodOf = (employeeId: string) => plan.periods.find((p) => p.employeeId === employeeId)!;
  const longServing = plan.employees.filter((e) => e.terminationDate === null && e.hireDate.slice(0, 7) < first);
  const [home, other] = input.cities;
  // A transfer from the first city to the second, eight months ago: stop in the old, enroll in the new.
  const mover = other ? longServing.find((e) => e.workCity === home!.cityCode) : undefined;
  if (mover && other) {
    const month = addMonths(current, -8);
    const old = periodOf(mover.id);
    old.endMonth = addMonths(month, -1);
    old.closedBy = id('transfer-close', mover.id);
    plan.periods.push({ employeeId: mover.id, cityCode: other.cityCode, startMonth: month, endMonth: null, openedBy: id('transfer-open', mover.id), closedBy: null });
    plan.events.push({
      id: id('event', mover.id, 'transfer'), employeeId: mover.id, kind: 'transfer', effectiveDate: `${month}-01`,
      details: { fromCity: home!.cityCode, toCity: other.cityCode, stopMonth: addMonths(month, -1), startMonth: month, demo: true },
    });
    mover.workCity = other.cityCode;
    mover.entityId = other.entityId;
    plan.story.transferred = mover.id;
  }
  // A coverage gap of two months (a lapsed enrollment after a leave of absence, re-enrolled since).
  const gap = longServing.find((e) => e.id !== plan.story.transferred);
  if (gap) {
    const p = periodOf(gap.id);
    p.endMonth = addMonths(current, -6);
    p.closedBy = id('gap-close', gap.id);
    plan.periods.push({ employeeId: gap.id, cityCode: p.cityCode, startMonth: addMonths(current, -3), endMonth: null, openedBy: id('gap-open', gap.id), closedBy: null });
    plan.story.gap = gap.id;
  }
  // A leaver whose stop was never filed: the coverage is still open and still billed.
  const leaver = plan.employees.find((e) => e.terminationDate !== null && e.terminationDate.slice(0, 7) <= addMonths(current, -3) && e.terminationDate.slice(0, 7) >= addMonths(current, -6));
  if (leaver) {
    const p = periodOf(leaver.id);
    p.endMonth = null;
    p.closedBy = null;
    plan.story.leaverStillCovered = leaver.id;
  }
}
