import crypto from 'node:crypto';
import type { KeyStore } from './keystore.js';

const VERSION = 'v1';

/**
 * AES-256-GCM for sensitive fields at rest (SEC-1). The stored text names the key that encrypted it, so
 * values survive a key rotation: `v1.<kid>.<iv>.<ciphertext‖tag>`, base64url parts. `context` (e.g. the
 * table and column) is bound as associated data: a value copied to another column does not decrypt.
 */
export interface FieldCipher {
  encrypt(plaintext: string, context: string): string;
  decrypt(stored: string, context: string): string;
}

export function fieldCipher(keys: KeyStore): FieldCipher {
  return {
    encrypt(plaintext, context) {
      const { kid, key } = keys.secret('field-encryption');
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return [VERSION, kid, iv.toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    decrypt(stored, context) {
      const [version, kid, ivText, payloadText] = stored.split('.');
      if (version !== VERSION || !kid || !ivText || !payloadText)
        throw new Error('unknown encrypted field format');
      const key = keys.secretByKid(kid);
      const payload = Buffer.from(payloadText, 'base64url');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(payload.subarray(payload.length - 16));
      return Buffer.concat([
        decipher.update(payload.subarray(0, payload.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
