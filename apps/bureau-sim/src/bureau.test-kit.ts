// Shared by the bureau simulator's app tests (bureau.*.test.ts): an app over an in-memory bureau with
// a controllable clock and a recording sleep, sample filings, and request helpers. Not a test file
// itself; production code never imports it.
import { expect } from 'vitest';
import { buildBureauApp } from './bureau.app';
import { BureauState } from './bureau.state';

export const CITY = '310100';
export const OTHER_CITY = '440300';
export const EMPLOYER_A = '91350100M000100Y43';
export const EMPLOYER_B = '91310000MA1FL1234Q';
export const ZHANG = '310101199003070019';
export const LI = '310115198506120034';
export const WANG = '11010119900307002X';
export const BAD_CHECK_DIGIT = '310101199003070010';
export const T0 = Date.parse('2025-03-10T02:00:00Z');

let clock = T0;
/** The bureau state, the app over it and the sleeps it asked for, as of the last makeApp(). */
export let state: BureauState;
export let app: ReturnType<typeof buildBureauApp>;
export let slept: number[];

/** The simulated time, in epoch milliseconds (T0 after makeApp()). */
export function clockNow(): number {
  return clock;
}

/** Moves the simulated clock to `ms` (epoch milliseconds). */
export function setClock(ms: number): void {
  clock = ms;
}

export function makeApp(options: { delay?: [number, number]; random?: () => number } = {}) {
  clock = T0;
  slept = [];
  state = new BureauState({ now: () => clock, processingDelayMs: options.delay ?? [0, 0], ...(options.random ? { random: options.random } : {}) });
  app = buildBureauApp({ state, sleep: async (ms) => void slept.push(ms) });
}

export function enrollment(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: 'enroll:t1:e1:ev1',
    employerCode: EMPLOYER_A,
    registrationNo: 'SH-0001',
    personName: '张三',
    idNumber: ZHANG,
    hukou: 'local',
    startMonth: '2025-03',
    base: 736_200,
    ...overrides,
  };
}

export function stop(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: 'stop:t1:e1:ev2',
    employerCode: EMPLOYER_A,
    registrationNo: 'SH-0001',
    idNumber: ZHANG,
    lastMonth: '2025-06',
    reason: '解除劳动合同',
    ...overrides,
  };
}

export function post(path: string, body: unknown, raw = false) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

export async function json(response: Response | Promise<Response>) {
  // Responses are checked field by field below, so an untyped body is what the assertions want.
  return (await response).json() as Promise<any>;
}

export async function file(kind: 'enrollments' | 'stops' | 'base-changes', body: unknown, city = CITY): Promise<string> {
  const response = await post(`/bureau/${city}/${kind}`, body);
  expect(response.status).toBe(202);
  return (await json(response)).filingId;
}

export async function statusOf(filingId: string, city = CITY) {
  return json(app.request(`/bureau/${city}/filings/${filingId}`));
}

/** Polls like a filer would, until the bureau has decided. */
export async function decided(filingId: string, city = CITY) {
  for (let i = 0; i < 50; i += 1) {
    const filing = await statusOf(filingId, city);
    if (filing.status === 'confirmed' || filing.status === 'rejected') return filing;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`filing ${filingId} never decided`);
}

export async function adminFilings() {
  return json(app.request('/admin/filings'));
}
