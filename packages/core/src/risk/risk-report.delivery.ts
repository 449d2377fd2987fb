import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { RiskReportOutcome } from '@lianxu/workflows';
import { deliverPendingByKeys, outboxSmsProvider, recordNotice, type EmailProvider } from '../notifications/index';
import type { ExtensionRegistry } from '../plugins/index';
import { listRiskReportRows, type RiskReportRow } from './risk-report.rows';
import { riskReportAttachments, riskReportDocument, riskReportFileNames } from './risk-report.attachments';

// The monthly 社保断缴风险报告 delivered (issue #15, item 2): each tenant admin and HR member gets
// the month's report in the inbox (what is open, the money at stake, the largest items, links to
// the PDF and the Excel workbook, generated from the same rows when opened) and, when an e-mail
// provider is configured, by e-mail with the report attached as a PDF and an Excel workbook of the
// same rows (risk-report.attachments.ts; the e-mail's recorded body names the files). Once per
// tenant and month: every notice has a dedupe key of the month, so a retried activity or a second
// run of the month sends nothing twice.

export const RISK_REPORT_NOTICE = 'risk_report';
const TOP = 5;

export interface RiskReportDeliveryDeps {
  db: Kysely<Database>;
  /** E-mail provider (SMTP when SMTP_URL is set); without it the report goes to the inbox only. */
  email?: EmailProvider | undefined;
  extensions?: Pick<ExtensionRegistry, 'employeeListColumns'> | null;
}

const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The notice's text: Chinese first (HR's default language), then the same summary in English, as
 * other inbox notices are; the PDF and Excel links open the full report in either language.
 */
export function riskReportText(tenant: { name: string; slug: string }, month: string, asOf: string, rows: readonly RiskReportRow[]): { subject: string; body: string; zh: { subject: string; body: string }; en: { subject: string; body: string } } {
  const atStake = rows.reduce((a, r) => a + r.atStakeFen, 0);
  const critical = rows.filter((r) => r.severity === 'critical').length;
  const oldest = rows.reduce((a, r) => Math.max(a, r.daysOpen), 0);
  const subjectEn = `Coverage risk report ${month}: ${rows.length} open, ${yuan(atStake)} yuan at stake`;
  const subjectZh = `${tenant.name} ${month} 社保断缴风险报告：${rows.length} 项未处理，涉及金额 ${yuan(atStake)} 元`;
  const subject = `${subjectZh} / ${subjectEn}`;
  const top = [...rows].sort((a, b) => b.atStakeFen - a.atStakeFen || a.findingId.localeCompare(b.findingId)).slice(0, TOP);
  const zh = [`截至 ${asOf}，${tenant.name} 共有 ${rows.length} 项未处理的社保风险（其中严重 ${critical} 项），涉及金额合计 ${yuan(atStake)} 元。`];
  const en = [`As of ${asOf}, ${tenant.name} has ${rows.length} open coverage risks (${critical} critical), ${yuan(atStake)} yuan at stake in all.`];
  if (rows.length === 0) {
    zh.push('本月没有未处理的风险。');
    en.push('Nothing is open this month.');
  } else {
    zh.push(`最早的一项已持续 ${oldest} 天。金额最大的 ${top.length} 项：`);
    en.push(`The oldest has been open ${oldest} days. The ${top.length} largest:`);
    for (const r of top) {
      zh.push(`- ${r.employeeName}（${r.idNumberMasked}）${r.ruleTitle['zh-CN']}，自 ${r.since} 起 ${r.daysOpen} 天，${yuan(r.atStakeFen)} 元`);
      en.push(`- ${r.employeeName} (${r.idNumberMasked}) ${r.ruleTitle.en}, since ${r.since}, ${r.daysOpen} days, ${yuan(r.atStakeFen)} yuan`);
    }
  }
  const at = `/api/t/${tenant.slug}/risk/report`;
  zh.push(`完整报告 PDF：${at}.pdf`, `完整报告 Excel：${at}.xlsx`);
  en.push(`Full report: ${at}.pdf?lang=en (PDF), ${at}.xlsx?lang=en (Excel)`);
  return { subject, body: [...zh, '', ...en].join('\n'), zh: { subject: subjectZh, body: zh.join('\n') }, en: { subject: subjectEn, body: en.join('\n') } };
}

async function inboxCount(trx: Kysely<Database>, tenantId: string, month: string): Promise<number> {
  const row = await trx.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).where('channel', '=', 'in_app').where('dedupe_key', 'like', `${RISK_REPORT_NOTICE}:${month}:inbox:%`).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Delivers the tenant's report of `asOf`'s month to its tenant admins and HR (inbox, and e-mail when configured). */
export async function deliverMonthlyRiskReport(deps: RiskReportDeliveryDeps, input: { tenantId: string; asOf: string }): Promise<RiskReportOutcome> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.asOf)) throw new TypeError('deliverMonthlyRiskReport: asOf must be YYYY-MM-DD');
  const month = input.asOf.slice(0, 7);
  const tenant = await deps.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('id', '=', input.tenantId).executeTakeFirstOrThrow();
  const rows = await listRiskReportRows(deps.db, input.tenantId, { asOf: input.asOf }, { extensions: deps.extensions ?? null });
  const { subject, body, zh, en } = riskReportText(tenant, month, input.asOf, rows);
  const files = riskReportFileNames(month);
  const emailBody = `${body}\n\n附件 / Attached: ${files.pdf}, ${files.xlsx}`;
  return withTenant(deps.db, input.tenantId, async (trx) => {
    const recipients = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.email'])
      .where('m.tenant_id', '=', input.tenantId)
      .where('m.role', 'in', ['tenant_admin', 'hr'])
      .orderBy('m.user_id')
      .execute();
    const before = await inboxCount(trx, input.tenantId, month);
    const emailKeys: string[] = [];
    for (const r of recipients) {
      await recordNotice(trx, { tenantId: input.tenantId, dedupeKey: `${RISK_REPORT_NOTICE}:${month}:inbox:${r.user_id}`, channel: 'in_app', recipientUserId: r.user_id, kind: RISK_REPORT_NOTICE, ...zh, en });
      if (deps.email) {
        const key = `${RISK_REPORT_NOTICE}:${month}:email:${r.user_id}`;
        await recordNotice(trx, { tenantId: input.tenantId, dedupeKey: key, channel: 'email', recipientUserId: r.user_id, recipientAddress: r.email, kind: RISK_REPORT_NOTICE, subject, body: emailBody });
        emailKeys.push(key);
      }
    }
    const inbox = (await inboxCount(trx, input.tenantId, month)) - before;
    let emails = 0;
    if (deps.email && emailKeys.length > 0) {
      const attachments = await riskReportAttachments(await riskReportDocument(trx, tenant, rows, new Date()), month);
      emails = await deliverPendingByKeys(trx, input.tenantId, emailKeys, { sms: outboxSmsProvider, email: deps.email }, attachments);
    }
    return { tenantId: input.tenantId, month, asOf: input.asOf, findings: rows.length, atStakeFen: rows.reduce((a, r) => a + r.atStakeFen, 0), inbox, emails };
  });
}
