import { lazy, type Component } from 'solid-js';
import { t, type PlainMessageKey } from '../i18n';
import { MANUFACTURING_SHIFTS, RETAIL_BRANCHES } from './plugin-ids';

/** What a plugin's options form gets: the options as saved, a change callback and the API's messages by option. */
export type PluginOptionsFormProps = {
  options: Record<string, unknown>;
  onChange: (options: Record<string, unknown>) => void;
  disabled: boolean;
  /** The API's message for `options.<name>`. */
  fieldError: (name: string) => string | undefined;
};

export type PluginWeb = {
  /** The plugin's name in the UI (the API sends only its description). */
  name: PlainMessageKey;
  /** Its options form, if it takes options; loaded when the plugins page shows it. */
  optionsForm?: Component<PluginOptionsFormProps>;
};

// The web side of each plugin, keyed by plugin id: the plugin SDK's webPanels, kept in the web app
// (a plugin ships no browser code) and loaded lazily, so a tenant without the plugin never loads
// it. Its pages are routes under /t/:slug (app.tsx) behind <PluginGate>; its nav entries are in
// tenant-nav.ts. A plugin not listed here still shows on the plugins page, by id, with a JSON
// options box.
export const PLUGIN_WEB: Readonly<Record<string, PluginWeb>> = {
  [RETAIL_BRANCHES]: { name: 'plugin.retail-branches.name' },
  [MANUFACTURING_SHIFTS]: {
    name: 'plugin.manufacturing-shifts.name',
    optionsForm: lazy(() => import('./manufacturing-shifts/shifts-options').then((m) => ({ default: m.ShiftsOptionsForm }))),
  },
};

/** The plugin's name in the current language; its id when the web app does not know it. */
export function pluginName(id: string): string {
  const known = PLUGIN_WEB[id];
  return known ? t(known.name) : id;
}

export const BranchesPage = lazy(() => import('./retail-branches/branches.page').then((m) => ({ default: m.BranchesPage })));
export const BranchPage = lazy(() => import('./retail-branches/branch.page').then((m) => ({ default: m.BranchPage })));
export const ShiftsPage = lazy(() => import('./manufacturing-shifts/shifts.page').then((m) => ({ default: m.ShiftsPage })));
