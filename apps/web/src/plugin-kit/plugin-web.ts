import type { Component } from 'solid-js';
import type { RouteSectionProps } from '@solidjs/router';

/** A text in both interface languages. */
export type LocalizedText = { readonly 'zh-CN': string; readonly en: string };

export type TenantRole = 'tenant_admin' | 'hr' | 'employee' | 'consultant';

/** What a plugin's options form gets: the options as saved, a change callback and the API's messages by option. */
export type PluginOptionsFormProps = {
  options: Record<string, unknown>;
  onChange: (options: Record<string, unknown>) => void;
  disabled: boolean;
  /** The API's message for `options.<name>`. */
  fieldError: (name: string) => string | undefined;
};

/**
 * The web side of a plugin, exported as `web` from plugins/<id>/web/index.tsx. The web app finds
 * it by that path (no plugin id is written in the app) and shows it only for tenants whose
 * GET /plugins lists the plugin as enabled. Keep index.tsx small: pages and forms are `lazy()`.
 */
export type PluginWeb = {
  /** The plugin id, as in its plugin.ts manifest. */
  id: string;
  name: LocalizedText;
  /** Tenant pages, under /t/:slug. */
  routes?: readonly { path: string; component: Component<RouteSectionProps> }[];
  /** Entries of the tenant nav (after the core people pages), each with the roles its API allows. */
  nav?: readonly { path: string; label: LocalizedText; roles: readonly TenantRole[]; testId: string }[];
  /** Its options form on the plugins page, if it takes options. */
  optionsForm?: Component<PluginOptionsFormProps>;
};
