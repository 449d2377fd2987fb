import { lang, t } from '../../i18n';
import type { Notification } from './people.api';

/**
 * A notice as the reader's language says it. Notices are stored as sent (Chinese, some in both
 * languages); where the notice is about a filing, its English form is built from the filing (who,
 * which filing, which city); other notices carry their English text (item.en), so an English page
 * shows no Chinese inbox text where an English one can be given.
 */
export function inboxText(item: Notification, cityLabel: (code: string) => string): { subject: string; body: string } {
  const task = item.task;
  if (lang() !== 'en') return { subject: item.subject, body: item.body };
  if (!task) return item.en ?? { subject: item.subject, body: item.body };
  const kind = t(`taskKind.${task.kind}`);
  const values = { name: task.employeeName, kind, city: cityLabel(task.cityCode), month: task.month };
  // Mid-sentence the filing's name is lower case ("The enrollment of …").
  const inSentence = { ...values, kind: kind.toLowerCase() };
  switch (item.kind) {
    case 'deadline_warning':
      return { subject: t('inbox.en.warningSubject', values), body: t('inbox.en.warningBody', inSentence) };
    case 'deadline_escalation':
      return { subject: t('inbox.en.escalationSubject', values), body: t('inbox.en.escalationBody', inSentence) };
    case 'filing_rejected':
      return { subject: t('inbox.en.rejectedSubject', values), body: t('inbox.en.rejectedBody', inSentence) };
    case 'contribution_base_unavailable':
      return { subject: t('inbox.en.baseSubject', values), body: t('inbox.en.baseBody', inSentence) };
    default:
      return item.en ?? { subject: item.subject, body: item.body };
  }
}

/** The filing the notice asked about is settled (confirmed): nothing is left to do. */
export const inboxResolved = (item: Notification) => !!item.task && !item.task.open && item.task.status === 'confirmed';
