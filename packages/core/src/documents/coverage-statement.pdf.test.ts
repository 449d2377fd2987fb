import { describe, expect, it } from 'vitest';
import { renderCoverageStatementPdf } from './coverage-statement.pdf';
import type { CoverageStatementDocument } from './documents.types';
import { officialPortalFor } from './official-portals.data';
import { pdfText, squeeze } from '@lianxu/testing/pdf-text';

const statement: CoverageStatementDocument = {
  personName: '王小明',
  idNumberMasked: '110***********0013',
  employer: '联旭制造（北京）有限公司',
  issuedAt: new Date('2025-06-05T02:30:00Z'),
  verificationCode: '7KQ2-M9XD-4TBA-R0VE',
  verifyUrl: 'https://lianxu.example/verify',
  periods: [
    { insurance: 'pension', city: '北京', from: '2025-01', to: '2025-03' },
    { insurance: 'medical', city: '北京', from: '2025-01', to: null },
  ],
  months: [
    { month: '2025-01', insurance: 'pension', baseFen: 800000, employerFen: 128000, employeeFen: 64000, provisional: false },
    { month: '2025-01', insurance: 'medical', baseFen: 800000, employerFen: 78400, employeeFen: 16300, provisional: false },
    { month: '2025-02', insurance: 'pension', baseFen: 800000, employerFen: 128000, employeeFen: 64000, provisional: true },
  ],
  monthsCounted: 3,
  monthsWithoutFigures: ['2025-03'],
  portals: [officialPortalFor('110100')],
};

describe('coverage statement PDF', () => {
  it('carries the Chinese title, the person, the periods and the amounts of the record', async () => {
    const { text } = await pdfText(await renderCoverageStatementPdf(statement));
    const flat = squeeze(text);
    expect(flat).toContain('参保情况说明（非官方参保证明）');
    expect(flat).toContain('非官方证明'); // the watermark
    expect(flat).toContain('王小明');
    expect(flat).toContain('110***********0013');
    expect(flat).toContain(squeeze(statement.employer));
    for (const p of ['养老保险', '医疗保险', '2025-01', '2025-03', '至今']) expect(flat).toContain(p);
    for (const amount of ['8,000.00', '1,280.00', '640.00', '784.00', '163.00']) expect(flat).toContain(amount);
    // Totals of the employer and employee columns.
    expect(flat).toContain('3,344.00');
    expect(flat).toContain('1,443.00');
    expect(flat).toContain('2025-02(暂估)');
    expect(flat).toContain('累计参保月数:3');
    expect(flat).toContain('缺少政策数据');
  }, 30_000);

  it('names the official portal and the verification code', async () => {
    const { text } = await pdfText(await renderCoverageStatementPdf(statement));
    const flat = squeeze(text);
    expect(flat).toContain('北京市人力资源和社会保障局网上服务平台');
    expect(flat).toContain('（未核实来源）');
    expect(flat).toContain('验证码:7KQ2-M9XD-4TBA-R0VE');
    expect(flat).toContain('https://lianxu.example/verify');
  }, 30_000);

  it('speaks English when asked', async () => {
    const { text } = await pdfText(await renderCoverageStatementPdf(statement, 'en'));
    expect(text).toContain('Coverage statement (not an official certificate)');
    expect(text).toContain('Pension');
    expect(text).toContain('NOT AN OFFICIAL CERTIFICATE');
  }, 30_000);
});
