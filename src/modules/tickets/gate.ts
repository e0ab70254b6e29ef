// The gate (issue [G], TAJ-18, TAJ-15 "the gate detects copies"): online check-in, the offline pack of an
// event (keys, ended tickets, entries), and the sync of scans made offline, which reports double entries.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type {
  CheckInResult,
  DoubleEntry,
  GateEvent,
  GatePack,
  GateReason as ContractReason,
  SyncRequest,
  SyncResult,
} from '../../../contracts/gate.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { publicKeysDocument } from '../../platform/crypto/public-keys-routes.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { gateScans, sportEvents, tickets } from '../../platform/db/schema/index.js';
import { GATE_REASONS, type FirstEntry, type GateReason } from './domain/gate.js';
import type { TicketStatus } from './domain/lifecycle.js';
import { checkIssuedTicketCode, verifyTicketCode, type TicketCodeFields } from './domain/ticket-code.js';
import type { TicketVerificationKey } from './domain/ticket-keys.js';
import { checkInWriter } from './check-ins.js';
import { platformTicketKeys } from './native-ticket-keys.js';
import { recordHistory } from './repository.js';
import type { TicketActing, TicketsDeps } from './deps.js';

// The contract's reason codes and the domain's are the same set (a compile-time check both ways).
const sameReasons: [GateReason, ContractReason] extends [ContractReason, GateReason] ? true : never = true;
void sameReasons;

/** A gate agent at work: who (for the audit trail and the entry), at which gate, on which device. */
export interface GateActing extends TicketActing {
  gateId: string;
  deviceId: string | null;
}

// A ticket awaiting or refused at its ban screening (BAN-6) admits no one either: offline, as online, the gate
// reads it as « révoqué », and nothing else of why.
const ENDED: readonly TicketStatus[] = [
  'withdrawn',
  'revoked',
  'reassigned',
  'returned_to_pool',
  'screening',
  'refused',
];

let trusted: { stamp: string; keys: TicketVerificationKey[] } | undefined;

/** The platform's ticket keys, read again only when the key store's keys change (rotation). */
function ticketKeys(store: KeyStore): TicketVerificationKey[] {
  const stamp = store
    .publicSigningKeys()
    .map((key) => `${key.kid}/${key.notAfter ?? ''}`)
    .join();
  if (trusted?.stamp !== stamp) trusted = { stamp, keys: platformTicketKeys(store) };
  return trusted.keys;
}

const refusal = (
  reason: GateReason,
  lang: 'fr' | 'en',
  at: Date,
  ticket?: TicketCodeFields,
  firstEntry?: FirstEntry,
): CheckInResult => ({
  accepted: false,
  reason,
  reasonText: GATE_REASONS[reason][lang],
  ticketId: ticket?.ticketId ?? null,
  holder: ticket ? { ...ticket.holder } : null,
  firstEntry: firstEntry ?? null,
  checkedAt: at.toISOString(),
});

/**
 * Online check-in of a scanned text for an event: the code verified (format, key, signature, event, hours),
 * then the ticket moves from issued/delivered to scanned under a row lock — of two gates scanning the same code
 * at the same instant, one gets the row, the other finds it scanned. Accepted: the entry, the ticket's history
 * and the audit entry in one transaction; refused: only the audit entry (`denied`), naming the reason. Concurrent
 * check-ins share that transaction (`check-ins.ts`, group commit).
 */
export async function checkIn(
  deps: TicketsDeps,
  eventId: string,
  code: string,
  who: GateActing,
  lang: 'fr' | 'en',
): Promise<CheckInResult> {
  const now = deps.clock.now();
  const options = { keys: ticketKeys(deps.keys), eventId, now };
  // The signature is verified only when the text is not the code the ticket was signed with (see check-ins.ts):
  // a forged or altered code then reads « signature invalide » as it would offline.
  const verified = () => verifyTicketCode(code, options);
  const checked = checkIssuedTicketCode(code, options);
  if (!checked.ok) {
    // The full verification refuses it too, with « signature invalide » first when the signature is wrong.
    const full = verified();
    const { reason, ticket } = full.ok ? checked : full;
    return refused(deps.database.db, who, now, reason, lang, ticket);
  }
  const ticket = checked.ticket;
  const writer = checkInWriter(deps.database);
  const attempt = { ticketId: ticket.ticketId, eventId, at: now, who };
  let outcome = await writer.submit({ ...attempt, code });
  if (!outcome.entered && outcome.reason === 'unverified') {
    const full = verified();
    if (!full.ok) return refused(deps.database.db, who, now, full.reason, lang, full.ticket);
    outcome = await writer.submit({ ...attempt, code: null });
  }
  if (!outcome.entered) {
    if (outcome.reason === 'unverified') throw new Error('a verified code read as unverified');
    return refusal(outcome.reason, lang, now, ticket, outcome.firstEntry);
  }
  return {
    accepted: true,
    reason: null,
    reasonText: null,
    ticketId: ticket.ticketId,
    holder: { ...ticket.holder },
    firstEntry: null,
    checkedAt: now.toISOString(),
  };
}

