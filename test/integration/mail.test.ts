import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GradinsConfig } from '../../src/platform/config/config.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrations.js';
import { mailOutbox } from '../../src/platform/db/schema/mail.js';
import { installAccessGuard } from '../../src/platform/http/access.js';
import { installErrorHandling } from '../../src/platform/http/error-handling.js';
import { devMailRoutes } from '../../src/platform/mail/dev-mail-routes.js';
import { parseEml } from '../../src/platform/mail/eml.js';
import { enqueueMail, purgeSentMail, type MailToSend } from '../../src/platform/mail/outbox.js';
import { createMailSender, type MailLogger, type MailSender } from '../../src/platform/mail/sender.js';
import { createScratchDatabase, databaseKinds, type ScratchDatabase } from '../support/database.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const invitation: MailToSend = {
  recipient: 'eloise.dupre@example.fr',
  subject: 'Invitation à rejoindre Gradins — créez votre accès',
  text: 'Bonjour Éloïse,\n\nVous êtes invitée à gérer les billets du club « Les Sang et Or ».\nÀ bientôt !\n',
  html: '<p>Bonjour Éloïse,</p>',
  category: 'accounts.invitation',
};

/** Log lines, kept to check that no address, subject or body reaches the logs. */
function recordingLogger(): MailLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (details: Record<string, unknown>, message: string) =>
    lines.push(`${message} ${JSON.stringify(details)}`);
  return { lines, info: record, warn: record, error: record };
}

/** A clock the test moves by hand; it starts a minute ahead so that mails just enqueued are due. */
function manualClock() {
  let now = new Date(Date.now() + 60_000);
  return {
    now: () => now,
    set: (date: Date) => {
      now = date;
    },
  };
}

