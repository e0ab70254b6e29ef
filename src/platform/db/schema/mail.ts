import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The transactional outbox: a mail is written here in the same transaction as the data it speaks of, and
 * sent only after that transaction commits. Sent mails are purged after a retention period.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    /** What the mail is about, e.g. `accounts.invitation` (no personal data). */
    category: text('category').notNull(),
    /**
     * The record the mail is about, e.g. `applicant:<uuid>` (an id, no personal data): erasing the record
     * erases its mails, and the personal links they carry, at once.
     */
    about: text('about'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Not before: retries wait. */
    sendAfter: timestamp('send_after', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Given up after too many attempts. */
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (table) => [
    index('mail_outbox_pending').on(table.sentAt, table.failedAt, table.sendAfter),
    index('mail_outbox_about').on(table.about),
  ],
);
