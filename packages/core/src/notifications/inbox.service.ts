import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { maskMobile, notFound } from '../shared/index';

export interface NotificationView {
  id: string;
  kind: string;
  subject: string;
  body: string;
  /** The notice in English where it was written so (null: none). */
  en: { subject: string; body: string } | null;
  taskId: string | null;
  /** The filing the notice is about, as it is now: lets a page say it in English and show it resolved. */
  task: { kind: 'enrollment' | 'stop'; status: string; open: boolean; employeeName: string; cityCode: string; month: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface SmsView {
  id: string;
  kind: string;
  /** Masked mobile. */
  recipient: string | null;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  provider: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** What users read of the notices: their in-app inbox, and (tenant admins) the SMS outbox. */
export function createInboxService({ db }: { db: Kysely<Database> }) {
  return {
    /** The user's in-app inbox in this tenant (personal notices and notices to their role), newest first. */
    async listNotifications(tenant: { id: string }, userId: string, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<{ items: NotificationView[]; unread: number }> {
      return withTenant(db, tenant.id, async (trx) => {
        const base = trx.selectFrom('notifications').where('tenant_id', '=', tenant.id).where('channel', '=', 'in_app').where('recipient_user_id', '=', userId);
        let q = base.selectAll();
        if (options.unreadOnly) q = q.where('read_at', 'is', null);
        const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(Math.min(200, Math.max(1, options.limit ?? 50))).execute();
        const taskIds = [...new Set(rows.map((n) => n.task_id).filter((id): id is string => !!id))];
        const tasks = taskIds.length
          ? await trx
              .selectFrom('filing_tasks as t')
              .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 't.tenant_id').onRef('e.id', '=', 't.employee_id'))
              .select(['t.id', 't.kind', 't.status', 't.open', 't.city_code', 't.month', 'e.name'])
              .where('t.tenant_id', '=', tenant.id)
              .where('t.id', 'in', taskIds)
              .execute()
          : [];
        const taskOf = new Map(tasks.map((x) => [x.id, { kind: x.kind, status: x.status, open: x.open, employeeName: x.name, cityCode: x.city_code, month: x.month }]));
        const unread = await base.where('read_at', 'is', null).select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow();
        return {
          items: rows.map((n) => ({ id: n.id, kind: n.kind, subject: n.subject, body: n.body, en: n.subject_en && n.body_en ? { subject: n.subject_en, body: n.body_en } : null, taskId: n.task_id, task: (n.task_id && taskOf.get(n.task_id)) || null, createdAt: n.created_at.toISOString(), readAt: iso(n.read_at) })),
          unread: Number(unread.n),
        };
      });
    },

    /** Marks one of the user's own notifications read (404 for anyone else's). */
    async markRead(tenant: { id: string }, userId: string, notificationId: string): Promise<void> {
      await withTenant(
        db,
        tenant.id,
        async (trx) => {
          const row = await trx
            .selectFrom('notifications')
            .select(['id', 'read_at'])
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', notificationId)
            .where('channel', '=', 'in_app')
            .where('recipient_user_id', '=', userId)
            .executeTakeFirst();
          if (!row) throw notFound('notification');
          if (!row.read_at) await trx.updateTable('notifications').set({ read_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', row.id).execute();
        },
        { actorId: userId },
      );
    },

    /** SMS written by the default provider (nothing is really sent), for tenant admins; mobiles masked. */
    async listSmsOutbox(tenant: { id: string }, options: { limit?: number } = {}): Promise<SmsView[]> {
      return withTenant(db, tenant.id, async (trx) => {
        const rows = await trx
          .selectFrom('notifications')
          .selectAll()
          .where('tenant_id', '=', tenant.id)
          .where('channel', '=', 'sms')
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(Math.min(500, Math.max(1, options.limit ?? 200)))
          .execute();
        return rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          recipient: n.recipient_address ? maskMobile(n.recipient_address) : null,
          body: n.body,
          status: n.status,
          provider: n.provider,
          attempts: n.attempts,
          lastError: n.last_error,
          createdAt: n.created_at.toISOString(),
          sentAt: iso(n.sent_at),
        }));
      });
    },
  };
}
export type InboxService = ReturnType<typeof createInboxService>;