describe.each(databaseKinds)('mail on %s', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    database = await openDatabase(scratch.config);
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });
  beforeEach(async () => {
    await database.db.delete(mailOutbox);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const config = (smtpUrl: string | undefined): Pick<GradinsConfig, 'smtpUrl' | 'dataDir'> => ({
    smtpUrl,
    dataDir: scratch.dataDir,
  });
  async function smtpServer(
    options: Parameters<typeof startTestSmtpServer>[0] = {},
  ): Promise<TestSmtpServer> {
    const server = await startTestSmtpServer(options);
    cleanups.push(server.close);
    return server;
  }
  function sender(
    options: Omit<Parameters<typeof createMailSender>[0], 'database'> & { database?: Database },
  ) {
    const created: MailSender = createMailSender({ database, env: {}, ...options });
    cleanups.push(created.stop);
    return created;
  }
  const outboxRow = async (id: string) =>
    (await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;

  it('delivers a committed mail over SMTP once, French accents intact', async () => {
    const smtp = await smtpServer({ auth: { user: 'gradins', pass: 'mot de passe' } });
    const clock = manualClock();
    const logger = recordingLogger();
    const mails = sender({ config: config(smtp.url), clock: clock.now, logger });
    const { id } = await database.transaction((tx) => enqueueMail(tx, invitation));

    expect(await mails.sendPending()).toEqual({ sent: 1, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const [arrived] = smtp.received;
    expect(arrived!.envelope).toEqual({
      from: 'ne-pas-repondre@gradins.localhost',
      to: [invitation.recipient],
    });
    expect(parseEml(arrived!.raw)).toEqual({
      to: invitation.recipient,
      subject: invitation.subject,
      text: invitation.text,
    });
    expect(arrived!.raw).toContain(`Message-ID: <${id}@gradins.localhost>`);
    expect(await outboxRow(id)).toMatchObject({ sentAt: clock.now(), attempts: 1, lastError: null });

    expect(await mails.sendPending()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(logger.lines.join('\n')).not.toMatch(/eloise|Éloïse|Invitation/);
  });

  it("sends at once a mail enqueued at the caller's time, even when that clock lags the database's", async () => {
    const smtp = await smtpServer();
    const clock = manualClock();
    clock.set(new Date('2020-01-01T00:00:00Z'));
    const mails = sender({ config: config(smtp.url), clock: clock.now, logger: recordingLogger() });
    const { id } = await database.transaction((tx) => enqueueMail(tx, invitation, { now: clock.now() }));

    expect(await mails.sendPending()).toEqual({ sent: 1, failed: 0 });
    expect(await outboxRow(id)).toMatchObject({ createdAt: clock.now(), sentAt: clock.now() });
  });

  it('sends nothing for a mail whose transaction rolled back', async () => {
    const smtp = await smtpServer();
    const mails = sender({ config: config(smtp.url), clock: manualClock().now, logger: recordingLogger() });

    await expect(
      database.transaction(async (tx) => {
        await enqueueMail(tx, invitation);
        throw new Error('the invitation could not be saved');
      }),
    ).rejects.toThrow('could not be saved');

    expect(await mails.sendPending()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
    expect(await database.db.select().from(mailOutbox)).toEqual([]);
  });

  it('retries a refused mail with a doubling back-off, then gives up after 8 attempts', async () => {
    const smtp = await smtpServer({ rejectRecipients: true });
    const clock = manualClock();
    const logger = recordingLogger();
    const mails = sender({ config: config(smtp.url), clock: clock.now, logger });
    const { id } = await enqueueMail(database.db, invitation);

    for (let attempt = 1; attempt <= 7; attempt += 1) {
      expect(await mails.sendPending()).toEqual({ sent: 0, failed: 1 });
      const row = await outboxRow(id);
      const wait = 2 ** attempt * 60_000;
      expect(row).toMatchObject({ attempts: attempt, lastError: 'EENVELOPE RCPT TO 550', failedAt: null });
      expect(row.sendAfter).toEqual(new Date(clock.now().getTime() + wait));
      // Not a second before its time.
      clock.set(new Date(row.sendAfter.getTime() - 1000));
      expect(await mails.sendPending()).toEqual({ sent: 0, failed: 0 });
      clock.set(row.sendAfter);
    }
    expect(await mails.sendPending()).toEqual({ sent: 0, failed: 1 });
    expect(await outboxRow(id)).toMatchObject({ attempts: 8, failedAt: clock.now(), sentAt: null });

    clock.set(new Date(clock.now().getTime() + 365 * 86_400_000));
    expect(await mails.sendPending()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
    expect(logger.lines.join('\n')).not.toContain('@example.fr');
  });

  // Concurrency between processes needs PostgreSQL (PGlite is one process, one connection): the test exists
  // only there, rather than being reported as skipped on PGlite.
  (kind === 'postgresql' ? it : () => undefined)(
    'delivers each mail exactly once when two servers send at the same time',
    async () => {
      const smtp = await smtpServer();
      // A second connection pool on the same database stands for a second server process.
      const otherProcess = await openDatabase(scratch.config);
      cleanups.push(() => otherProcess.close());
      const clock = manualClock();
      const senders = [database, otherProcess].map((db) =>
        sender({
          database: db,
          config: config(smtp.url),
          clock: clock.now,
          logger: recordingLogger(),
          batchSize: 3,
        }),
      );
      const count = 40;
      await database.transaction(async (tx) => {
        for (let index = 0; index < count; index += 1) {
          await enqueueMail(tx, { ...invitation, subject: `Billet n° ${index}` });
        }
      });

      const results = await Promise.all(senders.map((each) => each.sendPending()));

      expect(results.reduce((total, result) => total + result.sent, 0)).toBe(count);
      expect(results.every((result) => result.sent > 0 && result.failed === 0)).toBe(true);
      const subjects = smtp.received.map((message) => parseEml(message.raw).subject);
      expect(subjects).toHaveLength(count);
      expect(new Set(subjects).size).toBe(count);
    },
  );

  it('writes to the development mailbox without SMTP, and the dev route lists what it wrote', async () => {
    const clock = manualClock();
    const mails = sender({ config: config(undefined), clock: clock.now, logger: recordingLogger() });
    expect(mails.transport).toBe('dev-mailbox');
    const first = await database.transaction((tx) => enqueueMail(tx, invitation));
    expect(await mails.sendPending()).toEqual({ sent: 1, failed: 0 });
    clock.set(new Date(clock.now().getTime() + 1000));
    const second = await enqueueMail(database.db, { ...invitation, subject: 'Votre billet est prêt' });
    expect(await mails.sendPending()).toEqual({ sent: 1, failed: 0 });

    const mailDir = path.join(scratch.dataDir, 'mail');
    const files = await fs.readdir(mailDir);
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^\d{8}T\d{6}\.\d{3}Z-[0-9a-f-]{36}\.eml$/);
      expect((await fs.stat(path.join(mailDir, file))).mode & 0o777).toBe(0o600);
    }

    // A bare Fastify with the platform's guard and errors, until the route is wired into the app.
    const app = Fastify();
    cleanups.push(() => app.close());
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installAccessGuard(app, []);
    installErrorHandling(app);
    await app.register(devMailRoutes, { config: config(undefined), env: {} });

    const list = (await app.inject('/api/v1/dev/mail')).json() as { id: string; subject: string }[];
    expect(list.map((mail) => [mail.id, mail.subject])).toEqual([
      [second.id, 'Votre billet est prêt'],
      [first.id, invitation.subject],
    ]);
    const one = await app.inject(`/api/v1/dev/mail/${first.id}`);
    expect(one.json()).toMatchObject({ to: invitation.recipient, text: invitation.text });
    await fs.rm(mailDir, { recursive: true });
  });

  it('purges mails sent or given up before the cut-off, never pending ones', async () => {
    const cutOff = new Date('2030-01-31T00:00:00Z');
    const before = new Date('2030-01-01T00:00:00Z');
    const after = new Date('2030-02-15T00:00:00Z');
    const ids = {
      oldSent: (await enqueueMail(database.db, invitation)).id,
      oldFailed: (await enqueueMail(database.db, invitation)).id,
      recentSent: (await enqueueMail(database.db, invitation)).id,
      pending: (await enqueueMail(database.db, invitation)).id,
    };
    await database.db.update(mailOutbox).set({ sentAt: before }).where(eq(mailOutbox.id, ids.oldSent));
    await database.db.update(mailOutbox).set({ failedAt: before }).where(eq(mailOutbox.id, ids.oldFailed));
    await database.db.update(mailOutbox).set({ sentAt: after }).where(eq(mailOutbox.id, ids.recentSent));

    expect(await purgeSentMail(database.db, cutOff)).toEqual({ deleted: 2 });

    const left = await database.db.select({ id: mailOutbox.id }).from(mailOutbox);
    expect(left.map((row) => row.id).sort()).toEqual([ids.recentSent, ids.pending].sort());
  });
});
