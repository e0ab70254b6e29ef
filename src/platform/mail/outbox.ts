import { eq, inArray, lt, or, sql } from 'drizzle-orm';
import { selectRows, type Db, type Tx } from '../db/database.js';
import { mailOutbox } from '../db/schema/mail.js';

export interface MailToSend {
  recipient: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is about, e.g. `accounts.invitation`; it is logged, so it holds no personal data. */
  category: string;
  /** The record the mail is about (`applicant:<uuid>`), so that erasing it erases the mail. */
  about?: string;
}

/** A mail taken from the outbox by one sender, which alone may deliver it until its lease ends. */
export interface ClaimedMail {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string | null;
  category: string;
  /** Delivery attempts started, this one included. */
  attempts: number;
}

/**
 * Puts a mail in the outbox within the caller's transaction: it exists, and will be sent, only if the data
 * it speaks of commits with it. Pass the caller's `now` when it comes from a clock (a manual one in tests):
 * the sender compares `send_after` with that same clock, not with the database's.
 */
export async function enqueueMail(
  tx: Db | Tx,
  mail: MailToSend,
  options: { now?: Date } = {},
): Promise<{ id: string }> {
  const [row] = await enqueueMails(tx, [mail], options);
  if (!row) throw new Error('mail_outbox insert returned no row');
  return row;
}

/**
 * `enqueueMail` for many mails at once (a draw's publication mails every holder): one statement per 2,000
 * mails, a parameter per column (`unnest`), the ids returned in the mails' order.
 */
export async function enqueueMails(
  tx: Db | Tx,
  mails: readonly MailToSend[],
  options: { now?: Date } = {},
): Promise<{ id: string }[]> {
  const ids: { id: string }[] = [];
  const at = options.now ? options.now.toISOString() : null;
  for (let start = 0; start < mails.length; start += 2000) {
    const slice = mails.slice(start, start + 2000);
    const column = (pick: (mail: MailToSend) => string | null) => sql.param(slice.map(pick));
    const rows = await selectRows<{ id: string }>(
      tx,
      sql`insert into mail_outbox (recipient, subject, text_body, html_body, category, about, created_at,
            send_after)
          select m.recipient, m.subject, m.text_body, m.html_body, m.category, m.about,
            coalesce(${at}::timestamptz, now()), coalesce(${at}::timestamptz, now())
          from unnest(${column((mail) => mail.recipient)}::text[], ${column((mail) => mail.subject)}::text[],
            ${column((mail) => mail.text)}::text[], ${column((mail) => mail.html ?? null)}::text[],
            ${column((mail) => mail.category)}::text[], ${column((mail) => mail.about ?? null)}::text[])
            with ordinality as m(recipient, subject, text_body, html_body, category, about, n)
          order by m.n
          returning id`,
    );
    ids.push(...rows);
  }
  return ids;
}

/**
 * Claims up to `limit` due mails for one sender: the rows are locked with SKIP LOCKED, so a concurrent
 * sender passes over them, and their `send_after` moves to the end of the lease, so they are no longer due
 * once this commits. A sender that dies mid-delivery thus leaves its mails to be claimed again after the
 * lease. The attempt is counted now, so a mail that crashes its sender is still given up in the end.
 */
export async function claimDueMails(
  db: Db,
  options: { now: Date; leaseEnd: Date; limit: number },
): Promise<ClaimedMail[]> {
  const rows = await selectRows<{
    id: string;
    recipient: string;
    subject: string;
    text_body: string;
    html_body: string | null;
    category: string;
    attempts: number;
  }>(
    db,
    sql`with due as (
          select id from mail_outbox
          where sent_at is null and failed_at is null and send_after <= ${options.now.toISOString()}::timestamptz
          order by send_after, created_at
          limit ${options.limit}
          for update skip locked
        )
        update mail_outbox set send_after = ${options.leaseEnd.toISOString()}::timestamptz,
          attempts = mail_outbox.attempts + 1
        from due where mail_outbox.id = due.id
        returning mail_outbox.id, recipient, subject, text_body, html_body, category, attempts`,
  );
  return rows.map((row) => ({
    id: row.id,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    category: row.category,
    attempts: Number(row.attempts),
  }));
}

export async function markSent(db: Db, id: string, now: Date): Promise<void> {
  await db.update(mailOutbox).set({ sentAt: now, lastError: null }).where(eq(mailOutbox.id, id));
}

/** Records a failed attempt: `retryAt` set means try again then; unset means give up now. */
export async function markFailed(
  db: Db,
  id: string,
  failure: { error: string; now: Date; retryAt: Date | undefined },
): Promise<void> {
  await db
    .update(mailOutbox)
    .set(
      failure.retryAt
        ? { lastError: failure.error, sendAfter: failure.retryAt }
        : { lastError: failure.error, failedAt: failure.now },
    )
    .where(eq(mailOutbox.id, id));
}

/**
 * Deletes every mail, queued or sent, about these records (erasure: the addresses and personal links they
 * hold go with the record).
 */
export async function deleteMailAbout(tx: Db | Tx, about: string[]): Promise<{ deleted: number }> {
  if (about.length === 0) return { deleted: 0 };
  const deleted = await tx
    .delete(mailOutbox)
    .where(inArray(mailOutbox.about, about))
    .returning({ id: mailOutbox.id });
  return { deleted: deleted.length };
}

/**
 * How long a sent (or given-up) mail stays in the outbox. Mails hold personal data (addresses, names,
 * personal links), so they are kept only as long as it takes to answer "did my mail leave?".
 */
export const MAIL_RETENTION_DAYS = 30;

export function mailRetentionCutoff(now: Date, days: number = MAIL_RETENTION_DAYS): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * Deletes the mails sent, or given up, before `olderThan`. Pending mails are never purged: they still have
 * to be delivered.
 */
export async function purgeSentMail(db: Db | Tx, olderThan: Date): Promise<{ deleted: number }> {
  const deleted = await db
    .delete(mailOutbox)
    .where(or(lt(mailOutbox.sentAt, olderThan), lt(mailOutbox.failedAt, olderThan)))
    .returning({ id: mailOutbox.id });
  return { deleted: deleted.length };
}
