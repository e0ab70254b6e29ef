import { and, eq, inArray, sql } from 'drizzle-orm';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { organisations, programmes, stockHolders, sportEvents } from '../../platform/db/schema/index.js';
import type { Holder } from './domain/cascade.js';
import { programmeProblems } from './problems.js';

// The SQL of programmes, events and the stock ledger shared by several use cases.

/** The id of a level of the cascade, creating its row the first time it holds anything. */
export async function holderId(tx: Db | Tx, holder: Holder): Promise<string> {
  const programmeId = holder.level === 'programme' || holder.level === 'operator' ? holder.programmeId : null;
  const operatorId = holder.level === 'operator' ? holder.operatorId : null;
  const where = and(
    eq(stockHolders.level, holder.level),
    programmeId ? eq(stockHolders.programmeId, programmeId) : sql`${stockHolders.programmeId} is null`,
    operatorId ? eq(stockHolders.operatorId, operatorId) : sql`${stockHolders.operatorId} is null`,
  );
  const [existing] = await tx.select({ id: stockHolders.id }).from(stockHolders).where(where);
  if (existing) return existing.id;
  await tx
    .insert(stockHolders)
    .values({ level: holder.level, programmeId, operatorId })
    .onConflictDoNothing();
  const [created] = await tx.select({ id: stockHolders.id }).from(stockHolders).where(where);
  return created!.id;
}

/** Checks that the programme and operator a holder names exist (and that the operator is an operator). */
export async function assertHolderExists(tx: Db | Tx, holder: Holder): Promise<void> {
  if (holder.level !== 'programme' && holder.level !== 'operator') return;
  const [programme] = await tx
    .select({ id: programmes.id })
    .from(programmes)
    .where(eq(programmes.id, holder.programmeId));
  if (!programme) throw programmeProblems.notFound({ fr: 'Ce programme', en: 'This programme' });
  if (holder.level === 'operator') await assertOperator(tx, holder.operatorId);
}

export async function assertOperator(tx: Db | Tx, operatorId: string): Promise<string> {
  const [operator] = await tx
    .select({ kind: organisations.kind, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, operatorId));
  if (!operator) throw programmeProblems.notFound({ fr: 'Cet opérateur', en: 'This operator' });
  if (operator.kind !== 'operator') throw programmeProblems.notAnOperator();
  return operator.name;
}

/**
 * Serialises every change to the stock of these events, across processes: a transaction that moves tickets
 * takes the events' locks, in one order (no deadlock), then reads balances that nobody else can change
 * before it commits. Released at commit or rollback.
 */
export async function lockEventStock(tx: Db | Tx, eventIds: readonly string[]): Promise<void> {
  for (const eventId of [...new Set(eventIds)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`gradins.stock.${eventId}`}, 0))`);
  }
}

/** A holder's balance for each (event, category) asked: what came in minus what went out. */
export async function balancesOf(
  tx: Db | Tx,
  holder: string,
  eventIds: readonly string[],
): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const ids = sql.join(
    [...new Set(eventIds)].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await selectRows<{ event_id: string; category: string; quantity: string }>(
    tx,
    sql`select event_id, category, sum(delta)::bigint as quantity from (
          select event_id, category, quantity as delta from stock_movements
            where to_holder = ${holder} and event_id in (${ids})
          union all
          select event_id, category, -quantity from stock_movements
            where from_holder = ${holder} and event_id in (${ids})
        ) moves group by event_id, category`,
  );
  return new Map(rows.map((row) => [balanceKey(row.event_id, row.category), Number(row.quantity)]));
}

export const balanceKey = (eventId: string, category: string) => `${eventId}\u0000${category}`;

export interface BalanceRow {
  level: 'pool' | 'programme' | 'operator';
  programmeId: string | null;
  operatorId: string | null;
  eventId: string;
  category: string;
  quantity: number;
}

/** Every non-zero balance below the supplier, optionally for some levels or events only. */
export async function allBalances(
  db: Db | Tx,
  filter: { operatorId?: string; games?: 'olympic' | 'paralympic' } = {},
): Promise<BalanceRow[]> {
  const rows = await selectRows<{
    level: BalanceRow['level'];
    programme_id: string | null;
    operator_id: string | null;
    event_id: string;
    category: string;
    quantity: string;
  }>(
    db,
    sql`select h.level, h.programme_id, h.operator_id, m.event_id, m.category, sum(m.delta)::bigint as quantity
        from (
          select to_holder as holder, event_id, category, quantity as delta from stock_movements
          union all
          select from_holder, event_id, category, -quantity from stock_movements
        ) m
        join stock_holders h on h.id = m.holder
        join sport_events e on e.id = m.event_id
        where h.level <> 'supplier'
          ${filter.operatorId ? sql`and h.operator_id = ${filter.operatorId}` : sql``}
          ${filter.games ? sql`and e.games = ${filter.games}` : sql``}
        group by h.level, h.programme_id, h.operator_id, m.event_id, m.category
        having sum(m.delta) <> 0
        order by m.event_id, m.category, h.level`,
  );
  return rows.map((row) => ({
    level: row.level,
    programmeId: row.programme_id,
    operatorId: row.operator_id,
    eventId: row.event_id,
    category: row.category,
    quantity: Number(row.quantity),
  }));
}

/** Tickets supplied per event and category (supplies minus removals). */
export async function suppliedStock(
  db: Db | Tx,
  eventIds?: readonly string[],
): Promise<Map<string, { category: string; count: number }[]>> {
  const rows = await selectRows<{ event_id: string; category: string; count: string }>(
    db,
    sql`select m.event_id, m.category,
          sum(case when m.kind = 'supply' then m.quantity else -m.quantity end)::bigint as count
        from stock_movements m
        where m.kind in ('supply', 'supply_removed')
          ${
            eventIds
              ? eventIds.length
                ? sql`and m.event_id in (${sql.join(
                    eventIds.map((id) => sql`${id}::uuid`),
                    sql`, `,
                  )})`
                : sql`and false`
              : sql``
          }
        group by m.event_id, m.category
        order by m.category`,
  );
  const byEvent = new Map<string, { category: string; count: number }[]>();
  for (const row of rows) {
    const list = byEvent.get(row.event_id) ?? [];
    list.push({ category: row.category, count: Number(row.count) });
    byEvent.set(row.event_id, list);
  }
  return byEvent;
}

export async function eventsByIds(tx: Db | Tx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(sportEvents)
    .where(inArray(sportEvents.id, [...new Set(ids)]));
}
