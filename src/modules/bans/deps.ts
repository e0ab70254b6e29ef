import type { Clock } from '../../platform/clock.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Database } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';

export interface BansDeps {
  database: Database;
  clock: Clock;
  keys: KeyStore;
  cipher: FieldCipher;
  /** Base address for the links in mails (a ticket released when its screening case lapses is sent). */
  publicUrl: () => string;
}

/** A ban officer acting through the API, for the audit trail. */
export interface Acting {
  actor: Actor;
  requestId: string;
  sourceIp: string;
}
