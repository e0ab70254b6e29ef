import type { Clock } from '../../platform/clock.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Database } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';

/** What the draws use cases need from the platform, passed in. */
export interface DrawsDeps {
  database: Database;
  clock: Clock;
  /** Signs commitments and records with the `draw` key. */
  keys: KeyStore;
  /** Base address for the links in mails (the tickets issued at publication go out with their link). */
  publicUrl: () => string;
}

/** Who acts, for the audit trail. */
export interface Acting {
  actor: Actor;
  requestId: string;
  sourceIp: string;
}

/**
 * Which draws the caller reaches: one operator's (the operator route, or a programme administrator on it),
 * or every draw (the programme administrator's own route).
 */
export type DrawScope = { operatorId: string } | { everyDraw: true };
