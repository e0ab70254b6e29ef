import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Movement, OperatorStock, StockHolderRef, StockSummary } from '../../../contracts/programmes.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { games, programmeOperators, programmes, stockMovements } from '../../platform/db/schema/index.js';
import { csvDocument } from '../../platform/csv/write-csv.js';
import { auditChange } from './audit.js';
import type { Acting, ProgrammesDeps } from './deps.js';
import { classifyMovement, findShortfalls, type Holder } from './domain/cascade.js';
import { parisFromInstant } from './domain/paris-time.js';
import { programmeProblems } from './problems.js';
import {
  allBalances,
  assertHolderExists,
  assertOperator,
  balanceKey,
  balancesOf,
  eventsByIds,
  holderId,
  lockEventStock,
} from './repository.js';

export interface TransferInput {
  from: StockHolderRef;
  to: StockHolderRef;
  lines: { eventId: string; category: string; quantity: number }[];
  reason: string;
}

/**
 * Moves tickets one level down or up the cascade (TAJ-2), for one or several events, all or nothing. The
 * events' stock locks are taken before the balance is read, so concurrent transfers — from any number of
 * server processes — never take more than a level holds.
 */
export async function transferStock(
  deps: ProgrammesDeps,
  input: TransferInput,
  who: Acting,
): Promise<{ movements: Movement[] }> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    await assertHolderExists(tx, input.from);
    await assertHolderExists(tx, input.to);
    const operatorSide =
      input.to.level === 'operator' ? input.to : input.from.level === 'operator' ? input.from : undefined;
    // Locked until commit: a concurrent detach waits, then sees what this transfer gave the operator.
    const attached = operatorSide
      ? (
          await tx
            .select()
            .from(programmeOperators)
            .where(
              and(
                eq(programmeOperators.programmeId, operatorSide.programmeId),
                eq(programmeOperators.operatorId, operatorSide.operatorId),
              ),
            )
            .for('update')
        ).length > 0
      : false;
    const decision = classifyMovement(input.from, input.to, attached);
    if (!decision.allowed) throw programmeProblems.movementRefused(decision.refusal);

    const eventIds = input.lines.map((line) => line.eventId);
    const events = await eventsByIds(tx, eventIds);
    if (events.length !== new Set(eventIds).size) throw programmeProblems.unknownEvents();
    if (events.some((event) => event.startsAt <= now)) throw programmeProblems.eventInPast('body.lines');
    const programmeSide = [input.from, input.to].flatMap((holder) =>
      holder.level === 'pool' ? [] : [holder],
    )[0];
    if (programmeSide) {
      const [programme] = await tx
        .select()
        .from(programmes)
        .where(eq(programmes.id, programmeSide.programmeId));
      const foreign = events.find((event) => programme!.games !== 'both' && event.games !== programme!.games);
      if (foreign) throw programmeProblems.gamesMismatch(programme!.name, foreign.games);
    }
    if (decision.kind === 'allocation') {
      // Between the deadline and the job's run (within a minute), nothing more goes down for those Games.
      const due = await tx
        .select({ code: games.code })
        .from(games)
        .where(and(lte(games.reclaimDeadline, now), isNull(games.reclaimedAt)));
      if (events.some((event) => due.some((row) => row.code === event.games)))
        throw programmeProblems.reclaimInProgress();
    }
    const codeOf = (eventId: string) => events.find((event) => event.id === eventId)?.code ?? eventId;

    await lockEventStock(tx, eventIds);
    const from = await holderId(tx, input.from);
    const to = await holderId(tx, input.to);
    const balances = await balancesOf(tx, from, eventIds);
    const shortfalls = findShortfalls(
      input.lines,
      (eventId, category) => balances.get(balanceKey(eventId, category)) ?? 0,
    );
    if (shortfalls.length > 0) throw programmeProblems.insufficientBalance(shortfalls, codeOf);

    const inserted = await tx
      .insert(stockMovements)
      .values(
        input.lines.map((line) => ({
          at: now,
          kind: decision.kind,
          actorId: who.actor.userId,
          eventId: line.eventId,
          category: line.category,
          fromHolder: from,
          toHolder: to,
          quantity: line.quantity,
          reason: input.reason,
        })),
      )
      .returning({ id: stockMovements.id });
    await auditChange(
      tx,
      who,
      now,
      `programmes.stock.${decision.kind === 'return' ? 'returned' : 'allocated'}`,
      'stock_movements',
      inserted.map((row) => String(row.id)),
    );
    return { movements: await movementViews(tx, { ids: inserted.map((row) => row.id) }) };
  });
}

