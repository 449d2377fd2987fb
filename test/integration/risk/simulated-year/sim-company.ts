import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { buildBureauApp, BureauState } from '@lianxu/bureau-sim';
import { testIdNumber, testPersonName } from '../../../support/src/people-fixtures';

// The company of the simulated year (risk-simulated-year.test.ts): its HR acting on its own
// records (employees, wage history, filing tasks, coverage periods) the way the lifecycle does,
// and filing with a simulated bureau over HTTP (so the bureau's injected faults apply: an outage
// answers 503, a name mismatch is rejected, a slow bureau decides days later). Every filing's
// time is kept, so the test can check each legal deadline.

export const SIM_CITIES = ['110100', '310100', '440100', '440300', '330100', '510100'] as const;
export type SimCity = (typeof SIM_CITIES)[number];

/** Shanghai wall-clock time of a business date, in epoch ms. */
export const at = (date: string, hour: number) => Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

export interface SimEmployee {
  key: string;
  id: string;
  n: number;
  idNumber: string;
  name: string;
  city: SimCity;
  hireDate: string;
  terminationDate: string | null;
  wages: { from: string; fen: number }[];
}

export interface FilingLog {
  key: string;
  kind: 'enrollment' | 'stop';
  city: SimCity;
  month: string;
  /** Business date the bureau received the filing that was confirmed. */
  receivedOn: string;
  confirmedOn: string | null;
}

interface PendingFiling {
  filingId: string;
  taskId: string;
  employee: SimEmployee;
  kind: 'enrollment' | 'stop';
  city: SimCity;
  month: string;
  receivedOn: string;
}

export class SimCompany {
  clock = at('2024-06-01', 10);
  readonly bureau: BureauState;
  private readonly app: ReturnType<typeof buildBureauApp>;
  readonly employees = new Map<string, SimEmployee>();
  readonly log: FilingLog[] = [];
  private pending: PendingFiling[] = [];
  private nextN = 1;
  private seq = 0;

