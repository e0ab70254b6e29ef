import { eq } from 'drizzle-orm';
import type { GamesCode, TargetPublic } from '../../../../contracts/programmes.js';
import type { Tx } from '../../../platform/db/database.js';
import {
  games,
  organisations,
  programmeOperators,
  programmes,
  sportEvents,
  stockMovements,
} from '../../../platform/db/schema/index.js';
import { apportion, splitCells } from '../domain/apportion.js';
import { instantFromParis, shiftParisDays } from '../domain/paris-time.js';
import { holderId } from '../repository.js';
import {
  CATEGORY_SHARES,
  GAMES_2024,
  MINISTRIES,
  OPERATOR_SHARE_PERCENT,
  PROGRAMME_FIGURES,
  SESSIONS,
  STATE_PURCHASE,
} from './paris-2024.js';

const DAY = 86_400_000;
const SYSTEM = 'demo';

/** Whole days that move the 2024 Olympic opening to about three months after `now`. */
export function demoShiftDays(now: Date): number {
  const opening = instantFromParis(GAMES_2024.olympic.opensAt)!;
  return Math.round((now.getTime() + 91 * DAY - opening.getTime()) / DAY);
}

interface Cell {
  eventId: string;
  category: string;
  count: number;
}

/**
 * The Paris 2024 stock, replayed `shiftDays` later (same sessions, same Paris times, same distance between the
 * Games and from the deadlines): ten ministries attached to the four programmes, the State's purchase supplied
 * to the pool, split by public exactly as seed 1 says, and 80 % of each programme handed on to its ministries.
 * Every ticket moves through the ledger, as a programme administrator's transfers would.
 */
export async function loadDemoStock(
  tx: Tx,
  { now, shiftDays }: { now: Date; shiftDays: number },
): Promise<{ operatorIds: Map<string, string>; events: number; movements: number }> {
  const shift = (parisTime: string) => shiftParisDays(instantFromParis(parisTime)!, shiftDays);
  for (const code of ['olympic', 'paralympic'] as const) {
    const dates = GAMES_2024[code];
    await tx
      .update(games)
      .set({
        opensAt: shift(dates.opensAt),
        closesAt: shift(dates.closesAt),
        reclaimDeadline: shift(dates.reclaimDeadline),
        reclaimedAt: null,
        updatedAt: now,
      })
      .where(eq(games.code, code));
  }

  const programmeRows = await tx.select().from(programmes);
  const programmeOf = (targetPublic: TargetPublic) =>
    programmeRows.find((row) => row.targetPublic === targetPublic)!;

  const operatorIds = new Map<string, string>();
  for (const ministry of MINISTRIES) {
    const [row] = await tx
      .insert(organisations)
      .values({ name: ministry.name, kind: 'operator' })
      .returning();
    operatorIds.set(ministry.name, row!.id);
    for (const targetPublic of Object.keys(ministry.programmes) as TargetPublic[]) {
      await tx
        .insert(programmeOperators)
        .values({ programmeId: programmeOf(targetPublic).id, operatorId: row!.id, attachedAt: now });
    }
  }

  // Each Games' purchase split over its competition sessions by their seats; the ceremonies' share equally.
  const stockOf = new Map<string, number>();
  for (const code of ['olympic', 'paralympic'] as const satisfies readonly GamesCode[]) {
    const competitions = SESSIONS.filter(
      (session) => session.games === code && session.kind === 'competition',
    );
    apportion(
      STATE_PURCHASE[code],
      competitions.map((session) => session.weight),
    ).forEach((count, index) => stockOf.set(competitions[index]!.code, count));
  }
  const ceremonies = SESSIONS.filter((session) => session.kind === 'ceremony');
  apportion(
    STATE_PURCHASE.ceremonies,
    ceremonies.map(() => 1),
  ).forEach((count, index) => stockOf.set(ceremonies[index]!.code, count));

  const cells: Cell[] = [];
  for (const session of SESSIONS) {
    const [event] = await tx
      .insert(sportEvents)
      .values({
        code: session.code,
        games: session.games,
        kind: session.kind,
        sport: session.sport,
        discipline: session.discipline,
        venue: session.venue,
        startsAt: shift(session.startsAt),
        createdAt: now,
      })
      .returning();
    apportion(
      stockOf.get(session.code)!,
      CATEGORY_SHARES.map((line) => line.share),
    ).forEach((count, index) => {
      if (count > 0) cells.push({ eventId: event!.id, category: CATEGORY_SHARES[index]!.category, count });
    });
  }

  const supplier = await holderId(tx, { level: 'supplier' });
  const pool = await holderId(tx, { level: 'pool' });
  const movements: (typeof stockMovements.$inferInsert)[] = cells.map((cell) => ({
    at: now,
    kind: 'supply',
    system: SYSTEM,
    eventId: cell.eventId,
    category: cell.category,
    fromHolder: supplier,
    toHolder: pool,
    quantity: cell.count,
    reason: 'Démonstration : achat de l’État pour Paris 2024',
  }));

  const publics = Object.keys(PROGRAMME_FIGURES) as TargetPublic[];
  const byProgramme = splitCells(
    cells.map((cell) => cell.count),
    publics.map((targetPublic) => PROGRAMME_FIGURES[targetPublic]),
  );
  for (const [publicIndex, targetPublic] of publics.entries()) {
    const programme = programmeOf(targetPublic);
    const programmeHolder = await holderId(tx, { level: 'programme', programmeId: programme.id });
    const ministries = MINISTRIES.filter((ministry) => ministry.programmes[targetPublic] !== undefined);
    const operatorHolders: string[] = [];
    for (const ministry of ministries) {
      operatorHolders.push(
        await holderId(tx, {
          level: 'operator',
          programmeId: programme.id,
          operatorId: operatorIds.get(ministry.name)!,
        }),
      );
    }
    cells.forEach((cell, cellIndex) => {
      const quantity = byProgramme[cellIndex]![publicIndex]!;
      if (quantity === 0) return;
      movements.push({
        at: now,
        kind: 'allocation',
        system: SYSTEM,
        eventId: cell.eventId,
        category: cell.category,
        fromHolder: pool,
        toHolder: programmeHolder,
        quantity,
        reason: `Démonstration : quota du programme (${programme.name})`,
      });
      const handedOn = Math.floor((quantity * OPERATOR_SHARE_PERCENT) / 100);
      apportion(
        handedOn,
        ministries.map((ministry) => ministry.programmes[targetPublic]!),
      ).forEach((share, ministryIndex) => {
        if (share === 0) return;
        movements.push({
          at: now,
          kind: 'allocation',
          system: SYSTEM,
          eventId: cell.eventId,
          category: cell.category,
          fromHolder: programmeHolder,
          toHolder: operatorHolders[ministryIndex]!,
          quantity: share,
          reason: `Démonstration : allocation de ${ministries[ministryIndex]!.name}`,
        });
      });
    });
  }
  for (let start = 0; start < movements.length; start += 500) {
    await tx.insert(stockMovements).values(movements.slice(start, start + 500));
  }
  return { operatorIds, events: SESSIONS.length, movements: movements.length };
}
