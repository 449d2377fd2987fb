import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { adminRoutes } from './admin.routes';
import { billRoutes } from './bills.routes';
import type { BureauEnv } from './bureau.env';
import { BureauError, errorResponse } from './bureau.errors';
import { BureauState, type BureauStateOptions } from './bureau.state';
import { BureauStoreError } from './bureau.store';
import { cityParam } from './city.middleware';
import { enrollmentRoutes } from './enrollments.routes';
import { bureauFaults } from './faults.middleware';
import { filingRoutes } from './filings.routes';
import { baseChangeRoutes } from './base-changes.routes';
import { stopRoutes } from './stops.routes';

export interface BureauAppOptions extends BureauStateOptions {
  /** Pass one to inspect it from a test; otherwise a fresh one is made from the other options. */
  state?: BureauState;
  bodyLimitBytes?: number;
  /** How injected latency waits; tests may replace it. */
  sleep?: (ms: number) => Promise<void>;
}

/** Builds the simulated bureaus of every city without listening. */
export function buildBureauApp(options: BureauAppOptions = {}) {
  const state = options.state ?? new BureauState(options);
  const app = new Hono<BureauEnv>();

  app.use(
    '*',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 64 * 1024,
      onError: (c) => errorResponse(c, new BureauError(413, 'payload_too_large', '请求体过大')),
    }),
  );
  // Nothing is answered before what it shows is durable: a bureau that acknowledged a filing and
  // then crashed still has it. Outermost, so a 502 injected after recording waits as well.
  app.use('*', async function durableAnswers(_c, next) {
    await next();
    await state.durable();
  });
  app.route('/admin', adminRoutes(state));

  app.use('/bureau/*', bureauFaults({ state, ...(options.sleep ? { sleep: options.sleep } : {}) }));
  app.use('/bureau/:city/*', cityParam());
  app.route('/bureau/:city', enrollmentRoutes(state));
  app.route('/bureau/:city', stopRoutes(state));
  app.route('/bureau/:city', baseChangeRoutes(state));
  app.route('/bureau/:city', filingRoutes(state));
  app.route('/bureau/:city', billRoutes(state));

  app.notFound((c) => errorResponse(c, new BureauError(404, 'route_not_found', '没有这个接口')));
  app.onError((error, c) => {
    if (error instanceof BureauError) return errorResponse(c, error);
    if (error instanceof BureauStoreError) {
      console.error(error.message);
      return errorResponse(c, new BureauError(500, 'bureau_storage_error', '社保经办平台数据存储故障，请稍后重试'));
    }
    if (error instanceof HTTPException && error.status === 413) {
      return errorResponse(c, new BureauError(413, 'payload_too_large', '请求体过大'));
    }
    console.error('bureau-sim: unhandled error', error instanceof Error ? error.stack : error);
    return errorResponse(c, new BureauError(500, 'internal_error', '模拟器内部错误'));
  });
  return app;
}

export type BureauApp = ReturnType<typeof buildBureauApp>;
