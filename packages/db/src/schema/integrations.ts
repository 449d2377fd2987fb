import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, UpdatedAt, Defaulted } from './columns';

// API keys and webhooks (0016-integrations).

/** A tenant API key; only SHA-256 of its secret is stored, `prefix` is shown to tell keys apart. */
export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  prefix: string;
  secret_hash: Buffer;
  name: string;
  scopes: ColumnType<string[], string[], string[]>;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}
export type ApiKeyRow = Selectable<ApiKeysTable>;
/** A tenant's webhook endpoint; its signing secret sealed with the tenant's data key. */
export interface WebhookEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  description: Defaulted<string>;
  events: ColumnType<string[], string[], string[]>;
  secret_cipher: Buffer;
  secret_key_id: string;
  previous_secret_cipher: Buffer | null;
  previous_secret_key_id: string | null;
  previous_expires_at: Date | null;
  enabled: Defaulted<boolean>;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One event for one endpoint: pending until delivered, or failed after a day of retries. */
export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  subject: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: Defaulted<'pending' | 'delivered' | 'failed'>;
  attempts: Defaulted<number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  created_at: ColumnType<Date, Date | undefined, never>;
  delivered_at: Date | null;
  last_status: number | null;
  last_error: string | null;
}

export interface WebhookAttemptsTable {
  tenant_id: string;
  id: Generated<string>;
  delivery_id: string;
  at: Date;
  status_code: number | null;
  response_ms: number;
  error: string | null;
}
