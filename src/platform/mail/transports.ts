import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { GradinsConfig } from '../config/config.js';
import type { ClaimedMail } from './outbox.js';
import { devMailboxDir, writeDevMail } from './dev-mailbox.js';

/** A file sent with a mail, built in memory (never read from a path or a URL). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * What a transport delivers: an outbox row, or a mail sent at once without the outbox (an address that must
 * not be stored, such as a banned person's, AU-42 art. 6), possibly with attachments.
 */
export type OutgoingMail = Pick<ClaimedMail, 'id' | 'recipient' | 'subject' | 'text' | 'html'> & {
  attachments?: readonly MailAttachment[];
};

/** Where mails go: an SMTP server in production, the development mailbox otherwise. */
export interface MailTransport {
  readonly kind: 'smtp' | 'dev-mailbox';
  /** Resolves once the mail is accepted; rejects with the transport's error otherwise. */
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The transport the configuration names: `SMTP_URL`, else the development mailbox in the data folder. */
export function configuredTransport(
  config: Pick<GradinsConfig, 'smtpUrl' | 'dataDir'>,
  env: NodeJS.ProcessEnv,
  clock: () => Date,
): MailTransport {
  return config.smtpUrl
    ? smtpTransport(config.smtpUrl, mailFromAddress(env))
    : devMailboxTransport(devMailboxDir(config.dataDir), mailFromAddress(env), clock);
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
export function composeMessage(mail: OutgoingMail, from: string): SendMailOptions {
  return {
    from,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.attachments?.length
      ? {
          attachments: mail.attachments.map((file) => ({
            filename: file.filename,
            contentType: file.contentType,
            content: file.content,
          })),
        }
      : {}),
    messageId: `<${mail.id}@${domainOf(from)}>`,
  };
}

function domainOf(address: string): string {
  return /@([^\s>]+)>?\s*$/.exec(address)?.[1] ?? 'gradins.localhost';
}
