import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  devMailboxEnabled,
  devMailFileName,
  findDevMail,
  isLoopbackAddress,
  listDevMails,
  mayReadDevMailbox,
  writeDevMail,
} from './dev-mailbox.js';

const message = (subject: string) =>
  Buffer.from(
    `To: a@example.fr\r\nSubject: ${subject}\r\nContent-Type: text/plain\r\n\r\nCorps\r\n`,
    'latin1',
  );
const firstId = '0190a1b2-0000-7000-8000-000000000001';
const secondId = '0190a1b2-0000-7000-8000-000000000002';

describe('devMailboxEnabled', () => {
  it('is on only without SMTP and outside production', () => {
    expect(devMailboxEnabled({ smtpUrl: undefined }, {})).toBe(true);
    expect(devMailboxEnabled({ smtpUrl: undefined }, { NODE_ENV: 'test' })).toBe(true);
    expect(devMailboxEnabled({ smtpUrl: 'smtp://localhost:25' }, {})).toBe(false);
    expect(devMailboxEnabled({ smtpUrl: undefined }, { NODE_ENV: 'production' })).toBe(false);
  });
});

describe('mayReadDevMailbox', () => {
  it('knows the loopback addresses, in the forms they arrive in', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '::1',
      '::ffff:127.0.0.1',
      '[::1]:51234',
      '127.0.0.1:8080',
    ])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [
      '192.168.1.20',
      '10.0.0.5',
      '203.0.113.7',
      '::ffff:192.168.1.20',
      'fe80::1',
      '::',
      '0.0.0.0',
      '128.0.0.1',
      '127.0.0.256',
      'localhost',
      'unknown',
      '',
    ])
      expect(isLoopbackAddress(address), address).toBe(false);
  });

  it('answers the server’s own machine only', () => {
    expect(mayReadDevMailbox({ clientAddress: '127.0.0.1' })).toBe(true);
    expect(mayReadDevMailbox({ clientAddress: '::1' })).toBe(true);
    expect(mayReadDevMailbox({ clientAddress: '192.168.1.20' })).toBe(false);
    expect(mayReadDevMailbox({ clientAddress: '::ffff:10.1.2.3' })).toBe(false);
  });

  it('refuses a request a proxy on this machine forwarded for another one, trusted or not', () => {
    const throughProxy = { clientAddress: '127.0.0.1' };
    expect(mayReadDevMailbox({ ...throughProxy, forwardedFor: '192.168.1.20' })).toBe(false);
    expect(mayReadDevMailbox({ ...throughProxy, forwardedFor: '127.0.0.1, 192.168.1.20' })).toBe(false);
    expect(mayReadDevMailbox({ ...throughProxy, forwarded: 'for=192.0.2.60;proto=http;by=127.0.0.1' })).toBe(
      false,
    );
    expect(mayReadDevMailbox({ ...throughProxy, forwarded: 'for="[2001:db8:cafe::17]:4711"' })).toBe(false);
    expect(mayReadDevMailbox({ ...throughProxy, forwardedFor: '127.0.0.1' })).toBe(true);
    expect(mayReadDevMailbox({ ...throughProxy, forwarded: 'for="[::1]";proto=https' })).toBe(true);
  });
});

describe('development mailbox files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-mailbox-')), 'mail');
  });
  afterEach(async () => {
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('names each file after its ISO 8601 time and its outbox id', () => {
    expect(devMailFileName(new Date('2030-05-01T10:02:03.004Z'), firstId)).toBe(
      `20300501T100203.004Z-${firstId}.eml`,
    );
  });

  it('writes mails readable by the owner only, in a folder only the owner can enter', async () => {
    const file = await writeDevMail(dir, {
      id: firstId,
      receivedAt: new Date('2030-05-01T10:00:00Z'),
      message: message('Un'),
    });
    expect((await fs.stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    expect(await fs.readdir(dir)).toEqual([file]);
  });

  it('lists mails newest first, ignores other files, and finds one by id', async () => {
    await writeDevMail(dir, {
      id: firstId,
      receivedAt: new Date('2030-05-01T10:00:00Z'),
      message: message('Un'),
    });
    await writeDevMail(dir, {
      id: secondId,
      receivedAt: new Date('2030-05-01T11:00:00Z'),
      message: message('Deux'),
    });
    await fs.writeFile(path.join(dir, 'notes.txt'), 'not a mail');

    const mails = await listDevMails(dir);
    expect(mails.map((mail) => [mail.subject, mail.receivedAt])).toEqual([
      ['Deux', '2030-05-01T11:00:00.000Z'],
      ['Un', '2030-05-01T10:00:00.000Z'],
    ]);
    expect(await findDevMail(dir, firstId)).toMatchObject({
      id: firstId,
      to: 'a@example.fr',
      text: 'Corps\n',
    });
    expect(await findDevMail(dir, '0190a1b2-0000-7000-8000-00000000000f')).toBeUndefined();
  });

  it('treats a mailbox that was never written as empty', async () => {
    expect(await listDevMails(dir)).toEqual([]);
  });
});
