import type { Clock } from '../../platform/clock.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Database } from '../../platform/db/database.js';

/** What the tickets use cases need from the platform, passed in. */
export interface TicketsDeps {
  database: Database;
  clock: Clock;
  /** The platform keys (the `ticket` key signs codes, docs/formats/ticket-code.md). */
  keys: KeyStore;
  /** Base address for the links in mails. */
  publicUrl: () => string;
}

/**
 * Who acts, for the ticket history and the audit trail: a staff member (`userId`), a holder through their
 * application link (`applicant:<entry ref>`), or a job (`system:<name>`).
 */
export interface TicketActing {
  actor: string;
  /** The staff member's user id, when a person with an account acts (the stock ledger names them). */
  userId: string | null;
  organisationId: string | null;
  requestId: string | null;
  sourceIp: string | null;
}

/** Which tickets an operator route reaches: one operator's, or every ticket (programme administrator). */
export type TicketScope = { operatorId: string } | { everyTicket: true };
