import { planAnnualAdjustment, type PolicyLibrary } from '@lianxu/policy';
import type { RiskPolicy } from '@lianxu/core';
import { SIM_CITIES, type SimCity, type SimCompany } from './sim-company';

// The script of the simulated year 2025: who is hired, leaves, moves and gets a raise on which day,
// which bureau faults are injected, and the problems planted among them, each with the day it
// arises, the findings it must raise (rule and subject) and the day HR acts on it. Everything not
// planted must raise no finding at all.

export interface Planted {
  what: string;
  key: string;
  rule: string;
  subject: string;
  /** The first scan that must show it (the scan of this business date, 02:00). */
  firstScan: string;
  /** The last scan that still shows it (HR fixed it during that day). */
  lastScan: string;
}

export type DayAction = (c: SimCompany) => Promise<void>;

/** One action a day at most per key; several keys a day. */
export interface SimScript {
  /** Before 2025-01-01: the company's history (hires in 2024, filed and confirmed). */
  prehistory: [string, DayAction][];
  days: Map<string, DayAction[]>;
  planted: Planted[];
}

const Y = 100; // fen per yuan

/** The base HR files: the wage within the policy's floor and cap of the month (the wage where the policy has no bounds). */
export const fileBase = (policy: RiskPolicy, city: SimCity, month: string, wageFen: number) => policy.allowedBase(city, month, wageFen, 'local')?.baseFen ?? wageFen;

/** Cities whose base is bounded by the policy library in 2025 (a July–June policy year). */
const JULY_CITIES: SimCity[] = ['110100', '310100', '440100', '440300'];

