import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of security: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'security.title': 'Security',
  'security.twoFactor.title': 'Two-step verification',
  'security.twoFactor.enabled': 'On: signing in asks for a code from your authenticator app as well as your password.',
  'security.twoFactor.disabled': 'Off: when on, signing in also asks for a code from your authenticator app.',
  'security.twoFactor.start': 'Turn on two-step verification',
  'security.twoFactor.starting': 'Creating a secret…',
  'security.twoFactor.setupHint': 'Add the secret below to your authenticator app by hand (or import the otpauth link), then enter the 6-digit code it shows to confirm.',
  'security.twoFactor.secret': 'Secret',
  'security.twoFactor.uri': 'otpauth link',
  'security.twoFactor.code': 'Code',
  'security.twoFactor.confirm': 'Confirm and turn on',
  'security.twoFactor.confirming': 'Confirming…',
  'security.twoFactor.recoveryTitle': 'Recovery codes',
  'security.twoFactor.recoveryHint': 'Store them safely now. Each works once, and they are shown only this time.',
  'security.sessions.title': 'Sessions',
  'security.sessions.hint': 'Every browser and device signed in to your account. End any you do not recognise.',
  'security.sessions.createdAt': 'Signed in',
  'security.sessions.lastUsedAt': 'Last used',
  'security.sessions.current': 'This device',
  'security.sessions.end': 'End',
  'security.sessions.endLabel': 'End the session signed in at {createdAt}',
  'security.sessions.empty': 'No sessions.',
  'security.sessions.loadFailed': 'Could not load your sessions',
  'security.everywhere.title': 'Sign out everywhere',
  'security.everywhere.hint': 'Ends all of your sessions, this one included.',
  'security.everywhere.button': 'Sign out everywhere',
};