async function refused(
  db: Db,
  who: GateActing,
  now: Date,
  reason: GateReason,
  lang: 'fr' | 'en',
  ticket?: TicketCodeFields,
  first?: FirstEntry & { ticketId?: string },
): Promise<CheckInResult> {
  await audit(db, who, now, `tickets.checkin.refused.${reason}`, 'denied', ticket ? [ticket.ticketId] : []);
  return refusal(reason, lang, now, ticket, first && { at: first.at, gateId: first.gateId });
}

const audit = (
  db: Db | Tx,
  who: TicketActing,
  at: Date,
  action: string,
  result: 'success' | 'denied',
  ids: string[],
) =>
  recordAuditEvent(db, {
    actor: who.actor,
    organisationId: who.organisationId,
    action,
    target: { table: 'tickets', ids },
    result,
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at,
  });

async function firstEntries(
  db: Db | Tx,
  ticketIds: readonly string[],
): Promise<(FirstEntry & { ticketId: string; id: number; deviceId: string | null })[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db
    .select()
    .from(gateScans)
    .where(and(inArray(gateScans.ticketId, [...ticketIds]), eq(gateScans.result, 'entered')));
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticketId,
    at: row.scannedAt.toISOString(),
    gateId: row.gateId,
    deviceId: row.deviceId,
  }));
}

/** The event as a gate shows it, or null when there is no such event. */
async function gateEvent(db: Db, eventId: string) {
  const [event] = await db.select().from(sportEvents).where(eq(sportEvents.id, eventId));
  return event;
}

/**
 * What a gate caches to decide offline: the platform's public keys, the event's ended tickets and its entries,
 * with a version that changes whenever a list does.
 */
export async function gatePack(deps: TicketsDeps, eventId: string): Promise<GatePack | null> {
  const db = deps.database.db;
  const event = await gateEvent(db, eventId);
  if (!event) return null;
  const ended = await db
    .select({ id: tickets.id, endedAt: tickets.endedAt })
    .from(tickets)
    .where(
      and(
        eq(tickets.eventId, eventId),
        sql`(${tickets.status} in ${ENDED} or (${tickets.status} in ('issued', 'delivered') and ${tickets.holderApplicantId} is null))`,
      ),
    )
    .orderBy(asc(tickets.id));
  const entered = await db
    .select({ ticketId: gateScans.ticketId, at: gateScans.scannedAt, gateId: gateScans.gateId })
    .from(gateScans)
    .where(and(eq(gateScans.eventId, eventId), eq(gateScans.result, 'entered')))
    .orderBy(asc(gateScans.id));
  const latest = Math.max(
    0,
    ...ended.map((row) => row.endedAt?.getTime() ?? 0),
    ...entered.map((row) => row.at.getTime()),
  );
  return {
    eventId,
    event: {
      code: event.code,
      sport: event.sport,
      venue: event.venue,
      startsAt: event.startsAt.toISOString(),
    },
    version: `${latest}-${ended.length}-${entered.length}`,
    generatedAt: deps.clock.now().toISOString(),
    keys: publicKeysDocument(deps.keys),
    ended: ended.map((row) => row.id),
    entered: entered.map((row) => ({ ticketId: row.ticketId, at: row.at.toISOString(), gateId: row.gateId })),
  };
}

/** How far ahead of the server's clock a device's scan time may be (a device's clock drifts). */
const SYNC_CLOCK_DRIFT_MS = 5 * 60_000;

/**
 * The scans a device made offline, applied in one transaction in the order they were made: a live ticket
 * enters (as online, the same conditional UPDATE); a ticket already entered — online, or offline on another
 * device — is a double entry; a ticket that had ended is an entry after the end (the device's list was stale).
 * Both are stored (`gate_scans`) and audited. A scan this device already sent (a retry) writes nothing.
 */
