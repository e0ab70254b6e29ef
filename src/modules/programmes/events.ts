import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { GamesCode, ImportReport, SportEvent } from '../../../contracts/programmes.js';
import { isUniqueViolation, type Db, type Tx } from '../../platform/db/database.js';
import { organisations, sportEvents, stockMovements } from '../../platform/db/schema/index.js';
import type { CsvRow } from '../../platform/csv/read-csv.js';
import { auditChange } from './audit.js';
import type { Acting, ProgrammesDeps } from './deps.js';
import { findShortfalls } from './domain/cascade.js';
import { parseEventRow, type EventRow } from './domain/event-rows.js';
import { instantFromParis, parisFromInstant } from './domain/paris-time.js';
import { programmeProblems } from './problems.js';
import { balanceKey, balancesOf, holderId, lockEventStock, suppliedStock } from './repository.js';

type EventRecord = typeof sportEvents.$inferSelect;

/** An events file is a calendar, not a registry: a few thousand lines at most (the Paris 2024 one had ~800). */
export const MAX_IMPORT_ROWS = 5_000;

export interface NewEvent {
  code: string;
  games: GamesCode;
  kind: 'competition' | 'ceremony';
  sport: string;
  discipline: string;
  venue: string;
  startsAtParis: string;
  stock: { category: string; count: number }[];
}

export function eventView(row: EventRecord, stock: { category: string; count: number }[]): SportEvent {
  return {
    id: row.id,
    code: row.code,
    games: row.games,
    kind: row.kind,
    sport: row.sport,
    discipline: row.discipline,
    venue: row.venue,
    startsAt: row.startsAt.toISOString(),
    startsAtParis: parisFromInstant(row.startsAt),
    organiserId: row.organiserId,
    stock: stock.filter((line) => line.count !== 0),
  };
}

export async function listEvents(db: Db | Tx, filter: { games?: GamesCode } = {}): Promise<SportEvent[]> {
  const rows = await db
    .select()
    .from(sportEvents)
    .where(filter.games ? eq(sportEvents.games, filter.games) : undefined)
    .orderBy(asc(sportEvents.startsAt), asc(sportEvents.code));
  const stock = await suppliedStock(db);
  return rows.map((row) => eventView(row, stock.get(row.id) ?? []));
}

export async function getEvent(db: Db | Tx, eventId: string): Promise<SportEvent> {
  const [row] = await db.select().from(sportEvents).where(eq(sportEvents.id, eventId));
  if (!row) throw programmeProblems.notFound({ fr: 'Cet événement', en: 'This event' });
  return eventView(row, (await suppliedStock(db, [eventId])).get(eventId) ?? []);
}

function startOf(local: string, now: Date): Date {
  const startsAt = instantFromParis(local);
  if (!startsAt) throw programmeProblems.invalidParisTime();
  if (startsAt <= now) throw programmeProblems.eventInPast();
  return startsAt;
}

/** Supplies an event's stock: movements from the supplier into the State pool. */
async function supply(
  tx: Db | Tx,
  who: Acting | { system: string },
  at: Date,
  eventId: string,
  lines: readonly { category: string; count: number }[],
  reason: string,
): Promise<void> {
  if (lines.length === 0) return;
  const [supplier, pool] = [await holderId(tx, { level: 'supplier' }), await holderId(tx, { level: 'pool' })];
  await tx.insert(stockMovements).values(
    lines.map((line) => ({
      at,
      kind: 'supply' as const,
      ...('system' in who ? { system: who.system } : { actorId: who.actor.userId }),
      eventId,
      category: line.category,
      fromHolder: supplier,
      toHolder: pool,
      quantity: line.count,
      reason,
    })),
  );
}

