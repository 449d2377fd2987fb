// Integrations: outgoing webhooks (endpoints, signing, the dispatcher) and data in from clients' systems.
export * from './webhook.events';
export * from './webhook.signing';
export * from './url-guard';
export * from './webhook-endpoints.service';
export * from './webhook.dispatcher';
export * from './webhook.transport';
