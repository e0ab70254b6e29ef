import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../../../test/fixtures/ticket-vectors.json' with { type: 'json' };
import { decodeBase45, encodeBase45 } from './base45.js';
import { holderCheckOf } from './holder-check.js';
import {
  checkIssuedTicketCode,
  decodeTicketPayload,
  encodeTicketPayload,
  MAX_TICKET_CODE_LENGTH,
  parseTicketCode,
  signTicketCode,
  signTicketCodeBytes,
  TICKET_CODE_LENGTH,
  TICKET_CODE_PREFIX,
  TICKET_REFUSALS,
  ticketCodeText,
  verifyTicketCode,
  type TicketCodeFields,
  type TicketSigner,
} from './ticket-code.js';
import { ticketKeysFromDocument } from './ticket-keys.js';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

/** A signer from a 32-byte Ed25519 secret, with the published document of its key. */
function signerOf(secret: Uint8Array, notAfter: string | null = null) {
  const raw = ed25519.getPublicKey(secret);
  const kid = `ticket-${hex(sha256(raw).subarray(0, 8))}`;
  const signer: TicketSigner = { kid, sign: (message) => ed25519.sign(message, secret) };
  const published = {
    kid,
    purpose: 'ticket',
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from(raw).toString('base64url'),
    not_before: '2024-01-01T00:00:00.000Z',
    not_after: notAfter,
  };
  return { signer, published };
}

const vectorKey = signerOf(bytes(vectors.keys[0]!.seed), '2026-12-31T23:59:59.000Z');
const otherKey = signerOf(bytes(vectors.keys[1]!.seed));
const keys = ticketKeysFromDocument(vectors.keys_document);
const { kid: _kid, ...fields } = vectors.fields as TicketCodeFields;
const at = new Date(vectors.verify.now);
const eventId = vectors.verify.event_id;
const verify = (text: unknown, change: { now?: Date; eventId?: string } = {}) =>
  verifyTicketCode(text, { keys, eventId: change.eventId ?? eventId, now: change.now ?? at });
const reasonOf = (text: unknown, change?: { now?: Date; eventId?: string }) => {
  const result = verify(text, change);
  return result.ok ? null : result.reason;
};

describe('ticket code test vectors (docs/formats/ticket-code.md §8)', () => {
  it('builds the payload bytes, the signature and the text of the vectors', () => {
    expect(holderCheckOf(vectors.identity)).toEqual(fields.holder);
    expect(vectorKey.signer.kid).toBe(vectors.fields.kid);
    expect(hex(encodeTicketPayload(vectors.fields as TicketCodeFields))).toBe(vectors.payload);
    const signed = signTicketCode(fields, vectorKey.signer);
    expect(hex(signed.payload)).toBe(vectors.payload);
    expect(hex(signed.signature)).toBe(vectors.signature);
    expect(signed.text).toBe(vectors.text);
    expect(signed.text).toHaveLength(TICKET_CODE_LENGTH);
    expect(decodeTicketPayload(signed.payload)).toEqual({ ok: true, fields: vectors.fields });
    // The bytes issuance may store, and the text written from them later.
    const stored = signTicketCodeBytes(fields, vectorKey.signer);
    expect(hex(stored.code)).toBe(vectors.payload + vectors.signature);
    expect(ticketCodeText(stored.code)).toBe(vectors.text);
  });

  it('gives every case of the vectors its reason', () => {
    expect(vectors.cases.length).toBeGreaterThan(20);
    for (const item of vectors.cases) {
      const now = item.now ? new Date(item.now) : undefined;
      expect({ name: item.name, reason: reasonOf(item.text, { now, eventId: item.event_id }) }).toEqual({
        name: item.name,
        reason: item.reason,
      });
    }
  });
});

