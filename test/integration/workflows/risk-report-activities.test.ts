import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withTenant } from '@lianxu/db';
import ExcelJS from 'exceljs';
import { createInboxService, createRiskActivities, createRiskScanner, listRiskReportRows, RISK_REPORT_NOTICE, RISK_XLSX_HEADER_ROW, type EmailAttachment, type EmailProvider } from '@lianxu/core';
import { getDefaultPolicyLibrary } from '@lianxu/policy';
import { appDb, provisionLifecycleTenant } from '@lianxu/testing';
import { pdfText, squeeze } from '@lianxu/testing/pdf-text';

// The monthly risk report's activity on its own, in MockActivityEnvironment, on the test run's
// PostgreSQL: every tenant admin and HR member gets the month's report in the inbox and, with an
// e-mail provider, by e-mail with the report's PDF and Excel workbook attached; a second run of the month (a retry, a caught-up schedule) sends
// nothing again; another tenant's people get nothing.

const db = appDb();
const inbox = createInboxService({ db });
let A: { id: string; slug: string };
let B: { id: string; slug: string };

async function seedLeaver(tenantId: string) {
  await withTenant(db, tenantId, async (trx) => {
    const entity = await trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    const id = randomUUID();
    await trx.insertInto('employees').values({
      tenant_id: tenantId, id, entity_id: entity.id, name: '王五', mobile: '13800000000', id_number_cipher: Buffer.from('x'), id_number_key_id: 'k',
      id_number_index: Buffer.from(randomUUID()), id_number_masked: '310101********0044', hukou: 'local', work_city: '310100', hire_date: '2025-07-07',
      termination_date: '2026-01-20', monthly_wage_fen: 1_000_000, status: 'terminated',
    }).execute();
    await trx.insertInto('coverage_periods').values({ tenant_id: tenantId, employee_id: id, city_code: '310100', start_month: '2025-07', end_month: null, opened_by: randomUUID() }).execute();
  });
}

const userId = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  ({ tenant: A } = await provisionLifecycleTenant(db, 'risk-rep-a', { seed: 150_041 }));
  ({ tenant: B } = await provisionLifecycleTenant(db, 'risk-rep-b', { seed: 150_042 }));
  await seedLeaver(A.id);
  await createRiskScanner({ db, library: getDefaultPolicyLibrary() }).scan(A.id, '2026-03-10');
});
afterAll(async () => {
  await db.destroy();
});

