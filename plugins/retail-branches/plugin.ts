import { definePlugin } from '@lianxu/plugin-sdk';
import { branchesMigration } from './migrations/0001-branches.migration';
import { branchesRouteDocs, branchesRoutes } from './src/branches.routes';
import { branchesExtensions } from './src/branches.extensions';

/** Branches in many cities: the branch's city decides the policy; per-branch coverage, cost and tasks. */
export const plugin = definePlugin({
  id: 'retail-branches',
  version: '0.1.0',
  description: {
    'zh-CN': '零售多门店：门店分布在多个城市，按门店所在城市适用社保政策；各门店的人数、参保、本月成本和待办；跨城市调店自动发起社保转移',
    en: 'Retail branches in many cities: the branch city decides the policy; per-branch headcount, coverage, this month\'s cost and open tasks; moving people to a branch in another city starts a transfer',
  },
  requires: ['core@^0.1.0'],
  migrations: { '0001-branches': branchesMigration },
  routes: branchesRoutes,
  routeDocs: branchesRouteDocs,
  extensionPoints: branchesExtensions,
  customFieldPresets: [
    { key: 'store_code', label: { 'zh-CN': '门店工号', en: 'Store staff number' }, type: 'text', searchable: true, showIn: ['form', 'list', 'export'] },
    {
      key: 'position',
      label: { 'zh-CN': '岗位', en: 'Position' },
      type: 'single_select',
      options: [
        { value: 'store_manager', label: { 'zh-CN': '店长', en: 'Store manager' } },
        { value: 'cashier', label: { 'zh-CN': '收银员', en: 'Cashier' } },
        { value: 'sales', label: { 'zh-CN': '导购', en: 'Sales associate' } },
        { value: 'stock', label: { 'zh-CN': '理货员', en: 'Stock clerk' } },
      ],
      showIn: ['form', 'list', 'export'],
    },
  ],
  reports: [
    { id: 'branch-cost', title: { 'zh-CN': '门店社保成本（本月）', en: 'Branch social insurance cost (this month)' }, format: 'csv', path: 'reports/branch-cost.csv' },
    { id: 'branch-summary', title: { 'zh-CN': '门店概览', en: 'Branch overview' }, format: 'json', path: 'branches/summary' },
  ],
});
