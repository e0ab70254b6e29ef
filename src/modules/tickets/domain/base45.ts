// Base45 (RFC 9285), strict: the QR code's alphanumeric mode carries exactly these 45 characters, at 5.5 bits
// each, so base45 text fills a QR code with less than base64 would in byte mode (docs/formats/ticket-code.md).
// Our own: the npm packages we checked decode invalid text to bytes instead of refusing it
// (docs/dependencies.md).

export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE45_ALPHABET.length; i++) VALUE[BASE45_ALPHABET.charCodeAt(i)] = i;

const CHAR_CODES = Uint8Array.from(BASE45_ALPHABET, (c) => c.charCodeAt(0));
/** The alphabet is ASCII, so its UTF-8 bytes are its characters: one flat string, no garbage per character. */
const ASCII = new TextDecoder('utf-8');

/** Every 2 bytes become 3 characters, a last odd byte 2 (RFC 9285 §4.2). */
export function encodeBase45(bytes: Uint8Array): string {
  const pairs = bytes.length - (bytes.length % 2);
  const out = new Uint8Array((pairs / 2) * 3 + (pairs < bytes.length ? 2 : 0));
  let o = 0;
  for (let i = 0; i < pairs; i += 2) {
    let n = (bytes[i]! << 8) | bytes[i + 1]!;
    const high = Math.floor(n / 2025);
    n -= high * 2025;
    const middle = Math.floor(n / 45);
    out[o++] = CHAR_CODES[n - middle * 45]!;
    out[o++] = CHAR_CODES[middle]!;
    out[o++] = CHAR_CODES[high]!;
  }
  if (pairs < bytes.length) {
    const n = bytes[pairs]!;
    const middle = Math.floor(n / 45);
    out[o++] = CHAR_CODES[n - middle * 45]!;
    out[o] = CHAR_CODES[middle]!;
  }
  return ASCII.decode(out);
}

/** The length of the bytes a base45 text of `length` characters decodes to, or -1 if none can. */
export function base45DecodedLength(length: number): number {
  const rest = length % 3;
  return rest === 1 ? -1 : ((length - rest) / 3) * 2 + (rest === 2 ? 1 : 0);
}

/**
 * The bytes of a base45 text, or null when it is not base45: a character outside the alphabet, a length of
 * 3k + 1, or a group worth more than its bytes can hold (3 characters above 65535, 2 above 255) —
 * RFC 9285 §4.3 asks decoders to refuse them all, so one code has one spelling. `start` skips a prefix
 * without copying the text.
 */
export function decodeBase45(text: string, start = 0): Uint8Array | null {
  const length = text.length - start;
  const size = base45DecodedLength(length);
  if (size < 0) return null;
  const out = new Uint8Array(size);
  let o = 0;
  let i = start;
  const end = text.length - (length % 3);
  for (; i < end; i += 3) {
    const c = digit(text, i);
    const d = digit(text, i + 1);
    const e = digit(text, i + 2);
    if ((c | d | e) < 0) return null;
    const n = c + d * 45 + e * 2025;
    if (n > 0xffff) return null;
    out[o++] = n >>> 8;
    out[o++] = n & 0xff;
  }
  if (i < text.length) {
    const c = digit(text, i);
    const d = digit(text, i + 1);
    if ((c | d) < 0) return null;
    const n = c + d * 45;
    if (n > 0xff) return null;
    out[o] = n;
  }
  return out;
}

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? VALUE[code]! : -1;
}
