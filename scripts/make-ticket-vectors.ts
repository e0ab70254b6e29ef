// Writes test/fixtures/ticket-vectors.json, the test vectors of docs/formats/ticket-code.md §8, and prints them
// as Markdown for that section. Run with `node --import tsx scripts/make-ticket-vectors.ts`; the unit tests then
// check the code against the file, and the file against the document.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { encodeBase45 } from '../src/modules/tickets/domain/base45.js';
import { holderCheckOf } from '../src/modules/tickets/domain/holder-check.js';
import {
  decodeTicketPayload,
  signTicketCode,
  TICKET_CODE_PREFIX,
  TICKET_REFUSALS,
  verifyTicketCode,
  type TicketCodeFields,
  type TicketSigner,
} from '../src/modules/tickets/domain/ticket-code.js';
import { ticketKeysFromDocument } from '../src/modules/tickets/domain/ticket-keys.js';

/** RFC 8032 §7.1 test 1 (the key of docs/formats/public-keys.md) and test 2: public, for vectors only. */
const TEST_KEYS = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    x: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    x: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
  },
];

function testKey(index: number) {
  const { seed, x } = TEST_KEYS[index]!;
  const jwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    d: Buffer.from(seed, 'hex').toString('base64url'),
    x: Buffer.from(x, 'hex').toString('base64url'),
  };
  const privateKey = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  const publicKey = crypto.createPublicKey(privateKey);
  const kid = `ticket-${crypto.createHash('sha256').update(Buffer.from(x, 'hex')).digest('hex').slice(0, 16)}`;
  const signer: TicketSigner = { kid, sign: (message) => crypto.sign(null, message, privateKey) };
  return {
    seed,
    x,
    kid,
    signer,
    published: {
      kid,
      purpose: 'ticket',
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      x: jwk.x,
      spki_pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      not_before: '2024-01-01T00:00:00.000Z',
      not_after: '2026-12-31T23:59:59.000Z',
    },
  };
}

const key = testKey(0);
const otherKey = testKey(1);
// Only the first key is published: codes signed by the second are from an unknown key.
const keysDocument = { issuer: 'gradins', keys: [key.published] };
const seconds = (iso: string) => Date.parse(iso) / 1000;

const identity = { firstNames: 'Élise Marie', surname: 'd’Arc', birthDate: '2009-05-14' };
const fields: Omit<TicketCodeFields, 'kid'> = {
  ticketId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  eventId: '4d2f8a60-3b1c-4e5a-9f7d-2c6b8e1a0d93',
  holder: holderCheckOf(identity),
  issuedAt: seconds('2024-06-01T10:00:00Z'),
  notBefore: seconds('2024-07-27T07:30:00Z'),
  notAfter: seconds('2024-07-27T14:00:00Z'),
};
const signed = signTicketCode(fields, key.signer);
const code = Buffer.concat([signed.payload, signed.signature]);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const text = (bytes: Uint8Array, prefix = TICKET_CODE_PREFIX) => prefix + encodeBase45(bytes);
const flip = (bytes: Uint8Array, index: number, bit = 0) => {
  const copy = Uint8Array.from(bytes);
  copy[index]! ^= 1 << bit;
  return copy;
};
const resigned = (change: Partial<Omit<TicketCodeFields, 'kid'>>, signer = key.signer) =>
  signTicketCode({ ...fields, ...change }, signer).text;
/** A payload the platform would never build, signed all the same: it is refused before its signature. */
const signedRaw = (payload: Uint8Array) => text(Buffer.concat([payload, key.signer.sign(payload)]));

