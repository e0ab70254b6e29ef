import crypto from 'node:crypto';

// Random tokens and their stored hashes are the platform's (`platform/crypto/tokens.ts`).
export { randomToken, tokenHash } from '../../platform/crypto/tokens.js';

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A recovery code `xxxx-xxxx-xxxx` (12 characters from 31: about 59 bits). */
export function recoveryCode(): string {
  const bytes = crypto.randomBytes(12);
  const characters = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join('');
  return `${characters.slice(0, 4)}-${characters.slice(4, 8)}-${characters.slice(8, 12)}`;
}
