import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inOneRoundTrip, withTenant, type Database } from '@lianxu/db';
import { outboxNotice } from '../coverage/index';
import { canonicalJson, conflict, invalidField } from '../shared/index';
import { isUniqueViolation } from './employee.records';
import type { PeopleActor, PeopleTenant, RecordedAnswer } from './people.types';

// Employment events, each recorded once per idempotency key with its answer.

type Trx = Kysely<Database>;

export interface EventContext {
  idempotencyKey: string | null;
  requestHash: string | null;
}

export type EventKind = 'hire' | 'terminate' | 'transfer' | 'wage_change';

const ANSWER_NOT_STORED = conflict(
  'idempotency_in_progress',
  '使用此幂等键的请求仍在处理中，请稍后重试',
  'A request with this Idempotency-Key is still being processed; try again shortly',
  'Idempotency-Key',
);

function requestHash(operation: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, body })).digest('hex');
}

/**
 * Runs one recorded write in one tenant transaction. With an idempotency key, a repeat of the
 * same body returns the stored first answer and another body is 409. Two identical requests at
 * the same moment queue on a transaction-level advisory lock on the key; should one still slip
 * past (the unique key on employment_events), the loser reads the winner's answer.
 */
export async function recordOnce<T>(
  db: Kysely<Database>,
  tenant: PeopleTenant,
  actor: PeopleActor,
  operation: string,
  hashBody: unknown,
  idempotencyKey: string | undefined,
  /** `quiet`: the event wrote no outbox row, so the dispatcher need not wake. */
  work: (trx: Trx, ctx: EventContext) => Promise<{ status: number; body: T; eventId: string; quiet?: boolean }>,
): Promise<RecordedAnswer<T>> {
  const key = idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))) {
    throw invalidField('Idempotency-Key', '幂等键应为 1 至 255 个可见 ASCII 字符', 'must be 1 to 255 visible ASCII characters');
  }
  const hash = key !== null ? requestHash(operation, hashBody) : null;
  const attempt = () =>
    withTenant(
      db,
      tenant.id,
      async (trx): Promise<RecordedAnswer<T>> => {
        if (key !== null) {
          // The lock, then the read (which runs after it is held): one round trip.
          const [, [prior]] = await inOneRoundTrip(trx, [
            trx.selectNoFrom((eb) => eb.fn<void>('pg_advisory_xact_lock', [eb.fn('hashtextextended', [eb.val(`lianxu-idem/${tenant.id}/${key}`), eb.lit(0)])]).as('locked')),
            trx
              .selectFrom('employment_events')
              .select(['request_hash', 'response_status', 'response_body'])
              .where('tenant_id', '=', tenant.id)
              .where('idempotency_key', '=', key),
          ] as const);
          if (prior) {
            if (prior.request_hash !== hash) {
              throw conflict('idempotency_key_reused', '此幂等键已用于另一个不同的请求', 'This Idempotency-Key was already used for a different request', 'Idempotency-Key');
            }
            if (prior.response_status === null) throw ANSWER_NOT_STORED;
            return { status: prior.response_status, body: prior.response_body as T, replayed: true };
          }
        }
        const result = await work(trx, { idempotencyKey: key, requestHash: hash });
        const answer = trx
          .updateTable('employment_events')
          .set({ response_status: result.status, response_body: JSON.stringify(result.body) })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', result.eventId);
        if (result.quiet) await answer.execute();
        else await inOneRoundTrip(trx, [answer, outboxNotice(trx, tenant.id)] as const);
        return { status: result.status, body: result.body, replayed: false };
      },
      { actorId: actor.id },
    );
  try {
    return await attempt();
  } catch (error) {
    if (key !== null && isUniqueViolation(error, 'employment_events_idempotency_key')) return attempt();
    throw error;
  }
}

export function eventRow(
  trx: Trx,
  tenantId: string,
  actor: PeopleActor,
  ctx: EventContext,
  p: { id: string; employeeId: string; kind: EventKind; effectiveDate: string; details: Record<string, unknown> },
) {
  return trx.insertInto('employment_events').values({
    id: p.id,
    tenant_id: tenantId,
    employee_id: p.employeeId,
    kind: p.kind,
    effective_date: p.effectiveDate,
    actor_id: actor.id,
    idempotency_key: ctx.idempotencyKey,
    request_hash: ctx.requestHash,
    details: JSON.stringify(p.details),
  });
}

export async function insertEvent(
  trx: Trx,
  tenantId: string,
  actor: PeopleActor,
  ctx: EventContext,
  p: { employeeId: string; kind: EventKind; effectiveDate: string; details: Record<string, unknown> },
): Promise<string> {
  const id = randomUUID();
  await eventRow(trx, tenantId, actor, ctx, { ...p, id }).execute();
  return id;
}
