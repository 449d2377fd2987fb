import { request, type BodyOf, type ResponseOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type ApiKey = Schema<'ApiKey'>;
export type ApiKeyScope = ApiKey['scopes'][number];
export type CreatedApiKey = ResponseOf<'/api/t/{tenant}/api-keys', 'post'>;
export type CreateApiKeyBody = BodyOf<'/api/t/{tenant}/api-keys', 'post'>;
// In the order of the API's scope list (read first, then writes); exactly the schema's enum, checked.
const SCOPES = {
  'employees:read': true, 'employees:write': true, 'contributions:read': true, 'webhooks:manage': true,
  'attendance:write': true, 'payroll:write': true, 'migrations:manage': true,
} satisfies Record<ApiKeyScope, true>;
export const API_KEY_SCOPES = Object.keys(SCOPES) as ApiKeyScope[];

export type WebhookEndpoint = Schema<'WebhookEndpoint'>;
export type WebhookWithSecret = Schema<'WebhookEndpointWithSecret'>;
export type WebhookEvent = WebhookEndpoint['events'][number];
export type WebhookDelivery = Schema<'WebhookDelivery'>;
export type CreateWebhookBody = BodyOf<'/api/t/{tenant}/webhooks', 'post'>;
// Each event type the server accepts, in the order the page lists them (keys keep their order): the
// keys must be exactly the schema's enum, so a type the server adds fails the type check until listed.
const EVENTS = {
  'employee.hired': true,
  'enrollment.submitted': true,
  'enrollment.confirmed': true,
  'enrollment.rejected': true,
  'coverage.stopped': true,
  'deadline.warned': true,
  'deadline.escalated': true,
  'migration.promoted': true,
} satisfies Record<WebhookEvent, true>;
export const WEBHOOK_EVENTS = Object.keys(EVENTS) as WebhookEvent[];

const tenant = (slug: string) => ({ tenant: slug });
const endpoint = (slug: string, id: string) => ({ tenant: slug, id });

export const listApiKeys = (slug: string) => request('get', '/api/t/{tenant}/api-keys', { params: tenant(slug) });
/** The answer's `token` is the secret, in this answer only. */
export const createApiKey = (slug: string, body: CreateApiKeyBody) => request('post', '/api/t/{tenant}/api-keys', { params: tenant(slug), body });
export const revokeApiKey = (slug: string, id: string) => request('post', '/api/t/{tenant}/api-keys/{id}/revoke', { params: endpoint(slug, id) });

export const listWebhooks = (slug: string) => request('get', '/api/t/{tenant}/webhooks', { params: tenant(slug) });
/** The answer's `secret` signs the deliveries, in this answer only. */
export const createWebhook = (slug: string, body: CreateWebhookBody) => request('post', '/api/t/{tenant}/webhooks', { params: tenant(slug), body });
export const enableWebhook = (slug: string, id: string) => request('patch', '/api/t/{tenant}/webhooks/{id}', { params: endpoint(slug, id), body: { enabled: true } });
export const rotateWebhookSecret = (slug: string, id: string) => request('post', '/api/t/{tenant}/webhooks/{id}/rotate-secret', { params: endpoint(slug, id) });
export const sendWebhookTest = (slug: string, id: string) => request('post', '/api/t/{tenant}/webhooks/{id}/test', { params: endpoint(slug, id) });
export const listDeliveries = (slug: string, id: string) => request('get', '/api/t/{tenant}/webhooks/{id}/deliveries', { params: endpoint(slug, id) });
export const resendDelivery = (slug: string, id: string, deliveryId: string) =>
  request('post', '/api/t/{tenant}/webhooks/{id}/deliveries/{deliveryId}/resend', { params: { tenant: slug, id, deliveryId } });
