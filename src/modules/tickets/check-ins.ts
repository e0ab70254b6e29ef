// Online check-ins written by group commit: the check-ins of concurrent gates share one statement, which moves
// each live ticket to `scanned`, writes its entry and its history row, and writes the audit entry of every
// check-in, accepted or refused, all in one implicit transaction.
import type { Database } from '../../platform/db/database.js';
import { GroupCommit } from '../../platform/db/group-commit.js';
import type { FirstEntry, GateReason } from './domain/gate.js';
import type { GateActing } from './gate.js';

/**
 * A check-in of a well-formed code for its event and hours: the ticket it names, at that event, scanned at `at`.
 * `code` is the scanned text when its signature was not verified: the ticket then enters only if that text is
 * the code stored when the ticket was signed; null once the signature has been verified.
 */
export interface CheckInAttempt {
  ticketId: string;
  eventId: string;
  code: string | null;
  at: Date;
  who: GateActing;
}

export type CheckInOutcome =
  | { entered: true }
  /** The scanned text is not the stored code (or names no ticket): verify its signature, then try again. */
  | { entered: false; reason: 'unverified' }
  | {
      entered: false;
      reason: Extract<GateReason, 'unknown-ticket' | 'already-entered' | 'revoked'>;
      firstEntry?: FirstEntry;
    };

interface OutcomeRow {
  n: string | number;
  entered: boolean;
  reason: 'unverified' | 'unknown-ticket' | 'already-entered' | 'revoked' | null;
  first_at: string | Date | null;
  first_gate: string | null;
}

/**
 * One statement for a batch (`$1…$10`: one array per column, one element per check-in).
 * - A check-in whose signature was not verified (`code` not null) only reaches a ticket whose stored code is that
 *   very text: the code we signed. Otherwise its outcome is `unverified` and nothing is written for it.
 * - `live` locks the tickets that can still enter; of two batches naming the same ticket, the second waits for
 *   the first to commit and then finds it scanned.
 * - `outcome` says, for a check-in that did not enter, why, from the tickets and entries as they were when the
 *   statement started. A ticket still live there but not entered was entered by a concurrent batch meanwhile: its
 *   reason is null and the caller runs it again (then it reads « déjà entré » with the first entry).
 * - `audited` writes one entry per check-in whose outcome is known, through the audit log's writer function.
 */
const CHECK_IN_BATCH = `
with input as (
  select * from unnest($1::text[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::uuid[], $9::text[], $10::text[])
    with ordinality as i(ticket_id, event_id, at, gate_id, device_id, actor, request_id, organisation_id,
                         source_ip, code, n)
),
live as (
  select t.id, t.status from tickets t join input i on i.ticket_id = t.id and i.event_id = t.event_id
  where t.status in ('issued', 'delivered') and t.holder_applicant_id is not null
    and (i.code is null or t.code = i.code)
  -- Locked in id order: two batches sharing tickets wait for each other instead of deadlocking.
  order by t.id
  for update of t
),
entered as (
  update tickets t set status = 'scanned', ended_at = i.at
  from live join input i on i.ticket_id = live.id
  where t.id = live.id
  returning t.id, live.status as from_status
),
scans as (
  insert into gate_scans (ticket_id, event_id, scanned_at, received_at, gate_id, device_id, agent_id, mode, result)
  select i.ticket_id, i.event_id, i.at, i.at, i.gate_id, i.device_id, i.actor, 'online', 'entered'
  from entered e join input i on i.ticket_id = e.id
),
history as (
  insert into ticket_events (ticket_id, at, actor, from_status, to_status, reason, request_id)
  select i.ticket_id, i.at, i.actor, e.from_status, 'scanned', 'entrée, ' || i.gate_id, i.request_id
  from entered e join input i on i.ticket_id = e.id
),
outcome as (
  select i.*, e.id is not null as entered, f.scanned_at as first_at, f.gate_id as first_gate,
    case when e.id is not null then null
         when i.code is not null and (t.id is null or t.code is distinct from i.code) then 'unverified'
         when t.id is null then 'unknown-ticket'
         when t.status = 'scanned' then 'already-entered'
         when t.status in ('issued', 'delivered') and t.holder_applicant_id is not null then null
         else 'revoked' end as reason
  from input i
  left join entered e on e.id = i.ticket_id
  left join tickets t on t.id = i.ticket_id and t.event_id = i.event_id
  left join gate_scans f on f.ticket_id = i.ticket_id and f.result = 'entered'
),
audited as (
  select gradins_audit_append(coalesce(jsonb_agg(jsonb_build_object(
      'occurred_at', o.at, 'actor', o.actor, 'organisation_id', o.organisation_id,
      'action', case when o.entered then 'tickets.ticket.scanned' else 'tickets.checkin.refused.' || o.reason end,
      'target_table', 'tickets', 'target_ids', jsonb_build_array(o.ticket_id),
      'result', case when o.entered then 'success' else 'denied' end,
      'request_id', o.request_id, 'source_ip', o.source_ip) order by o.n), '[]'::jsonb)) as done
  from outcome o where o.entered or (o.reason is not null and o.reason <> 'unverified')
)
select o.n, o.entered, o.reason, o.first_at, o.first_gate from outcome o cross join audited order by o.n`;