const at = '2024-07-27T09:00:00Z';
const forged = signedRaw(flip(signed.payload, 0, 0)); // version 0
const otherSigned = Buffer.concat([signed.payload, otherKey.signer.sign(signed.payload)]);
const badInitials = Uint8Array.from(signed.payload);
badInitials[41] = 0x61; // "a": lower case is not an initial
const cases: { name: string; text: string; event_id?: string; now?: string; reason: string | null }[] = [
  { name: 'the code itself', text: signed.text, reason: null },
  {
    name: 'one bit changed in the ticket id (byte 9)',
    text: text(flip(code, 9)),
    reason: 'invalid-signature',
  },
  {
    name: 'one bit changed in the signature (byte 57)',
    text: text(flip(code, 57)),
    reason: 'invalid-signature',
  },
  { name: 'same payload signed by another key', text: text(otherSigned), reason: 'invalid-signature' },
  { name: 'signed by a key not published', text: resigned({}, otherKey.signer), reason: 'unknown-key' },
  {
    name: 'another event',
    text: signed.text,
    event_id: '00000000-0000-4000-8000-000000000000',
    reason: 'other-event',
  },
  {
    name: 'one second before not_before',
    text: signed.text,
    now: '2024-07-27T07:29:59Z',
    reason: 'not-yet-valid',
  },
  { name: 'at not_before', text: signed.text, now: '2024-07-27T07:30:00Z', reason: null },
  { name: 'at not_after', text: signed.text, now: '2024-07-27T14:00:00Z', reason: null },
  { name: 'one second after not_after', text: signed.text, now: '2024-07-27T14:00:01Z', reason: 'expired' },
  {
    name: 'issued after the key’s not_after',
    text: resigned({ issuedAt: seconds('2027-01-01T00:00:00Z'), notAfter: seconds('2027-01-02T00:00:00Z') }),
    now: '2027-01-01T12:00:00Z',
    reason: 'key-not-valid',
  },
  {
    name: 'issued more than 5 minutes after now',
    text: resigned({ issuedAt: seconds('2024-07-27T09:05:01Z') }),
    reason: 'issued-in-future',
  },
  { name: 'last byte missing', text: text(code.subarray(0, 120)), reason: 'truncated' },
  { name: 'prefix only', text: TICKET_CODE_PREFIX, reason: 'truncated' },
  { name: 'one byte more', text: text(Buffer.concat([code, Buffer.of(0)])), reason: 'trailing-bytes' },
  { name: 'version byte 2', text: text(flip(code, 0, 1)), reason: 'unsupported-version' },
  { name: 'prefix of a version 2', text: text(code, 'GT2:'), reason: 'unsupported-version' },
  { name: 'another prefix', text: text(code, 'HC1:'), reason: 'not-a-ticket-code' },
  { name: 'lower-case letter', text: signed.text.slice(0, -1) + 'a', reason: 'not-base45' },
  {
    name: 'group above 65535 ("GGW")',
    text: signed.text.slice(0, -5) + 'GGW' + signed.text.slice(-2),
    reason: 'not-base45',
  },
  { name: 'last character missing (length 3k + 1)', text: signed.text.slice(0, -1), reason: 'not-base45' },
  { name: 'initial not A–Z or "-", signed', text: signedRaw(badInitials), reason: 'malformed' },
  { name: 'version 0, signed', text: forged, reason: 'unsupported-version' },
  { name: '600 characters', text: TICKET_CODE_PREFIX + '0'.repeat(596), reason: 'too-long' },
];

// The vectors must say what the code does: checked here, before they are written.
const keys = ticketKeysFromDocument(keysDocument);
for (const item of cases) {
  const result = verifyTicketCode(item.text, {
    keys,
    eventId: item.event_id ?? fields.eventId,
    now: new Date(item.now ?? at),
  });
  const reason = result.ok ? null : result.reason;
  if (reason !== item.reason) throw new Error(`${item.name}: ${reason} where ${item.reason} was meant`);
}
const decoded = decodeTicketPayload(signed.payload);
if (!decoded.ok) throw new Error('the vector does not decode');

const vectors = {
  format: 'gradins-ticket-v1',
  keys: [key, otherKey].map(({ seed, x, kid, published }) => ({
    seed,
    x,
    kid,
    spki_pem: published.spki_pem,
  })),
  keys_document: keysDocument,
  identity,
  fields: { ...fields, kid: key.kid },
  payload: hex(signed.payload),
  signature: hex(signed.signature),
  text: signed.text,
  verify: { event_id: fields.eventId, now: at },
  cases,
};
fs.writeFileSync(
  new URL('../test/fixtures/ticket-vectors.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);

const p = hex(signed.payload);
const spaced = [
  p.slice(0, 2),
  p.slice(2, 18),
  p.slice(18, 50),
  p.slice(50, 82),
  p.slice(82, 86),
  p.slice(86, 90),
]
  .concat([p.slice(90, 98), p.slice(98, 106), p.slice(106, 114)])
  .join(' ');
console.log(`- kid: \`${key.kid}\`
- holder: ${JSON.stringify(identity)} → initials \`${fields.holder.initials}\`, birth year ${fields.holder.birthYear}
- payload (57 bytes, spaces between fields): \`${spaced}\`
- signature: \`${hex(signed.signature)}\`
- text (${signed.text.length} characters): \`${signed.text}\`

| case | reason |
| ---- | ------ |
${cases.map((item) => `| ${item.name} | ${item.reason ? `\`${item.reason}\` (${TICKET_REFUSALS[item.reason as keyof typeof TICKET_REFUSALS].fr})` : 'accepted'} |`).join('\n')}`);
