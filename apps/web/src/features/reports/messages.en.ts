import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of reports: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'reports.title': 'Reports',
  'reports.intro': 'Reports of the enabled plugins, ready to download (a report by month shows this month).',
  'reports.empty': 'The enabled plugins offer no reports.',
  'reports.loadFailed': 'The reports could not be loaded',
  'reports.col.title': 'Report',
  'reports.col.plugin': 'Plugin',
  'reports.col.format': 'Format',
  'reports.download': 'Download',
};
