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

export type FilingState =
  | { status: 'pending'; filingId: string }
  | { status: 'confirmed'; filingId: string; receiptNo: string }
  | { status: 'rejected'; filingId: string; rejection: { code: string; message: string } };

export interface BureauGateway {
  submitEnrollment(filing: EnrollmentFiling): Promise<{ filingId: string }>;
  submitStop(filing: StopFiling): Promise<{ filingId: string }>;
  status(city: string, filingId: string): Promise<FilingState>;
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
export function createHttpBureauGateway(options: { baseUrl: string; timeoutMs?: number; fetch?: typeof fetch }): BureauGateway {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const doFetch = options.fetch ?? fetch;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new BureauUnavailableError(`bureau unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = {};
    }
    if (response.status >= 500 || response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
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
    async status(city, filingId) {
      const view = await call('GET', `/bureau/${city}/filings/${encodeURIComponent(filingId)}`);
      if (view.status === 'confirmed') return { status: 'confirmed', filingId, receiptNo: String(view.receiptNo) };
      if (view.status === 'rejected') return { status: 'rejected', filingId, rejection: { code: String(view.rejection?.code ?? 'rejected'), message: String(view.rejection?.message ?? '') } };
      return { status: 'pending', filingId };
    },
  };
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
    ? { kind: 'enrollment', body: { ...common, personName: s.employee.name, hukou: s.employee.hukou, startMonth: t.month, base: s.baseFen } }
    : { kind: 'stop', body: { ...common, lastMonth: t.month, reason: s.employee.termination_date ? '解除劳动关系' : '跨城市调动' } };
}
