import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_PAYLOAD_VERSION, WEBHOOK_TEST_EVENT, type WebhookEventType } from '@lianxu/core';

// The OpenAPI 3.1 `webhooks` section: what Lianxu POSTs to a tenant's endpoints. The payloads are
// written by the database triggers of migration 0016 (webhook_event); these schemas describe them.

type Registry = OpenAPIHono['openAPIRegistry'];

const EMPLOYEE = '6f1c2a9e-3b7d-4c1e-9a55-2f0d8c4b7e11';
const TIMESTAMP = '2026-03-02T01:15:42.118Z';

/** The Standard Webhooks headers every delivery carries (standardwebhooks.com). */
export const WEBHOOK_HEADERS = z.object({
  'webhook-id': z.string().openapi({ description: 'The delivery\'s id: the same on every retry and resend of this event to this endpoint; deduplicate by it', example: 'msg_2f0d8c4b-7e11-4c1e-9a55-6f1c2a9e3b7d' }),
  'webhook-timestamp': z.string().regex(/^\d+$/).openapi({ description: 'Seconds since 1970-01-01 UTC when this attempt was signed; refuse one more than five minutes off your clock', example: '1772414142' }),
  'webhook-signature': z.string().openapi({
    description: 'Space-separated `v1,<base64>` signatures: HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{raw body}` with the bytes of the endpoint secret (base64 after `whsec_`). During a secret rotation there is one per valid secret; accept the delivery when any one matches',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  }),
});

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    id: z.uuid().openapi({ description: 'The event id (the same event to several endpoints has one id)' }),
    type: z.literal(type),
    version: z.literal(WEBHOOK_PAYLOAD_VERSION).openapi({ description: 'Payload version: a field removed or renamed is a new version, announced first; fields may be added within a version' }),
    subject: z.string().openapi({ description: 'What events are ordered by: the employee id (the endpoint id for the test event). Deliveries of one subject arrive in order' }),
    timestamp: z.string().openapi({ format: 'date-time', description: 'When the change was committed (UTC)' }),
    data,
  });

const HiredData = z.object({
  employeeId: z.uuid(),
  entityId: z.uuid().openapi({ description: 'The employing entity' }),
  name: z.string(),
  workCity: z.string().openapi({ description: 'City code (GB/T 2260), e.g. 310100' }),
  hireDate: z.string().openapi({ format: 'date' }),
  hukou: z.enum(['local', 'non-local']),
  eventId: z.uuid().openapi({ description: 'The employment event (hire) in Lianxu' }),
});

const TaskData = z.object({
  taskId: z.uuid().openapi({ description: 'The filing task (增员 or 减员) at the bureau' }),
  employeeId: z.uuid(),
  kind: z.enum(['enrollment', 'stop']),
  cityCode: z.string(),
  month: z.string().openapi({ description: 'Enrollment: first covered month; stop: last covered month (YYYY-MM)' }),
  status: z.enum(['pending_approval', 'submitting', 'submitted', 'confirmed', 'rejected', 'cancelled']),
  receiptNo: z.string().nullable().openapi({ description: "The bureau's receipt number, once confirmed" }),
  rejection: z.object({ code: z.string(), message: z.string() }).nullable().openapi({ description: "The bureau's reason, when rejected" }),
  deadlineAt: z.string().nullable().openapi({ format: 'date-time', description: 'The legal filing deadline' }),
});

const task = (status: string, extra: Record<string, unknown> = {}) => ({
  taskId: '0b7e5d1a-9c44-4f2e-8a61-3d2c1b0a9f88',
  employeeId: EMPLOYEE,
  kind: 'enrollment',
  cityCode: '310100',
  month: '2026-03',
  status,
  receiptNo: null,
  rejection: null,
  deadlineAt: '2026-04-01T15:59:59Z',
  ...extra,
});

interface EventDoc {
  summary: string;
  data: z.ZodType;
  example: Record<string, unknown>;
}

