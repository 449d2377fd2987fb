import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { mailProvider, smtpProviderFromEnv } from './smtp.provider';

// The SMTP provider sends an e-mail's files as attachments (the monthly risk report's PDF and
// workbook), checked on the message nodemailer builds (a stream transport: nothing leaves the machine).

describe('SMTP e-mail', () => {
  it('attaches the files given, with their names and media types', async () => {
    const messages: string[] = [];
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const provider = mailProvider({ sendMail: async (mail) => messages.push((await transport.sendMail(mail)).message.toString()) }, 'Lianxu <no-reply@lianxu.local>');
    await provider.send('hr@example.com', '社保断缴风险报告', '正文', [
      { filename: '社保断缴风险报告-2026-04.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.7 test') },
      { filename: 'r.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: new Uint8Array([0x50, 0x4b, 3, 4]) },
    ]);
    // Headers unfolded (a long header continues on the next line after whitespace).
    const raw = messages[0]!.replace(/\r?\n[ \t]+/g, ' ');
    expect(raw).toContain('Content-Type: application/pdf');
    expect(raw).toContain('Content-Disposition: attachment');
    expect(raw).toContain('Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(raw).toContain(Buffer.from('%PDF-1.7 test').toString('base64'));
    expect(raw).toMatch(/filename\*?=/);
  });

  it('sends a plain message without attachments, and is absent without SMTP_URL', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    let raw = '';
    await mailProvider({ sendMail: async (mail) => { raw = (await transport.sendMail(mail)).message.toString(); } }, 'x@y.z').send('a@b.c', 's', 'body');
    expect(raw).not.toContain('Content-Disposition: attachment');
    expect(smtpProviderFromEnv({})).toBeUndefined();
  });
});
