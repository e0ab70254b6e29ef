// The ticket keys a verifier trusts, from the published keys.json (docs/formats/public-keys.md). Ed25519 is
// passed in: by default `@noble/curves` (pure, runs in a browser at the gate); the server installs node:crypto
// with a key object kept per key (`../native-ticket-keys.ts`), same answers.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';

export interface TicketVerificationKey {
  /** `ticket-<16 lower-case hex>`. */
  kid: string;
  /** The 8 bytes a code names its key by: the first 8 of SHA-256 over the raw public key. */
  keyId: Uint8Array;
  /** From when the key signs, UTC seconds (rounded down). */
  notBefore: number;
  /** After when it signs nothing new, UTC seconds (rounded down); null: no end announced. */
  notAfter: number | null;
  /** Pure Ed25519 (RFC 8032) of exactly `message` with this key. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Makes the verify function of one raw 32-byte Ed25519 public key. */
export type Ed25519Verifier = (rawPublicKey: Uint8Array) => TicketVerificationKey['verify'];

/**
 * RFC 8032 as OpenSSL checks it (`zip215: false`: canonical encodings only), so the gate, the server and
 * `openssl pkeyutl -verify` accept the same signatures.
 */
export const pureEd25519: Ed25519Verifier = (rawPublicKey) => (message, signature) => {
  if (signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, message, rawPublicKey, { zip215: false });
  } catch {
    return false;
  }
};

const KID = /^ticket-([0-9a-f]{16})$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}$/;

/**
 * The keys of purpose `ticket` in a keys.json document. A key is left out, and so refused as unknown, when
 * it is not an Ed25519 signing key, its `x` is not 32 bytes, its dates do not read, or its `kid` is not the
 * one its public key gives (a document whose ids and keys were mixed up).
 */
export function ticketKeysFromDocument(
  document: unknown,
  verifier: Ed25519Verifier = pureEd25519,
): TicketVerificationKey[] {
  const entries = isObject(document) && Array.isArray(document.keys) ? document.keys : [];
  const keys: TicketVerificationKey[] = [];
  for (const entry of entries) {
    if (!isObject(entry) || entry.purpose !== 'ticket') continue;
    if (entry.kty !== 'OKP' || entry.crv !== 'Ed25519') continue;
    if (typeof entry.kid !== 'string' || typeof entry.x !== 'string' || !BASE64URL.test(entry.x)) continue;
    const match = KID.exec(entry.kid);
    const raw = base64UrlBytes(entry.x);
    if (!match || raw.length !== 32) continue;
    const keyId = sha256(raw).subarray(0, 8);
    if (hex(keyId) !== match[1]) continue;
    const notBefore = typeof entry.not_before === 'string' ? Date.parse(entry.not_before) : NaN;
    const notAfter =
      entry.not_after === null
        ? null
        : typeof entry.not_after === 'string'
          ? Date.parse(entry.not_after)
          : NaN;
    if (Number.isNaN(notBefore) || (notAfter !== null && Number.isNaN(notAfter))) continue;
    keys.push({
      kid: entry.kid,
      keyId,
      notBefore: Math.floor(notBefore / 1000),
      notAfter: notAfter === null ? null : Math.floor(notAfter / 1000),
      verify: verifier(raw),
    });
  }
  return keys;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding; the caller has checked the alphabet. */
function base64UrlBytes(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
