// The ticket code checked the way a third party would (docs/formats/ticket-code.md §7): the real `openssl`
// command line on the code's bytes with the key the platform publishes, the document's own shell and Python
// steps, and the QR code drawn as a PNG then read back by a QR decoder.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import vectors from '../../../test/fixtures/ticket-vectors.json' with { type: 'json' };
import { opensslVerifyTicketCode, qrFromPng } from '../../../test/support/ticket-qr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyStore, type KeyStore } from '../../platform/crypto/keystore.js';
import { publicKeysDocument } from '../../platform/crypto/public-keys-routes.js';
import { decodeBase45, encodeBase45 } from './domain/base45.js';
import { holderCheckOf } from './domain/holder-check.js';
import {
  signTicketCode,
  TICKET_CODE_PREFIX,
  TICKET_REFUSALS,
  type TicketRefusal,
  verifyTicketCode,
  type TicketCodeFields,
} from './domain/ticket-code.js';
import { pureEd25519, ticketKeysFromDocument } from './domain/ticket-keys.js';
import { keyStoreTicketSigner, nativeEd25519, platformTicketKeys } from './native-ticket-keys.js';
import { signedTicketCode, signedTicketCodes, ticketSigner } from './ticket-codes.js';

const available = (command: string, ...args: string[]) => spawnSync(command, args).status === 0;
const HAS_OPENSSL = available('openssl', 'version');
const HAS_SHELL_TOOLS = HAS_OPENSSL && available('python3', '--version') && available('jq', '--version');
if (!HAS_OPENSSL)
  console.warn('openssl is not installed: the command-line checks of the ticket code are SKIPPED');
else if (!HAS_SHELL_TOOLS)
  console.warn('python3 or jq is missing: the check of the document’s own shell steps is SKIPPED');

let scratch: string;
let keys: KeyStore;
let text: string;
// Set once the key store exists: a key signs nothing dated before its creation (key-not-valid).
let now: Date;
let fields: Omit<TicketCodeFields, 'kid'>;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-ticket-code-'));
  keys = await openKeyStore(path.join(scratch, 'keys'));
  const seconds = Math.ceil(Date.now() / 1000);
  now = new Date(seconds * 1000);
  fields = {
    ticketId: crypto.randomBytes(16).toString('hex'),
    eventId: crypto.randomUUID(),
    holder: holderCheckOf({ firstNames: 'Noémie', surname: 'Lefèvre', birthDate: '1987-11-02' }),
    issuedAt: seconds,
    notBefore: seconds - 3600,
    notAfter: seconds + 3600,
  };
  text = signTicketCode(fields, keyStoreTicketSigner(keys)).text;
  await fs.writeFile(path.join(scratch, 'keys.json'), JSON.stringify(publicKeysDocument(keys)));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

/** The code's text with one bit of its bytes changed. */
function withBitChanged(code: string, bit: number): string {
  const bytes = decodeBase45(code, TICKET_CODE_PREFIX.length)!;
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return TICKET_CODE_PREFIX + encodeBase45(bytes);
}

describe('ticket code with the platform key store', () => {
  it('is signed by the current ticket key and verified with the published keys (native and pure)', () => {
    const current = keys.publicSigningKeys().find((key) => key.purpose === 'ticket')!;
    const native = verifyTicketCode(text, { keys: platformTicketKeys(keys), eventId: fields.eventId, now });
    expect(native).toEqual({ ok: true, ticket: { ...fields, kid: current.kid } });
    const pure = ticketKeysFromDocument(publicKeysDocument(keys), pureEd25519);
    expect(verifyTicketCode(text, { keys: pure, eventId: fields.eventId, now })).toEqual(native);
  });

  it('refuses every one-bit change with the native verifier too, as the pure one does', () => {
    const native = platformTicketKeys(keys);
    const pure = ticketKeysFromDocument(publicKeysDocument(keys), pureEd25519);
    for (let bit = 0; bit < 121 * 8; bit += 1) {
      const changed = withBitChanged(text, bit);
      const result = verifyTicketCode(changed, { keys: native, eventId: fields.eventId, now });
      expect(result.ok, `bit ${bit}`).toBe(false);
      if (bit % 16 === 0)
        expect(verifyTicketCode(changed, { keys: pure, eventId: fields.eventId, now })).toEqual(result);
    }
  });

  it('refuses a code signed by another installation’s ticket key as from an unknown key', async () => {
    const other = await openKeyStore(path.join(scratch, 'other-keys'));
    // Issued once that store exists: its key signs nothing dated before it was created (key-not-valid).
    const later = { ...fields, issuedAt: Math.ceil(Date.now() / 1000) };
    const fromOther = signTicketCode(later, keyStoreTicketSigner(other)).text;
    const options = { eventId: fields.eventId, now: new Date(later.issuedAt * 1000) };
    expect(verifyTicketCode(fromOther, { keys: platformTicketKeys(keys), ...options })).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
    expect(verifyTicketCode(fromOther, { keys: platformTicketKeys(other), ...options }).ok).toBe(true);
    const before = signTicketCode({ ...fields, issuedAt: later.issuedAt - 600 }, keyStoreTicketSigner(other));
    expect(verifyTicketCode(before.text, { keys: platformTicketKeys(other), ...options })).toMatchObject({
      ok: false,
      reason: 'key-not-valid',
    });
  });
});

