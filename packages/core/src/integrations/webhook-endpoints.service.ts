import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { DomainError, type LocalizedText, type PersonalDataVault } from '../shared/index';
import { generateWebhookSecret } from './webhook.signing';
import { webhookUrlProblem, type Resolver } from './url-guard';
import { WEBHOOK_NOTIFY_CHANNEL, WEBHOOK_PAYLOAD_VERSION, WEBHOOK_TEST_EVENT, type WebhookEventType } from './webhook.events';

/** A refused integrations operation (webhook endpoints, data in): nothing was written. */
export class IntegrationError extends DomainError {
  constructor(status: 400 | 404 | 409, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'IntegrationError';
  }
}

const INVALID: LocalizedText = { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' };
const NO_ENDPOINT = () => new IntegrationError(404, 'not_found', { 'zh-CN': '没有这个回调地址', en: 'No such webhook endpoint' });
/** How long the previous secret keeps signing after a rotation. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 3600_000;

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  rotating: boolean;
  createdAt: string;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: { at: string; statusCode: number | null; responseMs: number; error: string | null }[];
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

type EndpointRow = { id: string; url: string; description: string; events: string[]; enabled: boolean; disabled_reason: string | null; previous_expires_at: Date | null; created_at: Date };
const ENDPOINT_COLUMNS = ['id', 'url', 'description', 'events', 'enabled', 'disabled_reason', 'previous_expires_at', 'created_at'] as const;

function view(row: EndpointRow, now: Date): WebhookEndpointView {
  return {
    id: row.id, url: row.url, description: row.description, events: row.events as WebhookEventType[], enabled: row.enabled,
    disabledReason: row.disabled_reason, rotating: !!row.previous_expires_at && row.previous_expires_at > now, createdAt: row.created_at.toISOString(),
  };
}

export interface WebhookServiceOptions {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  /** Production refuses http and internal addresses (the demo allows a local receiver). */
  production: boolean;
  resolve?: Resolver;
  now?: () => Date;
}

