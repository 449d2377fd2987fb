import http from 'node:http';
import https from 'node:https';
// How Lianxu files with a social-insurance bureau. Two gateways: the bureau's HTTP interface
// (bureau-sim stands in for the real 经办 platforms, which cannot be reached from here), and
// filing-file, for companies that file through the government portal by hand.

export interface EnrollmentFiling {
  idempotencyKey: string;
  city: string;
  employerCode: string;
  registrationNo: string;
  personName: string;
  idNumber: string;
  hukou: 'local' | 'non-local';
  startMonth: string;
  /** Monthly contribution base, fen. */
  base: number;
  /**
   * 补缴申报: when the enrollment reaches the bureau after its start month, the months before are
   * declared as back payments (billed in the month it is filed in, original period, late fee).
   */
  backPay?: boolean;
}

export interface StopFiling {
  idempotencyKey: string;
  city: string;
  employerCode: string;
  registrationNo: string;
  idNumber: string;
  lastMonth: string;
  reason: string;
}

/** 缴费基数申报: the person's monthly base with this employer from `fromMonth` on (the annual adjustment). */
export interface BaseChangeSubmission {
  idempotencyKey: string;
  city: string;
  employerCode: string;
  registrationNo: string;
  idNumber: string;
  fromMonth: string;
  /** Monthly contribution base, fen. */
  base: number;
}

export type FilingState =
  | { status: 'pending'; filingId: string }
  | { status: 'confirmed'; filingId: string; receiptNo: string }
  | { status: 'rejected'; filingId: string; rejection: { code: string; message: string } }
  /** The bureau has no record of the filing (本经办机构没有该申报记录): it was lost, so file again with the same key. */
  | { status: 'unknown'; filingId: string };

export interface BureauGateway {
  submitEnrollment(filing: EnrollmentFiling): Promise<{ filingId: string }>;
  submitStop(filing: StopFiling): Promise<{ filingId: string }>;
  /** Polled with `status` like the others. */
  submitBaseChange(filing: BaseChangeSubmission): Promise<{ filingId: string }>;
  status(city: string, filingId: string): Promise<FilingState>;
}

/** One line of a bureau's monthly bill (national platform shape), amounts in fen. */
export interface BureauBillLine {
  idNumber: string;
  personName: string;
  insurance: 'pension' | 'medical' | 'maternity' | 'unemployment' | 'workInjury' | 'housingFund';
  /** 费款所属期 and the contribution period from-to, YYYY-MM. */
  period: string;
  periodFrom: string;
  periodTo: string;
  baseFen: number;
  employerFen: number;
  employeeFen: number;
  interestFen: number;
  lateFeeFen: number;
  collectionType: string;
  /** 税票号 once paid; null before. */
  voucherNo: string | null;
}

export interface BureauBill {
  city: string;
  employerCode: string;
  month: string;
  paid: boolean;
  lines: BureauBillLine[];
}

/**
 * Where the monthly bill of an employer comes from (the bureau's HTTP interface). `paymentDay` is
 * the employer's payment day in the city (the tenant's cut-off day), from which the bureau counts the
 * late fee on back-payment lines; absent, the bureau's default.
 */
export interface BureauBillSource {
  bill(city: string, employerCode: string, month: string, paymentDay?: number | null): Promise<BureauBill>;
}

/** The bureau could not be reached or answered 5xx/429: retry later with the same idempotency key. */
export class BureauUnavailableError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'BureauUnavailableError';
  }
}

/** The bureau refused the request itself (4xx): retrying the same request cannot help. */
export class BureauRefusedError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
    this.name = 'BureauRefusedError';
  }
}

/**
 * The HTTP gateway to bureau-sim (and to any bureau exposing the same interface). Every request
 * has a timeout; network errors, 5xx and 429 become BureauUnavailableError, other 4xx
 * BureauRefusedError. Request bodies carry ID numbers and are never logged.
 *
 * @example
 * const bureau = createHttpBureauGateway({ baseUrl: 'http://127.0.0.1:4100' });
 * const { filingId } = await bureau.submitEnrollment(filing);
 */