describe('monthly risk report activity', () => {
  it('puts the month’s report in each tenant admin’s and HR member’s inbox and e-mails it with its PDF (Chinese text) and workbook (same rows) attached, once', async () => {
    const sent: { to: string; subject: string; body: string; attachments: readonly EmailAttachment[] }[] = [];
    const email: EmailProvider = { name: 'test-mail', send: async (to, subject, body, attachments = []) => void sent.push({ to, subject, body, attachments }) };
    const activities = createRiskActivities({ db, library: getDefaultPolicyLibrary(), email });
    const env = new MockActivityEnvironment();
    const outcome = await env.run(activities.deliverMonthlyRiskReport, { tenantId: A.id, slug: A.slug, asOf: '2026-04-01' });
    expect(outcome).toMatchObject({ tenantId: A.id, month: '2026-04', asOf: '2026-04-01', inbox: 2, emails: 2 });
    expect(outcome.findings).toBeGreaterThanOrEqual(2);
    expect(outcome.atStakeFen).toBeGreaterThan(0);

    for (const who of [`hr@${A.slug}.test`, `admin@${A.slug}.test`]) {
      const { items } = await inbox.listNotifications(A, await userId(who));
      const report = items.filter((n) => n.kind === RISK_REPORT_NOTICE);
      expect(report).toHaveLength(1);
      expect(report[0]!.subject).toContain('2026-04 社保断缴风险报告');
      expect(report[0]!.body).toContain('王五（310101********0044）离职未减员');
      expect(report[0]!.body).toContain(`/api/t/${A.slug}/risk/report.pdf`);
      expect(report[0]!.en!.body).toContain('(310101********0044) Stop not filed after a leave');
      expect(report[0]!.en!.subject).toContain('Coverage risk report 2026-04');
      expect(report[0]!.subject).not.toContain('Coverage risk report');
    }
    expect(sent.map((m) => m.to).sort()).toEqual([`admin@${A.slug}.test`, `hr@${A.slug}.test`]);
    expect(sent[0]!.subject).toContain(`${outcome.findings} 项未处理`);

    // Each e-mail carries the report itself: the PDF, which opens and holds Chinese text, and the
    // Excel workbook with the same rows (the report's rows of the day, as the PDF lists them).
    const rows = await listRiskReportRows(db, A.id, { asOf: '2026-04-01' });
    expect(rows).toHaveLength(outcome.findings);
    for (const mail of sent) {
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['社保断缴风险报告-2026-04.pdf', 'application/pdf'],
        ['社保断缴风险报告-2026-04.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ]);
      expect(mail.body).toContain('附件 / Attached: 社保断缴风险报告-2026-04.pdf, 社保断缴风险报告-2026-04.xlsx');
    }
    const [pdf, xlsx] = sent[0]!.attachments as [EmailAttachment, EmailAttachment];
    expect(Buffer.from(pdf.content.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text } = await pdfText(pdf.content);
    const flat = squeeze(text);
    expect(flat).toContain('社保断缴风险报告');
    for (const r of rows) expect(flat).toContain(squeeze(`${r.employeeName}`));
    expect(flat).toContain(squeeze('离职未减员'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.content) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('社保断缴风险报告');
    const cells = rows.map((_, i) => (sheet.getRow(RISK_XLSX_HEADER_ROW + 1 + i).values as unknown[]).slice(1));
    expect(cells.map((c) => [c[0], c[1], c[5], c[6], c[8]])).toEqual(rows.map((r) => [r.employeeName, r.idNumberMasked, r.ruleTitle['zh-CN'], r.since, r.atStakeFen / 100]));
    expect((sheet.getRow(RISK_XLSX_HEADER_ROW + 1 + rows.length).values as unknown[])[1]).toBe('合计');

    // The same month again: nothing new in the inbox, no second e-mail.
    expect(await env.run(activities.deliverMonthlyRiskReport, { tenantId: A.id, slug: A.slug, asOf: '2026-04-03' })).toMatchObject({ month: '2026-04', inbox: 0, emails: 0 });
    expect(sent).toHaveLength(2);
    // Another tenant's people got nothing.
    expect((await inbox.listNotifications(B, await userId(`hr@${B.slug}.test`))).items.filter((n) => n.kind === RISK_REPORT_NOTICE)).toEqual([]);
  });

  it('goes to the inbox only without an e-mail provider, and says so when nothing is open', async () => {
    const activities = createRiskActivities({ db, library: getDefaultPolicyLibrary() });
    const outcome = await new MockActivityEnvironment().run(activities.deliverMonthlyRiskReport, { tenantId: B.id, slug: B.slug, asOf: '2026-04-01' });
    expect(outcome).toMatchObject({ findings: 0, atStakeFen: 0, inbox: 2, emails: 0 });
    const [report] = (await inbox.listNotifications(B, await userId(`hr@${B.slug}.test`))).items.filter((n) => n.kind === RISK_REPORT_NOTICE);
    expect(report!.body).toContain('本月没有未处理的风险');
    expect(report!.en!.body).toContain('Nothing is open this month.');
    const emails = await withTenant(db, B.id, (trx) => trx.selectFrom('notifications').select('id').where('tenant_id', '=', B.id).where('channel', '=', 'email').where('kind', '=', RISK_REPORT_NOTICE).execute());
    expect(emails).toEqual([]);
  });
});