async function writeCheckIns(
  database: Database,
  attempts: readonly CheckInAttempt[],
): Promise<CheckInOutcome[]> {
  const column = <T>(pick: (attempt: CheckInAttempt) => T) => attempts.map(pick);
  const rows = await database.query<OutcomeRow>(
    CHECK_IN_BATCH,
    [
      column((a) => a.ticketId),
      column((a) => a.eventId),
      column((a) => a.at.toISOString()),
      column((a) => a.who.gateId),
      column((a) => a.who.deviceId),
      column((a) => a.who.actor),
      column((a) => a.who.requestId),
      column((a) => a.who.organisationId),
      column((a) => a.who.sourceIp),
      column((a) => a.code),
    ],
    'gradins_check_in_batch',
  );
  const outcomes: (CheckInOutcome | undefined)[] = rows.map((row) => {
    if (row.entered) return { entered: true };
    if (row.reason === null) return undefined;
    if (row.reason === 'unverified') return { entered: false, reason: row.reason };
    return row.reason === 'already-entered' && row.first_at !== null
      ? {
          entered: false,
          reason: row.reason,
          firstEntry: { at: new Date(row.first_at).toISOString(), gateId: row.first_gate! },
        }
      : { entered: false, reason: row.reason };
  });
  const again = attempts.filter((_, index) => outcomes[index] === undefined);
  if (again.length === 0) return outcomes as CheckInOutcome[];
  // Entered by a concurrent batch after this statement began: read again, now that it has committed.
  const retried = await writeCheckIns(database, again);
  return outcomes.map((outcome) => outcome ?? retried.shift()!);
}

const writers = new WeakMap<Database, GroupCommit<CheckInAttempt, CheckInOutcome>>();

/**
 * The check-in writer of a database: one per process and database. On PostgreSQL a few batches overlap (each
 * waits for its commit); PGlite runs one statement at a time, so one batch collects everything that waits.
 */
export function checkInWriter(database: Database): GroupCommit<CheckInAttempt, CheckInOutcome> {
  let writer = writers.get(database);
  if (!writer) {
    writer = new GroupCommit((attempts) => writeCheckIns(database, attempts), {
      maxInFlight: database.kind === 'pglite' ? 1 : 4,
      maxBatch: 500,
      // The same ticket twice in one batch would enter twice: the later waits for the next batch.
      key: (attempt) => attempt.ticketId,
      // A check-in the database refuses (a gate name it cannot store…) fails alone, not its batch.
      isolateFailures: true,
    });
    writers.set(database, writer);
  }
  return writer;
}
