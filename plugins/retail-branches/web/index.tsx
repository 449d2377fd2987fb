import { lazy } from 'solid-js';
import type { PluginWeb } from '@lianxu/web/plugin-kit';
import { RETAIL_BRANCHES } from './plugin-id';

const readers = ['tenant_admin', 'hr', 'consultant'] as const;
// Pages load with their messages, on first visit.
const withMessages = <T,>(load: () => Promise<T>) => Promise.all([load(), import('./messages').then((m) => m.loadMessages())]).then(([m]) => m);

/** The web side of retail-branches: the branches page and one branch's page. */
export const web: PluginWeb = {
  id: RETAIL_BRANCHES,
  name: { 'zh-CN': '零售门店', en: 'Retail branches' },
  routes: [
    { path: '/branches', component: lazy(() => withMessages(() => import('./branches.page')).then((m) => ({ default: m.BranchesPage }))) },
    { path: '/branches/:id', component: lazy(() => withMessages(() => import('./branch.page')).then((m) => ({ default: m.BranchPage }))) },
  ],
  nav: [{ path: '/branches', label: { 'zh-CN': '门店', en: 'Branches' }, roles: readers, testId: 'tenant-nav-branches' }],
};
