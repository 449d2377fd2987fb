import { randomUUID } from 'node:crypto';
import type { BaseChangePayload, EnrollmentPayload, FaultsPatch, StopPayload } from './bureau.schemas';
import type {
  AdminFilingView, Bill, BillFault, BillFaultSet, BillPayment, Coverage, Decision, Faults, FilingRecord, FilingView, Rejection, SubmitResult,
} from './bureau.types';
import { billKey, buildBill } from './bureau.bills';
import { memoryStore, type BureauSnapshot, type BureauStore } from './bureau.store';
import { residentIdProblem } from './resident-id.validator';
import { businessDateOf, canonicalJson } from '@lianxu/db';

export type {
  AdminFilingView, Bill, BillFault, BillFaultSet, BillLine, BillPayment, Coverage, Decision, Faults, FilingKind, FilingRecord, FilingStatus, FilingView, Receipt, Rejection, SubmitResult,
} from './bureau.types';

export interface BureauStateOptions {
  /** Milliseconds since the epoch; tests pass a settable clock. */
  now?: () => number;
  /** In [0, 1); drives processing delays and injected errors. */
  random?: () => number;
  /** Initial [min, max] processing delay; `reset()` returns to it. Default [1000, 3000]. */
  processingDelayMs?: [number, number];
  /**
   * Where filings, decisions and the name list are kept. Without one the state is in memory only
   * and a restart forgets everything: for unit tests and benchmarks. Use `BureauState.open` with a
   * store to start from what it holds.
   */
  store?: BureauStore;
}

export const DEFAULT_PROCESSING_DELAY_MS: [number, number] = [1000, 3000];

const REJECTIONS = {
  idCheckDigit: { code: 'invalid_id_number', message: '公民身份号码校验位错误，请核对证件号码后重新申报' },
  idInvalid: { code: 'invalid_id_number', message: '公民身份号码无效（地区码或出生日期有误），请核对后重新申报' },
  nameMismatch: { code: 'name_id_mismatch', message: '姓名与公民身份号码不一致，请核对姓名和证件号码后重新申报' },
  enrolledElsewhere: {
    code: 'enrolled_elsewhere',
    message: '该人员已在其他单位参保，请原单位办理减员（停保）后再申报增员',
  },
  alreadyEnrolled: { code: 'already_enrolled', message: '该人员已在本单位参保，无需重复申报增员' },
  notEnrolled: { code: 'not_enrolled', message: '该人员在本单位无有效参保记录，无法办理减员' },
  stopBeforeStart: { code: 'stop_before_start', message: '停保月份早于参保起始月份，请核对停保月份' },
  notCoveredThen: { code: 'not_covered_in_month', message: '该人员在基数调整起始月份不在本单位参保，无法申报缴费基数' },
} as const satisfies Record<string, Rejection>;

/** The coverage of a person with an employer that covers `month` (the latest one if several did). */
function coverageIn(coverages: readonly Coverage[], employerCode: string, month: string): Coverage | undefined {
  return coverages.findLast((c) => c.employerCode === employerCode && c.startMonth <= month && (c.lastMonth === undefined || c.lastMonth >= month));
}

