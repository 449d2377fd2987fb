import { definePlugin } from '@lianxu/plugin-sdk';

export const plugin = definePlugin({
  id: 'manufacturing-shifts',
  version: '0.1.0',
  description: { 'zh-CN': 'manufacturing-shifts', en: 'manufacturing-shifts' },
});
