import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { ClaimedMail } from './outbox.js';
import { writeDevMail } from './dev-mailbox.js';

/** Where mails go: an SMTP server in production, the development mailbox otherwise. */
export interface MailTransport {
  readonly kind: 'smtp' | 'dev-mailbox';
  /** Resolves once the mail is accepted; rejects with the transport's error otherwise. */
  deliver(mail: ClaimedMail): Promise<void>;
  close(): void;
}

export const DEFAULT_MAIL_FROM = 'Gradins <ne-pas-repondre@gradins.localhost>';

/** The sender address: `GRADINS_MAIL_FROM`, or a no-reply address that cannot leave the machine. */
export function mailFromAddress(env: NodeJS.ProcessEnv): string {
  return env.GRADINS_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
}

/**
 * The SMTP transport of `SMTP_URL` (smtp://user:pass@host:587, smtps://… for implicit TLS). Timeouts are short
 * enough that one delivery always ends well within the sender's lease on the mail.
 */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    // Mail content never names files or URLs to attach; refuse them rather than trust every caller.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    kind: 'smtp',
    deliver: async (mail) => {
      await transporter.sendMail(composeMessage(mail, from));
    },
    close: () => transporter.close(),
  };
}

/** Writes each mail as an `.eml` file in `dir`, for development without an SMTP server. */
export function devMailboxTransport(dir: string, from: string, clock: () => Date): MailTransport {
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    // RFC 5322 lines end with CRLF.
    newline: 'windows',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    kind: 'dev-mailbox',
    deliver: async (mail) => {
      const { message } = await composer.sendMail(composeMessage(mail, from));
      // `buffer: true` makes nodemailer return the whole message rather than a stream.
      if (!Buffer.isBuffer(message)) throw new TypeError('the mail composer returned a stream');
      await writeDevMail(dir, { id: mail.id, receivedAt: clock(), message });
    },
    close: () => composer.close(),
  };
}

/**
 * The message of an outbox row. Its Message-ID derives from the row id, so a mail sent twice (a sender that
 * died after the server accepted it) can be recognised as one by the receiving side.
 */
export function composeMessage(mail: ClaimedMail, from: string): SendMailOptions {
  return {
    from,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: `<${mail.id}@${domainOf(from)}>`,
  };
}

function domainOf(address: string): string {
  return /@([^\s>]+)>?\s*$/.exec(address)?.[1] ?? 'gradins.localhost';
}
