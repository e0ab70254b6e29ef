import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import {
  drawCommitments,
  drawQuotas,
  drawRecords,
  draws,
  drawWitnessReveals,
} from '../../platform/db/schema/index.js';
import type { Acting, DrawScope } from './deps.js';
import type { DrawEntry, QuotaRow } from './domain/entries.js';
import type { LeafChunk } from './domain/leaf-chunks.js';
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

/** The frozen leaves of a draw as stored at freeze, packed (`leaf-chunks.ts`), in position order. */
export async function frozenLeafChunks(
  tx: Db | Tx,
  drawId: string,
  progress: (done: number) => void = () => {},
): Promise<(LeafChunk & { categories: Uint8Array })[]> {
  const chunks: (LeafChunk & { categories: Uint8Array })[] = [];
  let done = 0;
  for (let next = 0; ;) {
    // Base64 text is a third the size of bytea's hex text, and decodes natively.
    const [row] = await selectRows<{
      first_position: number;
      count: number;
      ids: string;
      tails: string;
      categories: string;
    }>(
      tx,
      sql`select first_position, count, encode(ids, 'base64') as ids, encode(tails, 'base64') as tails,
                 encode(categories, 'base64') as categories
          from draw_leaf_chunks where draw_id = ${drawId} and first_position = ${next}`,
    );
    if (!row) return chunks;
    chunks.push({
      firstPosition: row.first_position,
      count: row.count,
      ids: Buffer.from(row.ids, 'base64'),
      tails: Buffer.from(row.tails, 'base64'),
      categories: Buffer.from(row.categories, 'base64'),
    });
    done += row.count;
    next = row.first_position + row.count;
    progress(done);
  }
}

export async function commitmentOf(tx: Db | Tx, drawId: string) {
  const [row] = await tx.select().from(drawCommitments).where(eq(drawCommitments.drawId, drawId));
  return row;
}

/** The witnesses' checked reveals, in commitment order. */
export async function revealsOf(tx: Db | Tx, drawId: string) {
  return tx
    .select()
    .from(drawWitnessReveals)
    .where(eq(drawWitnessReveals.drawId, drawId))
    .orderBy(asc(drawWitnessReveals.witnessIndex));
}

/** When, by which organisation (its name, not the person's) and why a draw was abandoned. */
export async function abandonmentOf(
  tx: Db | Tx,
  draw: Pick<DrawRow, 'abandonedAt' | 'abandonedBy' | 'abandonedReason'>,
): Promise<{ at: string; reason: string; by: string }> {
  const [row] = draw.abandonedBy
    ? await selectRows<{ name: string | null }>(
        tx,
        sql`select o.name from users u left join organisations o on o.id = u.organisation_id
            where u.id = ${draw.abandonedBy}`,
      )
    : [];
  return {
    at: draw.abandonedAt!.toISOString(),
    reason: draw.abandonedReason ?? '',
    by: row?.name ?? 'Gradins',
  };
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
  carer_role: 'person' | 'carer' | null;
  /** The application's ranking, event ids best first, comma-separated ('' for none). */
  event_choices: string;
  /** When it was confirmed (UTC, sortable text), and its category for the checks (§8.1): ISO week, operator. */
  confirmed_key: string;
  week: string;
  operator: string;
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
    sql`select a.id, a.group_id, g.size as group_size, a.carer_pair_id, a.carer_role,
               array_to_string(a.event_choices, ',') as event_choices,
               to_char(a.confirmed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as confirmed_key,
               to_char(a.confirmed_at at time zone 'UTC', 'IYYY-"W"IW') as week,
               coalesce(a.operator_id::text, '_inconnu') as operator
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

export const LIVE_STATUSES = ['frozen', 'committed', 'run'] as const;

/** Until the end of the transaction: freezes of one programme's draws run one after the other. */
export async function lockProgrammeDraws(tx: Tx, programmeId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`gradins.draws.${programmeId}`}, 0))`);
}

/** Another live draw of the same bucket of the programme, if any. */
export async function otherLiveDraw(
  tx: Db | Tx,
  draw: DrawRow,
): Promise<{ id: string; name: string; status: DrawRow['status'] } | undefined> {
  const [row] = await tx
    .select({ id: draws.id, name: draws.name, status: draws.status })
    .from(draws)
    .where(
      and(
        eq(draws.programmeId, draw.programmeId),
        eq(draws.bucket, draw.bucket),
        inArray(draws.status, [...LIVE_STATUSES]),
        ne(draws.id, draw.id),
      ),
    )
    .limit(1);
  return row;
}

/**
 * A live draw of the same programme that already holds some of this draw's candidates (a whole-programme
 * draw holds every operator's), with how many of them.
 */
export async function liveDrawSharingApplicants(
  tx: Db | Tx,
  draw: DrawRow,
): Promise<{ id: string; name: string; people: number } | undefined> {
  const [row] = await selectRows<{ id: string; name: string; people: string }>(
    tx,
    sql`select d.id, d.name, count(*) as people
        from draw_entry_applicants ea
        join draws d on d.id = ea.draw_id
        join applicants a on a.id = ea.applicant_id
        where d.programme_id = ${draw.programmeId} and d.id <> ${draw.id}
          and d.status in ('frozen', 'committed', 'run')
          and a.confirmed_at is not null
          ${draw.operatorId ? sql`and a.operator_id = ${draw.operatorId}` : sql``}
        group by d.id, d.name
        order by d.id
        limit 1`,
  );
  return row ? { id: row.id, name: row.name, people: Number(row.people) } : undefined;
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