/** A session created by hand, with its stock supplied to the State pool. */
export async function createEvent(deps: ProgrammesDeps, input: NewEvent, who: Acting): Promise<SportEvent> {
  const now = deps.clock.now();
  const startsAt = startOf(input.startsAtParis, now);
  const categories = input.stock.map((line) => line.category);
  if (new Set(categories).size !== categories.length) {
    throw programmeProblems.duplicateCategory();
  }
  try {
    return await deps.database.transaction(async (tx) => {
      const [row] = await tx
        .insert(sportEvents)
        .values({ ...input, startsAt, createdAt: now })
        .returning();
      await supply(tx, who, now, row!.id, input.stock, 'Stock de l’événement à sa création');
      await auditChange(tx, who, now, 'programmes.event.created', 'sport_events', [row!.id]);
      return eventView(row!, input.stock);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw programmeProblems.eventCodeTaken();
    throw error;
  }
}

/**
 * Names the event organiser whose stadium-ban registry covers the event (issue [H], AU-42): its venue and sport
 * become ones that organiser's administrative bans may name, and its tickets are screened against its bans —
 * those already issued or waiting too, in this transaction (`deps.organiserChanged`: the bans module screens
 * them against the new organiser's bans and lapses the old one's pending cases). `null` detaches it. Only an
 * organisation of kind `event_organiser`.
 */
export async function setEventOrganiser(
  deps: ProgrammesDeps,
  eventId: string,
  organiserId: string | null,
  who: Acting,
): Promise<SportEvent> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const before = await getEvent(tx, eventId);
    if (organiserId !== null) {
      const [organiser] = await tx
        .select({ kind: organisations.kind })
        .from(organisations)
        .where(eq(organisations.id, organiserId));
      if (organiser?.kind !== 'event_organiser') throw programmeProblems.notAnOrganiser();
    }
    await tx.update(sportEvents).set({ organiserId }).where(eq(sportEvents.id, eventId));
    await auditChange(tx, who, now, 'programmes.event.organiser-set', 'sport_events', [eventId]);
    await deps.organiserChanged(tx, { eventId, from: before.organiserId, to: organiserId, now, who });
    return getEvent(tx, eventId);
  });
}

/** Tickets added to an event's stock, or taken out of it (only what the State pool still holds). */
export async function changeSupply(
  deps: ProgrammesDeps,
  eventId: string,
  change: { category: string; direction: 'add' | 'remove'; count: number; reason: string },
  who: Acting,
): Promise<SportEvent> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const event = await getEvent(tx, eventId);
    if (new Date(event.startsAt) <= now) throw programmeProblems.eventInPast('params.eventId');
    await lockEventStock(tx, [eventId]);
    if (change.direction === 'add') {
      await supply(tx, who, now, eventId, [change], change.reason);
    } else {
      const pool = await holderId(tx, { level: 'pool' });
      const balances = await balancesOf(tx, pool, [eventId]);
      const shortfalls = findShortfalls(
        [{ eventId, category: change.category, quantity: change.count }],
        (id, category) => balances.get(balanceKey(id, category)) ?? 0,
      );
      if (shortfalls.length > 0) throw programmeProblems.insufficientBalance(shortfalls, () => event.code);
      await tx.insert(stockMovements).values({
        at: now,
        kind: 'supply_removed',
        actorId: who.actor.userId,
        eventId,
        category: change.category,
        fromHolder: pool,
        toHolder: await holderId(tx, { level: 'supplier' }),
        quantity: change.count,
        reason: change.reason,
      });
    }
    await auditChange(tx, who, now, 'programmes.event.stock-changed', 'sport_events', [eventId]);
    return getEvent(tx, eventId);
  });
}

const sameEvent = (existing: EventRecord, row: EventRow, startsAt: Date) =>
  existing.games === row.games &&
  existing.kind === row.kind &&
  existing.sport === row.sport &&
  existing.discipline === row.discipline &&
  existing.venue === row.venue &&
  existing.startsAt.getTime() === startsAt.getTime();

/**
 * Imports sessions and their stock from CSV rows (TAJ-2). Every row is checked; each rejected row is
 * reported with its line and reason and the good ones are kept, all in one transaction. Importing the same
 * file again changes nothing: an event is matched by its code, a category by its name.
 */