describe('ticket code verification', () => {
  const code = decodeBase45(vectors.text, TICKET_CODE_PREFIX.length)!;
  const textOf = (value: Uint8Array) => TICKET_CODE_PREFIX + encodeBase45(value);

  it('accepts the genuine code and returns what it says', () => {
    expect(verify(vectors.text)).toEqual({ ok: true, ticket: vectors.fields });
    expect(verify(vectors.text, { eventId: eventId.toUpperCase() }).ok).toBe(true);
  });

  it('refuses a code with any one of its bits changed', () => {
    // Every bit of every byte (968 of them); the pure verifier here, the native one in ticket-code-tools.test.ts.
    const reasons = new Set<string>();
    for (let bit = 0; bit < code.length * 8; bit += 1) {
      const changed = Uint8Array.from(code);
      changed[bit >> 3]! ^= 1 << (bit & 7);
      const result = verify(textOf(changed));
      expect(result.ok, `bit ${bit}`).toBe(false);
      if (!result.ok) reasons.add(result.reason);
    }
    expect([...reasons].sort()).toEqual([
      'invalid-signature',
      'malformed',
      'unknown-key',
      'unsupported-version',
    ]);
    // 968 pure-JS verifications: seconds on a loaded machine.
  }, 60_000);

  it('checks all but the signature for the issuer’s online check, which compares the code with its own', () => {
    const changed = Uint8Array.from(code);
    changed[code.length - 1]! ^= 1;
    const options = { keys, eventId, now: at };
    expect(checkIssuedTicketCode(textOf(changed), options)).toEqual({ ok: true, ticket: vectors.fields });
    expect(verifyTicketCode(textOf(changed), options)).toEqual({ ok: false, reason: 'invalid-signature' });
    const otherKeyId = Uint8Array.from(code);
    otherKeyId[1]! ^= 0xff;
    expect(checkIssuedTicketCode(textOf(otherKeyId), options)).toEqual({ ok: false, reason: 'unknown-key' });
    expect(
      checkIssuedTicketCode(vectors.text, { ...options, eventId: '4d2f8a60-3b1c-4e5a-9f7d-2c6b8e1a0d94' }),
    ).toMatchObject({
      ok: false,
      reason: 'other-event',
    });
  });

  it('refuses a code signed by another key, whether it names that key or the trusted one', () => {
    const signed = signTicketCode(fields, otherKey.signer);
    expect(reasonOf(signed.text)).toBe('unknown-key');
    const impostor = { kid: vectorKey.signer.kid, sign: otherKey.signer.sign };
    expect(reasonOf(signTicketCode(fields, impostor).text)).toBe('invalid-signature');
    const both = ticketKeysFromDocument({ keys: [vectors.keys_document.keys[0], otherKey.published] });
    expect(verifyTicketCode(signed.text, { keys: both, eventId, now: at }).ok).toBe(true);
  });

  it('refuses another event, and outside its hours, but says what the genuine code is', () => {
    const other = verify(vectors.text, { eventId: '4d2f8a60-3b1c-4e5a-9f7d-2c6b8e1a0d94' });
    expect(other).toEqual({ ok: false, reason: 'other-event', ticket: vectors.fields });
    const second = (delta: number, base: number) => ({ now: new Date((base + delta) * 1000) });
    expect(reasonOf(vectors.text, second(-1, fields.notBefore))).toBe('not-yet-valid');
    expect(reasonOf(vectors.text, second(0, fields.notBefore))).toBeNull();
    expect(reasonOf(vectors.text, second(0.999, fields.notAfter))).toBeNull();
    expect(reasonOf(vectors.text, second(1, fields.notAfter))).toBe('expired');
    // Before its hours and for another event: the event is said first.
    expect(
      reasonOf(vectors.text, {
        ...second(-3600, fields.notBefore),
        eventId: '00000000-0000-4000-8000-000000000000',
      }),
    ).toBe('other-event');
  });

  it('holds the key to its validity and refuses codes from the future', () => {
    const late = signTicketCode(
      { ...fields, issuedAt: Date.parse('2027-01-01T00:00:00Z') / 1000, notAfter: 1_900_000_000 },
      vectorKey.signer,
    );
    expect(reasonOf(late.text, { now: new Date('2027-01-01T00:00:00Z') })).toBe('key-not-valid');
    const early = signTicketCode(
      { ...fields, issuedAt: Date.parse('2023-12-31T23:59:59Z') / 1000 },
      vectorKey.signer,
    );
    expect(reasonOf(early.text)).toBe('key-not-valid');
    const soon = signTicketCode({ ...fields, issuedAt: at.getTime() / 1000 + 300 }, vectorKey.signer);
    expect(reasonOf(soon.text)).toBeNull();
    const future = signTicketCode({ ...fields, issuedAt: at.getTime() / 1000 + 301 }, vectorKey.signer);
    expect(reasonOf(future.text)).toBe('issued-in-future');
    expect(verifyTicketCode(future.text, { keys, eventId, now: at, clockSkewSeconds: 0 })).toMatchObject({
      reason: 'issued-in-future',
    });
  });

  it('refuses truncated, oversized and non-base45 codes with the reason', () => {
    for (let length = 0; length < code.length; length += 1) {
      const reason = reasonOf(textOf(code.subarray(0, length)));
      expect(reason, `${length} bytes`).toBe('truncated');
    }
    for (let extra = 1; extra <= 100; extra += 1) {
      const longer = new Uint8Array(code.length + extra);
      longer.set(code);
      expect(reasonOf(textOf(longer)), `${extra} more`).toBe('trailing-bytes');
    }
    expect(reasonOf(TICKET_CODE_PREFIX + 'A'.repeat(MAX_TICKET_CODE_LENGTH))).toBe('too-long');
    expect(reasonOf(vectors.text.replace('J6036', 'j6036'))).toBe('not-base45');
    expect(reasonOf(` ${vectors.text}`)).toBe('not-a-ticket-code');
    expect(reasonOf(vectors.text.replace('GT1:', 'GT12:'))).toBe('unsupported-version');
    for (const garbage of [undefined, null, 42, {}, ['GT1:'], '', 'GT1', 'https://example.org/'])
      expect(verify(garbage).ok).toBe(false);
    // Without a valid clock nothing is admitted: the caller is told at once.
    expect(() => verify(vectors.text, { now: new Date('not a date') })).toThrow(RangeError);
  });

  it('decodes payload bytes strictly', () => {
    const payload = bytes(vectors.payload);
    expect(decodeTicketPayload(new Uint8Array())).toEqual({ ok: false, reason: 'truncated' });
    expect(decodeTicketPayload(payload.subarray(0, 56))).toEqual({ ok: false, reason: 'truncated' });
    expect(decodeTicketPayload(Uint8Array.from([...payload, 0]))).toEqual({
      ok: false,
      reason: 'trailing-bytes',
    });
    expect(decodeTicketPayload(Uint8Array.of(2, ...payload.subarray(1)))).toEqual({
      ok: false,
      reason: 'unsupported-version',
    });
    const field = (offset: number, ...values: number[]) => {
      const changed = Uint8Array.from(payload);
      changed.set(values, offset);
      return decodeTicketPayload(changed);
    };
    expect(field(41, 0x2d, 0x2d)).toMatchObject({ ok: true });
    expect(field(41, 0x40)).toEqual({ ok: false, reason: 'malformed' }); // "@"
    expect(field(42, 0x5b)).toEqual({ ok: false, reason: 'malformed' }); // "["
    expect(field(43, 0x07, 0x6b)).toEqual({ ok: false, reason: 'malformed' }); // 1899
    expect(field(43, 0x08, 0x35)).toEqual({ ok: false, reason: 'malformed' }); // 2101
    expect(field(53, 0x66, 0xa4, 0xa1, 0xf8)).toEqual({ ok: false, reason: 'malformed' }); // not_after = not_before
    expect(field(45, 0x66, 0xa4, 0xfd, 0x61)).toEqual({ ok: false, reason: 'malformed' }); // issued after not_after
    // A view into a larger buffer reads the same.
    const larger = new Uint8Array(100);
    larger.set(payload, 20);
    expect(decodeTicketPayload(larger.subarray(20, 77))).toEqual({ ok: true, fields: vectors.fields });
  });

  it('refuses to build a code the format cannot carry', () => {
    const full = vectors.fields as TicketCodeFields;
    const wrong: Partial<TicketCodeFields>[] = [
      { kid: 'draw-21fe31dfa154a261' },
      { ticketId: '0F1E2D3C4B5A69788796A5B4C3D2E1F0' },
      { ticketId: '0f1e' },
      { eventId: 'not-a-uuid' },
      { holder: { initials: 'éd', birthYear: 2009 } },
      { holder: { initials: 'ED', birthYear: 1800 } },
      { issuedAt: -1 },
      { notAfter: 2 ** 32 },
      { notBefore: 1.5 },
      { notBefore: full.notAfter },
    ];
    for (const change of wrong) expect(() => encodeTicketPayload({ ...full, ...change })).toThrow(TypeError);
  });

  it('never throws and always gives a reason, whatever the input (property)', () => {
    const base45Text = fc.uint8Array({ maxLength: 200 }).map((value) => textOf(value));
    const mutated = fc
      .tuple(fc.nat(vectors.text.length - 1), fc.string({ unit: 'binary', maxLength: 3 }), fc.nat(3))
      .map(([at, insert, remove]) => vectors.text.slice(0, at) + insert + vectors.text.slice(at + remove));
    const anything = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 700 }),
      fc.string({ maxLength: 300 }).map((value) => TICKET_CODE_PREFIX + value),
      base45Text,
      mutated,
      fc.anything(),
    );
    fc.assert(
      fc.property(anything, (input) => {
        const result = verify(input);
        if (result.ok) expect(input).toBe(vectors.text);
        else expect(TICKET_REFUSALS[result.reason]).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it('parses without copying: payload and signature are views into one buffer', () => {
    const parsed = parseTicketCode(vectors.text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.payload.buffer).toBe(parsed.signature.buffer);
    expect(hex(parsed.signature)).toBe(vectors.signature);
  });
});

describe('trusted keys from keys.json', () => {
  const published = vectors.keys_document.keys[0]!;
  const only = (key: Record<string, unknown>) => ticketKeysFromDocument({ keys: [key] });

  it('keeps the ticket keys whose kid matches their public key, with their dates in seconds', () => {
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kid: published.kid,
      notBefore: Date.parse(published.not_before) / 1000,
      notAfter: Math.floor(Date.parse(published.not_after!) / 1000),
    });
    expect(only({ ...published, not_after: null })[0]?.notAfter).toBeNull();
  });

  it('leaves out anything else, so its codes are refused as unknown', () => {
    expect(only({ ...published, purpose: 'draw' })).toEqual([]);
    expect(only({ ...published, kid: 'ticket-0000000000000000' })).toEqual([]);
    expect(only({ ...published, x: otherKey.published.x })).toEqual([]);
    expect(only({ ...published, x: published.x.slice(1) })).toEqual([]);
    expect(only({ ...published, crv: 'X25519' })).toEqual([]);
    expect(only({ ...published, not_before: 'yesterday' })).toEqual([]);
    expect(ticketKeysFromDocument(null)).toEqual([]);
    expect(ticketKeysFromDocument({ keys: 'none' })).toEqual([]);
    expect(verifyTicketCode(vectors.text, { keys: [], eventId, now: at })).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });
});
