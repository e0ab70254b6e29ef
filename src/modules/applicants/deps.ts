import type { Clock } from '../../platform/clock.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Database } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';

export interface ApplicantsDeps {
  database: Database;
  clock: Clock;
  keys: KeyStore;
  /** Base address for the links in mails. */
  publicUrl: () => string;
}

export interface RequestContext {
  requestId: string;
  sourceIp: string;
}

export interface Acting extends RequestContext {
  actor: Actor;
}
