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
  // Random bytes drawn by the kilobyte (an import makes a reference per line), five at a time: 40 bits, exact in
  // a double, make eight characters.
  if (poolAt + 10 > pool.length) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  let text = '';
  for (let half = 0; half < 2; half += 1) {
    let bits = pool.readUIntBE(poolAt, 5);
    poolAt += 5;
    let chars = '';
    for (let index = 0; index < 8; index += 1) {
      chars = CROCKFORD[bits % 32]! + chars;
      bits = Math.floor(bits / 32);
    }
    text += half === 0 ? `${chars.slice(0, 4)}-${chars.slice(4)}-` : `${chars.slice(0, 4)}-${chars.slice(4)}`;
  }
  return text;
}
const pool = Buffer.alloc(4_096);
let poolAt = pool.length;
