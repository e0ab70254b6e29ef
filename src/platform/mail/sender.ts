import type { GradinsConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { afterFailure, describeDeliveryError } from './delivery-policy.js';
import {
  claimDueMails,
  mailRetentionCutoff,
  markFailed,
  markSent,
  purgeSentMail,
  type ClaimedMail,
} from './outbox.js';
import { configuredTransport, type MailTransport } from './transports.js';

/** What the sender logs: mail ids, categories and error codes, never addresses, subjects or bodies. */
export interface MailLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface MailSender {
  readonly transport: MailTransport['kind'];
  /** Delivers every due mail once; several senders (processes) may run it at the same time. */
  sendPending(): Promise<{ sent: number; failed: number }>;
  /** Runs `sendPending` now and then every `intervalMs`, and purges old mails hourly. */
  start(intervalMs?: number): void;
  /** Stops the loop and waits for the run in progress. */
  stop(): Promise<void>;
}

export interface MailSenderOptions {
  database: Database;
  config: Pick<GradinsConfig, 'smtpUrl' | 'dataDir'>;
  logger: MailLogger;
  clock?: () => Date;
  env?: NodeJS.ProcessEnv;
  /** Mails claimed per round trip. */
  batchSize?: number;
}

/**
 * How long a claimed mail belongs to its sender. Far longer than the SMTP timeouts, so it only runs out
 * when the sender died; then another one sends the mail.
 */
const CLAIM_LEASE_MS = 15 * 60_000;
const PURGE_EVERY_MS = 60 * 60_000;

export function createMailSender(options: MailSenderOptions): MailSender {
  const { database, config, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const env = options.env ?? process.env;
  const batchSize = options.batchSize ?? 20;
  const transport = configuredTransport(config, env, clock);
  if (transport.kind === 'dev-mailbox' && env.NODE_ENV === 'production') {
    logger.warn({ transport: transport.kind }, 'SMTP_URL is not set: mails are written to files, not sent');
  }

  async function deliver(mail: ClaimedMail): Promise<boolean> {
    try {
      await transport.deliver(mail);
    } catch (error) {
      const reason = describeDeliveryError(error);
      const now = clock();
      const next = afterFailure(mail.attempts, now);
      const retryAt = next.kind === 'retry' ? next.sendAfter : undefined;
      await markFailed(database.db, mail.id, { error: reason, now, retryAt });
      const details = { mailId: mail.id, category: mail.category, attempts: mail.attempts, reason };
      if (retryAt) logger.warn({ ...details, retryAt: retryAt.toISOString() }, 'mail delivery failed');
      else logger.error(details, 'mail delivery given up');
      return false;
    }
    await markSent(database.db, mail.id, clock());
    logger.info({ mailId: mail.id, category: mail.category, transport: transport.kind }, 'mail sent');
    return true;
  }

  async function sendPending(): Promise<{ sent: number; failed: number }> {
    const counts = { sent: 0, failed: 0 };
    for (;;) {
      const now = clock();
      const leaseEnd = new Date(now.getTime() + CLAIM_LEASE_MS);
      const batch = await claimDueMails(database.db, { now, leaseEnd, limit: batchSize });
      for (const mail of batch) {
        if (await deliver(mail)) counts.sent += 1;
        else counts.failed += 1;
      }
      // Claimed mails are no longer due, so this ends even when every delivery fails.
      if (batch.length < batchSize) return counts;
    }
  }

  let lastPurge = 0;
  async function purgeIfDue(): Promise<void> {
    const now = clock();
    if (now.getTime() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now.getTime();
    const { deleted } = await purgeSentMail(database.db, mailRetentionCutoff(now));
    if (deleted > 0) logger.info({ deleted }, 'old mails purged from the outbox');
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  async function runOnce(): Promise<void> {
    try {
      await sendPending();
      await purgeIfDue();
    } catch (error) {
      // The database may be briefly away; the next round tries again.
      logger.error({ reason: describeDeliveryError(error) }, 'mail sending round failed');
    }
  }

  function schedule(delayMs: number, intervalMs: number): void {
    timer = setTimeout(() => {
      timer = undefined;
      running = runOnce().finally(() => {
        running = undefined;
        if (!stopped) schedule(intervalMs, intervalMs);
      });
    }, delayMs);
    // Pending mails wait for the next start; they never keep the process alive on their own.
    timer.unref();
  }

  return {
    transport: transport.kind,
    sendPending,
    start: (intervalMs = 10_000) => {
      if (!stopped) return;
      stopped = false;
      schedule(0, intervalMs);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      transport.close();
    },
  };
}
