// What a plugin's web UI may use from the web app (its one public index; plugins import nothing
// deeper). See plugin-web.ts for what a plugin declares.
export * from './api';
export { failureOf, Field, fieldAria, generalMessage, OtherFieldErrors, type Failure } from '../components/form-field';
export { ErrorNotice, Loading } from '../components/status';
export { ResourceTable, type Column } from '../components/resource-table';
export { usePageTitle } from '../document-title';
export { PluginGate } from '../features/plugins/plugin-gate';
export { listEmployees } from '../features/people/people.api';
export { RoleNotice, useTenant } from '../features/tenant/tenant-layout';
export { canManagePeople } from '../features/tenant/tenant-nav';
export { defineMessages, lang, t } from '../i18n';
export { businessToday } from '../now';
export { action, createLoaded, query, reload, useAction, type Loaded } from '../data';
export type { LocalizedText, PluginOptionsFormProps, PluginWeb, TenantRole } from './plugin-web';
export type { MessagesLike } from '../i18n/message-format';
