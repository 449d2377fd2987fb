import { ApplicationFailure } from '@temporalio/common';
import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import type { CloseMissing, CloseMonthActivities, CloseMonthKey, CloseMonthStatus } from '@lianxu/workflows';
import { deliverPendingByKeys, outboxSmsProvider, recordNotice, type EmailProvider } from '../notifications/index';
import { DomainError } from '../shared/index';
import { cityName } from './close.errors';
import { paymentWindow, windowClosesAtMs } from './close.payment-window';
import { createCloseService } from './close.service';

// The close workflow's activities (issue #15, item 3): read the month, run the match, remind HR.
// Each reads or writes the database under the tenant's row-level security; the reminder is sent
// once per month (dedupe keys of the month), so a retried activity sends nothing twice.

export const CLOSE_REMINDER_NOTICE = 'close_reminder';

export interface CloseActivitiesDeps {
  db: Kysely<Database>;
  /** The policy library, or how to get the current one (consultants' revisions included). */
  library?: PolicyLibrary | (() => PolicyLibrary | Promise<PolicyLibrary>);
  /** E-mail provider (SMTP when SMTP_URL is set); without it the reminder goes to the inbox only. */
  email?: EmailProvider | undefined;
}

const keyWhere = (k: CloseMonthKey) => sql`tenant_id = ${k.tenantId} and entity_id = ${k.entityId} and city_code = ${k.cityCode} and month = ${k.month}`;

async function readStatus(trx: Kysely<Database>, k: CloseMonthKey): Promise<CloseMonthStatus> {
  const r = await sql<{ state: 'open' | 'locked'; matched_at: Date | null; reminded_at: Date | null; bill: number; deductions: number; open: number }>`select c.state, c.matched_at, c.reminded_at,
      (select count(*)::int from close_bills where ${keyWhere(k)}) as bill,
      (select count(*)::int from close_deductions where ${keyWhere(k)}) as deductions,
      (select count(*)::int from close_differences where ${keyWhere(k)} and state in ('open', 'fixed')) as open
    from month_closes c where c.tenant_id = ${k.tenantId} and c.entity_id = ${k.entityId} and c.city_code = ${k.cityCode} and c.month = ${k.month}`.execute(trx);
  const row = r.rows[0];
  // The month is opened before its workflow starts; a month that is gone (its entity deleted) has nothing to wait for.
  if (!row) return { hasBill: false, hasDeductions: false, matched: false, openDifferences: 0, locked: true, remindedAt: null };
  return {
    hasBill: row.bill > 0, hasDeductions: row.deductions > 0, matched: row.matched_at !== null, openDifferences: row.open,
    locked: row.state === 'locked', remindedAt: row.reminded_at?.toISOString() ?? null,
  };
}

const MISSING_TEXT: Record<CloseMissing, { zh: string; en: string }> = {
  bill: { zh: '社保经办机构的账单尚未获取或导入', en: 'the bureau’s bill has not been fetched or imported' },
  deductions: { zh: '工资扣款尚未导入', en: 'payroll’s deductions have not been imported' },
  differences: { zh: '还有差异未处理', en: 'differences are still to resolve' },
  signOff: { zh: '该月尚未签字锁账', en: 'the month has not been signed off and locked' },
};

/** The reminder's text: Chinese first, then English, as other inbox notices are. */
/**
 * The reminder in both languages at once (an e-mail) and in each (`zh`, `en`: the inbox shows the
 * reader's language).
 */
export function closeReminderText(entityName: string, k: CloseMonthKey, missing: readonly CloseMissing[], paymentDue: string, openDifferences: number): { subject: string; body: string; zh: { subject: string; body: string }; en: { subject: string; body: string } } {
  const city = cityName(k.cityCode);
  const subjectEn = `Monthly close ${k.month} in ${city.en}: payment window closes ${paymentDue}`;
  const subjectZh = `${city.zh} ${k.month} 月结提醒：缴费期截至 ${paymentDue}`;
  const subject = `${subjectZh} / ${subjectEn}`;
  const zh = [`${entityName} 在${city.zh} ${k.month} 的社保缴费期将于 ${paymentDue} 结束，该月月结还缺：`];
  const en = [`The payment window of ${entityName} in ${city.en} for ${k.month} closes on ${paymentDue}. Still missing for the close:`];
  for (const m of missing) {
    zh.push(`- ${MISSING_TEXT[m].zh}${m === 'differences' ? `（${openDifferences} 条）` : ''}`);
    en.push(`- ${MISSING_TEXT[m].en}${m === 'differences' ? ` (${openDifferences})` : ''}`);
  }
  return { subject, body: [...zh, '', ...en].join('\n'), zh: { subject: subjectZh, body: zh.join('\n') }, en: { subject: subjectEn, body: en.join('\n') } };
}

