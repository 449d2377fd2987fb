import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of sign-in: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in to Lianxu with your work email and password.',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.submitting': 'Signing in…',
  'signIn.twoFactorTitle': 'Two-step verification',
  'signIn.twoFactorHint': 'Enter the 6-digit code shown in your authenticator app.',
  'signIn.code': 'Code',
  'signIn.codeFormat': 'The code has 6 digits.',
  'signIn.verify': 'Verify',
  'signIn.verifying': 'Verifying…',
  'signIn.back': 'Back, sign in with another account',
};
