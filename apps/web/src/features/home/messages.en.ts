import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of home: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'tenants.title': 'Companies',
  'tenants.intro': 'Client companies keeping their social insurance and housing fund in Lianxu.',
  'tenants.col.name': 'Name',
  'tenants.col.slug': 'Company code',
  'tenants.col.industry': 'Industry',
  'tenants.col.cities': 'Work cities',
  'tenants.empty': 'No companies yet.',
  'tenants.signInPrompt': 'Sign in to see the companies you can reach.',
  'tenants.loadFailed': 'Could not load the companies',
  'home.title': 'My companies',
  'home.intro': 'Choose the company to work in.',
  'home.memberships': 'Companies you belong to',
  'home.grants': 'Companies granted to you',
  'home.grantsHint': 'Implementation consultants reach only the companies granted to them; every visit is recorded in the audit trail.',
  'home.none': 'You don\'t belong to any company yet. Ask your company\'s admin.',
};
