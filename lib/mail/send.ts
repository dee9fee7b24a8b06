import nodemailer from 'nodemailer';

/** An email as jointplan sends it: plain text, one recipient. */
export type MailMessage = { to: string; subject: string; text: string };

/** Something that delivers mail. `delivered` is false when the message only reached a log. */
export type MailTransport = {
  readonly name: string;
  send(message: MailMessage): Promise<{ delivered: boolean }>;
};

/**
 * Writes mail to the server log instead of sending it. The body (which may hold an invitation
 * link) is printed only outside production, where the log is the developer's own terminal.
 */
export const consoleTransport: MailTransport = {
  name: 'console',
  async send(message) {
    const body = process.env.NODE_ENV === 'production' ? '(body not logged in production)' : message.text;
    console.info(`[mail] not sent (no SMTP transport) · to ${message.to} · ${message.subject}\n${body}`);
    return { delivered: false };
  },
};

/** Sends through the SMTP server named by `SMTP_URL` (e.g. `smtps://user:pass@smtp.school.sch.uk:465`). */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(message) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      return { delivered: true };
    },
  };
}

let cached: { url: string; transport: MailTransport } | null = null;

/**
 * The transport for this environment, or null when `SMTP_URL` is not set (the UI then shows links
 * to copy instead). Mail comes from `MAIL_FROM`.
 */
export function configuredMailTransport(env: Record<string, string | undefined> = process.env): MailTransport | null {
  if (!env.SMTP_URL) return null;
  if (cached?.url !== env.SMTP_URL) {
    cached = { url: env.SMTP_URL, transport: smtpTransport(env.SMTP_URL, env.MAIL_FROM || 'jointplan <no-reply@jointplan.invalid>') };
  }
  return cached.transport;
}

/** Sends a message through `transport`; a failure is logged and reported as not delivered, never thrown. */
export async function sendMail(transport: MailTransport, message: MailMessage): Promise<{ delivered: boolean }> {
  try {
    return await transport.send(message);
  } catch (error) {
    console.error(`[mail] sending through ${transport.name} failed`, error);
    return { delivered: false };
  }
}