/** Business date of a receipt, YYYYMMDD: the bureau works on Asia/Shanghai days. */
function receiptDate(ms: number): string {
  return businessDateOf(new Date(ms)).replaceAll('-', '');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * All bureaus of the simulator. The working set is in memory and every change is appended to the
 * store (PostgreSQL, or nothing in unit tests); routes answer only once `durable()` resolves.
 * Processing is settled lazily: every read first decides the filings whose time has come, in the
 * order they fell due, so no timer outlives a test and a test clock moves processing forward exactly.
 */
export class BureauState {
  readonly now: () => number;
  readonly random: () => number;
  private readonly initialDelay: [number, number];
  private currentFaults: Faults;
  private filings = new Map<string, FilingRecord>();
  private byKey = new Map<string, string>();
  private pending: FilingRecord[] = [];
  private coverages: Coverage[] = [];
  /** city + ID number -> that person's coverages there, so a decision never scans every person. */
  private coveragesByPerson = new Map<string, Coverage[]>();
  private nameMismatch = new Set<string>();
  /** Bill faults and payments per city + employer + month (billKey). */
  private billFaults = new Map<string, BillFaultSet>();
  private payments = new Map<string, BillPayment>();
  private receiptSeq = new Map<string, number>();
  private seq = 0;
  private decisionSeq = 0;
  readonly store: BureauStore;

  constructor(options: BureauStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.initialDelay = [...(options.processingDelayMs ?? DEFAULT_PROCESSING_DELAY_MS)];
    this.currentFaults = this.defaultFaults();
    this.store = options.store ?? memoryStore();
  }

  /** A state that starts from everything its store holds: filings, decisions, keys, the name list. */
  static async open(options: BureauStateOptions & { store: BureauStore }): Promise<BureauState> {
    const state = new BureauState(options);
    state.restore(await options.store.load());
    return state;
  }

  /** Resolves once every change made so far is durable; rejects once the store has failed. */
  durable(): Promise<void> {
    return this.store.flushed();
  }

  private restore(snapshot: BureauSnapshot): void {
    this.clearRecords();
    for (const filing of snapshot.filings) {
      this.filings.set(filing.filingId, filing);
      this.byKey.set(`${filing.city}\u0000${filing.idempotencyKey}`, filing.filingId);
      this.seq = Math.max(this.seq, filing.seq);
      if (filing.decision === undefined) this.pending.push(filing);
      else this.decisionSeq = Math.max(this.decisionSeq, filing.decision.seq);
    }
    this.nameMismatch = new Set(snapshot.nameMismatch);
    for (const set of snapshot.billFaults ?? []) this.billFaults.set(billKey(set.city, set.employerCode, set.month), set);
    for (const paid of snapshot.payments ?? []) this.payments.set(billKey(paid.city, paid.employerCode, paid.month), paid);
    this.rebuildCoverages();
  }

  /** Coverages and receipt counters follow from the confirmed decisions, applied in the order taken. */
  private rebuildCoverages(): void {
    this.coverages = [];
    this.coveragesByPerson.clear();
    this.receiptSeq.clear();
    const decided = [...this.filings.values()].filter((f) => f.decision !== undefined);
    decided.sort((a, b) => a.decision!.seq - b.decision!.seq);
    for (const filing of decided) {
      const d = filing.decision!;
      if (d.status !== 'confirmed') continue;
      const counter = d.receiptNo.slice(0, 8);
      this.receiptSeq.set(counter, Math.max(this.receiptSeq.get(counter) ?? 0, Number(d.receiptNo.slice(16)) || 0));
      this.apply(filing, d.receiptNo);
    }
  }

  private clearRecords(): void {
    this.filings.clear();
    this.byKey.clear();
    this.pending = [];
    this.coverages = [];
    this.coveragesByPerson.clear();
    this.nameMismatch.clear();
    this.billFaults.clear();
    this.payments.clear();
    this.receiptSeq.clear();
    this.seq = 0;
    this.decisionSeq = 0;
  }

  private defaultFaults(): Faults {
    return { outageUntil: null, latencyMs: 0, errorRate: 0, processingDelayMs: [...this.initialDelay] };
  }

  get faults(): Faults {
    return { ...this.currentFaults, processingDelayMs: [...this.currentFaults.processingDelayMs] };
  }

  setFaults(patch: FaultsPatch): Faults {
    const next = { ...this.currentFaults };
    if (patch.outageUntil !== undefined) next.outageUntil = patch.outageUntil === null ? null : iso(Date.parse(patch.outageUntil));
    if (patch.latencyMs !== undefined) next.latencyMs = patch.latencyMs;
    if (patch.errorRate !== undefined) next.errorRate = patch.errorRate;
    if (patch.processingDelayMs !== undefined) next.processingDelayMs = [...patch.processingDelayMs];
    this.currentFaults = next;
    return this.faults;
  }

  /** Milliseconds the outage still lasts, 0 when the bureau is up. */
  outageRemainingMs(): number {
    const until = this.currentFaults.outageUntil;
    if (until === null) return 0;
    return Math.max(0, Date.parse(until) - this.now());
  }

  setNameMismatch(idNumbers: readonly string[]): string[] {
    this.nameMismatch = new Set(idNumbers.map((id) => id.toUpperCase()));
    this.store.append({ type: 'nameMismatch', idNumbers: this.nameMismatchIds() });
    return this.nameMismatchIds();
  }

  nameMismatchIds(): string[] {
    return [...this.nameMismatch].sort();
  }

  reset(): void {
    this.currentFaults = this.defaultFaults();
    this.clearRecords();
    this.store.append({ type: 'reset' });
  }

  /**
   * Loses filings as a bureau restored from an old backup would: they, their keys and what their
   * decisions did (a coverage opened or closed) are gone. Returns the ids that were known.
   */
  forget(filingIds: readonly string[]): string[] {
    this.settle();
    const known = filingIds.filter((id) => this.filings.has(id));
    if (known.length === 0) return [];
    for (const id of known) {
      const filing = this.filings.get(id)!;
      this.filings.delete(id);
      this.byKey.delete(`${filing.city}\u0000${filing.idempotencyKey}`);
    }
    const gone = new Set(known);
    this.pending = this.pending.filter((f) => !gone.has(f.filingId));
    this.rebuildCoverages();
    this.store.append({ type: 'forget', filingIds: known });
    return known;
  }

  submitEnrollment(city: string, idempotencyKey: string, payload: EnrollmentPayload): SubmitResult {
    return this.submit(city, idempotencyKey, { kind: 'enrollment', payload });
  }

  submitStop(city: string, idempotencyKey: string, payload: StopPayload): SubmitResult {
    return this.submit(city, idempotencyKey, { kind: 'stop', payload });
  }

  submitBaseChange(city: string, idempotencyKey: string, payload: BaseChangePayload): SubmitResult {
    return this.submit(city, idempotencyKey, { kind: 'base_change', payload });
  }

  // Keys are scoped to a city: each city is its own bureau. The same key sent as another kind of
  // filing is a reuse with another body, so it conflicts too.
  private submit(
    city: string,
    idempotencyKey: string,
    body: { kind: 'enrollment'; payload: EnrollmentPayload } | { kind: 'stop'; payload: StopPayload } | { kind: 'base_change'; payload: BaseChangePayload },
  ): SubmitResult {
    const fingerprint = canonicalJson(body);
    const mapKey = `${city}\u0000${idempotencyKey}`;
    const existingId = this.byKey.get(mapKey);
    if (existingId !== undefined) {
      const existing = this.filings.get(existingId)!;
      if (existing.fingerprint !== fingerprint) return { outcome: 'conflict', filingId: existing.filingId };
      return { outcome: 'replayed', receipt: { filingId: existing.filingId, status: 'received' } };
    }
    const receivedAt = this.now();
    const [min, max] = this.currentFaults.processingDelayMs;
    const delay = min + Math.floor(this.random() * (max - min + 1));
    const record = {
      ...body,
      filingId: randomUUID(),
      city,
      idempotencyKey,
      fingerprint,
      seq: (this.seq += 1),
      receivedAt,
      pickedUpAt: receivedAt + Math.floor(delay / 2),
      dueAt: receivedAt + delay,
    } as FilingRecord;
    this.filings.set(record.filingId, record);
    this.byKey.set(mapKey, record.filingId);
    this.pending.push(record);
    this.store.append({ type: 'filing', filing: record });
    return { outcome: 'created', receipt: { filingId: record.filingId, status: 'received' } };
  }

  /** Decides every filing that has fallen due, oldest due first. */
  settle(): void {
    const now = this.now();
    const due = this.pending.filter((f) => f.dueAt <= now);
    if (due.length === 0) return;
    this.pending = this.pending.filter((f) => f.dueAt > now);
    due.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    for (const filing of due) {
      filing.decision = this.decide(filing);
      this.store.append({ type: 'decision', filingId: filing.filingId, decision: filing.decision });
    }
  }

  private decide(filing: FilingRecord): Decision {
    const at = filing.dueAt;
    const seq = (this.decisionSeq += 1);
    const reject = (rejection: Rejection): Decision => ({ status: 'rejected', rejection: { ...rejection }, at, seq });
    const { payload, city } = filing;
    const personCoverages = this.coveragesByPerson.get(`${city}\u0000${payload.idNumber}`) ?? [];
    const idProblem = residentIdProblem(payload.idNumber);
    if (idProblem === 'check_digit') return reject(REJECTIONS.idCheckDigit);
    if (idProblem !== null) return reject(REJECTIONS.idInvalid);

    if (filing.kind === 'enrollment') {
      const p = filing.payload;
      if (this.nameMismatch.has(p.idNumber)) return reject(REJECTIONS.nameMismatch);
      // Covered from startMonth on means no other coverage of this person in this city may reach it.
      const overlapping = personCoverages.find((c) => c.lastMonth === undefined || c.lastMonth >= p.startMonth);
      if (overlapping) {
        return reject(overlapping.employerCode === p.employerCode ? REJECTIONS.alreadyEnrolled : REJECTIONS.enrolledElsewhere);
      }
    } else if (filing.kind === 'stop') {
      const p = filing.payload;
      const open = personCoverages.find((c) => c.employerCode === p.employerCode && c.lastMonth === undefined);
      if (!open) return reject(REJECTIONS.notEnrolled);
      if (p.lastMonth < open.startMonth) return reject(REJECTIONS.stopBeforeStart);
    } else {
      const p = filing.payload;
      if (!coverageIn(personCoverages, p.employerCode, p.fromMonth)) return reject(REJECTIONS.notCoveredThen);
    }
    const receiptNo = this.nextReceiptNo(filing.kind === 'enrollment' ? 'ZY' : filing.kind === 'stop' ? 'JY' : 'JS', city, at);
    this.apply(filing, receiptNo);
    return { status: 'confirmed', receiptNo, at, seq };
  }

  /** What a confirmed filing does: an enrollment opens a coverage, a stop closes the open one, a base change sets the base from its month. */
  private apply(filing: FilingRecord, receiptNo: string): void {
    const personKey = `${filing.city}\u0000${filing.payload.idNumber}`;
    const personCoverages = this.coveragesByPerson.get(personKey) ?? [];
    if (filing.kind === 'enrollment') {
      const p = filing.payload;
      const coverage: Coverage = {
        city: filing.city,
        employerCode: p.employerCode,
        registrationNo: p.registrationNo,
        idNumber: p.idNumber,
        personName: p.personName,
        hukou: p.hukou,
        startMonth: p.startMonth,
        base: p.base,
        ...(p.amounts ? { amounts: { ...p.amounts } } : {}),
        enrollmentFilingId: filing.filingId,
        receiptNo,
      };
      const filedIn = businessDateOf(new Date(filing.receivedAt)).slice(0, 7);
      if (p.backPay && p.startMonth < filedIn) coverage.backPayIn = filedIn;
      this.coverages.push(coverage);
      this.coveragesByPerson.set(personKey, [...personCoverages, coverage]);
      return;
    }
    if (filing.kind === 'base_change') {
      // After a loss (forget) the coverage may be gone: then the change has nothing to apply to.
      const p = filing.payload;
      const coverage = coverageIn(personCoverages, p.employerCode, p.fromMonth);
      if (coverage) coverage.baseChanges = [...(coverage.baseChanges ?? []), { fromMonth: p.fromMonth, base: p.base, filingId: filing.filingId }];
      return;
    }
    // After a loss (forget) the coverage a stop closed may be gone: then the stop changes nothing.
    const open = personCoverages.find((c) => c.employerCode === filing.payload.employerCode && c.lastMonth === undefined);
    if (!open) return;
    open.lastMonth = filing.payload.lastMonth;
    open.stopFilingId = filing.filingId;
  }

  // Receipt numbers read like a bureau's: kind (增员 ZY / 减员 JY / 基数 JS), city, business date, sequence.
  private nextReceiptNo(prefix: 'ZY' | 'JY' | 'JS', city: string, at: number): string {
    const key = `${prefix}${city}`;
    const n = (this.receiptSeq.get(key) ?? 0) + 1;
    this.receiptSeq.set(key, n);
    return `${prefix}${city}${receiptDate(at)}${String(n).padStart(6, '0')}`;
  }

  private view(filing: FilingRecord): FilingView {
    const base = {
      filingId: filing.filingId,
      kind: filing.kind,
      city: filing.city,
      receivedAt: iso(filing.receivedAt),
    };
    const d = filing.decision;
    if (d?.status === 'confirmed') return { ...base, status: 'confirmed', decidedAt: iso(d.at), receiptNo: d.receiptNo };
    if (d?.status === 'rejected') return { ...base, status: 'rejected', decidedAt: iso(d.at), rejection: { ...d.rejection } };
    return { ...base, status: this.now() >= filing.pickedUpAt ? 'processing' : 'received' };
  }

  /** A filing as its city's bureau reports it; undefined for another city's filing. */
  getFiling(city: string, filingId: string): FilingView | undefined {
    this.settle();
    const filing = this.filings.get(filingId);
    return filing && filing.city === city ? this.view(filing) : undefined;
  }

  /** Every filing of every city, in arrival order, with its key and body: for tests and admins. */
  listFilings(): AdminFilingView[] {
    this.settle();
    return [...this.filings.values()].map((f) => ({
      ...this.view(f),
      idempotencyKey: f.idempotencyKey,
      payload: structuredClone(f.payload),
    }));
  }

  listCoverages(): Coverage[] {
    this.settle();
    return this.coverages.map((c) => structuredClone(c));
  }

  /**
   * The bill of this employer in this city for `month`: one line per person confirmed enrolled and
   * covered that month and insurance, with the injected faults and, once paid, voucher numbers.
   * `paymentDay` is the employer's payment day in the city (null: the city's default), which sets
   * the due date the 补缴 lines' late fee runs from.
   */
  bill(city: string, employerCode: string, month: string, paymentDay: number | null = null): Bill {
    this.settle();
    const key = billKey(city, employerCode, month);
    return buildBill(city, employerCode, month, this.coverages, this.billFaults.get(key)?.faults ?? [], this.payments.get(key), paymentDay);
  }

  /** Replaces the faults injected into one employer's bill of one month (an empty list clears them). */
  setBillFaults(city: string, employerCode: string, month: string, faults: readonly BillFault[]): BillFaultSet {
    const set: BillFaultSet = { city, employerCode, month, faults: structuredClone([...faults]) };
    if (faults.length === 0) this.billFaults.delete(billKey(city, employerCode, month));
    else this.billFaults.set(billKey(city, employerCode, month), set);
    this.store.append({ type: 'billFaults', set });
    return structuredClone(set);
  }

  listBillFaults(): BillFaultSet[] {
    return [...this.billFaults.values()].map((f) => structuredClone(f));
  }

  /** Marks the month paid (idempotent: the first payment date stays); its lines get voucher numbers. */
  markPaid(city: string, employerCode: string, month: string, paidOn?: string): BillPayment {
    const key = billKey(city, employerCode, month);
    const existing = this.payments.get(key);
    if (existing) return { ...existing };
    const payment: BillPayment = { city, employerCode, month, paidOn: paidOn ?? businessDateOf(new Date(this.now())) };
    this.payments.set(key, payment);
    this.store.append({ type: 'billPaid', payment });
    return { ...payment };
  }
}