  constructor(
    private readonly db: Kysely<Database>,
    readonly tenantId: string,
    private readonly entityId: string,
    readonly employerCode: string,
  ) {
    // Deterministic bureau: decisions 2 to 8 hours after receipt unless a fault says otherwise.
    let r = 0x2545f491;
    const random = () => ((r = (r * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    this.bureau = new BureauState({ now: () => this.clock, processingDelayMs: [2 * 3_600_000, 8 * 3_600_000], random });
    this.app = buildBureauApp({ state: this.bureau, sleep: async () => undefined });
  }

  get today(): string {
    return new Date(this.clock + 8 * 3_600_000).toISOString().slice(0, 10);
  }

  private tx<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return withTenant(this.db, this.tenantId, fn);
  }

  /** A hire recorded in the company's records (no filing yet). */
  async hire(key: string, city: SimCity, hireDate: string, wageFen: number): Promise<SimEmployee> {
    const n = this.nextN++;
    const e: SimEmployee = { key, id: randomUUID(), n, idNumber: testIdNumber(7_000 + n, '310101'), name: testPersonName(n), city, hireDate, terminationDate: null, wages: [{ from: hireDate, fen: wageFen }] };
    await this.tx(async (trx) => {
      await trx.insertInto('employees').values({
        tenant_id: this.tenantId, id: e.id, entity_id: this.entityId, name: e.name, mobile: '13800000000',
        id_number_cipher: Buffer.from(e.idNumber), id_number_key_id: 'sim', id_number_index: randomBytes(32), id_number_masked: `${e.idNumber.slice(0, 3)}***********${e.idNumber.slice(-4)}`,
        hukou: 'local', work_city: city, hire_date: hireDate, monthly_wage_fen: wageFen, status: 'active',
      }).execute();
      await trx.insertInto('wage_history').values({ tenant_id: this.tenantId, employee_id: e.id, effective_from: hireDate, monthly_wage_fen: wageFen, event_id: randomUUID() }).execute();
    });
    this.employees.set(key, e);
    return e;
  }

  async wageChange(key: string, from: string, fen: number): Promise<void> {
    const e = this.employees.get(key)!;
    e.wages.push({ from, fen });
    await this.tx(async (trx) => {
      await trx.insertInto('wage_history').values({ tenant_id: this.tenantId, employee_id: e.id, effective_from: from, monthly_wage_fen: fen, event_id: randomUUID() }).execute();
      await trx.updateTable('employees').set({ monthly_wage_fen: fen }).where('tenant_id', '=', this.tenantId).where('id', '=', e.id).execute();
    });
  }

  /** Records the leave (last working day); the stop is a separate filing. */
  async leave(key: string, lastDay: string): Promise<void> {
    const e = this.employees.get(key)!;
    e.terminationDate = lastDay;
    await this.tx((trx) => trx.updateTable('employees').set({ termination_date: lastDay, status: 'terminated' }).where('tenant_id', '=', this.tenantId).where('id', '=', e.id).execute());
  }

  /** The employee now works in another city (a transfer); the filings are separate. */
  async moveTo(key: string, city: SimCity): Promise<void> {
    const e = this.employees.get(key)!;
    e.city = city;
    await this.tx((trx) => trx.updateTable('employees').set({ work_city: city }).where('tenant_id', '=', this.tenantId).where('id', '=', e.id).execute());
  }

  /**
   * Files with the bureau and records the task as submitted. An outage (503) leaves no task:
   * answers false, HR files again later.
   */
  async file(key: string, kind: 'enrollment' | 'stop', city: SimCity, month: string, baseFen?: number): Promise<boolean> {
    const e = this.employees.get(key)!;
    const idempotencyKey = `sim:${e.id}:${kind}:${city}:${month}:${++this.seq}`;
    const body = kind === 'enrollment'
      ? { idempotencyKey, employerCode: this.employerCode, registrationNo: `SI-${city}-1`, personName: e.name, idNumber: e.idNumber, hukou: 'local', startMonth: month, base: baseFen }
      : { idempotencyKey, employerCode: this.employerCode, registrationNo: `SI-${city}-1`, idNumber: e.idNumber, lastMonth: month, reason: '解除劳动合同' };
    const response = await this.app.request(`/bureau/${city}/${kind === 'enrollment' ? 'enrollments' : 'stops'}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (response.status === 503) return false;
    if (response.status !== 202) throw new Error(`bureau answered ${response.status}: ${await response.text()}`);
    const { filingId } = (await response.json()) as { filingId: string };
    const taskId = await this.tx(async (trx) => (await trx.insertInto('filing_tasks').values({
      tenant_id: this.tenantId, employee_id: e.id, event_id: randomUUID(), kind, city_code: city, gateway: 'bureau-sim', workflow_id: `sim-${randomUUID()}`,
      status: 'submitted', open: true, month, base_fen: baseFen ?? null, filing_id: filingId,
    }).returning('id').executeTakeFirstOrThrow()).id);
    this.pending.push({ filingId, taskId, employee: e, kind, city, month, receivedOn: this.today });
    return true;
  }

  /**
   * A contribution base declared for the new policy year (or a corrected one) through the city's
   * sheet: the base in force from `month` (no bureau round trip in the simulator).
   */
  async declareBase(key: string, city: SimCity, month: string, baseFen: number): Promise<void> {
    const e = this.employees.get(key)!;
    await this.tx((trx) => trx.insertInto('filing_tasks').values({
      tenant_id: this.tenantId, employee_id: e.id, event_id: randomUUID(), kind: 'enrollment', city_code: city, gateway: 'bureau-sim', workflow_id: `sim-base-${randomUUID()}`,
      status: 'confirmed', open: false, month, base_fen: baseFen,
    }).execute());
  }

  /** The bureau decides what fell due; HR records each decision (a confirmation opens or closes coverage). */
  async collectDecisions(): Promise<void> {
    this.bureau.settle();
    const still: PendingFiling[] = [];
    for (const p of this.pending) {
      const view = this.bureau.getFiling(p.city, p.filingId);
      if (!view || (view.status !== 'confirmed' && view.status !== 'rejected')) {
        still.push(p);
        continue;
      }
      const confirmed = view.status === 'confirmed';
      await this.tx(async (trx) => {
        await trx.updateTable('filing_tasks').set({ status: confirmed ? 'confirmed' : 'rejected', open: !confirmed, receipt_no: view.receiptNo ?? null })
          .where('tenant_id', '=', this.tenantId).where('id', '=', p.taskId).execute();
        if (!confirmed) return;
        if (p.kind === 'enrollment') {
          await trx.insertInto('coverage_periods').values({ tenant_id: this.tenantId, employee_id: p.employee.id, city_code: p.city, start_month: p.month, end_month: null, opened_by: p.taskId }).execute();
        } else {
          await trx.updateTable('coverage_periods').set({ end_month: p.month })
            .where('tenant_id', '=', this.tenantId).where('employee_id', '=', p.employee.id).where('city_code', '=', p.city).where('end_month', 'is', null).execute();
        }
      });
      if (confirmed) this.log.push({ key: p.employee.key, kind: p.kind, city: p.city, month: p.month, receivedOn: p.receivedOn, confirmedOn: this.today });
    }
    this.pending = still;
  }
}
