import pg from 'pg';
import { coalescingDrain } from '../shared/index';
import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { recordNotice } from '../notifications/index';
import type { PersonalDataVault } from '../shared/index';
import { webhookHeaders } from './webhook.signing';
import { webhookUrlProblem, type Resolver } from './url-guard';
import { WEBHOOK_NOTIFY_CHANNEL, type WebhookEnvelope } from './webhook.events';
import { createWebhookTransport, type WebhookPost } from './webhook.transport';

export interface WebhookDispatcherOptions {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  /** Production refuses http and internal addresses at delivery time too (DNS may have changed). */
  production: boolean;
  resolve?: Resolver;
  /** A connection string for LISTEN on the outbox channel (wakes at once); without it, polling only. */
  listenUrl?: string;
  /** Only these tenants (tests run several dispatchers on one database); default every tenant. */
  tenantIds?: string[];
  pollMs?: number;
  /** Deliveries per transaction (sent concurrently; one per employee and endpoint at a time). */
  batch?: number;
  timeoutMs?: number;
  /** How long a delivery is retried before its endpoint is disabled and the admins told (a day). */
  maxAgeMs?: number;
  now?: () => Date;
  /** How a delivery is posted (default: keep-alive node http, createWebhookTransport). */
  post?: WebhookPost;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** Back-off after `attempts` failed attempts: 5 s, 10 s, 20 s, … at most two hours (retried for a day). */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(2 * 3600_000, 5000 * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

export const WEBHOOK_DISABLED_NOTICE = 'webhook.disabled';
const FAN_OUT_BATCH = 500;

type Due = { id: string; endpoint_id: string; event_id: string; event_type: string; payload: unknown; attempts: number; created_at: Date; url: string; secret_cipher: Buffer; secret_key_id: string; previous_secret_cipher: Buffer | null; previous_secret_key_id: string | null; previous_expires_at: Date | null };

/**
 * The webhook dispatcher, run by the worker beside the lifecycle dispatcher. It turns each outbox
 * event (kind 'webhook', written by a trigger in the change's own transaction) into one delivery per
 * subscribed endpoint, then delivers due deliveries, signed (Standard Webhooks), in order per
 * employee and endpoint: a delivery waits while an earlier one of the same employee is pending.
 * Each batch is claimed with FOR UPDATE SKIP LOCKED and settled in the same transaction, so a
 * dispatcher killed mid-batch leaves it pending: delivered at least once, the same webhook-id each time.
 */
export function startWebhookDispatcher(options: WebhookDispatcherOptions) {
  const { db, vault } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const batch = options.batch ?? 100;
  const transport = options.post ? null : createWebhookTransport({ maxSockets: batch, refuseInternal: options.production });
  const post = options.post ?? transport!.post;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
  const stats = { fannedOut: 0, delivered: 0, failedAttempts: 0, disabled: 0 };
  let stopped = false;
  let listener: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;

  async function tenants(): Promise<string[]> {
    if (options.tenantIds) return options.tenantIds;
    return (await db.selectFrom('tenants').select('id').execute()).map((t) => t.id);
  }

  /** Outbox events into deliveries (one per enabled endpoint that wants the type); true when more may wait. */
  async function fanOut(tenantId: string): Promise<boolean> {
    return withTenant(db, tenantId, async (trx) => {
      const rows = await trx.selectFrom('outbox').select(['id', 'args']).where('tenant_id', '=', tenantId).where('kind', '=', 'webhook')
        .where('dispatched_at', 'is', null).orderBy('id').limit(FAN_OUT_BATCH).forUpdate().skipLocked().execute();
      if (!rows.length) return false;
      const endpoints = await trx.selectFrom('webhook_endpoints').select(['id', 'events']).where('tenant_id', '=', tenantId).where('enabled', '=', true).execute();
      const values = rows.flatMap((row) => {
        const event = (row.args as WebhookEnvelope[])[0]!;
        return endpoints.filter((e) => e.events.includes(event.type)).map((e) => ({
          tenant_id: tenantId, endpoint_id: e.id, event_id: event.id, event_type: event.type, subject: event.subject, payload: JSON.stringify(event), next_attempt_at: now(),
        }));
      });
      if (values.length) await trx.insertInto('webhook_deliveries').values(values).onConflict((oc) => oc.columns(['tenant_id', 'endpoint_id', 'event_id']).doNothing()).execute();
      await trx.updateTable('outbox').set({ dispatched_at: now() }).where('tenant_id', '=', tenantId).where('id', 'in', rows.map((r) => r.id)).execute();
      stats.fannedOut += rows.length;
      return rows.length === FAN_OUT_BATCH;
    });
  }

  /** The secrets that sign an endpoint's deliveries (the current one, and the previous one during a rotation), opened once per batch. */
  function secretsOfBatch(trx: Kysely<Database>, tenantId: string): (d: Due) => Promise<string[]> {
    const opened = new Map<string, Promise<string[]>>();
    return (d) => {
      let secrets = opened.get(d.endpoint_id);
      if (!secrets) {
        secrets = (async () => {
          const list = [await vault.decrypt(trx, tenantId, d.secret_cipher, d.secret_key_id)];
          if (d.previous_secret_cipher && d.previous_secret_key_id && d.previous_expires_at && d.previous_expires_at > now()) {
            list.push(await vault.decrypt(trx, tenantId, d.previous_secret_cipher, d.previous_secret_key_id));
          }
          return list;
        })();
        opened.set(d.endpoint_id, secrets);
      }
      return secrets;
    };
  }

  async function attempt(d: Due, secretsOf: (d: Due) => Promise<string[]>): Promise<{ ok: boolean; status: number | null; ms: number; error: string | null }> {
    const started = performance.now();
    try {
      if (options.production) {
        const problem = await webhookUrlProblem(d.url, { production: true, resolve: options.resolve });
        if (problem) return { ok: false, status: null, ms: 0, error: `refused: ${problem.en}` };
      }
      const secrets = await secretsOf(d);
      const body = JSON.stringify(d.payload);
      const headers = { 'content-type': 'application/json', 'user-agent': 'Lianxu-Webhooks/1', ...webhookHeaders(secrets, d.event_id, Math.floor(now().getTime() / 1000), body) };
      const status = await post(d.url, headers, body, timeoutMs);
      const ms = Math.round(performance.now() - started);
      const ok = status >= 200 && status < 300;
      return { ok, status, ms, error: ok ? null : `HTTP ${status}` };
    } catch (error) {
      return { ok: false, status: null, ms: Math.round(performance.now() - started), error: ((error as Error).message || String(error)).slice(0, 300) };
    }
  }

  /** Delivers one batch of due deliveries; true when a full batch was found (more may wait). */
  async function deliverDue(tenantId: string): Promise<boolean> {
    return withTenant(db, tenantId, async (trx) => {
      const at = now();
      // Only the first pending delivery of each employee and endpoint (its head) may go. The heads
      // come from one walk of the pending-by-subject index (DISTINCT ON), not from a check of every
      // pending row against every earlier one, which grows with the square of a backlog.
      const due = (await sql<Due>`
        with heads as (
          select distinct on (endpoint_id, subject) id, next_attempt_at
            from webhook_deliveries
           where tenant_id = ${tenantId} and status = 'pending'
           order by endpoint_id, subject, id
        )
        select d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempts, d.created_at,
               e.url, e.secret_cipher, e.secret_key_id, e.previous_secret_cipher, e.previous_secret_key_id, e.previous_expires_at
          from heads h
          join webhook_deliveries d on d.tenant_id = ${tenantId} and d.id = h.id and d.status = 'pending'
          join webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id and e.enabled
         where h.next_attempt_at <= ${at}
         order by d.id
         limit ${batch}
         for update of d skip locked`.execute(trx)).rows;
      if (!due.length) return false;
      const secretsOf = secretsOfBatch(trx, tenantId);
      const results = await Promise.all(due.map((d) => attempt(d, secretsOf)));
      const attempted = now();
      await trx.insertInto('webhook_attempts').values(due.map((d, i) => ({ tenant_id: tenantId, delivery_id: d.id, at: attempted, status_code: results[i]!.status, response_ms: results[i]!.ms, error: results[i]!.error }))).execute();
      // Delivered rows settle in one statement per status code (nearly always one: 200 or 204).
      const deliveredByStatus = new Map<number, string[]>();
      for (const [i, d] of due.entries()) if (results[i]!.ok) deliveredByStatus.set(results[i]!.status!, [...(deliveredByStatus.get(results[i]!.status!) ?? []), d.id]);
      for (const [status, ids] of deliveredByStatus) {
        await trx.updateTable('webhook_deliveries').set((eb) => ({ status: 'delivered', delivered_at: attempted, attempts: eb('attempts', '+', 1), last_status: status, last_error: null }))
          .where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
        stats.delivered += ids.length;
      }
      const toDisable = new Map<string, string>();
      for (const [i, d] of due.entries()) {
        const r = results[i]!;
        if (r.ok) continue;
        stats.failedAttempts++;
        const expired = attempted.getTime() - d.created_at.getTime() >= maxAgeMs;
        await trx.updateTable('webhook_deliveries').set({
          attempts: d.attempts + 1, last_status: r.status, last_error: r.error,
          ...(expired ? { status: 'failed' as const } : { next_attempt_at: new Date(attempted.getTime() + webhookBackoffMs(d.attempts + 1)) }),
        }).where('tenant_id', '=', tenantId).where('id', '=', d.id).execute();
        if (expired) toDisable.set(d.endpoint_id, d.url);
      }
      for (const [endpointId, url] of toDisable) await disable(trx, tenantId, endpointId, url);
      return due.length === batch;
    });
  }

  /** A day of failures: the endpoint stops receiving (its pending deliveries wait) and the tenant's admins are told. */
  async function disable(trx: Kysely<Database>, tenantId: string, endpointId: string, url: string): Promise<void> {
    const changed = await trx.updateTable('webhook_endpoints').set({ enabled: false, disabled_reason: 'failing for a day', updated_at: now() })
      .where('tenant_id', '=', tenantId).where('id', '=', endpointId).where('enabled', '=', true).executeTakeFirst();
    if (!changed.numUpdatedRows) return;
    stats.disabled++;
    log('warn', 'webhook endpoint disabled after a day of failed deliveries', { tenantId, endpointId });
    const admins = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('role', '=', 'tenant_admin').execute();
    const day = now().toISOString().slice(0, 10);
    for (const admin of admins) {
      await recordNotice(trx, {
        tenantId,
        dedupeKey: `${WEBHOOK_DISABLED_NOTICE}:${endpointId}:${day}:${admin.user_id}`,
        channel: 'in_app',
        recipientUserId: admin.user_id,
        kind: WEBHOOK_DISABLED_NOTICE,
        subject: `回调地址已停用：${url.slice(0, 200)}`,
        body: '该地址连续一天无法接收事件，已停用；未送达的事件会保留，修复后在“集成”页重新启用即可补发。',
        en: {
          subject: `Webhook endpoint disabled: ${url.slice(0, 200)}`,
          body: 'It failed to accept events for a day and was disabled; undelivered events are kept and are sent once you enable it again on the Integrations page.',
        },
      });
    }
  }

  async function drainOnce(): Promise<void> {
    for (const tenantId of await tenants()) {
      while (!stopped && (await fanOut(tenantId)));
      while (!stopped && (await deliverDue(tenantId)));
    }
  }

  /** Runs a drain now, or once more right after the running one. */
  const drainer = coalescingDrain(drainOnce, { stopped: () => stopped, onError: (error) => log('error', 'webhook drain failed', { error: error.message }) });
  const drain = drainer.drain;

  const ready = (async () => {
    if (options.listenUrl) {
      try {
        listener = new pg.Client({ connectionString: options.listenUrl, application_name: 'lianxu-webhook-listener' });
        listener.on('notification', () => void drain());
        listener.on('error', (error) => log('warn', 'webhook listener lost; polling continues', { error: error.message }));
        await listener.connect();
        await listener.query(`listen ${WEBHOOK_NOTIFY_CHANNEL}`);
      } catch (error) {
        log('warn', 'cannot LISTEN; polling only', { error: (error as Error).message });
      }
    }
    const poll = () => {
      if (stopped) return;
      void drain().finally(() => {
        if (!stopped) timer = setTimeout(poll, options.pollMs ?? 1000);
      });
    };
    poll();
  })();

  return {
    ready,
    stats,
    drain,
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await drainer.current();
      await listener?.end().catch(() => undefined);
      transport?.close();
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof startWebhookDispatcher>;