/** The close workflow's activities bound to their dependencies (the worker wires them). */
export function createCloseActivities(deps: CloseActivitiesDeps): CloseMonthActivities {
  const libraryOf = async () => (typeof deps.library === 'function' ? await deps.library() : deps.library ?? getDefaultPolicyLibrary());
  return {
    async planCloseMonth(input) {
      const library = await libraryOf();
      return withTenant(deps.db, input.tenantId, async (trx) => {
        await trx.updateTable('month_closes').set({ workflow_id: input.workflowId })
          .where('tenant_id', '=', input.tenantId).where('entity_id', '=', input.entityId).where('city_code', '=', input.cityCode).where('month', '=', input.month)
          .where((eb) => eb.or([eb('workflow_id', 'is', null), eb('workflow_id', '!=', input.workflowId)])).execute();
        const status = await readStatus(trx, input);
        const window = await paymentWindow(trx, library, input.tenantId, input.cityCode, input.month);
        return { status, paymentDue: window?.due ?? null, paymentWindowClosesAtMs: window ? windowClosesAtMs(window.due) : null, paymentDueSource: window?.source ?? null };
      });
    },
    async closeMonthStatus(input) {
      return withTenant(deps.db, input.tenantId, (trx) => readStatus(trx, input));
    },
    async matchCloseMonth(input) {
      const close = createCloseService({ db: deps.db, library: await libraryOf() });
      try {
        const r = await close.match({ id: input.tenantId }, null, input);
        return { differences: r.differences };
      } catch (error) {
        // The close refused (a locked month, an employee who cannot be priced): retrying changes nothing.
        if (error instanceof DomainError && error.status < 500) throw ApplicationFailure.nonRetryable(error.messages.en, error.code);
        throw error;
      }
    },
    async remindCloseMonth(input) {
      return withTenant(deps.db, input.tenantId, async (trx) => {
        const entity = await trx.selectFrom('entities').select('name').where('tenant_id', '=', input.tenantId).where('id', '=', input.entityId).executeTakeFirst();
        const status = await readStatus(trx, input);
        const { subject, body, zh, en } = closeReminderText(entity?.name ?? '', input, input.missing, input.paymentDue, status.openDifferences);
        const recipients = await trx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['m.user_id', 'u.email'])
          .where('m.tenant_id', '=', input.tenantId).where('m.role', 'in', ['tenant_admin', 'hr']).orderBy('m.user_id').execute();
        const prefix = `${CLOSE_REMINDER_NOTICE}:${input.entityId}:${input.cityCode}:${input.month}`;
        const before = await trx.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', input.tenantId)
          .where('channel', '=', 'in_app').where('dedupe_key', 'like', `${prefix}:inbox:%`).executeTakeFirstOrThrow();
        const emailKeys: string[] = [];
        for (const r of recipients) {
          await recordNotice(trx, { tenantId: input.tenantId, dedupeKey: `${prefix}:inbox:${r.user_id}`, channel: 'in_app', recipientUserId: r.user_id, kind: CLOSE_REMINDER_NOTICE, ...zh, en });
          if (deps.email) {
            const key = `${prefix}:email:${r.user_id}`;
            await recordNotice(trx, { tenantId: input.tenantId, dedupeKey: key, channel: 'email', recipientUserId: r.user_id, recipientAddress: r.email, kind: CLOSE_REMINDER_NOTICE, subject, body });
            emailKeys.push(key);
          }
        }
        const after = await trx.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', input.tenantId)
          .where('channel', '=', 'in_app').where('dedupe_key', 'like', `${prefix}:inbox:%`).executeTakeFirstOrThrow();
        const emails = deps.email ? await deliverPendingByKeys(trx, input.tenantId, emailKeys, { sms: outboxSmsProvider, email: deps.email }) : 0;
        const now = new Date();
        const row = await trx.updateTable('month_closes').set({ reminded_at: sql`coalesce(reminded_at, ${now})` })
          .where('tenant_id', '=', input.tenantId).where('entity_id', '=', input.entityId).where('city_code', '=', input.cityCode).where('month', '=', input.month)
          .returning('reminded_at').executeTakeFirst();
        return { inbox: Number(after.n) - Number(before.n), emails, remindedAt: (row?.reminded_at ?? now).toISOString() };
      });
    },
  };
}