/** One entry per event type: a type added to WEBHOOK_EVENT_TYPES without a description fails to compile. */
const EVENTS: Record<WebhookEventType | typeof WEBHOOK_TEST_EVENT, EventDoc> = {
  'employee.hired': {
    summary: 'An employee was hired (the enrollment starts)',
    data: HiredData,
    example: { employeeId: EMPLOYEE, entityId: '9d3f0e2b-5a6c-4b7d-8e9f-0a1b2c3d4e5f', name: '张三', workCity: '310100', hireDate: '2026-03-02', hukou: 'local', eventId: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6' },
  },
  'enrollment.submitted': { summary: 'The enrollment (增员) was filed with the bureau', data: TaskData, example: task('submitted') },
  'enrollment.confirmed': { summary: 'The bureau confirmed the enrollment: the employee is covered from `month`', data: TaskData, example: task('confirmed', { receiptNo: 'SH2026030200123' }) },
  'enrollment.rejected': {
    summary: 'The bureau rejected the enrollment (HR must act)',
    data: TaskData,
    example: task('rejected', { rejection: { code: 'ID_MISMATCH', message: '身份证号与姓名不符' } }),
  },
  'coverage.stopped': { summary: 'The bureau confirmed the stop (减员): coverage ends after `month`', data: TaskData, example: task('confirmed', { kind: 'stop', receiptNo: 'SH2026033100456' }) },
  'deadline.warned': { summary: 'A filing is still open close to its legal deadline (day 25 of 30)', data: TaskData, example: task('submitting') },
  'deadline.escalated': { summary: 'A filing reached its legal deadline unfinished (escalated to the tenant admins)', data: TaskData, example: task('submitting') },
  'migration.promoted': {
    summary: 'A legacy-data migration run was promoted into the live tenant (once per run; the subject is the run id)',
    data: z.object({ tenantId: z.uuid(), runId: z.uuid(), total: z.number().int(), promoted: z.number().int(), conflicts: z.number().int() }),
    example: { tenantId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9', runId: '6f5e4d3c-2b1a-4098-8765-43210fedcba9', total: 1973, promoted: 1973, conflicts: 0 },
  },
  [WEBHOOK_TEST_EVENT]: {
    summary: 'The test event sent by the endpoint\'s test button (never subscribed to)',
    data: z.object({ endpointId: z.uuid(), message: z.string() }),
    example: { endpointId: '5c4b3a29-1807-4f6e-9d5c-4b3a29180706', message: 'Lianxu test event' },
  },
};

/** The event types described in the `webhooks` section (every subscribable type and the test event). */
export const DOCUMENTED_WEBHOOK_EVENTS = [...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT] as const;

const schemaName = (type: string) => `Webhook_${type.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase())}_V${WEBHOOK_PAYLOAD_VERSION}`;

/** Registers one webhook per event type: the signed POST Lianxu sends, its payload, an example and the answers it expects. */
export function registerWebhooks(registry: Registry): void {
  for (const type of DOCUMENTED_WEBHOOK_EVENTS) {
    const event = EVENTS[type];
    const payload = registry.register(schemaName(type), envelope(type, event.data));
    registry.registerWebhook({
      method: 'post',
      path: type,
      tags: ['webhooks'],
      summary: event.summary,
      // No caller credentials: the receiver checks webhook-signature instead.
      security: [],
      description: `Sent to each enabled endpoint subscribed to \`${type}\`, from the outbox after the change commits (at least once; deduplicate by \`webhook-id\`). Payload version ${WEBHOOK_PAYLOAD_VERSION}. Verify \`webhook-signature\` before trusting the body (docs/integrations.md).`,
      request: {
        headers: WEBHOOK_HEADERS,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: payload,
              example: { id: '3a7c9e21-4d5f-4b6a-8c9d-0e1f2a3b4c5d', type, version: WEBHOOK_PAYLOAD_VERSION, subject: type === WEBHOOK_TEST_EVENT ? event.example.endpointId : type === 'migration.promoted' ? event.example.runId : EMPLOYEE, timestamp: TIMESTAMP, data: event.example },
            },
          },
        },
      },
      responses: {
        200: { description: 'Any 2xx within 10 seconds: delivered' },
        default: { description: 'Anything else (or no answer): retried with exponential backoff (5 s, 10 s, 20 s, … at most 2 h) for a day, then the endpoint is disabled and the tenant admins told' },
      },
    });
  }
}
