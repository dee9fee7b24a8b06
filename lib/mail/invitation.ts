import type { MailMessage } from './send';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** The email that carries an invitation link. */
export function invitationMail(options: {
  to: string;
  name: string;
  partnershipName: string;
  invitedBy: string;
  /** Plain-words roles, e.g. "Head teacher at Bank Road Infant and Nursery School". */
  roles: string[];
  link: string;
  expiresAt: Date;
}): MailMessage {
  return {
    to: options.to,
    subject: `You are invited to ${options.partnershipName} on jointplan`,
    text: [
      `Dear ${options.name},`,
      '',
      `${options.invitedBy} has invited you to join ${options.partnershipName} on jointplan, where the partnership keeps its Collaboration Action Plan.`,
      '',
      `Your role${options.roles.length > 1 ? 's' : ''}:`,
      ...options.roles.map((r) => `  - ${r}`),
      '',
      'To accept, open this link and choose a password (or, if you already use jointplan, confirm):',
      options.link,
      '',
      `The link works once, until ${dateFormat.format(options.expiresAt)}. If you were not expecting this, you can ignore it.`,
    ].join('\n'),
  };
}
