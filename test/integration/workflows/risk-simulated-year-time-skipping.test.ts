import '../../support/src/provided-context';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createRiskActivities, createRiskPolicy, createTenancyActivities } from '@lianxu/core';
import { createDb, withTenant, type Database } from '@lianxu/db';
import type { Kysely } from 'kysely';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { RISK_SCAN_WORKFLOW_TYPE, type RiskScanOutcome } from '@lianxu/workflows';
import type { TenantSpec } from '@lianxu/core';
import { testCreditCode } from '../../support/src/people-fixtures';
import { useTimeSkippingEnvironment } from '../../support/time-skipping-suite';
import { at, SIM_CITIES, SimCompany } from '../risk/simulated-year/sim-company';
import { buildScript, type Planted } from '../risk/simulated-year/sim-script';

// Issue #15's acceptance: a simulated year (2025) of one company across the six cities of the
// policy library — hires, leaves, transfers, raises, the July policy year, bureau faults (an outage,
// a slow bureau, rejections) — with problems planted among the clean events: coverage gaps, stops
// not filed, bases below the floor or not adjusted for the new policy year, an enrollment the
// bureau rejected. The daily risk scan runs every simulated day at 02:00 as riskScanWorkflow on the
// time-skipping test server with the real activity on PostgreSQL. Each planted problem must be
// found by the first scan after it arises (not one day earlier) and stay open until HR's fix, after
// which the next scan resolves it; no other finding may ever appear (the only expected extra is the
// information that a city's figures are provisional); and every filing is made within its legal
// deadline (30 days from the hire, the transfer or the leave).

let env: TestWorkflowEnvironment;
let bundle: string;
useTimeSkippingEnvironment((e, b) => ((env = e), (bundle = b)));

// Not @lianxu/testing: its harness installs the Temporal runtime, which the time-skipping suite does.
const db: Kysely<Database> = createDb({ connectionString: inject('appUrl'), max: 4, applicationName: 'lianxu-test' });
afterAll(() => db.destroy());
const library = getDefaultPolicyLibrary();
const policy = createRiskPolicy(library);

const CITY_NAMES: Record<string, string> = { '110100': '北京', '310100': '上海', '440100': '广州', '440300': '深圳', '330100': '杭州', '510100': '成都' };

function spec(slug: string, creditCode: string): TenantSpec {
  return {
    slug,
    name: `${slug} 有限公司`,
    industry: 'services',
    workCities: SIM_CITIES.map((code) => ({ code, name: CITY_NAMES[code]!, cutoffDay: 25 })),
    settings: { warnDay: 25, approvalRequired: false },
    entities: [{ name: `${slug} 有限公司`, creditCode, registrations: SIM_CITIES.map((city) => ({ city, agency: 'social_insurance' as const, number: `SI-${city}-1`, gateway: 'bureau-sim' as const })) }],
  };
}

/** The spec applied through the provisioning activities, as provisionForTest does. */
async function provision(s: TenantSpec): Promise<string> {
  const activities = createTenancyActivities({ db });
  const { tenantId } = await activities.upsertTenantProfile(s);
  await activities.syncTenantCities({ tenantId, cities: s.workCities });
  await activities.syncLifecycleSetup({ tenantId, settings: s.settings!, entities: s.entities ?? [] });
  return tenantId;
}

function* daysOf(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) yield new Date(t).toISOString().slice(0, 10);
}
const daysBetween = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

/** The expected open findings of a scan: the planted ones in their window, and the provisional-figures notes. */
function expectedOn(day: string, company: SimCompany, planted: Planted[], periods: Map<string, { city: string; from: string; to: string | null }[]>): string[] {
  const out = planted.filter((p) => p.firstScan <= day && day <= p.lastScan).map((p) => `${p.key}|${p.rule}|${p.subject}`);
  const month = day.slice(0, 7);
  for (const e of company.employees.values()) {
    if (e.terminationDate && e.terminationDate.slice(0, 7) < month) continue;
    const city = (periods.get(e.id) ?? []).find((p) => p.from <= month && (p.to === null || month <= p.to))?.city ?? e.city;
    if (policy.provisional(city, month, 'local')?.provisional) out.push(`${e.key}|provisional_figures|${city}`);
  }
  return out.sort();
}

