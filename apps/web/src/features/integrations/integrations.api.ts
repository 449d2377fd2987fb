import { request, type BodyOf, type ResponseOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type ApiKey = Schema<'ApiKey'>;
export type ApiKeyScope = ApiKey['scopes'][number];
export type CreatedApiKey = ResponseOf<'/api/t/{tenant}/api-keys', 'post'>;
export type CreateApiKeyBody = BodyOf<'/api/t/{tenant}/api-keys', 'post'>;
/** In the order of the API's scope list (read first, then writes). */
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['employees:read', 'employees:write', 'contributions:read', 'webhooks:manage', 'attendance:write', 'payroll:write', 'migrations:manage'];

export type WebhookEndpoint = Schema<'WebhookEndpoint'>;
export type WebhookWithSecret = Schema<'WebhookEndpointWithSecret'>;
export type WebhookEvent = WebhookEndpoint['events'][number];
export type WebhookDelivery = Schema<'WebhookDelivery'>;
export type CreateWebhookBody = BodyOf<'/api/t/{tenant}/webhooks', 'post'>;
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  'employee.hired',
  'enrollment.submitted',
  'enrollment.confirmed',
  'enrollment.rejected',
  'coverage.stopped',
  'deadline.warned',
  'deadline.escalated',
  'migration.promoted',
];

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
