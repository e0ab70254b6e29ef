import crypto from 'node:crypto';

/** 256 random bits, URL-safe: session tokens, CSRF tokens, single-use links. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, so a dump gives no usable session or link. */
export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A recovery code `xxxx-xxxx-xxxx` (12 characters from 31: about 59 bits). */
export function recoveryCode(): string {
  const bytes = crypto.randomBytes(12);
  const characters = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join('');
  return `${characters.slice(0, 4)}-${characters.slice(4, 8)}-${characters.slice(8, 12)}`;
}
