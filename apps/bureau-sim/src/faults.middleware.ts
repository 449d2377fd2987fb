import type { MiddlewareHandler } from 'hono';
import { BureauError, errorResponse } from './bureau.errors';
import type { BureauState } from './bureau.state';

export interface FaultsOptions {
  state: BureauState;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const INJECTED = {
  500: { code: 'bureau_internal_error', message: '社保经办平台内部错误，请稍后重试' },
  502: { code: 'bureau_bad_gateway', message: '社保经办平台网关错误，请稍后重试' },
  503: { code: 'bureau_unavailable', message: '社保经办平台繁忙，请稍后重试' },
} as const;

/**
 * Latency, outage and random 5xx for every bureau request (never for /admin). An injected 502 is
 * answered after the request was handled: the filing is recorded but its receipt is lost on the
 * way back, the case that only an idempotency key makes safe to retry.
 */
export function bureauFaults({ state, sleep = defaultSleep }: FaultsOptions): MiddlewareHandler {
  return async function bureauFaultsMiddleware(c, next) {
    const faults = state.faults;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);

    const outageMs = state.outageRemainingMs();
    if (outageMs > 0) {
      c.header('Retry-After', String(Math.ceil(outageMs / 1000)));
      return errorResponse(c, new BureauError(503, 'bureau_outage', '社保经办平台系统维护中，暂停受理业务，请稍后再试'));
    }

    if (faults.errorRate > 0 && state.random() < faults.errorRate) {
      const statuses = [500, 502, 503] as const;
      const status = statuses[Math.floor(state.random() * statuses.length)] ?? 503;
      const injected = new BureauError(status, INJECTED[status].code, INJECTED[status].message);
      if (status !== 502) return errorResponse(c, injected);
      await next();
      c.res = undefined;
      c.res = errorResponse(c, injected);
      return;
    }
    await next();
  };
}