describe('ticket codes signed many at once (issuance)', () => {
  it('gives each ticket the code it gets alone, byte for byte, and no code where one alone gets none', async () => {
    const signer = ticketSigner(keys);
    const holder = holderCheckOf({ firstNames: 'Camille', surname: 'Durand', birthDate: '2005-03-14' });
    const issuedAt = new Date(now.getTime() + 1000);
    // Enough to be signed in worker threads; every 7th without a holder check yet, every 11th already over.
    const tickets = Array.from({ length: 600 }, (_, i) => ({
      id: crypto.randomBytes(16).toString('hex'),
      eventId: crypto.randomUUID().toUpperCase(),
      validFrom: new Date(now.getTime() + (i % 11 === 0 ? -7200_000 : 3600_000)),
      validUntil: new Date(now.getTime() + (i % 11 === 0 ? -3600_000 : 7200_000)),
    }));
    const holders = tickets.map((_, i) => (i % 7 === 0 ? null : holder));
    const many = await signedTicketCodes(signer, tickets, holders, issuedAt);
    expect(many).toEqual(tickets.map((ticket, i) => signedTicketCode(signer, ticket, holders[i]!, issuedAt)));
    expect(many.filter((code) => code.code === null)).toHaveLength(
      tickets.filter((_, i) => i % 7 === 0 || i % 11 === 0).length,
    );
    const keysOfPlatform = platformTicketKeys(keys);
    const sample = many.findIndex((code) => code.code !== null);
    const verified = verifyTicketCode(many[sample]!.code, {
      keys: keysOfPlatform,
      eventId: tickets[sample]!.eventId,
      now: new Date(tickets[sample]!.validFrom.getTime() + 60_000),
    });
    expect(verified).toMatchObject({ ok: true, ticket: { ticketId: tickets[sample]!.id } });
  });
});

