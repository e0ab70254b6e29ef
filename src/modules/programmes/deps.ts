import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';

/** What the programmes use cases need from the platform, passed in. */
export interface ProgrammesDeps {
  database: Database;
  clock: Clock;
  /** Base address for links in mails (the dashboard link of a reclaim notice). */
  publicUrl: () => string;
  /**
   * The seats the tickets module holds, for the reclaim (TAJ-17), passed in so that programmes does not import
   * tickets (which imports programmes): `held` counts the seats a ticket still holds (not unassigned), and
   * `returnUndelivered` first gives back the undelivered tickets of the programmes that say so.
   */
  seats: ReclaimSeats;
  /**
   * BAN-6: what the bans module does when an event's organiser changes, in the same transaction (its tickets
   * screened against the new organiser's bans, the old organiser's pending cases lapsed), passed in so that
   * programmes does not import bans.
   */
  organiserChanged: OrganiserChanged;
}

export type OrganiserChanged = (
  tx: Tx,
  change: { eventId: string; from: string | null; to: string | null; now: Date; who: Acting },
) => Promise<void>;

export interface ReclaimSeats {
  held(
    tx: Tx,
    eventIds: readonly string[],
  ): Promise<{ programmeId: string; operatorId: string | null; eventId: string; seats: number }[]>;
  returnUndelivered(
    tx: Tx,
    scope: { eventIds: readonly string[]; now: Date; actor: string },
  ): Promise<{ programmeId: string; operatorId: string | null; count: number }[]>;
}

/** Who acts, for the ledger and the audit trail. */
export interface Acting {
  actor: Actor;
  requestId: string;
  sourceIp: string;
}
