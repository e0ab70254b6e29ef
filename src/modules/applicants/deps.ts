import type { Clock } from '../../platform/clock.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Database, Tx } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';

export interface ApplicantsDeps {
  database: Database;
  clock: Clock;
  keys: KeyStore;
  /** Base address for the links in mails. */
  publicUrl: () => string;
  /**
   * Ends the live tickets of applications about to be erased, in the erasing transaction (SEC-4): passed in
   * (the tickets module's `endTicketsOfErased`), as tickets imports this module.
   */
  endTicketsOfErased: (tx: Tx, applicantIds: readonly string[], context: ErasureContext) => Promise<unknown>;
}

/** Who erases, and why, for the tickets' history and audit. */
export interface ErasureContext {
  now: Date;
  who: {
    actor: string;
    userId: string | null;
    organisationId: string | null;
    requestId: string | null;
    sourceIp: string | null;
  };
  cause: 'consent_withdrawn' | 'person_request' | 'recorded_in_error';
}

export interface RequestContext {
  requestId: string;
  sourceIp: string;
}

export interface Acting extends RequestContext {
  actor: Actor;
}