/** Webhook endpoints of a tenant: registered by its admins, secrets sealed with the tenant's data key. */
export function createWebhookService({ db, vault, production, resolve, now = () => new Date() }: WebhookServiceOptions) {
  async function checkUrl(url: string): Promise<void> {
    const problem = await webhookUrlProblem(url, { production, resolve });
    if (problem) throw new IntegrationError(400, 'validation_failed', INVALID, { url: problem });
  }

  return {
    async list(tenantId: string): Promise<WebhookEndpointView[]> {
      const rows = await withTenant(db, tenantId, (trx) =>
        trx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at').execute());
      return rows.map((r) => view(r, now()));
    },

    /** A new endpoint; `secret` is shown in this answer (and on rotation) only. */
    async create(tenantId: string, actorId: string, input: { url: string; description?: string; events: WebhookEventType[] }): Promise<WebhookEndpointView & { secret: string }> {
      await checkUrl(input.url);
      const secret = generateWebhookSecret();
      const row = await withTenant(db, tenantId, async (trx) => {
        const sealed = await vault.encrypt(trx, tenantId, secret);
        return trx.insertInto('webhook_endpoints')
          .values({ tenant_id: tenantId, url: input.url, description: input.description ?? '', events: [...new Set(input.events)], secret_cipher: sealed.cipher, secret_key_id: sealed.keyId, created_by: actorId })
          .returning(ENDPOINT_COLUMNS).executeTakeFirstOrThrow();
      }, { actorId });
      return { ...view(row, now()), secret };
    },

    /** Changes the URL, events or description; enabling again clears the reason it was disabled. */
    async update(tenantId: string, actorId: string, id: string, input: { url?: string; description?: string; events?: WebhookEventType[]; enabled?: boolean }): Promise<WebhookEndpointView> {
      if (input.url !== undefined) await checkUrl(input.url);
      const row = await withTenant(db, tenantId, (trx) =>
        trx.updateTable('webhook_endpoints').set({
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled, disabled_reason: null } : {}),
          updated_at: now(),
        }).where('tenant_id', '=', tenantId).where('id', '=', id).returning(ENDPOINT_COLUMNS).executeTakeFirst(), { actorId });
      if (!row) throw NO_ENDPOINT();
      return view(row, now());
    },

    async remove(tenantId: string, actorId: string, id: string): Promise<void> {
      const gone = await withTenant(db, tenantId, (trx) => trx.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(), { actorId });
      if (!gone.numDeletedRows) throw NO_ENDPOINT();
    },

    /** A new secret; the previous one keeps signing (a second signature) for a day, so receivers can switch without losing a delivery. */
    async rotateSecret(tenantId: string, actorId: string, id: string): Promise<WebhookEndpointView & { secret: string }> {
      const secret = generateWebhookSecret();
      const row = await withTenant(db, tenantId, async (trx) => {
        const sealed = await vault.encrypt(trx, tenantId, secret);
        return trx.updateTable('webhook_endpoints').set((eb) => ({
          previous_secret_cipher: eb.ref('secret_cipher'), previous_secret_key_id: eb.ref('secret_key_id'),
          previous_expires_at: new Date(now().getTime() + SECRET_ROTATION_OVERLAP_MS),
          secret_cipher: sealed.cipher, secret_key_id: sealed.keyId, updated_at: now(),
        })).where('tenant_id', '=', tenantId).where('id', '=', id).returning(ENDPOINT_COLUMNS).executeTakeFirst();
      }, { actorId });
      if (!row) throw NO_ENDPOINT();
      return { ...view(row, now()), secret };
    },

    /** The delivery log of an endpoint, newest first, each with its attempts. */
    async deliveries(tenantId: string, id: string, limit = 50): Promise<WebhookDeliveryView[]> {
      return withTenant(db, tenantId, async (trx) => {
        const endpoint = await trx.selectFrom('webhook_endpoints').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
        if (!endpoint) throw NO_ENDPOINT();
        const rows = await trx.selectFrom('webhook_deliveries').select(['id', 'event_id', 'event_type', 'status', 'created_at', 'delivered_at', 'next_attempt_at'])
          .where('tenant_id', '=', tenantId).where('endpoint_id', '=', id).orderBy('id', 'desc').limit(limit).execute();
        const attempts = rows.length
          ? await trx.selectFrom('webhook_attempts').select(['delivery_id', 'at', 'status_code', 'response_ms', 'error'])
            .where('tenant_id', '=', tenantId).where('delivery_id', 'in', rows.map((r) => r.id)).orderBy('id').execute()
          : [];
        return rows.map((r) => ({
          id: String(r.id), eventId: r.event_id, eventType: r.event_type, status: r.status,
          attempts: attempts.filter((a) => String(a.delivery_id) === String(r.id)).map((a) => ({ at: a.at.toISOString(), statusCode: a.status_code, responseMs: a.response_ms, error: a.error })),
          createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null,
          nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
        }));
      });
    },

    /** Sends a delivery again (same webhook-id, so a receiver that had it can tell). */
    async resend(tenantId: string, actorId: string, id: string, deliveryId: string): Promise<void> {
      if (!/^\d{1,18}$/.test(deliveryId)) throw new IntegrationError(404, 'not_found', { 'zh-CN': '没有这次投递', en: 'No such delivery' });
      const done = await withTenant(db, tenantId, async (trx) => {
        const r = await trx.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: now(), delivered_at: null })
          .where('tenant_id', '=', tenantId).where('endpoint_id', '=', id).where('id', '=', deliveryId).executeTakeFirst();
        if (r.numUpdatedRows) await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, ${tenantId})`.execute(trx);
        return r.numUpdatedRows > 0n;
      }, { actorId });
      if (!done) throw new IntegrationError(404, 'not_found', { 'zh-CN': '没有这次投递', en: 'No such delivery' });
    },

    /** Queues a `webhook.test` event for this endpoint alone. */
    async sendTest(tenantId: string, actorId: string, id: string): Promise<{ eventId: string }> {
      return withTenant(db, tenantId, async (trx) => {
        const endpoint = await trx.selectFrom('webhook_endpoints').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
        if (!endpoint) throw NO_ENDPOINT();
        const eventId = crypto.randomUUID();
        const payload = { id: eventId, type: WEBHOOK_TEST_EVENT, version: WEBHOOK_PAYLOAD_VERSION, subject: id, timestamp: now().toISOString(), data: { endpointId: id, message: 'Lianxu test event' } };
        await trx.insertInto('webhook_deliveries').values({ tenant_id: tenantId, endpoint_id: id, event_id: eventId, event_type: WEBHOOK_TEST_EVENT, subject: id, payload: JSON.stringify(payload), next_attempt_at: now() }).execute();
        await sql`select pg_notify(${WEBHOOK_NOTIFY_CHANNEL}, ${tenantId})`.execute(trx);
        return { eventId };
      }, { actorId });
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
