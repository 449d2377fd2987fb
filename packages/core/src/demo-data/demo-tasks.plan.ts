import type { DemoFilingTask } from '../coverage/index';
import { addDays, addMonths, lastContributionMonth, lastDayOfMonth } from '../shared/index';
import { demoIdNumber, demoUuid, type DemoCity, type DemoPlan } from './demo-history.plan';

// The demo history's open filing tasks, so the dashboard's open tasks by deadline and the tasks
// page show what the product is for: three new hires whose enrollment is still open (one past the
// legal 30 days, rejected by the bureau; two a few days from it, one waiting for approval, one
// filed and waiting for the receipt) and a leaver whose stop is due this month. Deterministic from
// (seed, tenant, today); the people are demo people like the rest (employees.demo), every event
// says demo, the rejection says 演示. The tasks start nothing (coverage/demo-tasks.ts).

/** How many of the demo tenant's people carry an open task (taken from the history's head count). */
export const DEMO_OPEN_TASKS = 4;

export interface DemoTasksInput {
  tenantId: string;
  seed: string;
  /** The business date the demo is written on (deadlines are set around it). */
  today: string;
  cities: readonly DemoCity[];
}

const PEOPLE = [
  { name: '周晓晨', hukou: 'non-local' as const, region: '410102', birth: '1996-04-12', wageFen: 850_000 },
  { name: '林嘉怡', hukou: 'local' as const, region: null, birth: '1999-09-03', wageFen: 720_000 },
  { name: '吴浩然', hukou: 'non-local' as const, region: '430102', birth: '1993-01-21', wageFen: 1_150_000 },
  { name: '郑海峰', hukou: 'local' as const, region: null, birth: '1985-06-30', wageFen: 1_380_000 },
];
const LOCAL_REGION: Record<string, string> = { '110100': '110105', '310100': '310115', '330100': '330106', '440100': '440106', '440300': '440304', '510100': '510107' };

/** Days before `today` each enrollment's hire was: 33 (3 days past the deadline), 28 and 26 (2 and 4 days left). */
const HIRED_DAYS_AGO = [33, 28, 26];
const STATUSES = ['rejected', 'pending_approval', 'submitted'] as const;
const REJECTION = {
  code: 'DEMO_ID_MISMATCH',
  message: '（演示数据）参保人姓名与身份证号码不一致，请核对后重新申报',
  messageEn: '(demo data) The name does not match the ID number; check it and file again',
};

/** Adds the task-holders to `plan` (people, events, wages, the leaver's still-open coverage) and answers their open tasks. */
export function planDemoTasks(plan: DemoPlan, input: DemoTasksInput): DemoFilingTask[] {
  if (input.cities.length === 0) return [];
  const id = (...parts: (string | number)[]) => demoUuid('demo-task', input.tenantId, input.seed, ...parts.map(String));
  const used = new Set(plan.employees.map((e) => e.idNumber));
  const month = input.today.slice(0, 7);
  const tasks: DemoFilingTask[] = [];
  PEOPLE.forEach((p, k) => {
    const city = input.cities[k % input.cities.length]!;
    const employeeId = id('employee', k);
    let seq = 900 + k;
    let idNumber = demoIdNumber(p.region ?? LOCAL_REGION[city.cityCode] ?? '110105', p.birth, seq);
    while (used.has(idNumber)) idNumber = demoIdNumber(p.region ?? LOCAL_REGION[city.cityCode] ?? '110105', p.birth, ++seq);
    used.add(idNumber);
    const isStop = k === HIRED_DAYS_AGO.length;
    const hireDate = isStop ? `${addMonths(month, -20)}-08` : addDays(input.today, -HIRED_DAYS_AGO[k]!);
    const hireEvent = id('event', k, 'hire');
    plan.events.push({ id: hireEvent, employeeId, kind: 'hire', effectiveDate: hireDate, details: { entityId: city.entityId, workCity: city.cityCode, hukou: p.hukou, monthlyWageFen: String(p.wageFen), demo: true } });
    plan.wages.push({ employeeId, effectiveFrom: hireDate, wageFen: p.wageFen, eventId: hireEvent });
    let terminationDate: string | null = null;
    if (isStop) {
      // Left on the last day of last month: covered to last month, the stop due by this month's cut-off day.
      terminationDate = lastDayOfMonth(addMonths(month, -1));
      const last = lastContributionMonth(terminationDate, city.cutoffDay, hireDate.slice(0, 7));
      const leave = id('event', k, 'terminate');
      plan.events.push({ id: leave, employeeId, kind: 'terminate', effectiveDate: terminationDate, details: { reason: '个人原因', cityCode: city.cityCode, cutoffDay: city.cutoffDay, lastContributionMonth: last, demo: true } });
      // The stop is not confirmed yet: the coverage is still open.
      plan.periods.push({ employeeId, cityCode: city.cityCode, startMonth: hireDate.slice(0, 7), endMonth: null, openedBy: id('open', k), closedBy: null });
      tasks.push({ id: id('task', k), employeeId, eventId: leave, kind: 'stop', entityId: city.entityId, cityCode: city.cityCode, fromDate: `${last}-01`, status: 'submitted' });
    } else {
      const status = STATUSES[k]!;
      tasks.push({ id: id('task', k), employeeId, eventId: hireEvent, kind: 'enrollment', entityId: city.entityId, cityCode: city.cityCode, fromDate: hireDate, status, ...(status === 'rejected' ? { rejection: REJECTION } : {}) });
    }
    plan.employees.push({
      id: employeeId, name: p.name, mobile: `1390021${String(4_400 + k).padStart(4, '0')}`, idNumber, hukou: p.hukou, entityId: city.entityId, workCity: city.cityCode,
      hireDate, terminationDate, wageFen: p.wageFen,
    });
  });
  return tasks;
}
