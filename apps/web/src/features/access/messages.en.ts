import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of access: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'access.title': 'Consultant access',
  'access.intro': 'Implementation consultants can enter only companies that granted them access; every visit is audited.',
  'access.usersNote': 'Users and their roles in this company (invitations, role changes, removal) are managed on the Users & roles page.',
  'access.loadFailed': 'Could not load the grants',
  'access.empty': 'No consultant has access.',
  'access.col.consultant': 'Consultant',
  'access.col.grantedBy': 'Granted by',
  'access.col.grantedAt': 'Granted',
  'access.email': 'Consultant’s e-mail',
  'access.emailHint': 'Must belong to an existing consultant account.',
  'access.grant': 'Grant access',
  'access.revoke': 'Revoke',
  'access.revokeTitle': 'Revoke the access of {name}?',
  'access.revokeBody': 'The consultant can no longer enter this company from now on. You can grant access again later.',
};
