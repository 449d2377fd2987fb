import type { Context } from 'hono';
import type { BureauEnv } from './bureau.env';
import { BureauError } from './bureau.errors';
import type { SubmitResult } from './bureau.state';

/** 202 with the receipt, the same receipt for a replay, 409 for a key reused with another body. */
export function submissionResponse(c: Context<BureauEnv>, result: SubmitResult): Response {
  if (result.outcome === 'conflict') {
    throw new BureauError(409, 'idempotency_key_reused', '该幂等键已用于内容不同的申报，请使用新的幂等键', {
      idempotencyKey: `已用于申报 ${result.filingId}，内容不同`,
    });
  }
  if (result.outcome === 'replayed') c.header('Idempotent-Replayed', 'true');
  return c.json(result.receipt, 202);
}
