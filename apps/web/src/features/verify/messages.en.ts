import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of verify: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'verify.title': 'Check a coverage statement',
  'verify.intro': 'Enter the verification code printed on a coverage statement to check that Lianxu issued it. The answer shows only the issue date and whether it is genuine, never any personal data.',
  'verify.code': 'Verification code',
  'verify.codeHint': '16 letters and digits, e.g. 7KQ2-M9XD-4TBA-R0VE',
  'verify.submit': 'Check',
  'verify.genuine': 'Genuine: Lianxu issued this statement on {date}.',
  'verify.notGenuine': 'Not found: no statement has this code. Check that it was copied correctly.',
  'verify.official': 'A coverage statement is not the official certificate. The sealed certificate (参保证明) is issued by the local government service portal.',
  'statement.download': 'Download coverage statement',
  'statement.downloadEn': 'English',
  'statement.hint': 'Not an official certificate; every download creates a new verification code and is recorded.',
};
