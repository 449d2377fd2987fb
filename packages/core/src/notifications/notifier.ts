import type { Kysely } from 'kysely';
import type { Database, NotificationChannel } from '@lianxu/db';

/** Sends one SMS. The default provider only writes to the SMS outbox that admins read in the UI. */
export interface SmsProvider {
  readonly name: string;
  send(to: string, body: string): Promise<void>;
}

/** A file sent with an e-mail (a report's PDF or workbook). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** Sends one e-mail (SMTP when configured), with its files when it has any. */
export interface EmailProvider {
  readonly name: string;
  send(to: string, subject: string, body: string, attachments?: readonly EmailAttachment[]): Promise<void>;
}

/**
 * Records the message in the SMS outbox and sends nothing: the notification row is the outbox. Its
 * status becomes 'sent' with provider 'outbox', which the UI shows as "written to the SMS outbox,
 * not sent to a carrier". Replace it with a carrier's provider in production.
 */
export const outboxSmsProvider: SmsProvider = { name: 'outbox', send: async () => undefined };

export interface NoticeInput {
  tenantId: string;
  /** Unique per tenant: the same notice is recorded once, however often an activity retries. */
  dedupeKey: string;
  channel: NotificationChannel;
  recipientUserId?: string | null;
  recipientEmployeeId?: string | null;
  recipientAddress?: string | null;
  kind: string;
  subject: string;
  body: string;
  /** The same notice in English, for English pages (an in-app notice not about a filing should have one). */
  en?: { subject: string; body: string };
  taskId?: string | null;
}

/** Records a notice inside the caller's withTenant transaction; a repeat of its dedupe key is ignored. */
export async function recordNotice(trx: Kysely<Database>, notice: NoticeInput): Promise<void> {
  await trx
    .insertInto('notifications')
    .values({
      tenant_id: notice.tenantId,
      dedupe_key: notice.dedupeKey,
      channel: notice.channel,
      recipient_user_id: notice.recipientUserId ?? null,
      recipient_employee_id: notice.recipientEmployeeId ?? null,
      recipient_address: notice.recipientAddress ?? null,
      kind: notice.kind,
      subject: notice.subject,
      body: notice.body,
      subject_en: notice.en?.subject ?? null,
      body_en: notice.en?.body ?? null,
      task_id: notice.taskId ?? null,
      // In-app notices are delivered by being written.
      status: notice.channel === 'in_app' ? 'sent' : 'pending',
      provider: notice.channel === 'in_app' ? 'inbox' : null,
      sent_at: notice.channel === 'in_app' ? new Date() : null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'dedupe_key']).doNothing())
    .execute();
}

/**
 * Delivers the pending SMS and e-mail notices of a task. A failure is recorded on the row and
 * rethrown, so the calling activity is retried by its workflow and nothing is lost.
 */
export async function deliverPending(
  trx: Kysely<Database>,
  tenantId: string,
  taskId: string,
  providers: { sms: SmsProvider; email?: EmailProvider | undefined },
): Promise<void> {
  const pending = await trx
    .selectFrom('notifications')
    .select(['id', 'channel', 'recipient_address', 'subject', 'body'])
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .where('status', '=', 'pending')
    .execute();
  await deliverRows(trx, tenantId, pending, providers);
}

/**
 * Delivers the pending notices recorded under these dedupe keys (notices without a task, such as a
 * monthly report); each e-mail carries `attachments` (the same files for every recipient). Answers
 * how many were sent.
 */
export async function deliverPendingByKeys(
  trx: Kysely<Database>,
  tenantId: string,
  dedupeKeys: readonly string[],
  providers: { sms: SmsProvider; email?: EmailProvider | undefined },
  attachments: readonly EmailAttachment[] = [],
): Promise<number> {
  if (dedupeKeys.length === 0) return 0;
  const pending = await trx
    .selectFrom('notifications')
    .select(['id', 'channel', 'recipient_address', 'subject', 'body'])
    .where('tenant_id', '=', tenantId)
    .where('dedupe_key', 'in', [...dedupeKeys])
    .where('status', '=', 'pending')
    .execute();
  return deliverRows(trx, tenantId, pending, providers, attachments);
}

async function deliverRows(
  trx: Kysely<Database>,
  tenantId: string,
  pending: { id: string; channel: NotificationChannel; recipient_address: string | null; subject: string; body: string }[],
  providers: { sms: SmsProvider; email?: EmailProvider | undefined },
  attachments: readonly EmailAttachment[] = [],
): Promise<number> {
  let sent = 0;
  for (const n of pending) {
    const provider = n.channel === 'sms' ? providers.sms : providers.email;
    if (!n.recipient_address || !provider) {
      const reason = !n.recipient_address ? 'no address on file' : 'no e-mail provider configured (set SMTP_URL)';
      await trx.updateTable('notifications').set({ status: 'failed', last_error: reason, attempts: 1 }).where('tenant_id', '=', tenantId).where('id', '=', n.id).execute();
      continue;
    }
    try {
      if (n.channel === 'sms') await providers.sms.send(n.recipient_address, n.body);
      else if (attachments.length > 0) await providers.email!.send(n.recipient_address, n.subject, n.body, attachments);
      else await providers.email!.send(n.recipient_address, n.subject, n.body);
      await trx.updateTable('notifications').set({ status: 'sent', provider: provider.name, sent_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', n.id).execute();
      sent++;
    } catch (error) {
      await trx.updateTable('notifications').set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: (error as Error).message.slice(0, 500) })).where('tenant_id', '=', tenantId).where('id', '=', n.id).execute();
      throw error;
    }
  }
  return sent;
}

/** In-app notices about a filing that the filing's outcome answers: once it is confirmed they need no one. */
const RESOLVED_BY_CONFIRMATION = ['deadline_warning', 'deadline_escalation', 'filing_rejected', 'contribution_base_unavailable'];

/**
 * Marks read the in-app notices that asked HR to act on a task, once the task is confirmed (no
 * unread "尚未确认" after the bureau confirmed). Returns the query unexecuted, so the caller can
 * send it in the same round trip as the confirmation.
 */
export function resolveTaskNotices(trx: Kysely<Database>, tenantId: string, taskId: string, when: Date) {
  return trx
    .updateTable('notifications')
    .set({ read_at: when })
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .where('channel', '=', 'in_app')
    .where('kind', 'in', RESOLVED_BY_CONFIRMATION)
    .where('read_at', 'is', null);
}
