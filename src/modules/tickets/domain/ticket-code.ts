// The ticket code in the QR (docs/formats/ticket-code.md, gradins-ticket-v1): a fixed 57-byte payload, its
// Ed25519 signature by the platform's ticket key, base45 text behind a prefix. Pure: keys, time and the signer
// are passed in. Parsing is strict and total: whatever text comes in, the answer is a result, never a throw.
import { decodeBase45, encodeBase45 } from './base45.js';
import { isHolderCheck, MAX_BIRTH_YEAR, MIN_BIRTH_YEAR, type HolderCheck } from './holder-check.js';
import type { TicketVerificationKey } from './ticket-keys.js';

export const TICKET_FORMAT = 'gradins-ticket-v1';
export const TICKET_FORMAT_VERSION = 1;
/** Text prefix: `GT` (Gradins ticket), the format version, `:` — all in the QR alphanumeric set. */
export const TICKET_CODE_PREFIX = 'GT1:';
export const TICKET_KEY_ID_BYTES = 8;
export const TICKET_PAYLOAD_BYTES = 57;
export const TICKET_SIGNATURE_BYTES = 64;
export const TICKET_CODE_BYTES = TICKET_PAYLOAD_BYTES + TICKET_SIGNATURE_BYTES;
/** Prefix and base45 of the 121 bytes: 60 pairs of 3 characters and a last byte of 2. */
export const TICKET_CODE_LENGTH = TICKET_CODE_PREFIX.length + 182;
/** A text longer than this is refused before it is read (`too-long`): bounded work for any input. */
export const MAX_TICKET_CODE_LENGTH = 512;
/** Codes from a device whose clock is a little behind the platform's: issuance up to 5 minutes ahead is fine. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;
const MAX_U32 = 0xffff_ffff;

// Offsets of the payload's fields (§2 of the format).
const VERSION = 0;
const KEY_ID = 1;
const TICKET_ID = KEY_ID + TICKET_KEY_ID_BYTES;
const EVENT_ID = TICKET_ID + 16;
const INITIALS = EVENT_ID + 16;
const BIRTH_YEAR = INITIALS + 2;
const ISSUED_AT = BIRTH_YEAR + 2;
const NOT_BEFORE = ISSUED_AT + 4;
const NOT_AFTER = NOT_BEFORE + 4;

/** What a code says. Times are UTC seconds since 1970-01-01T00:00:00Z. */
export interface TicketCodeFields {
  /** The signing key, `ticket-<16 lower-case hex>` as in keys.json. */
  kid: string;
  /** 16 random bytes naming this code, 32 lower-case hex. */
  ticketId: string;
  /** The event's id, a UUID in lower case. */
  eventId: string;
  holder: HolderCheck;
  issuedAt: number;
  notBefore: number;
  notAfter: number;
}

export type TicketRefusal =
  | 'too-long'
  | 'not-a-ticket-code'
  | 'unsupported-version'
  | 'not-base45'
  | 'truncated'
  | 'trailing-bytes'
  | 'malformed'
  | 'unknown-key'
  | 'invalid-signature'
  | 'key-not-valid'
  | 'issued-in-future'
  | 'other-event'
  | 'not-yet-valid'
  | 'expired';

/** The words a gate shows (French first); the format's §6 lists the same. */
export const TICKET_REFUSALS: Record<TicketRefusal, { fr: string; en: string }> = {
  'too-long': { fr: 'trop long', en: 'too long' },
  'not-a-ticket-code': { fr: 'pas un billet Gradins', en: 'not a Gradins ticket' },
  'unsupported-version': { fr: 'version de billet inconnue', en: 'unknown ticket version' },
  'not-base45': { fr: 'pas du base45', en: 'not base45' },
  truncated: { fr: 'tronqué', en: 'truncated' },
  'trailing-bytes': { fr: 'octets en trop', en: 'trailing bytes' },
  malformed: { fr: 'mal formé', en: 'malformed' },
  'unknown-key': { fr: 'clé inconnue', en: 'unknown key' },
  'invalid-signature': { fr: 'invalide', en: 'invalid' },
  'key-not-valid': { fr: 'clé hors de sa période de validité', en: 'key outside its validity' },
  'issued-in-future': { fr: 'émis dans le futur', en: 'issued in the future' },
  'other-event': { fr: 'autre événement', en: 'another event' },
  'not-yet-valid': { fr: 'hors horaires : pas encore valable', en: 'outside hours: not valid yet' },
  expired: { fr: 'hors horaires : expiré', en: 'outside hours: expired' },
};

