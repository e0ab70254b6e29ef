import crypto from 'node:crypto';

/** 256 random bits, URL-safe: session tokens, CSRF tokens, single-use and self-service links. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, so a dump gives no usable link. */
export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A random reference people can read out and type: 16 Crockford base-32 characters (80 bits) in groups of
 * four, `7KQ2-M9XD-4T0B-WZ8R`. Never derived from anything: it reveals nothing.
 */
export function randomReference(): string {
  const bytes = crypto.randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let index = 0; index < 16; index += 1) {
    text = CROCKFORD[Number(bits & 31n)]! + text;
    bits >>= 5n;
  }
  return text.match(/.{4}/g)!.join('-');
}
