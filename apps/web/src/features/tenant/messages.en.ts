import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of tenant: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'tenantHome.navLabel': 'Tenant navigation',
  'tenantHome.nav.home': 'Home',
  'tenantHome.nav.me': 'My coverage',
  'tenantHome.yourRole': 'Your role',
  'tenantHome.industry': 'Industry',
  'tenantHome.slug': 'Slug',
  'tenantHome.loadFailed': 'Could not open this tenant',
  'tenantHome.nav.employees': 'Employees',
  'tenantHome.nav.tasks': 'Filing tasks',
  'tenantHome.nav.inbox': 'Inbox',
  'tenantHome.nav.reports': 'Reports',
  'tenantHome.nav.smsOutbox': 'SMS outbox',
  'tenantHome.nav.intakes': 'Candidate intakes',
  'tenant.roleCannot': 'Your role cannot use this page.',
  'tenantHome.nav.plugins': 'Plugins',
  'tenantHome.nav.customFields': 'Custom fields',
  'tenantHome.nav.access': 'Consultant access',
  'tenantHome.nav.risk': 'Coverage risks',
  'tenantHome.nav.close': 'Monthly close',
  'tenantHome.nav.integrations': 'Integrations',
  'tenantHome.nav.members': 'Users & roles',
};
