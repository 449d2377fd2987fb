import { defineMessages } from '@lianxu/web/plugin-kit';
import type { messages } from './messages.zh-CN';

// This plugin's messages (keys `shifts.*`), loaded in the current language only when its pages show.
export const { t: tp, load: loadMessages } = defineMessages<typeof messages>('manufacturing-shifts', ['shifts'], {
  'zh-CN': () => import('./messages.zh-CN'),
  en: () => import('./messages.en'),
});
