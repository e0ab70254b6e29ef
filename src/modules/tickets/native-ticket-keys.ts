// node:crypto for the ticket code on the server: the ticket key signs through the key store, and codes are
// verified with one KeyObject per public key, created once (creating it costs more than a verification).
import crypto from 'node:crypto';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { publicKeysDocument } from '../../platform/crypto/public-keys-routes.js';
import type { TicketSigner } from './domain/ticket-code.js';
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
 * The key store's current ticket key as the code's signer. The code names the key before it is signed, so the
 * kid is read first; a rotation in between (the store signing with another key) throws rather than write a
 * code naming the wrong key — the caller signs again.
 */
export function keyStoreTicketSigner(keys: KeyStore): TicketSigner {
  const current = keys.publicSigningKeys().find((key) => key.purpose === 'ticket');
  if (!current) throw new Error('no ticket key in the key store');
  return {
    kid: current.kid,
    sign(message) {
      const { kid, signature } = keys.sign('ticket', message);
      if (kid !== current.kid)
        throw new Error(`the ticket key changed (${current.kid} → ${kid}) while signing`);
      return signature;
    },
  };
}