interface MovementFilter {
  ids?: number[];
  operatorId?: string;
  limit?: number;
}

/** Movements with their event, the names of both levels and of who made them (newest first). */
export async function movementViews(db: Db | Tx, filter: MovementFilter = {}): Promise<Movement[]> {
  const conditions = [sql`true`];
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    conditions.push(
      sql`m.id in (${sql.join(
        filter.ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  if (filter.operatorId) {
    conditions.push(sql`(fh.operator_id = ${filter.operatorId} or th.operator_id = ${filter.operatorId})`);
  }
  const rows = await selectRows<{
    id: string;
    at: Date | string;
    kind: Movement['kind'];
    actor_name: string | null;
    event_id: string;
    event_code: string;
    category: string;
    quantity: number;
    reason: string;
    from_level: Movement['from']['level'];
    from_programme_id: string | null;
    from_programme_name: string | null;
    from_operator_id: string | null;
    from_operator_name: string | null;
    to_level: Movement['to']['level'];
    to_programme_id: string | null;
    to_programme_name: string | null;
    to_operator_id: string | null;
    to_operator_name: string | null;
  }>(
    db,
    sql`select m.id, m.at, m.kind, u.display_name as actor_name, m.event_id, e.code as event_code, m.category,
          m.quantity, m.reason,
          fh.level as from_level, fh.programme_id as from_programme_id, fp.name as from_programme_name,
          fh.operator_id as from_operator_id, fo.name as from_operator_name,
          th.level as to_level, th.programme_id as to_programme_id, tp.name as to_programme_name,
          th.operator_id as to_operator_id, tr.name as to_operator_name
        from stock_movements m
        join sport_events e on e.id = m.event_id
        join stock_holders fh on fh.id = m.from_holder
        join stock_holders th on th.id = m.to_holder
        left join programmes fp on fp.id = fh.programme_id
        left join organisations fo on fo.id = fh.operator_id
        left join programmes tp on tp.id = th.programme_id
        left join organisations tr on tr.id = th.operator_id
        left join users u on u.id = m.actor_id
        where ${sql.join(conditions, sql` and `)}
        order by m.id desc
        limit ${filter.limit ?? 1000}`,
  );
  return rows.map((row) => ({
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    actor: row.actor_name ?? 'système',
    eventId: row.event_id,
    eventCode: row.event_code,
    category: row.category,
    quantity: Number(row.quantity),
    reason: row.reason,
    from: {
      level: row.from_level,
      programmeId: row.from_programme_id,
      programmeName: row.from_programme_name,
      operatorId: row.from_operator_id,
      operatorName: row.from_operator_name,
    },
    to: {
      level: row.to_level,
      programmeId: row.to_programme_id,
      programmeName: row.to_programme_name,
      operatorId: row.to_operator_id,
      operatorName: row.to_operator_name,
    },
  }));
}

/** Where every ticket is (TAJ-2): by level, Games, programme, operator, event, and the ledger's timeline. */
export async function stockSummary(db: Db | Tx): Promise<StockSummary> {
  const balances = await allBalances(db);
  const events = await selectRows<{
    id: string;
    code: string;
    games: 'olympic' | 'paralympic';
    sport: string;
    starts_at: Date | string;
  }>(db, sql`select id, code, games, sport, starts_at from sport_events order by starts_at, code`);
  const names = await selectRows<{
    id: string;
    name: string;
    target_public: StockSummary['byProgramme'][number]['targetPublic'];
  }>(db, sql`select id, name, target_public from programmes order by created_at, name`);
  const operatorNames = new Map(
    (
      await selectRows<{ id: string; name: string }>(
        db,
        sql`select id, name from organisations where kind = 'operator'`,
      )
    ).map((row) => [row.id, row.name]),
  );
  const flows = await selectRows<{ event_id: string; kind: string; quantity: string }>(
    db,
    sql`select event_id, kind, sum(quantity)::bigint as quantity from stock_movements
        where kind in ('supply', 'supply_removed', 'reclaim') group by event_id, kind`,
  );
  const flow = (eventId: string | undefined, kind: string) =>
    flows
      .filter((row) => row.kind === kind && (eventId === undefined || row.event_id === eventId))
      .reduce((sum, row) => sum + Number(row.quantity), 0);
  const supplied = (eventId?: string) => flow(eventId, 'supply') - flow(eventId, 'supply_removed');

  const at = (level: string, rows = balances) =>
    rows.filter((row) => row.level === level).reduce((sum, row) => sum + row.quantity, 0);
  const gamesOf = new Map(events.map((event) => [event.id, event.games]));

  const timeline = await selectRows<{ day: string; kind: Movement['kind']; quantity: string }>(
    db,
    sql`select to_char(at at time zone 'Europe/Paris', 'YYYY-MM-DD') as day, kind, sum(quantity)::bigint as quantity
        from stock_movements group by 1, 2 order by 1, 2`,
  );

  const operatorKeys = new Map<string, { programmeId: string; operatorId: string }>();
  // Attached operators first (even those holding nothing yet), then any other that still holds tickets.
  for (const row of await db.select().from(programmeOperators)) {
    operatorKeys.set(`${row.programmeId}/${row.operatorId}`, {
      programmeId: row.programmeId,
      operatorId: row.operatorId,
    });
  }
  for (const row of balances) {
    if (row.level === 'operator')
      operatorKeys.set(`${row.programmeId}/${row.operatorId}`, {
        programmeId: row.programmeId!,
        operatorId: row.operatorId!,
      });
  }
  const programmeNames = new Map(names.map((row) => [row.id, row.name]));

  return {
    totals: {
      supplied: supplied(),
      pool: at('pool'),
      programmes: at('programme'),
      operators: at('operator'),
      reclaimed: flow(undefined, 'reclaim'),
    },
    byGames: (['olympic', 'paralympic'] as const).map((code) => {
      const rows = balances.filter((row) => gamesOf.get(row.eventId) === code);
      return {
        games: code,
        supplied: events
          .filter((event) => event.games === code)
          .reduce((sum, event) => sum + supplied(event.id), 0),
        pool: at('pool', rows),
        programmes: at('programme', rows),
        operators: at('operator', rows),
      };
    }),
    byProgramme: names.map((programme) => {
      const rows = balances.filter((row) => row.programmeId === programme.id);
      return {
        programmeId: programme.id,
        name: programme.name,
        targetPublic: programme.target_public,
        held: at('programme', rows),
        withOperators: at('operator', rows),
      };
    }),
    byOperator: [...operatorKeys.values()]
      .map(({ programmeId, operatorId }) => ({
        programmeId,
        programmeName: programmeNames.get(programmeId) ?? '',
        operatorId,
        name: operatorNames.get(operatorId) ?? '',
        held: at(
          'operator',
          balances.filter((row) => row.programmeId === programmeId && row.operatorId === operatorId),
        ),
      }))
      .sort(
        (a, b) => a.programmeName.localeCompare(b.programmeName, 'fr') || a.name.localeCompare(b.name, 'fr'),
      ),
    byEvent: events.map((event) => {
      const rows = balances.filter((row) => row.eventId === event.id);
      return {
        eventId: event.id,
        code: event.code,
        games: event.games,
        sport: event.sport,
        startsAt: new Date(event.starts_at).toISOString(),
        supplied: supplied(event.id),
        pool: at('pool', rows),
        programmes: at('programme', rows),
        operators: at('operator', rows),
      };
    }),
    timeline: timeline.map((row) => ({ day: row.day, kind: row.kind, quantity: Number(row.quantity) })),
    balances,
  };
}

/** What one operator holds, for each programme and event, and its own movements (TAJ-2). */
export async function operatorStock(db: Db | Tx, operatorId: string): Promise<OperatorStock> {
  const name = await assertOperator(db, operatorId);
  const balances = await allBalances(db, { operatorId });
  const events = new Map(
    (
      await eventsByIds(
        db,
        balances.map((row) => row.eventId),
      )
    ).map((event) => [event.id, event]),
  );
  const programmeRows = await selectRows<{ id: string; name: string }>(
    db,
    sql`select p.id, p.name from programme_operators po join programmes p on p.id = po.programme_id
        where po.operator_id = ${operatorId}
        union select p.id, p.name from programmes p
        where p.id in (select programme_id from stock_holders where operator_id = ${operatorId})
        order by name`,
  );
  const reclaims = await selectRows<{ games: 'olympic' | 'paralympic'; at: Date | string; quantity: string }>(
    db,
    sql`select r.games, r.ran_at as at, sum(m.quantity)::bigint as quantity
        from stock_movements m join reclaim_runs r on r.id = m.reclaim_run_id
        join stock_holders h on h.id = m.from_holder
        where h.operator_id = ${operatorId}
        group by r.games, r.ran_at order by r.ran_at`,
  );
  return {
    operator: { id: operatorId, name },
    programmes: programmeRows.map((programme) => {
      const rows = balances.filter((row) => row.programmeId === programme.id);
      return {
        programmeId: programme.id,
        name: programme.name,
        held: rows.reduce((sum, row) => sum + row.quantity, 0),
        byEvent: rows
          .map((row) => {
            const event = events.get(row.eventId)!;
            return {
              eventId: row.eventId,
              code: event.code,
              sport: event.sport,
              discipline: event.discipline,
              venue: event.venue,
              startsAt: event.startsAt.toISOString(),
              category: row.category,
              quantity: row.quantity,
            };
          })
          .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.category.localeCompare(b.category)),
      };
    }),
    // The names of State staff who moved the tickets are not the operator's business (minimisation).
    movements: (await movementViews(db, { operatorId, limit: 200 })).map((movement) => ({
      ...movement,
      actor: '',
    })),
    reclaims: reclaims.map((row) => ({
      games: row.games,
      at: new Date(row.at).toISOString(),
      quantity: Number(row.quantity),
    })),
  };
}

/** Every balance as CSV (semicolons, UTF-8 with BOM so that spreadsheets read the accents). */
export async function stockCsv(db: Db | Tx): Promise<string> {
  const summary = await stockSummary(db);
  const events = new Map(
    (
      await eventsByIds(
        db,
        summary.balances.map((row) => row.eventId),
      )
    ).map((event) => [event.id, event]),
  );
  const programmeNames = new Map(summary.byProgramme.map((row) => [row.programmeId, row.name]));
  const operatorNames = new Map(summary.byOperator.map((row) => [row.operatorId, row.name]));
  const levels = { pool: 'pot commun de l’État', programme: 'programme', operator: 'opérateur' };

  const lines = [
    [
      'jeux',
      'code',
      'sport',
      'discipline',
      'debut_heure_de_paris',
      'categorie',
      'niveau',
      'programme',
      'operateur',
      'billets',
    ],
  ];
  for (const row of summary.balances) {
    const event = events.get(row.eventId)!;
    lines.push([
      event.games === 'olympic' ? 'olympiques' : 'paralympiques',
      event.code,
      event.sport,
      event.discipline,
      parisFromInstant(event.startsAt),
      row.category,
      levels[row.level],
      row.programmeId ? (programmeNames.get(row.programmeId) ?? '') : '',
      row.operatorId ? (operatorNames.get(row.operatorId) ?? '') : '',
      String(row.quantity),
    ]);
  }
  return csvDocument(lines);
}

export type { Holder };
