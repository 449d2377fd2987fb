/**
 * The NOTIFY channel that wakes the webhook dispatcher (payload: the tenant id): the webhook_event
 * function in the database and the endpoints service notify it; the lifecycle outbox has its own.
 */
export const WEBHOOK_NOTIFY_CHANNEL = 'lianxu_webhook';

/** Event types an endpoint may subscribe to (those of features still to come are listed as they land). */
export const WEBHOOK_EVENT_TYPES = [
  'employee.hired',
  'enrollment.submitted',
  'enrollment.confirmed',
  'enrollment.rejected',
  'coverage.stopped',
  'deadline.warned',
  'deadline.escalated',
  /** A migration run promoted into the live tenant (subject: the run id; data: total, promoted, conflicts). */
  'migration.promoted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Types reserved for features that have not landed yet (risk, close); not subscribable today. */
export const RESERVED_WEBHOOK_EVENT_TYPES = ['risk.opened', 'month.locked'] as const;

/** The test event the test button sends (never subscribed to; sent to one endpoint on request). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** Payload version: a change that removes or renames a field is a new version, announced first. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** The envelope of every event: what the body of a delivery is. */
export interface WebhookEnvelope {
  id: string;
  type: WebhookEventType | typeof WEBHOOK_TEST_EVENT;
  version: number;
  /** The employee (or endpoint, for the test event) events are ordered by. */
  subject: string;
  timestamp: string;
  data: Record<string, unknown>;
}