export type PayloadDecoding = { ok: true; fields: TicketCodeFields } | { ok: false; reason: TicketRefusal };

export type TicketVerification =
  | { ok: true; ticket: TicketCodeFields }
  /** `ticket` is there when the signature verified: a genuine code refused for its event or its hours. */
  | { ok: false; reason: TicketRefusal; ticket?: TicketCodeFields };

/** The platform's ticket key, as issuance uses it: its id, and Ed25519 signing of the exact bytes. */
export interface TicketSigner {
  kid: string;
  sign(message: Uint8Array): Uint8Array;
}

/** A signer of many codes at once (issuance): `signCodes` fills in the signatures of `writeTicketCodePayload`'s. */
export interface TicketCodeSigner extends TicketSigner {
  /**
   * Signs the first `count` codes of `codes` (each `TICKET_CODE_BYTES` long, its payload written): writes each
   * signature after its payload. Resolves with the signed codes, which may be another buffer than `codes`
   * (then `codes` is no longer usable).
   */
  signCodes(codes: Uint8Array, count: number): Promise<Uint8Array>;
}

export interface SignedTicketCodeBytes {
  /** payload ‖ signature, 121 bytes. */
  code: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

export interface SignedTicketCode {
  /** What the QR code holds. */
  text: string;
  payload: Uint8Array;
  signature: Uint8Array;
}

export interface VerifyOptions {
  /** The ticket keys the verifier trusts (`ticketKeysFromDocument`). */
  keys: readonly TicketVerificationKey[];
  /** The event this gate admits to (UUID). */
  eventId: string;
  now: Date;
  clockSkewSeconds?: number;
}

const KID = /^ticket-([0-9a-f]{16})$/;
const TICKET_ID_HEX = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The 8 key-id bytes of a ticket kid, or null when it is not one. */
export function keyIdOfKid(kid: string): Uint8Array | null {
  const match = KID.exec(kid);
  return match ? hexBytes(match[1]!) : null;
}

/** The payload's bytes (§2). Throws on fields the format cannot carry: issuance must not build such a code. */
export function encodeTicketPayload(fields: TicketCodeFields): Uint8Array {
  const out = new Uint8Array(TICKET_PAYLOAD_BYTES);
  writeTicketPayload(fields, fields.kid, out);
  return out;
}

/**
 * Writes the payload of code number `index` of a buffer of codes (`TICKET_CODE_BYTES` each), for
 * `TicketCodeSigner.signCodes` to sign. Throws on fields the format cannot carry, as `encodeTicketPayload`.
 */
export function writeTicketCodePayload(
  fields: Omit<TicketCodeFields, 'kid'>,
  kid: string,
  codes: Uint8Array,
  index: number,
): void {
  const at = index * TICKET_CODE_BYTES;
  writeTicketPayload(fields, kid, codes.subarray(at, at + TICKET_PAYLOAD_BYTES));
}

/** Writes the payload into the first 57 bytes of `out` (which signing then extends with the signature). */
function writeTicketPayload(fields: Omit<TicketCodeFields, 'kid'>, kid: string, out: Uint8Array): void {
  if (!KID.test(kid)) throw new TypeError(`kid ${JSON.stringify(kid)} is not a ticket key id`);
  if (!TICKET_ID_HEX.test(fields.ticketId)) throw new TypeError('ticketId is not 32 lower-case hex');
  if (!UUID.test(fields.eventId)) throw new TypeError('eventId is not a lower-case UUID');
  if (!isHolderCheck(fields.holder)) throw new TypeError('holder check out of the format');
  if (!isU32(fields.issuedAt) || !isU32(fields.notBefore) || !isU32(fields.notAfter))
    throw new TypeError('times are whole UTC seconds from 0 to 2^32 − 1');
  if (!windowIsSound(fields)) throw new TypeError('need notBefore < notAfter and issuedAt ≤ notAfter');
  out[VERSION] = TICKET_FORMAT_VERSION;
  writeHex(out, KEY_ID, kid, 'ticket-'.length, TICKET_KEY_ID_BYTES);
  writeHex(out, TICKET_ID, fields.ticketId, 0, 16);
  // The UUID's hex digits around its hyphens (8-4-4-4-12).
  const id = fields.eventId;
  writeHex(out, EVENT_ID, id, 0, 4);
  writeHex(out, EVENT_ID + 4, id, 9, 2);
  writeHex(out, EVENT_ID + 6, id, 14, 2);
  writeHex(out, EVENT_ID + 8, id, 19, 2);
  writeHex(out, EVENT_ID + 10, id, 24, 6);
  out[INITIALS] = fields.holder.initials.charCodeAt(0);
  out[INITIALS + 1] = fields.holder.initials.charCodeAt(1);
  writeUint(out, BIRTH_YEAR, fields.holder.birthYear, 2);
  writeUint(out, ISSUED_AT, fields.issuedAt, 4);
  writeUint(out, NOT_BEFORE, fields.notBefore, 4);
  writeUint(out, NOT_AFTER, fields.notAfter, 4);
}

/**
 * The fields of payload bytes, strictly: the version byte first (a later version may be longer), then exactly
 * 57 bytes, then each field in its range.
 */
export function decodeTicketPayload(payload: Uint8Array): PayloadDecoding {
  if (payload.length === 0) return { ok: false, reason: 'truncated' };
  if (payload[VERSION] !== TICKET_FORMAT_VERSION) return { ok: false, reason: 'unsupported-version' };
  if (payload.length < TICKET_PAYLOAD_BYTES) return { ok: false, reason: 'truncated' };
  if (payload.length > TICKET_PAYLOAD_BYTES) return { ok: false, reason: 'trailing-bytes' };
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const initials = String.fromCharCode(payload[INITIALS]!, payload[INITIALS + 1]!);
  const birthYear = view.getUint16(BIRTH_YEAR);
  const fields: TicketCodeFields = {
    kid: `ticket-${hex(payload, KEY_ID, TICKET_ID)}`,
    ticketId: hex(payload, TICKET_ID, EVENT_ID),
    eventId: uuid(payload, EVENT_ID),
    holder: { initials, birthYear },
    issuedAt: view.getUint32(ISSUED_AT),
    notBefore: view.getUint32(NOT_BEFORE),
    notAfter: view.getUint32(NOT_AFTER),
  };
  if (!validInitial(payload[INITIALS]!) || !validInitial(payload[INITIALS + 1]!))
    return { ok: false, reason: 'malformed' };
  if (birthYear < MIN_BIRTH_YEAR || birthYear > MAX_BIRTH_YEAR) return { ok: false, reason: 'malformed' };
  if (!windowIsSound(fields)) return { ok: false, reason: 'malformed' };
  return { ok: true, fields };
}

/**
 * Builds the payload and has the ticket key sign it: the code's 121 bytes (§4), which issuance may store as
 * they are. One buffer: the payload is written in place and signed as a view, the signature goes after it.
 */
export function signTicketCodeBytes(
  fields: Omit<TicketCodeFields, 'kid'>,
  signer: TicketSigner,
): SignedTicketCodeBytes {
  const code = new Uint8Array(TICKET_CODE_BYTES);
  const payload = code.subarray(0, TICKET_PAYLOAD_BYTES);
  writeTicketPayload(fields, signer.kid, payload);
  const signature = signer.sign(payload);
  if (signature.length !== TICKET_SIGNATURE_BYTES) throw new Error('an Ed25519 signature is 64 bytes');
  code.set(signature, TICKET_PAYLOAD_BYTES);
  return { code, payload, signature: code.subarray(TICKET_PAYLOAD_BYTES) };
}

/** The QR text of a code's bytes: the prefix, then base45 (§4). */
export function ticketCodeText(code: Uint8Array): string {
  return TICKET_CODE_PREFIX + encodeBase45(code);
}

/** Builds the payload, has the ticket key sign it and writes the QR text (§4). */
export function signTicketCode(
  fields: Omit<TicketCodeFields, 'kid'>,
  signer: TicketSigner,
): SignedTicketCode {
  const { code, payload, signature } = signTicketCodeBytes(fields, signer);
  return { text: ticketCodeText(code), payload, signature };
}

/**
 * The payload and signature of a code's text, before any key is looked at: the checks of §5 steps 1–5, in
 * that order. The bytes returned are views into one decoded buffer (no copies).
 */
export function parseTicketCode(
  text: unknown,
):
  | { ok: true; fields: TicketCodeFields; payload: Uint8Array; signature: Uint8Array }
  | { ok: false; reason: TicketRefusal } {
  if (typeof text !== 'string') return { ok: false, reason: 'not-a-ticket-code' };
  if (text.length > MAX_TICKET_CODE_LENGTH) return { ok: false, reason: 'too-long' };
  if (!text.startsWith(TICKET_CODE_PREFIX))
    return { ok: false, reason: /^GT[0-9]+:/.test(text) ? 'unsupported-version' : 'not-a-ticket-code' };
  const bytes = decodeBase45(text, TICKET_CODE_PREFIX.length);
  if (!bytes) return { ok: false, reason: 'not-base45' };
  if (bytes.length === 0) return { ok: false, reason: 'truncated' };
  if (bytes[VERSION] !== TICKET_FORMAT_VERSION) return { ok: false, reason: 'unsupported-version' };
  if (bytes.length < TICKET_CODE_BYTES) return { ok: false, reason: 'truncated' };
  if (bytes.length > TICKET_CODE_BYTES) return { ok: false, reason: 'trailing-bytes' };
  const payload = bytes.subarray(0, TICKET_PAYLOAD_BYTES);
  const decoded = decodeTicketPayload(payload);
  if (!decoded.ok) return decoded;
  return { ok: true, fields: decoded.fields, payload, signature: bytes.subarray(TICKET_PAYLOAD_BYTES) };
}

/**
 * A gate's offline check of a code (§5): well-formed, signed by a trusted ticket key that was valid when it
 * was issued, not issued in the future, for this event, within its hours. Revocation and "already entered"
 * are the gate's own lists, checked after this. Any text gives a result; only an invalid `now` (a caller's
 * mistake) throws.
 */
export function verifyTicketCode(text: unknown, options: VerifyOptions): TicketVerification {
  return examineTicketCode(text, options, true);
}

/**
 * Every check of `verifyTicketCode` but the Ed25519 signature's, for the issuer's own online check only: it then
 * requires the scanned text to equal, character for character, the code it stored when it signed the ticket
 * (`check-ins.ts`), and falls back to `verifyTicketCode` when it does not. Never accept a code on this alone.
 */
export function checkIssuedTicketCode(text: unknown, options: VerifyOptions): TicketVerification {
  return examineTicketCode(text, options, false);
}

function examineTicketCode(
  text: unknown,
  options: VerifyOptions,
  withSignature: boolean,
): TicketVerification {
  const now = Math.floor(options.now.getTime() / 1000);
  // A clock that reads nothing would admit every genuine code: the caller's error, not the code's.
  if (!Number.isFinite(now)) throw new RangeError('verifyTicketCode needs a valid `now`');
  const parsed = parseTicketCode(text);
  if (!parsed.ok) return parsed;
  const { fields: ticket, payload, signature } = parsed;
  const key = keyFor(options.keys, payload);
  if (!key) return { ok: false, reason: 'unknown-key' };
  if (withSignature && !key.verify(payload, signature)) return { ok: false, reason: 'invalid-signature' };
  if (ticket.issuedAt < key.notBefore || (key.notAfter !== null && ticket.issuedAt > key.notAfter))
    return { ok: false, reason: 'key-not-valid', ticket };
  if (ticket.issuedAt > now + (options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS))
    return { ok: false, reason: 'issued-in-future', ticket };
  if (ticket.eventId !== options.eventId.toLowerCase()) return { ok: false, reason: 'other-event', ticket };
  if (now < ticket.notBefore) return { ok: false, reason: 'not-yet-valid', ticket };
  if (now > ticket.notAfter) return { ok: false, reason: 'expired', ticket };
  return { ok: true, ticket };
}

function keyFor(keys: readonly TicketVerificationKey[], payload: Uint8Array): TicketVerificationKey | null {
  search: for (const key of keys) {
    for (let i = 0; i < TICKET_KEY_ID_BYTES; i++) if (key.keyId[i] !== payload[KEY_ID + i]) continue search;
    return key;
  }
  return null;
}

function windowIsSound(fields: Pick<TicketCodeFields, 'issuedAt' | 'notBefore' | 'notAfter'>): boolean {
  return fields.notBefore < fields.notAfter && fields.issuedAt <= fields.notAfter;
}

/** `A`–`Z` or `-`. */
function validInitial(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || byte === 0x2d;
}

function hex(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += HEX[bytes[i]!]!;
  return out;
}

function uuid(bytes: Uint8Array, start: number): string {
  const h = hex(bytes, start, start + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function hexBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  writeHex(out, 0, text, 0, out.length);
  return out;
}

/** `count` bytes from the lower-case hex digits of `text` at `start` (already checked by a pattern). */
function writeHex(out: Uint8Array, offset: number, text: string, start: number, count: number): void {
  for (let i = 0; i < count; i++)
    out[offset + i] =
      (nibble(text.charCodeAt(start + 2 * i)) << 4) | nibble(text.charCodeAt(start + 2 * i + 1));
}

function nibble(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

function writeUint(out: Uint8Array, offset: number, value: number, bytes: number): void {
  for (let i = bytes - 1; i >= 0; i--) {
    out[offset + i] = value & 0xff;
    value = Math.floor(value / 256);
  }
}

function isU32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_U32;
}
