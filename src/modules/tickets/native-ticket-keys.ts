// node:crypto for the ticket code on the server: codes are signed with the key store's ticket key, and
// verified with one KeyObject per public key, created once (creating it costs more than a verification).
import crypto from 'node:crypto';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { publicKeysDocument } from '../../platform/crypto/public-keys-routes.js';
import { signAtStride } from '../../platform/crypto/signing-pool.js';
import { TICKET_CODE_BYTES, TICKET_PAYLOAD_BYTES, type TicketCodeSigner } from './domain/ticket-code.js';
import {
  ticketKeysFromDocument,
  type Ed25519Verifier,
  type TicketVerificationKey,
} from './domain/ticket-keys.js';

/** SPKI DER header of an Ed25519 public key (RFC 8410): the raw 32 bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const keyObjects = new Map<string, crypto.KeyObject>();

export const nativeEd25519: Ed25519Verifier = (rawPublicKey) => {
  const id = Buffer.from(rawPublicKey).toString('hex');
  let key = keyObjects.get(id);
  if (!key) {
    key = crypto.createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, rawPublicKey]),
      format: 'der',
      type: 'spki',
    });
    keyObjects.set(id, key);
  }
  const publicKey = key;
  return (message, signature) =>
    signature.length === 64 && crypto.verify(null, message, publicKey, signature);
};

/** The platform's ticket keys as a verifier trusts them: from its own published document, natively verified. */
export function platformTicketKeys(keys: KeyStore): TicketVerificationKey[] {
  return ticketKeysFromDocument(publicKeysDocument(keys), nativeEd25519);
}

/**
 * The key store's current ticket key as the code's signer, for one code (`sign`) or many at once (`signCodes`,
 * in worker threads for a large issuance: `platform/crypto/signing-pool.ts`). The key is taken once: every code
 * this signer signs names the key that signed it, even if the store rotates its key meanwhile (the next
 * signer takes the new one).
 */
export function keyStoreTicketSigner(keys: KeyStore): TicketCodeSigner {
  const { kid, privateKey } = keys.signingKey('ticket');
  return {
    kid,
    sign: (message) => crypto.sign(null, message, privateKey),
    signCodes: (codes, count) =>
      signAtStride(privateKey, {
        buffer: codes,
        count,
        stride: TICKET_CODE_BYTES,
        messageBytes: TICKET_PAYLOAD_BYTES,
      }),
  };
}