describe('a simulated year of the daily risk scan across the six cities', () => {
  it('finds every planted problem on the first scan after it arises, nothing else, and no legal deadline is missed', async () => {
    const slug = `sim-year-${randomBytes(4).toString('hex')}`;
    const creditCode = testCreditCode(5151);
    const tenantId = await provision(spec(slug, creditCode));
    const entityId = (await withTenant(db, tenantId, (trx) => trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow())).id;
    const company = new SimCompany(db, tenantId, entityId, creditCode);
    const script = buildScript(policy, library);

    // 2024: the company's history, filed and confirmed as it happened.
    for (const [date, action] of script.prehistory) {
      company.clock = at(date, 10);
      await action(company);
      company.clock = at(date, 20);
      await company.collectDecisions();
    }

    const taskQueue = `risk-sim-${slug}`;
    const worker = await Worker.create({
      connection: env.nativeConnection, taskQueue, workflowBundle: { code: bundle },
      activities: createRiskActivities({ db, library }),
    });
    const byEmployee = new Map([...company.employees.values()].map((e) => [e.id, e.key]));
    const seenFirst = new Map<string, string>();
    const mismatches: string[] = [];
    const periodsNow = async () => {
      const rows = await withTenant(db, tenantId, (trx) => trx.selectFrom('coverage_periods').select(['employee_id', 'city_code', 'start_month', 'end_month']).where('tenant_id', '=', tenantId).execute());
      const map = new Map<string, { city: string; from: string; to: string | null }[]>();
      for (const r of rows) map.set(r.employee_id, [...(map.get(r.employee_id) ?? []), { city: r.city_code, from: r.start_month, to: r.end_month }]);
      return map;
    };
    let scans = 0;
    await worker.runUntil(async () => {
      for (const day of daysOf('2025-01-01', '2025-12-31')) {
        // 02:00: the daily scan, as of the business date.
        company.clock = at(day, 2);
        const outcome: RiskScanOutcome = await env.client.workflow.execute(RISK_SCAN_WORKFLOW_TYPE, {
          taskQueue, workflowId: `risk-scan:${slug}:sim:${day}`, args: [{ tenantId, slug, today: day }],
        });
        expect(outcome.today).toBe(day);
        scans++;
        const open = await withTenant(db, tenantId, (trx) => trx.selectFrom('risk_findings').select(['employee_id', 'rule_id', 'subject']).where('tenant_id', '=', tenantId).where('state', '<>', 'resolved').execute());
        const actual = open.map((f) => `${byEmployee.get(f.employee_id) ?? f.employee_id}|${f.rule_id}|${f.subject}`).sort();
        for (const k of actual) if (!seenFirst.has(k)) seenFirst.set(k, day);
        const expected = expectedOn(day, company, script.planted, await periodsNow());
        if (actual.join() !== expected.join()) {
          mismatches.push(`${day}: unexpected [${actual.filter((k) => !expected.includes(k)).join(', ')}] missing [${expected.filter((k) => !actual.includes(k)).join(', ')}]`);
        }
        // 10:00: the day's events; 20:00: the bureau's decisions of the day are in.
        company.clock = at(day, 10);
        for (const action of script.days.get(day) ?? []) await action(company);
        company.clock = at(day, 20);
        await company.collectDecisions();
        for (const e of company.employees.values()) byEmployee.set(e.id, e.key);
      }
    });
    expect(scans).toBe(365);
    expect(mismatches.slice(0, 40)).toEqual([]);
    // Each planted problem was first seen on the day it arose.
    for (const p of script.planted) expect([p.what, seenFirst.get(`${p.key}|${p.rule}|${p.subject}`)]).toEqual([p.what, p.firstScan]);

    // Legal deadlines: every enrollment that opened coverage was received by the bureau within 30
    // days of the hire or of the first day of the month it covers from; every leaver's stop within
    // 30 days of the last working day.
    const late: string[] = [];
    for (const f of company.log) {
      const e = company.employees.get(f.key)!;
      if (f.kind === 'enrollment') {
        const anchor = e.hireDate > `${f.month}-01` ? e.hireDate : `${f.month}-01`;
        if (daysBetween(anchor, f.receivedOn) > 30) late.push(`${f.key} enrollment ${f.month} received ${f.receivedOn}`);
      } else if (e.terminationDate && daysBetween(e.terminationDate, f.receivedOn) > 30) late.push(`${f.key} stop received ${f.receivedOn}`);
    }
    expect(late).toEqual([]);
    // Every hire's enrollment was confirmed, and every leaver's stop.
    for (const e of company.employees.values()) {
      expect(company.log.some((f) => f.key === e.key && f.kind === 'enrollment'), e.key).toBe(true);
      if (e.terminationDate) expect(company.log.some((f) => f.key === e.key && f.kind === 'stop'), e.key).toBe(true);
    }
  }, 180_000);
});