export async function syncScans(
  deps: TicketsDeps,
  eventId: string,
  request: SyncRequest,
  who: TicketActing,
): Promise<SyncResult> {
  const now = deps.clock.now();
  const scans = [...request.scans].sort((a, b) => Date.parse(a.scannedAt) - Date.parse(b.scannedAt));
  return deps.database.transaction(async (tx) => {
    const result: SyncResult = { entered: 0, alreadyKnown: 0, unknown: [], doubleEntries: [], refused: [] };
    const entered: string[] = [];
    const doubles: number[] = [];
    const keys = ticketKeys(deps.keys);
    for (const scan of scans) {
      const scannedAt = new Date(scan.scannedAt);
      // The device decided with the same checks; they are made again here, at the time it gives, so that a
      // tampered device can neither enter a ticket by its id alone nor date an entry after now.
      const checked = verifyTicketCode(scan.code, { keys, eventId, now: scannedAt });
      const reason =
        scannedAt.getTime() > now.getTime() + SYNC_CLOCK_DRIFT_MS
          ? 'scanned-in-future'
          : !checked.ok
            ? checked.reason
            : checked.ticket.ticketId !== scan.ticketId
              ? 'code-of-another-ticket'
              : undefined;
      if (reason) {
        result.refused.push({ ticketId: scan.ticketId, reason });
        continue;
      }
      const [known] = await tx
        .select({ id: gateScans.id })
        .from(gateScans)
        .where(
          and(
            eq(gateScans.ticketId, scan.ticketId),
            eq(gateScans.deviceId, request.deviceId),
            eq(gateScans.scannedAt, scannedAt),
          ),
        );
      if (known) {
        result.alreadyKnown += 1;
        continue;
      }
      const [ticket] = await tx
        .select({ status: tickets.status, holder: tickets.holderApplicantId })
        .from(tickets)
        .where(and(eq(tickets.id, scan.ticketId), eq(tickets.eventId, eventId)))
        .for('update');
      if (!ticket) {
        result.unknown.push(scan.ticketId);
        continue;
      }
      const row = {
        ticketId: scan.ticketId,
        eventId,
        scannedAt,
        receivedAt: now,
        gateId: scan.gateId,
        deviceId: request.deviceId,
        agentId: who.actor,
        mode: 'offline' as const,
      };
      if ((ticket.status === 'issued' || ticket.status === 'delivered') && ticket.holder !== null) {
        await tx
          .update(tickets)
          .set({ status: 'scanned', endedAt: scannedAt < now ? scannedAt : now })
          .where(eq(tickets.id, scan.ticketId));
        await tx.insert(gateScans).values({ ...row, result: 'entered' });
        await recordHistory(
          tx,
          [{ ticketId: scan.ticketId, from: ticket.status, to: 'scanned', related: null }],
          now,
          who,
          `entrée hors ligne, ${scan.gateId}, ${scan.scannedAt}`,
        );
        entered.push(scan.ticketId);
        continue;
      }
      const [first] = ticket.status === 'scanned' ? await firstEntries(tx, [scan.ticketId]) : [];
      const [stored] = await tx
        .insert(gateScans)
        .values({
          ...row,
          result: first ? 'double_entry' : 'after_end',
          firstScanId: first?.id ?? null,
        })
        .returning({ id: gateScans.id });
      doubles.push(stored!.id);
      result.doubleEntries.push({
        id: stored!.id,
        ticketId: scan.ticketId,
        kind: first ? 'double_entry' : 'after_end',
        scannedAt: scannedAt.toISOString(),
        gateId: scan.gateId,
        deviceId: request.deviceId,
        mode: 'offline',
        firstEntry: first ? { at: first.at, gateId: first.gateId, deviceId: first.deviceId } : null,
      });
    }
    result.entered = entered.length;
    if (entered.length > 0) await audit(tx, who, now, 'tickets.ticket.scanned', 'success', entered);
    if (result.refused.length > 0)
      await audit(
        tx,
        who,
        now,
        'tickets.gate.sync-refused',
        'denied',
        result.refused.map((scan) => scan.ticketId),
      );
    if (doubles.length > 0)
      await audit(
        tx,
        who,
        now,
        'tickets.gate.double-entry',
        'denied',
        result.doubleEntries.map((entry) => entry.ticketId),
      );
    return result;
  });
}

/** The double entries and entries after the end recorded for an event, newest first. */
export async function doubleEntries(db: Db, eventId: string): Promise<DoubleEntry[]> {
  const rows = await selectRows<{
    id: number;
    ticket_id: string;
    result: 'double_entry' | 'after_end';
    scanned_at: Date | string;
    gate_id: string;
    device_id: string | null;
    mode: 'online' | 'offline';
    first_at: Date | string | null;
    first_gate: string | null;
    first_device: string | null;
  }>(
    db,
    sql`select s.id::int as id, s.ticket_id, s.result, s.scanned_at, s.gate_id, s.device_id, s.mode,
               f.scanned_at as first_at, f.gate_id as first_gate, f.device_id as first_device
        from gate_scans s left join gate_scans f on f.id = s.first_scan_id
        where s.event_id = ${eventId} and s.result <> 'entered'
        order by s.id desc limit 1000`,
  );
  const iso = (value: Date | string) => new Date(value).toISOString();
  return rows.map((row) => ({
    id: Number(row.id),
    ticketId: row.ticket_id,
    kind: row.result,
    scannedAt: iso(row.scanned_at),
    gateId: row.gate_id,
    deviceId: row.device_id,
    mode: row.mode,
    firstEntry:
      row.first_at === null
        ? null
        : { at: iso(row.first_at), gateId: row.first_gate ?? '', deviceId: row.first_device },
  }));
}

/** The events a gate agent's grants name (event-scoped `gate_agent` grants), soonest first. */
export async function gateEvents(db: Db, eventIds: readonly string[]): Promise<GateEvent[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .select()
    .from(sportEvents)
    .where(inArray(sportEvents.id, [...eventIds]))
    .orderBy(asc(sportEvents.startsAt));
  return rows.map((event) => ({
    eventId: event.id,
    code: event.code,
    sport: event.sport,
    discipline: event.discipline,
    venue: event.venue,
    startsAt: event.startsAt.toISOString(),
  }));
}
