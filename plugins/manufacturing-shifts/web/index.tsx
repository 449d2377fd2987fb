import { lazy } from 'solid-js';
import type { PluginWeb } from '@lianxu/web/plugin-kit';
import { MANUFACTURING_SHIFTS } from './plugin-id';

const readers = ['tenant_admin', 'hr', 'consultant'] as const;
// Pages and the options form load with their messages, on first use.
const withMessages = <T,>(load: () => Promise<T>) => Promise.all([load(), import('./messages').then((m) => m.loadMessages())]).then(([m]) => m);

/** The web side of manufacturing-shifts: the shifts page (attendance, overtime, 用工备案) and its options form. */
export const web: PluginWeb = {
  id: MANUFACTURING_SHIFTS,
  name: { 'zh-CN': '制造业排班与考勤', en: 'Manufacturing shifts & attendance' },
  routes: [{ path: '/shifts', component: lazy(() => withMessages(() => import('./shifts.page')).then((m) => ({ default: m.ShiftsPage }))) }],
  nav: [{ path: '/shifts', label: { 'zh-CN': '排班与考勤', en: 'Shifts & attendance' }, roles: readers, testId: 'tenant-nav-shifts' }],
  optionsForm: lazy(() => withMessages(() => import('./shifts-options')).then((m) => ({ default: m.ShiftsOptionsForm }))),
};