describe.skipIf(!HAS_OPENSSL)('ticket code checked with the openssl command line', () => {
  it('verifies with `openssl pkeyutl -verify` and the spki_pem of keys.json, and fails once a bit changes', async () => {
    const document = publicKeysDocument(keys);
    const signer = keyStoreTicketSigner(keys);
    const pem = document.keys.find((key) => key.kid === signer.kid)!.spki_pem;
    const genuine = await opensslVerifyTicketCode(text, pem);
    expect(genuine).toEqual({ status: 0, output: 'Signature Verified Successfully\n' });
    for (const bit of [9 * 8, 30 * 8 + 3, 50 * 8 + 7, 60 * 8, 120 * 8 + 5]) {
      const changed = await opensslVerifyTicketCode(withBitChanged(text, bit), pem);
      expect(changed.status, `bit ${bit}`).toBe(1);
      expect(changed.output).toContain('Signature Verification Failure');
    }
    const otherPem = document.keys.find((key) => key.purpose === 'draw')!.spki_pem;
    expect((await opensslVerifyTicketCode(text, otherPem)).status).toBe(1);
  });

  it.skipIf(!HAS_SHELL_TOOLS)(
    'verifies by the steps of the format’s §7, run as written',
    async () => {
      const spec = await fs.readFile(
        new URL('../../../docs/formats/ticket-code.md', import.meta.url),
        'utf8',
      );
      const section = spec.slice(spec.indexOf('## 7.'), spec.indexOf('## 8.'));
      const blocks = [...section.matchAll(/```(python|sh)\n([\s\S]*?)```/g)].map(([, kind, body]) => ({
        kind,
        body: body!,
      }));
      const split = blocks.find((block) => block.kind === 'python')!.body;
      const [verify, fromX, fieldsLine] = blocks
        .filter((block) => block.kind === 'sh')
        .map((block) => block.body);
      expect(verify).toContain('openssl pkeyutl -verify');
      const run = async (code: string, script: string) => {
        const dir = await fs.mkdtemp(path.join(scratch, 'steps-'));
        await fs.writeFile(path.join(dir, 'ticket-split.py'), split);
        await fs.writeFile(path.join(dir, 'code.txt'), `${code}\n`);
        await fs.copyFile(path.join(scratch, 'keys.json'), path.join(dir, 'keys.json'));
        const result = spawnSync('bash', ['-e', '-c', script], { cwd: dir, encoding: 'utf8' });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      };
      expect(await run(text, verify!)).toMatchObject({
        status: 0,
        stdout: 'Signature Verified Successfully\n',
      });
      // The PEM built from `x` instead of taken from `spki_pem`, then the same openssl line.
      const opensslLine = verify!.split('\n').find((line) => line.startsWith('openssl'))!;
      const byX = `${verify!.split('\n').slice(0, 2).join('\n')}\n${fromX}\n${opensslLine}\n`;
      expect(await run(text, byX)).toMatchObject({ status: 0, stdout: 'Signature Verified Successfully\n' });
      const fieldsOut = await run(text, `python3 ticket-split.py < code.txt\n${fieldsLine}`);
      expect(fieldsOut.stdout.trim()).toBe(
        [
          fields.eventId.replace(/-/g, ''),
          fields.holder.initials,
          fields.holder.birthYear,
          fields.issuedAt,
          fields.notBefore,
          fields.notAfter,
        ].join(' '),
      );
      const changed = await run(withBitChanged(text, 200), verify!);
      expect(changed.status).toBe(1);
      expect(changed.stdout + changed.stderr).toContain('Signature Verification Failure');
      expect((await run(`${text.slice(0, -1)}a`, verify!)).status).not.toBe(0);
    },
    60_000,
  );
});

describe('the format document (docs/formats/ticket-code.md)', () => {
  it('is what the document says, byte for byte', async () => {
    const document = await fs.readFile(
      new URL('../../../docs/formats/ticket-code.md', import.meta.url),
      'utf8',
    );
    const spaced = document.match(/`01 21fe[0-9a-f ]+`/)?.[0].replace(/[` ]/g, '');
    expect(spaced).toBe(vectors.payload);
    expect(document).toContain(`\`${vectors.signature}\``);
    expect(document).toContain(`\`${vectors.text}\``);
    expect(document).toContain(`\`${vectors.fields.kid}\``);
    for (const reason of Object.keys(TICKET_REFUSALS) as TicketRefusal[])
      expect(document).toContain(`| \`${reason}\``);
    for (const { fr } of Object.values(TICKET_REFUSALS)) expect(document).toContain(fr);
  });
});

describe('ticket code in a QR code', () => {
  it('is drawn in alphanumeric mode, read back from the PNG by a QR decoder, and verifies', async () => {
    const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(qr.segments.map((segment) => segment.mode.id)).toEqual(['Alphanumeric']);
    expect(qr.version).toBe(8);
    const read = qrFromPng(png);
    expect(read).toBe(text);
    const result = verifyTicketCode(read, { keys: platformTicketKeys(keys), eventId: fields.eventId, now });
    expect(result.ok).toBe(true);
  });
});

describe('native and pure Ed25519 agree', () => {
  it('on genuine and altered signatures of random keys', () => {
    for (let i = 0; i < 20; i += 1) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
      const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
      const message = crypto.randomBytes(57);
      const signature = crypto.sign(null, message, privateKey);
      const altered = Uint8Array.from(signature);
      altered[i % 64]! ^= 0x10;
      for (const candidate of [signature, altered, signature.subarray(0, 63)])
        expect(nativeEd25519(raw)(message, candidate)).toBe(pureEd25519(raw)(message, candidate));
      expect(nativeEd25519(raw)(message, signature)).toBe(true);
    }
  });
});
