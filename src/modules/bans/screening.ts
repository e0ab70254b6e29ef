import { sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { fieldCipher, type FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { identityKeyInput, surnameSearchKey } from '../applicants/domain/identity.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import {
  covers,
  matchKind,
  type BannedIdentity,
  type MatchKind,
  type ScreenableBan,
  type ScreenedEvent,
  type ScreenedPerson,
} from './domain/screening.js';
import { decryptBan, type BanRow } from './repository.js';

// Screening (BAN-6): before a ticket is issued, its holder is checked against the bans of the event's
// organiser that cover the event; a possible match opens a case for a ban officer (`ban_screening_cases`) and
// the ticket waits (`screening`). Adding a ban re-screens the live tickets of the organiser's future events.
// What the tickets module calls; it never sees a ban, only whether a seat waits.
//
// Screening and changes of the registry are serialised per organiser (`lockScreening`): a screening holds a
// shared transaction-level advisory lock on each organiser concerned, a change of the registry (entry, import,
// change, suspension, lifting, removal) or of an event's organiser an exclusive one, taken before it reads the
// tickets to re-screen. Under READ COMMITTED neither side sees the other's uncommitted rows; with the lock,
// whichever comes second waits for the first to commit and then sees its rows (each statement takes a new
// snapshot), so a ticket issued while a ban is entered is screened against it either way.

export type { ScreenedPerson } from './domain/screening.js';

/** A seat about to get a ticket: its event, and its holder (null for a group seat, unnamed at issuance). */
export interface HolderToScreen {
  eventId: string;
  person: ScreenedPerson | null;
}

/** A ban the holder may be under, and how close the match is. */
export interface ScreeningHit {
  banId: string;
  organiserId: string;
  match: MatchKind;
}

/** Who acts, for the audit trail: a staff member, a holder's link, or a job (`system:…`). */
export interface ScreeningActing {
  actor: string;
  organisationId: string | null;
  requestId: string | null;
  sourceIp: string | null;
}

export interface LoadedBan {
  id: string;
  organiserId: string;
  identityKey: string;
  identityKeyKid: string;
  ban: ScreenableBan;
  identity: BannedIdentity;
}

/** An organiser's bans, indexed for exact matches (identity key) and close ones (birth date, surname). */
class BanIndex {
  readonly kids = new Set<string>();
  readonly byKey = new Map<string, LoadedBan[]>();
  readonly byBirthDate = new Map<string, LoadedBan[]>();
  readonly bySurname = new Map<string, LoadedBan[]>();

  add(ban: LoadedBan): void {
    this.kids.add(ban.identityKeyKid);
    push(this.byKey, ban.identityKey, ban);
    push(this.byBirthDate, ban.identity.birthDate, ban);
    push(this.bySurname, surnameSearchKey(ban.identity.surname), ban);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The advisory lock's name for an organiser's registry; events without an organiser share one. */
const screeningLockName = (organiserId: string | null) => `gradins.bans.screening.${organiserId ?? 'none'}`;

/**
 * Takes the screening lock of each organiser (transaction-level: released at commit or rollback), one call per
 * organiser, in a stable order so that two transactions never wait for each other in a circle. `shared` for
 * a screening (screenings do not wait for one another), `exclusive` for a change of what screening compares.
 * `null` stands for the events that have no organiser (an organiser is about to be named for one).
 */
export async function lockScreening(
  tx: Db | Tx,
  organiserIds: readonly (string | null)[],
  mode: 'shared' | 'exclusive',
): Promise<void> {
  for (const name of [...new Set(organiserIds.map(screeningLockName))].sort())
    await tx.execute(
      mode === 'shared'
        ? sql`select pg_advisory_xact_lock_shared(hashtextextended(${name}, 0))`
        : sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`,
    );
}

/**
 * The events, read under the shared screening lock of their organisers. They are read again once locked: an
 * organiser may have been named meanwhile (`setEventOrganiser` holds the old and new organisers' locks), and
 * then the new organiser's lock is taken too. Usually two reads and one lock call per organiser.
 */
async function eventsUnderLock(tx: Db | Tx, eventIds: readonly string[]): Promise<EventRow[]> {
  const locked = new Set<string>();
  for (;;) {
    const events = await selectRows<EventRow>(
      tx,
      sql`select id, organiser_id, venue, sport, starts_at from sport_events
          where id = any(${sql.param([...eventIds])}::uuid[])`,
    );
    const missing = [...new Set(events.map((row) => screeningLockName(row.organiser_id)))].filter(
      (name) => !locked.has(name),
    );
    if (missing.length === 0) return events;
    const organisers = events
      .filter((row) => missing.includes(screeningLockName(row.organiser_id)))
      .map((row) => row.organiser_id);
    await lockScreening(tx, organisers, 'shared');
    for (const name of missing) locked.add(name);
  }
}

/** An event as screening reads it (raw row). */
export interface EventRow {
  id: string;
  organiser_id: string | null;
  venue: string;
  sport: string;
  starts_at: string | Date;
}

export const screenedEvent = (row: Pick<EventRow, 'venue' | 'sport' | 'starts_at'>): ScreenedEvent => ({
  day: parisDate(new Date(row.starts_at)),
  venue: row.venue,
  sport: row.sport,
});

function loaded(cipher: FieldCipher, row: BanRow): LoadedBan {
  const { identity, measure } = decryptBan(cipher, row);
  return {
    id: row.id,
    organiserId: row.organiserId,
    identityKey: row.identityKey,
    identityKeyKid: row.identityKeyKid,
    ban: { startsOn: row.startsOn, endsOn: row.endsOn, suspended: row.suspendedAt !== null, measure },
    identity: { surname: identity.surname, firstName: identity.firstName, birthDate: identity.birthDate },
  };
}

/** Ban rows as Drizzle maps them, from a raw `select b.*`. */
async function banRows(db: Db | Tx, where: ReturnType<typeof sql>): Promise<BanRow[]> {
  const rows = await selectRows<{
    id: string;
    organiser_id: string;
    kind: BanRow['kind'];
    starts_on: string;
    ends_on: string;
    suspended_at: string | Date | null;
    identity_encrypted: string;
    measure_encrypted: string;
    identity_key: string;
    identity_key_kid: string;
  }>(
    db,
    sql`select id, organiser_id, kind, starts_on::text, ends_on::text, suspended_at, identity_encrypted,
          measure_encrypted, identity_key, identity_key_kid
        from bans b where ${where}`,
  );
  return rows.map(
    (row) =>
      ({
        id: row.id,
        organiserId: row.organiser_id,
        kind: row.kind,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        suspendedAt: row.suspended_at === null ? null : new Date(row.suspended_at),
        identityEncrypted: row.identity_encrypted,
        measureEncrypted: row.measure_encrypted,
        identityKey: row.identity_key,
        identityKeyKid: row.identity_key_kid,
      }) as BanRow,
  );
}

/** The hits of one person at one event among an organiser's bans (each ban once, an exact match first). */
function hitsOf(
  index: BanIndex,
  event: ScreenedEvent,
  person: ScreenedPerson,
  keysOf: (kid: string) => string,
): ScreeningHit[] {
  const found = new Map<string, ScreeningHit>();
  for (const kid of index.kids)
    for (const ban of index.byKey.get(keysOf(kid)) ?? [])
      if (ban.identityKeyKid === kid && covers(ban.ban, event))
        found.set(ban.id, { banId: ban.id, organiserId: ban.organiserId, match: 'exact' });
  const candidates = [
    ...(index.byBirthDate.get(person.birthDate) ?? []),
    ...(index.bySurname.get(surnameSearchKey(person.birthSurname)) ?? []),
  ];
  for (const ban of candidates) {
    if (found.has(ban.id) || !covers(ban.ban, event)) continue;
    const match = matchKind(person, ban.identity);
    if (match) found.set(ban.id, { banId: ban.id, organiserId: ban.organiserId, match });
  }
  return [...found.values()];
}

/**
 * The possible matches of each seat about to get a ticket, by its index in `holders` (seats without any are
 * absent). Cheap when there is nothing to find, as for most issuances: one query for the events' organisers
 * (made again once their lock is held), one for their bans that may cover the events (none for events without
 * an organiser); each ban decrypted once; a holder's identity key computed (HMAC, one per version of the
 * `identity-ban` secret among those bans) only when their event's organiser has bans. No query per seat. Holds the organisers' shared screening lock
 * (`lockScreening`) until the caller's transaction ends: one lock call per organiser per batch.
 */
export async function screenHolders(
  tx: Db | Tx,
  keys: KeyStore,
  holders: readonly HolderToScreen[],
): Promise<Map<number, ScreeningHit[]>> {
  const hits = new Map<number, ScreeningHit[]>();
  const eventIds = [...new Set(holders.filter((holder) => holder.person).map((holder) => holder.eventId))];
  if (eventIds.length === 0) return hits;
  // Under the organisers' shared lock, so that a ban entered meanwhile either is seen here or sees these tickets.
  const events = (await eventsUnderLock(tx, eventIds)).filter(
    (row): row is EventRow & { organiser_id: string } => row.organiser_id !== null,
  );
  if (events.length === 0) return hits;
  const days = events.map((row) => parisDate(new Date(row.starts_at))).sort();
  const rows = await banRows(
    tx,
    sql`b.organiser_id = any(${sql.param([...new Set(events.map((row) => row.organiser_id))])}::uuid[])
        and b.suspended_at is null and b.ends_on > ${days[0]}::date and b.starts_on <= ${days.at(-1)}::date`,
  );
  if (rows.length === 0) return hits;
  const cipher = fieldCipher(keys);
  const indexes = new Map<string, BanIndex>();
  for (const row of rows) {
    const index = indexes.get(row.organiserId) ?? new BanIndex();
    index.add(loaded(cipher, row));
    indexes.set(row.organiserId, index);
  }
  const byEvent = new Map(
    events.flatMap((row) => {
      const index = indexes.get(row.organiser_id);
      return index ? [[row.id, { index, event: screenedEvent(row) }] as const] : [];
    }),
  );
  const identityKeys = new Map<string, string>();
  holders.forEach((holder, position) => {
    const screened = holder.person ? byEvent.get(holder.eventId) : undefined;
    if (!screened || !holder.person) return;
    const input = identityKeyInput(holder.person);
    const keyOf = (kid: string) => {
      const cacheKey = `${kid}\u0000${input}`;
      let key = identityKeys.get(cacheKey);
      if (key === undefined) {
        key = keys.pseudonymWith(kid, input);
        identityKeys.set(cacheKey, key);
      }
      return key;
    };
    const found = hitsOf(screened.index, screened.event, holder.person, keyOf);
    if (found.length > 0) hits.set(position, found);
  });
  return hits;
}

/**
 * Opens a case per ticket and ban (`ban_screening_cases`, no name: a ticket id, a ban id, the kind of match),
 * unless the pair already has one that settles it: a pending case (the partial unique index
 * `ban_screening_cases_once` stands behind it), a confirmed one, or one dismissed since the ban's last revision
 * (`bans.revised_at`: its identity as matched or what it covers changed) — an officer who looked at this record
 * for this ticket is not asked again. A lapsed case never stops a new one: the ban stopped having effect (a
 * suspension) or no longer covered the ticket, and has again. Audited `bans.screening.opened`, naming the cases.
 * Returns the ids of the cases opened.
 */
export async function openScreeningCases(
  tx: Tx,
  cases: readonly { ticketId: string; hits: readonly ScreeningHit[] }[],
  trigger: 'issuance' | 'new_ban',
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  const rows = cases.flatMap((entry) => entry.hits.map((hit) => ({ ticketId: entry.ticketId, ...hit })));
  if (rows.length === 0) return [];
  const column = (pick: (row: (typeof rows)[number]) => string) => sql.param(rows.map(pick));
  const opened = await selectRows<{ id: string; organiser_id: string }>(
    tx,
    sql`insert into ban_screening_cases (organiser_id, ticket_id, ban_id, trigger, match, created_at)
        select c.organiser_id, c.ticket_id, c.ban_id, ${trigger}, c.match, ${now.toISOString()}::timestamptz
        from unnest(${column((row) => row.organiserId)}::uuid[], ${column((row) => row.ticketId)}::text[],
          ${column((row) => row.banId)}::uuid[], ${column((row) => row.match)}::text[])
          as c(organiser_id, ticket_id, ban_id, match)
        join bans b on b.id = c.ban_id
        where not exists (
          select 1 from ban_screening_cases d
          where d.ticket_id = c.ticket_id and d.ban_id = c.ban_id
            and (d.status in ('pending', 'confirmed') or (d.status = 'dismissed' and d.decided_at >= b.revised_at)))
        on conflict (ticket_id, ban_id) where status = 'pending' do nothing
        returning id, organiser_id`,
  );
  await auditCases(tx, 'bans.screening.opened', opened, now, who);
  return opened.map((row) => row.id);
}

/** One audit entry per organiser naming the cases (SEC-6: a case links a ticket to a ban, ban data). */
export async function auditCases(
  tx: Tx,
  action: string,
  cases: readonly { id: string; organiser_id: string }[],
  now: Date,
  who: ScreeningActing,
): Promise<void> {
  const byOrganiser = new Map<string, string[]>();
  for (const row of cases) push(byOrganiser, row.organiser_id, row.id);
  for (const [organiserId, ids] of byOrganiser)
    await recordAuditEvent(tx, {
      actor: who.actor,
      organisationId: organiserId,
      action,
      target: { table: 'ban_screening_cases', ids },
      result: 'success',
      requestId: who.requestId,
      sourceIp: who.sourceIp,
      at: now,
    });
}

/**
 * The person a ticket (alias `t`) names, as `p` (`birth_surname`, `first_names`, `birth_date`, `surname_key`):
 * its holder's application, or for a group seat its named participant (`surname_key` null). To be joined
 * `on true`.
 */
export const TICKET_PERSON = sql`lateral (
    select a.birth_surname, a.first_names, a.birth_date, a.birth_surname_key as surname_key
    from applicants a where a.id = t.holder_applicant_id and t.holder_kind <> 'group'
    union all
    select g.birth_surname, g.first_names, g.birth_date, null
    from group_participants g where g.id = t.participant_id and t.holder_kind = 'group'
  ) p`;

/** Bans of `where`, decrypted once. */
export async function loadedBans(tx: Tx, keys: KeyStore, where: ReturnType<typeof sql>) {
  const cipher = fieldCipher(keys);
  return (await banRows(tx, where)).map((row) => loaded(cipher, row));
}

/**
 * The live and waiting tickets (issued, delivered, `screening`) of `eventRows` whose holder (a person, a carer
 * pair's, a group's named participant) may be the person a ban of the event's organiser covering the event
 * names get a case — `new_ban` for a live ticket, which stays valid until a ban officer confirms (then it is
 * revoked); `issuance` for one already awaiting its screening. Returns the cases opened.
 */
async function openCasesOnTickets(
  tx: Tx,
  bans: readonly LoadedBan[],
  eventRows: readonly EventRow[],
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  const events = eventRows.flatMap((row) => {
    const event = screenedEvent(row);
    const covering = bans.filter((ban) => ban.organiserId === row.organiser_id && covers(ban.ban, event));
    return covering.length > 0 ? [{ id: row.id, event, covering }] : [];
  });
  if (events.length === 0) return [];
  const covering = [...new Set(events.flatMap((event) => event.covering))];
  const dates = [...new Set(covering.map((ban) => ban.identity.birthDate))];
  const surnames = [...new Set(covering.map((ban) => surnameSearchKey(ban.identity.surname)))];
  // Only holders who share a birth date or a surname with a ban can match it (every rule needs one of them).
  const candidates = await selectRows<{
    id: string;
    event_id: string;
    status: 'screening' | 'issued' | 'delivered';
    birth_surname: string;
    first_names: string;
    birth_date: string;
  }>(
    tx,
    sql`select t.id, t.event_id, t.status, p.birth_surname, p.first_names, p.birth_date::text
        from tickets t
        join ${TICKET_PERSON} on true
        where t.event_id = any(${sql.param(events.map((event) => event.id))}::uuid[])
          and t.status in ('screening', 'issued', 'delivered')
          and (p.birth_date = any(${sql.param(dates)}::date[])
               or p.surname_key = any(${sql.param(surnames)}::text[]) or p.surname_key is null)
        order by t.id`,
  );
  const byEvent = new Map(events.map((event) => [event.id, event]));
  type Found = { ticketId: string; hits: ScreeningHit[] }[];
  const found: { issuance: Found; new_ban: Found } = { issuance: [], new_ban: [] };
  for (const ticket of candidates) {
    const { covering: bansOfEvent } = byEvent.get(ticket.event_id)!;
    const person = {
      birthSurname: ticket.birth_surname,
      firstNames: ticket.first_names,
      birthDate: ticket.birth_date,
    };
    const hits = bansOfEvent.flatMap((ban) => {
      const match = matchKind(person, ban.identity);
      return match ? [{ banId: ban.id, organiserId: ban.organiserId, match }] : [];
    });
    if (hits.length > 0)
      found[ticket.status === 'screening' ? 'issuance' : 'new_ban'].push({ ticketId: ticket.id, hits });
  }
  return [
    ...(await openScreeningCases(tx, found.issuance, 'issuance', now, who)),
    ...(await openScreeningCases(tx, found.new_ban, 'new_ban', now, who)),
  ];
}

/**
 * Re-screening when bans are added (created, replaced, imported, reinstated): the tickets of the bans'
 * organisers' events starting after `now` that the bans cover get their cases (`openCasesOnTickets`), under the
 * organisers' exclusive screening lock (taken here if the caller has not). Idempotent. Returns the cases opened.
 */
export async function rescreenForBans(
  tx: Tx,
  deps: { keys: KeyStore },
  banIds: readonly string[],
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  if (banIds.length === 0) return [];
  const today = parisDate(now);
  const bans = await loadedBans(
    tx,
    deps.keys,
    sql`b.id = any(${sql.param([...banIds])}::uuid[]) and b.suspended_at is null and b.ends_on > ${today}::date`,
  );
  if (bans.length === 0) return [];
  const organiserIds = [...new Set(bans.map((ban) => ban.organiserId))];
  await lockScreening(tx, organiserIds, 'exclusive');
  const events = await selectRows<EventRow>(
    tx,
    sql`select id, organiser_id, venue, sport, starts_at from sport_events
        where organiser_id = any(${sql.param(organiserIds)}::uuid[])
          and starts_at > ${now.toISOString()}::timestamptz`,
  );
  return openCasesOnTickets(tx, bans, events, now, who);
}

/**
 * Re-screening of events whose organiser was just named (`setEventOrganiser`): their tickets, if the events
 * start after `now`, against the bans of their organiser that may cover them (`openCasesOnTickets`). The caller
 * holds the exclusive screening lock of the events' organisers. Returns the cases opened.
 */
export async function rescreenEvents(
  tx: Tx,
  deps: { keys: KeyStore },
  eventIds: readonly string[],
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const events = await selectRows<EventRow & { organiser_id: string }>(
    tx,
    sql`select id, organiser_id, venue, sport, starts_at from sport_events
        where id = any(${sql.param([...eventIds])}::uuid[]) and organiser_id is not null
          and starts_at > ${now.toISOString()}::timestamptz`,
  );
  if (events.length === 0) return [];
  const days = events.map((row) => parisDate(new Date(row.starts_at))).sort();
  const bans = await loadedBans(
    tx,
    deps.keys,
    sql`b.organiser_id = any(${sql.param([...new Set(events.map((row) => row.organiser_id))])}::uuid[])
        and b.suspended_at is null and b.ends_on > ${days[0]}::date and b.starts_on <= ${days.at(-1)}::date`,
  );
  return openCasesOnTickets(tx, bans, events, now, who);
}
