import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of console: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'console.title': 'Consultant console',
  'console.intro': 'Tenants granted to you: whether the live configuration matches tenants/<slug>/tenant.yaml, and recent changes.',
  'console.onlyConsultants': 'The consultant console is for implementation consultants.',
  'console.loadFailed': 'Could not load the consultant console',
  'console.empty': 'No tenant has granted you access yet.',
  'console.refresh': 'Refresh',
  'console.status.in_sync': 'In sync',
  'console.status.drifted': 'Drifted',
  'console.status.no_file': 'No tenant file',
  'console.status.invalid_file': 'Invalid tenant file',
  'console.plugins': 'Enabled plugins',
  'console.noPlugins': 'none',
  'console.file': 'Tenant file',
  'console.inSyncHint': 'lianxu tenants plan shows no change.',
  'console.driftedTitle': 'The live configuration differs from the file in {count, plural, one {# place} other {# places}}',
  'console.driftedHint': 'This is what npx lianxu tenants apply {slug} would change (back to the file); if the live change is wanted, put it in the file.',
  'console.blocked': 'cannot be applied: {reason}',
  'console.invalidTitle': 'The tenant file cannot be read:',
  'console.noFileHint': 'There is no {file} to compare with. npx lianxu tenants export writes the live configuration to one.',
  'console.recent': 'Recent changes',
  'console.noRecent': 'No changes recorded.',
  'console.col.at': 'When',
  'console.col.actor': 'Who',
  'console.col.change': 'Change',
  'console.columns': 'columns: {list}',
  'console.system': 'system',
};