export async function importEvents(
  deps: ProgrammesDeps,
  rows: AsyncIterable<CsvRow>,
  who: Acting,
): Promise<ImportReport> {
  const now = deps.clock.now();
  const parsed: { line: number; code: string | null; result: ReturnType<typeof parseEventRow> }[] = [];
  // Reading first: a file that turns out unreadable (encoding, a broken quote) imports nothing.
  for await (const row of rows) {
    if (parsed.length >= MAX_IMPORT_ROWS) throw programmeProblems.tooManyRows(MAX_IMPORT_ROWS);
    if (row.cellCountMismatch) {
      parsed.push({
        line: row.line,
        code: row.values.code || null,
        result: {
          ok: false,
          reason: `${row.cellCountMismatch.found} cellules au lieu de ${row.cellCountMismatch.expected} : vérifiez les séparateurs de cette ligne`,
        },
      });
      continue;
    }
    parsed.push({ line: row.line, code: row.values.code || null, result: parseEventRow(row.values) });
  }
  const report: ImportReport = { rows: parsed.length, created: 0, unchanged: 0, rejected: [] };
  const reject = (line: number, code: string | null, reason: string) =>
    report.rejected.push({ line, code, reason });

  await deps.database
    .transaction(async (tx) => {
      // One import at a time: two uploads of the same file would otherwise both create its events.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('gradins.events.import', 0))`);
      const supplier = await holderId(tx, { level: 'supplier' });
      const pool = await holderId(tx, { level: 'pool' });
      const supplies: (typeof stockMovements.$inferInsert)[] = [];
      const codes = [
        ...new Set(parsed.flatMap((entry) => (entry.result.ok ? [entry.result.row.code.toLowerCase()] : []))),
      ];
      const existing = codes.length
        ? await tx
            .select()
            .from(sportEvents)
            .where(inArray(sql`lower(${sportEvents.code})`, codes))
        : [];
      const events = new Map(existing.map((event) => [event.code.toLowerCase(), event]));
      const stock = await suppliedStock(
        tx,
        existing.map((event) => event.id),
      );
      const seen = new Set<string>();
      const changed = new Set<string>();
      for (const { line, code, result } of parsed) {
        if (!result.ok) {
          reject(line, code, result.reason);
          continue;
        }
        const row = result.row;
        const startsAt = instantFromParis(row.startsAtParis);
        if (!startsAt) {
          reject(line, row.code, `début ${row.startsAtParis} : cette date et heure n’existe pas à Paris`);
          continue;
        }
        const key = `${row.code.toLowerCase()}\u0000${row.category}`;
        if (seen.has(key)) {
          reject(
            line,
            row.code,
            `ligne en double : la catégorie ${row.category} de ${row.code} figure déjà plus haut`,
          );
          continue;
        }
        let event = events.get(row.code.toLowerCase());
        if (event && !sameEvent(event, row, startsAt)) {
          reject(
            line,
            row.code,
            `un événement de code ${event.code} existe déjà avec d’autres informations (${event.sport}, ${event.venue}, ${parisFromInstant(event.startsAt).replace('T', ' ')}) : corrigez la ligne ou changez le code`,
          );
          continue;
        }
        const current = event
          ? (stock.get(event.id) ?? []).find((line) => line.category === row.category)
          : undefined;
        // A category with a history (even one whose stock was all removed since) is changed by hand, not here.
        if (current) {
          seen.add(key);
          if (current.count === row.count) {
            report.unchanged += 1;
          } else {
            reject(
              line,
              row.code,
              `la catégorie ${row.category} a déjà un stock de ${current.count} billets : changez-le depuis la fiche de l’événement (ajout ou retrait de billets), pas par import`,
            );
          }
          continue;
        }
        if (startsAt <= now) {
          reject(line, row.code, 'cet événement a déjà eu lieu : on ne peut plus y répartir de billets');
          continue;
        }
        if (!event) {
          [event] = await tx
            .insert(sportEvents)
            .values({
              code: row.code,
              games: row.games,
              kind: row.kind,
              sport: row.sport,
              discipline: row.discipline,
              venue: row.venue,
              startsAt,
              createdAt: now,
            })
            .returning();
          events.set(row.code.toLowerCase(), event!);
        }
        seen.add(key);
        supplies.push({
          at: now,
          kind: 'supply',
          actorId: who.actor.userId,
          eventId: event!.id,
          category: row.category,
          fromHolder: supplier,
          toHolder: pool,
          quantity: row.count,
          reason: 'Import d’événements',
        });
        changed.add(event!.id);
        report.created += 1;
      }
      for (let start = 0; start < supplies.length; start += 500) {
        await tx.insert(stockMovements).values(supplies.slice(start, start + 500));
      }
      if (changed.size > 0) {
        await auditChange(tx, who, now, 'programmes.events.imported', 'sport_events', [...changed]);
      }
    })
    .catch((error: unknown) => {
      // A session created by hand with the same code while the import ran.
      if (isUniqueViolation(error)) throw programmeProblems.eventCodeTaken();
      throw error;
    });
  return report;
}
