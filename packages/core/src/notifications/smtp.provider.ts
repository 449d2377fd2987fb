import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailProvider } from './notifier';

/**
 * E-mail through SMTP, when configured: `SMTP_URL` (for example smtps://user:pass@smtp.example.com:465)
 * and `SMTP_FROM`. Without SMTP_URL there is no e-mail provider and no e-mail notice is recorded.
 *
 * @example
 * const email = smtpProviderFromEnv(process.env); // undefined when SMTP_URL is unset
 */
export function smtpProviderFromEnv(env: Record<string, string | undefined>): EmailProvider | undefined {
  if (!env.SMTP_URL) return undefined;
  return mailProvider(nodemailer.createTransport(env.SMTP_URL), env.SMTP_FROM ?? 'Lianxu <no-reply@lianxu.local>');
}

/** An e-mail provider over a nodemailer transport: plain text, with the message's files attached. */
export function mailProvider(transport: Pick<Transporter, 'sendMail'>, from: string, name = 'smtp'): EmailProvider {
  return {
    name,
    async send(to, subject, text, attachments) {
      await transport.sendMail({
        from, to, subject, text,
        ...(attachments?.length ? { attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })) } : {}),
      });
    },
  };
}