export function createHttpBureauGateway(options: { baseUrl: string; timeoutMs?: number }): BureauGateway & BureauBillSource {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  // node:http with kept-alive connections: a filing is two small requests, and fetch's streams
  // and Headers cost several times the CPU of the request itself on a busy worker.
  const secure = base.startsWith('https:');
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 64 }) : new http.Agent({ keepAlive: true, maxSockets: 64 });

  function send(method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; retryAfter: string | undefined; text: string }> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      const request = (secure ? https : http).request(`${base}${path}`, { method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          clearTimeout(timer);
          const retryAfter = response.headers['retry-after'];
          resolve({ status: response.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(body);
    });
  }

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
    let response: Awaited<ReturnType<typeof send>>;
    try {
      response = await send(method, path, body === undefined ? undefined : JSON.stringify(body));
    } catch (error) {
      throw new BureauUnavailableError(`bureau unreachable: ${(error as Error).message}`);
    }
    let json: any;
    try {
      json = response.text ? JSON.parse(response.text) : {};
    } catch {
      json = {};
    }
    if (response.status >= 500 || response.status === 429) {
      const retryAfter = Number(response.retryAfter);
      throw new BureauUnavailableError(`bureau answered ${response.status}: ${json?.error?.message ?? ''}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
    }
    if (response.status >= 400) {
      throw new BureauRefusedError(response.status, json?.error?.code ?? 'refused', json?.error?.message ?? `bureau answered ${response.status}`, json?.error?.fields);
    }
    return json;
  }

  return {
    async submitEnrollment({ city, ...filing }) {
      const receipt = await call('POST', `/bureau/${city}/enrollments`, filing);
      return { filingId: String(receipt.filingId) };
    },
    async submitStop({ city, ...filing }) {
      const receipt = await call('POST', `/bureau/${city}/stops`, filing);
      return { filingId: String(receipt.filingId) };
    },
    async submitBaseChange({ city, ...filing }) {
      const receipt = await call('POST', `/bureau/${city}/base-changes`, filing);
      return { filingId: String(receipt.filingId) };
    },
    async status(city, filingId) {
      let view: any;
      try {
        view = await call('GET', `/bureau/${city}/filings/${encodeURIComponent(filingId)}`);
      } catch (error) {
        // Only the bureau's own "no such filing", never a 404 of a wrong route or base URL.
        if (error instanceof BureauRefusedError && error.status === 404 && error.code === 'filing_not_found') return { status: 'unknown', filingId };
        throw error;
      }
      if (view.status === 'confirmed') return { status: 'confirmed', filingId, receiptNo: String(view.receiptNo) };
      if (view.status === 'rejected') return { status: 'rejected', filingId, rejection: { code: String(view.rejection?.code ?? 'rejected'), message: String(view.rejection?.message ?? '') } };
      return { status: 'pending', filingId };
    },
    async bill(city, employerCode, month, paymentDay) {
      const query = new URLSearchParams({ employerCode, month });
      if (paymentDay != null) query.set('paymentDay', String(paymentDay));
      const answer = await call('GET', `/bureau/${encodeURIComponent(city)}/bills?${query}`);
      return billOf(answer, city, employerCode, month);
    },
  };
}

const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : Number.NaN);

/** The bill as the bureau answered it, field by field; a line it cannot read makes the answer unusable. */
function billOf(answer: any, city: string, employerCode: string, month: string): BureauBill {
  if (!answer || !Array.isArray(answer.lines)) throw new BureauUnavailableError('bureau answered a bill without lines');
  const lines = answer.lines.map((l: any, i: number): BureauBillLine => {
    const line: BureauBillLine = {
      idNumber: String(l?.idNumber ?? ''), personName: String(l?.personName ?? ''), insurance: l?.insurance,
      period: String(l?.period ?? month), periodFrom: String(l?.periodFrom ?? month), periodTo: String(l?.periodTo ?? month),
      baseFen: int(l?.base), employerFen: int(l?.employer), employeeFen: int(l?.employee), interestFen: int(l?.interest ?? 0), lateFeeFen: int(l?.lateFee ?? 0),
      collectionType: String(l?.collectionType ?? ''), voucherNo: typeof l?.voucherNo === 'string' && l.voucherNo !== '' ? l.voucherNo : null,
    };
    if ([line.baseFen, line.employerFen, line.employeeFen, line.interestFen, line.lateFeeFen].some(Number.isNaN) || !line.idNumber) {
      throw new BureauUnavailableError(`bureau answered a bill whose line ${i + 1} cannot be read`);
    }
    return line;
  });
  return { city, employerCode, month, paid: answer.paid === true, lines };
}

/** A filing task's fields a filing is built from (a row of filing_tasks and of employees). */
export interface FilingSource {
  task: { id: string; attempt: number; kind: 'enrollment' | 'stop'; city_code: string; month: string };
  employee: { name: string; hukou: 'local' | 'non-local'; termination_date: string | null };
  employerCode: string;
  registrationNo: string;
  idNumber: string;
  /** Enrollment only: the monthly base, fen. */
  baseFen: number;
}

/**
 * The filing of a task, the same whichever gateway carries it (bureau HTTP or the city's sheet):
 * its idempotency key is `<task>:<attempt>`, so a retry of one attempt is the same filing.
 */
export function filingOf(s: FilingSource): { kind: 'enrollment'; body: EnrollmentFiling } | { kind: 'stop'; body: StopFiling } {
  const { task: t } = s;
  const common = { idempotencyKey: `${t.id}:${t.attempt}`, city: t.city_code, employerCode: s.employerCode, registrationNo: s.registrationNo, idNumber: s.idNumber };
  return t.kind === 'enrollment'
    // Always declared: the bureau applies it only when the start month is before the month it receives
    // the filing in (a late enrollment), so the earlier months are back-paid rather than left a gap.
    ? { kind: 'enrollment', body: { ...common, personName: s.employee.name, hukou: s.employee.hukou, startMonth: t.month, base: s.baseFen, backPay: true } }
    : { kind: 'stop', body: { ...common, lastMonth: t.month, reason: s.employee.termination_date ? '解除劳动关系' : '跨城市调动' } };
}