export function buildScript(policy: RiskPolicy, library: PolicyLibrary): SimScript {
  const days = new Map<string, DayAction[]>();
  const on = (date: string, action: DayAction) => days.set(date, [...(days.get(date) ?? []), action]);
  const prehistory: [string, DayAction][] = [];
  const planted: Planted[] = [];
  const plant = (p: Planted) => planted.push(p);

  // A hire with its enrollment filed the same day (the lifecycle's path), from 2024 on.
  const hireAndEnroll = (key: string, city: SimCity, date: string, wageFen: number, baseFen?: number): DayAction => async (c) => {
    await c.hire(key, city, date, wageFen);
    await c.file(key, 'enrollment', city, date.slice(0, 7), baseFen ?? fileBase(policy, city, date.slice(0, 7), wageFen));
  };

  // --- 2024: four people per city, one of them with an October raise; everything filed on time.
  SIM_CITIES.forEach((city, i) => {
    for (let k = 0; k < 4; k++) {
      const key = `${city}-h${k}`;
      const date = `2024-${String(7 + k).padStart(2, '0')}-${String(3 + i).padStart(2, '0')}`;
      const wage = (9_000 + 1_500 * k + 250 * i) * Y;
      prehistory.push([date, hireAndEnroll(key, city, date, wage)]);
      if (k === 1) prehistory.push(['2024-10-01', (c) => c.wageChange(key, '2024-10-01', Math.round(wage * 1.1))]);
    }
  });
  // Shanghai: one paid below the floor, filed at the 2024 floor (it will fall below the 2025 floor).
  prehistory.push(['2024-08-12', hireAndEnroll('310100-floor', '310100', '2024-08-12', 7_000 * Y)]);
  prehistory.sort((a, b) => a[0].localeCompare(b[0]));

  // --- 2025, clean events in every city: hires, raises, leaves with the stop filed ahead, transfers.
  SIM_CITIES.forEach((city, i) => {
    const m = 2 + i; // hires from February to July
    const date = `2025-${String(m).padStart(2, '0')}-${String(5 + 3 * i).padStart(2, '0')}`;
    on(date, hireAndEnroll(`${city}-n`, city, date, (10_000 + 700 * i) * Y));
    on(`2025-${String(m + 3).padStart(2, '0')}-01`, (c) => c.wageChange(`${city}-n`, `2025-${String(m + 3).padStart(2, '0')}-01`, (11_000 + 700 * i) * Y));
    // A leaver on the 20th (before the cut-off: covered through the previous month), stop filed 6 days ahead.
    const lm = 3 + i;
    const lastDay = `2025-${String(lm).padStart(2, '0')}-20`;
    const prev = `2025-${String(lm - 1).padStart(2, '0')}`;
    on(`2025-${String(lm).padStart(2, '0')}-14`, async (c) => {
      await c.leave(`${city}-h3`, lastDay);
      await c.file(`${city}-h3`, 'stop', city, prev);
    });
  });
  // A transfer Shanghai -> Beijing from April: both filings made on 25 March.
  on('2025-03-25', async (c) => {
    await c.moveTo('310100-h2', '110100');
    await c.file('310100-h2', 'stop', '310100', '2025-03');
    const e = c.employees.get('310100-h2')!;
    await c.file('310100-h2', 'enrollment', '110100', '2025-04', fileBase(policy, '110100', '2025-04', e.wages.at(-1)!.fen));
  });

  // --- Bureau faults that must not become findings: an outage on a hire's filing day (filed again
  // the next day), a slow bureau for two weeks, a name mismatch fixed within days.
  on('2025-04-14', async (c) => {
    c.bureau.setFaults({ outageUntil: new Date(Date.parse('2025-04-14T23:59:00+08:00')).toISOString() });
    await c.hire('440300-out', '440300', '2025-04-14', 12_000 * Y);
    if (await c.file('440300-out', 'enrollment', '440300', '2025-04', fileBase(policy, '440300', '2025-04', 12_000 * Y))) throw new Error('the outage did not answer 503');
  });
  on('2025-04-15', async (c) => {
    if (!(await c.file('440300-out', 'enrollment', '440300', '2025-04', fileBase(policy, '440300', '2025-04', 12_000 * Y)))) throw new Error('still out');
  });
  on('2025-05-06', async (c) => {
    c.bureau.setFaults({ processingDelayMs: [2 * 86_400_000, 3 * 86_400_000] });
    await hireAndEnroll('330100-slow', '330100', '2025-05-06', 9_800 * Y)(c);
  });
  on('2025-05-20', async (c) => void c.bureau.setFaults({ processingDelayMs: [2 * 3_600_000, 8 * 3_600_000] }));
  on('2025-09-02', async (c) => {
    await c.hire('510100-nm', '510100', '2025-09-02', 8_800 * Y);
    c.bureau.setNameMismatch([c.employees.get('510100-nm')!.idNumber]);
    await c.file('510100-nm', 'enrollment', '510100', '2025-09', 8_800 * Y);
  });
  on('2025-09-04', async (c) => {
    c.bureau.setNameMismatch([]);
    await c.file('510100-nm', 'enrollment', '510100', '2025-09', 8_800 * Y);
  });

  // --- The July policy year: HR declares every employee's new base in June (last year's average
  // wage clamped, by the annual-adjustment function; a new hire's wage clamped), except those planted.
  const forgotten = new Set(['310100-h1', '310100-floor', '110100-h1', '440100-h1', '440300-h1']);
  on('2025-06-20', async (c) => {
    for (const e of c.employees.values()) {
      if (e.terminationDate || forgotten.has(e.key) || !JULY_CITIES.includes(e.city)) continue;
      await c.declareBase(e.key, e.city, '2025-07', julyBase(policy, library, e.city, e.hireDate, e.wages));
    }
  });
  for (const key of forgotten) {
    const city = key.slice(0, 6) as SimCity;
    // Below the new floor speaks as base_below_floor; otherwise the base is not the new year's.
    const rule = key === '310100-floor' ? 'base_below_floor' : 'base_not_adjusted';
    const fixDay = key === '110100-h1' ? '2025-07-08' : '2025-07-01';
    plant({ what: 'base not adjusted in July', key, rule, subject: city, firstScan: '2025-07-01', lastScan: fixDay });
    on(fixDay, async (c) => {
      const e = c.employees.get(key)!;
      await c.declareBase(key, city, '2025-07', julyBase(policy, library, city, e.hireDate, e.wages));
    });
  }

  // --- Planted: a hire filed with the base below the floor (a typo), corrected the next day in the same month.
  on('2025-03-10', hireAndEnroll('310100-typo', '310100', '2025-03-10', 15_000 * Y, 1_500 * Y));
  plant({ what: 'base below the floor at hire', key: '310100-typo', rule: 'base_below_floor', subject: '310100', firstScan: '2025-03-11', lastScan: '2025-03-11' });
  on('2025-03-11', (c) => c.declareBase('310100-typo', '310100', '2025-03', fileBase(policy, '310100', '2025-03', 15_000 * Y)));

  // --- Planted: a stop filed by mistake for someone still employed: a gap from June, back-paid on 3 June.
  on('2025-05-12', (c) => c.file('510100-h0', 'stop', '510100', '2025-05').then(() => undefined));
  plant({ what: 'gap after a mistaken stop', key: '510100-h0', rule: 'coverage_gap', subject: '2025-06', firstScan: '2025-06-01', lastScan: '2025-06-03' });
  on('2025-06-03', (c) => c.file('510100-h0', 'enrollment', '510100', '2025-06', 9_000 * Y + 250 * 5 * Y).then(() => undefined));

  // --- Planted: a transfer Hangzhou -> Guangzhou from August where the Guangzhou enrollment is forgotten.
  on('2025-07-25', async (c) => {
    await c.moveTo('330100-h2', '440100');
    await c.file('330100-h2', 'stop', '330100', '2025-07');
  });
  plant({ what: 'gap after a transfer without the new enrollment', key: '330100-h2', rule: 'coverage_gap', subject: '2025-08', firstScan: '2025-08-01', lastScan: '2025-08-01' });
  on('2025-08-01', async (c) => {
    const e = c.employees.get('330100-h2')!;
    await c.file('330100-h2', 'enrollment', '440100', '2025-08', fileBase(policy, '440100', '2025-08', e.wages.at(-1)!.fen));
  });

  // --- Planted: leavers without a stop. Shenzhen leaves on 12 Sep (before the cut-off: September is
  // already overpaid); Beijing leaves on 28 Oct (after it: November is the first month overpaid), HR acts late.
  on('2025-09-12', (c) => c.leave('440300-h0', '2025-09-12'));
  plant({ what: 'stop not filed', key: '440300-h0', rule: 'stop_not_filed', subject: '440300', firstScan: '2025-09-13', lastScan: '2025-09-13' });
  plant({ what: 'paid after the leave', key: '440300-h0', rule: 'coverage_after_leave', subject: '440300', firstScan: '2025-09-13', lastScan: '2025-09-13' });
  on('2025-09-13', (c) => c.file('440300-h0', 'stop', '440300', '2025-08').then(() => undefined));
  on('2025-10-28', (c) => c.leave('110100-h0', '2025-10-28'));
  plant({ what: 'stop not filed', key: '110100-h0', rule: 'stop_not_filed', subject: '110100', firstScan: '2025-10-29', lastScan: '2025-11-03' });
  plant({ what: 'paid after the leave', key: '110100-h0', rule: 'coverage_after_leave', subject: '110100', firstScan: '2025-11-01', lastScan: '2025-11-03' });
  on('2025-11-03', (c) => c.file('110100-h0', 'stop', '110100', '2025-10').then(() => undefined));

  // --- Planted: an enrollment the bureau rejected (name mismatch) and nobody looked at: found on the
  // warning day (day 25), fixed and filed again that day, still within the 30-day legal deadline.
  on('2025-10-08', async (c) => {
    await c.hire('440100-rj', '440100', '2025-10-08', 13_000 * Y);
    c.bureau.setNameMismatch([c.employees.get('440100-rj')!.idNumber]);
    await c.file('440100-rj', 'enrollment', '440100', '2025-10', fileBase(policy, '440100', '2025-10', 13_000 * Y));
  });
  plant({ what: 'enrollment rejected, not confirmed by the warning day', key: '440100-rj', rule: 'enrollment_not_confirmed', subject: '440100', firstScan: '2025-11-02', lastScan: '2025-11-02' });
  on('2025-11-02', async (c) => {
    c.bureau.setNameMismatch([]);
    await c.file('440100-rj', 'enrollment', '440100', '2025-10', fileBase(policy, '440100', '2025-10', 13_000 * Y));
  });

  // --- Raises through the year (no finding: the base follows in the next policy year).
  SIM_CITIES.forEach((city, i) => {
    const from = `2025-${String(8 + (i % 4)).padStart(2, '0')}-01`;
    on(from, async (c) => {
      if (!c.employees.get(`${city}-h0`)!.terminationDate) await c.wageChange(`${city}-h0`, from, (9_900 + 250 * i) * Y);
    });
  });
  return { prehistory, days, planted };
}

/** The July base HR files: last year's average wage clamped (planAnnualAdjustment), or a new hire's wage clamped. */
function julyBase(policy: RiskPolicy, library: PolicyLibrary, city: SimCity, hireDate: string, wages: { from: string; fen: number }[]): number {
  const record = library.recordsOf(city).find((r) => r.year === 2025)!;
  const history: Record<string, number> = {};
  for (let m = 1; m <= 12; m++) {
    const month = `2024-${String(m).padStart(2, '0')}`;
    if (month < hireDate.slice(0, 7)) continue;
    let fen = wages[0]!.fen;
    for (const w of wages) if (w.from.slice(0, 7) <= month) fen = w.fen;
    history[month] = fen;
  }
  if (Object.keys(history).length === 0) return fileBase(policy, city, '2025-07', wages.at(-1)!.fen);
  const plan = planAnnualAdjustment({ wageHistory: history, newRecord: record, library });
  return plan.lines.find((l) => l.insurance === 'pension')!.newBaseFen;
}
