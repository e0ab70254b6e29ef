import type { Clock } from '../../platform/clock.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Database } from '../../platform/db/database.js';

/** What the accounts use cases need from the platform, passed in (never imported as globals). */
export interface AccountsDeps {
  database: Database;
  keys: KeyStore;
  clock: Clock;
  cipher: FieldCipher;
  /** Base address for links sent by e-mail, e.g. https://gradins.example.fr */
  publicUrl: string;
}

/** Where a request comes from, for the audit trail. */
export interface RequestContext {
  requestId: string;
  sourceIp: string;
}
