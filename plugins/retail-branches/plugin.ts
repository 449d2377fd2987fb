import { definePlugin } from '@lianxu/plugin-sdk';

export const plugin = definePlugin({
  id: 'retail-branches',
  version: '0.1.0',
  description: { 'zh-CN': 'retail-branches', en: 'retail-branches' },
});
