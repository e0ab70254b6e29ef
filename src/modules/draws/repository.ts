import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { drawCommitments, drawQuotas, drawRecords, draws } from '../../platform/db/schema/index.js';
import type { Acting, DrawScope } from './deps.js';
import type { DrawEntry, QuotaRow } from './domain/entries.js';
import { drawProblems } from './problems.js';

// The SQL of draws.

export type DrawRow = typeof draws.$inferSelect;

/** A draw the caller reaches (its scope), locked for the transaction when `forUpdate`. */
export async function drawInScope(
  tx: Db | Tx,
  drawId: string,
  scope: DrawScope,
  options: { forUpdate?: boolean } = {},
): Promise<DrawRow> {
  const query = tx.select().from(draws).where(eq(draws.id, drawId));
  const [draw] = options.forUpdate ? await query.for('update') : await query;
  if (!draw) throw drawProblems.notFound();
  if ('operatorId' in scope && draw.operatorId !== scope.operatorId) throw drawProblems.notFound();
  return draw;
}

export async function quotaRows(tx: Db | Tx, drawId: string) {
  return tx
    .select()
    .from(drawQuotas)
    .where(eq(drawQuotas.drawId, drawId))
    .orderBy(asc(drawQuotas.bucket), asc(drawQuotas.event));
}

export function asQuotaTable(rows: { bucket: string; event: string; seats: number }[]): QuotaRow[] {
  return rows.map(({ bucket, event, seats }) => ({ bucket, event, seats }));
}

const READ_BATCH = 50_000;

/**
 * The frozen entries of a draw, in position order (§2), read in batches (`progress`: entries read so far). A
 * batch comes back as one text of tab-separated lines rather than a row per entry (the per-row cost of the
 * driver dominates at millions of entries); ids are hex and buckets identifiers, and `jsonb` text escapes tabs
 * and newlines, so the lines split safely — and `prepareEntries` checks every field anyway.
 */
export async function frozenEntries(
  tx: Db | Tx,
  drawId: string,
  progress: (done: number) => void = () => {},
): Promise<DrawEntry[]> {
  const entries: DrawEntry[] = [];
  for (let from = 0; ; from += READ_BATCH) {
    const [batch] = await selectRows<{ n: number; lines: string | null }>(
      tx,
      sql`select count(*)::int as n,
                 string_agg(entry_id || E'\t' || bucket || E'\t' || seats || E'\t' || choices::text, E'\n'
                            order by position) as lines
          from draw_entries
          where draw_id = ${drawId} and position >= ${from} and position < ${from + READ_BATCH}`,
    );
    if (!batch || batch.n === 0) return entries;
    for (const line of batch.lines!.split('\n')) {
      const first = line.indexOf('\t');
      const second = line.indexOf('\t', first + 1);
      const third = line.indexOf('\t', second + 1);
      entries.push({
        entryId: line.slice(0, first),
        bucket: line.slice(first + 1, second),
        seats: Number(line.slice(second + 1, third)),
        choices: JSON.parse(line.slice(third + 1)) as string[],
      });
    }
    progress(entries.length);
  }
}

export async function commitmentOf(tx: Db | Tx, drawId: string) {
  const [row] = await tx.select().from(drawCommitments).where(eq(drawCommitments.drawId, drawId));
  return row;
}

export async function recordOf(tx: Db | Tx, drawId: string) {
  const [row] = await tx.select().from(drawRecords).where(eq(drawRecords.drawId, drawId));
  return row;
}

/**
 * A bucket's tickets per event: the stock balance of the operator within the programme, or of the programme
 * itself for a whole-programme draw, summed over categories, with each event's code and start.
 */
export async function bucketStock(
  tx: Db | Tx,
  programmeId: string,
  operatorId: string | null,
): Promise<{ eventId: string; code: string; startsAt: Date; seats: number }[]> {
  const rows = await selectRows<{ event_id: string; code: string; starts_at: string | Date; seats: string }>(
    tx,
    sql`select m.event_id, e.code, e.starts_at, sum(m.delta)::bigint as seats
        from (
          select to_holder as holder, event_id, quantity as delta from stock_movements
          union all
          select from_holder, event_id, -quantity from stock_movements
        ) m
        join stock_holders h on h.id = m.holder
        join sport_events e on e.id = m.event_id
        where h.programme_id = ${programmeId}
          and ${
            operatorId
              ? sql`h.level = 'operator' and h.operator_id = ${operatorId}`
              : sql`h.level = 'programme'`
          }
        group by m.event_id, e.code, e.starts_at
        having sum(m.delta) > 0
        order by e.starts_at, e.code`,
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    code: row.code,
    startsAt: new Date(row.starts_at),
    seats: Number(row.seats),
  }));
}

/** One applicant row that can stand for an entry: a person, a group's manager, or one of a carer pair. */
export interface CandidateRow {
  id: string;
  group_id: string | null;
  group_size: number | null;
  carer_pair_id: string | null;
}

/**
 * The confirmed applications of a bucket (TAJ-4: an online application counts once confirmed). A group's
 * participants are not applicants of their own: the manager's row stands for the whole group.
 */
export async function confirmedCandidates(
  tx: Db | Tx,
  programmeId: string,
  operatorId: string | null,
): Promise<CandidateRow[]> {
  return selectRows<CandidateRow>(
    tx,
    sql`select a.id, a.group_id, g.size as group_size, a.carer_pair_id
        from applicants a left join applicant_groups g on g.id = a.group_id
        where a.programme_id = ${programmeId}
          ${operatorId ? sql`and a.operator_id = ${operatorId}` : sql``}
          and a.confirmed_at is not null
          and (a.group_role is null or a.group_role = 'manager')`,
  );
}

/** Event ids, codes and starts of the quota table, best-first order for the default choices. */
export async function quotaEventsByStart(tx: Db | Tx, drawId: string) {
  return selectRows<{ event: string; event_id: string }>(
    tx,
    sql`select q.event, q.event_id from draw_quotas q join sport_events e on e.id = q.event_id
        where q.draw_id = ${drawId} order by e.starts_at, q.event`,
  );
}

/** Writes a draw step's audit entry in the step's transaction (SEC-6). */
export function auditDrawStep(
  tx: Db | Tx,
  who: Acting,
  at: Date,
  action: string,
  drawId: string,
  result: 'success' | 'failure' = 'success',
): Promise<void> {
  return recordAuditEvent(tx, {
    actor: who.actor.userId,
    organisationId: who.actor.organisationId,
    action,
    target: { table: 'draws', ids: [drawId] },
    result,
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at,
  });
}

export async function setStatus(
  tx: Db | Tx,
  drawId: string,
  from: DrawRow['status'],
  to: DrawRow['status'],
  at: Date,
  extra: Partial<typeof draws.$inferInsert> = {},
): Promise<void> {
  const updated = await tx
    .update(draws)
    .set({ status: to, updatedAt: at, ...extra })
    .where(and(eq(draws.id, drawId), eq(draws.status, from)))
    .returning({ id: draws.id });
  if (updated.length !== 1) throw new Error(`draw ${drawId} was not in status ${from}`);
}
