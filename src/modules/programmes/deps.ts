import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';

/** What the programmes use cases need from the platform, passed in. */
export interface ProgrammesDeps {
  database: Database;
  clock: Clock;
  /** Base address for links in mails (the dashboard link of a reclaim notice). */
  publicUrl: () => string;
}

/** Who acts, for the ledger and the audit trail. */
export interface Acting {
  actor: Actor;
  requestId: string;
  sourceIp: string;
}
