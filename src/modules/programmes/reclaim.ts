import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { GamesCode, ReclaimReport } from '../../../contracts/programmes.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import {
  games,
  organisations,
  programmes,
  reclaimRuns,
  roleGrants,
  sportEvents,
  stockMovements,
  users,
} from '../../platform/db/schema/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { ProgrammesDeps } from './deps.js';
import { parisFromInstant } from './domain/paris-time.js';
import { allBalances, holderId, lockEventStock } from './repository.js';

export const RECLAIM_JOB = 'stock-reclaim';
const SYSTEM = `system:${RECLAIM_JOB}`;

const GAMES_NAMES: Record<GamesCode, string> = {
  olympic: 'Jeux olympiques',
  paralympic: 'Jeux paralympiques',
};

/**
 * The deadline job (TAJ-17): for each Games whose reclaim deadline has passed, every ticket still held by a
 * programme or an operator — not assigned — goes back to the State pool, a report is written and the
 * operators concerned are told by mail. Exactly once per deadline, whatever the number of server processes:
 * the Games row is claimed by a conditional update, in the transaction that moves the tickets.
 */
export async function reclaimUnassignedTickets(deps: ProgrammesDeps): Promise<ReclaimReport[]> {
  const now = deps.clock.now();
  const due = await deps.database.db
    .select({ code: games.code })
    .from(games)
    .where(and(lte(games.reclaimDeadline, now), isNull(games.reclaimedAt)))
    .orderBy(asc(games.code));
  const reports: ReclaimReport[] = [];
  for (const { code } of due) {
    const report = await deps.database.transaction((tx) => reclaimGames(deps, tx, code, now));
    if (report) reports.push(report);
  }
  return reports;
}

async function reclaimGames(
  deps: ProgrammesDeps,
  tx: Tx,
  code: GamesCode,
  now: Date,
): Promise<ReclaimReport | undefined> {
  const [claimed] = await tx
    .update(games)
    .set({ reclaimedAt: now })
    .where(and(eq(games.code, code), isNull(games.reclaimedAt), lte(games.reclaimDeadline, now)))
    .returning();
  // Another process (or an earlier tick) did it.
  if (!claimed) return undefined;

  const eventIds = (
    await tx.select({ id: sportEvents.id }).from(sportEvents).where(eq(sportEvents.games, code))
  ).map((row) => row.id);
  await lockEventStock(tx, eventIds);
  const undelivered = await deps.seats.returnUndelivered(tx, { eventIds, now, actor: SYSTEM });
  const held = unassigned(
    (await allBalances(tx, { games: code })).filter(
      (row) => row.quantity > 0 && (row.level === 'programme' || row.level === 'operator'),
    ),
    await deps.seats.held(tx, eventIds),
  );
  const total = held.reduce((sum, row) => sum + row.quantity, 0);
  const operatorIds = [...new Set(held.flatMap((row) => (row.operatorId ? [row.operatorId] : [])))];
  const recipients = await operatorRecipients(tx, operatorIds, now);

  const [run] = await tx
    .insert(reclaimRuns)
    .values({
      games: code,
      deadline: claimed.reclaimDeadline,
      ranAt: now,
      total,
      operatorsNotified: new Set(recipients.map((recipient) => recipient.operatorId)).size,
    })
    .returning();
  if (held.length > 0) {
    const pool = await holderId(tx, { level: 'pool' });
    const reason = `Reprise des billets non attribués à l’échéance du ${parisFromInstant(claimed.reclaimDeadline).replace('T', ' à ')} (heure de Paris)`;
    for (let start = 0; start < held.length; start += 500) {
      const slice = held.slice(start, start + 500);
      const values = [];
      for (const row of slice) {
        values.push({
          at: now,
          kind: 'reclaim' as const,
          system: RECLAIM_JOB,
          eventId: row.eventId,
          category: row.category,
          fromHolder: await holderId(
            tx,
            row.level === 'operator'
              ? { level: 'operator', programmeId: row.programmeId!, operatorId: row.operatorId! }
              : { level: 'programme', programmeId: row.programmeId! },
          ),
          toHolder: pool,
          quantity: row.quantity,
          reason,
          reclaimRunId: run!.id,
        });
      }
      await tx.insert(stockMovements).values(values);
    }
  }

  const report = (await reclaimReports(tx, run!.id))[0]!;
  for (const recipient of recipients) {
    const mine = report.lines.filter((line) => line.operatorId === recipient.operatorId);
    const count = mine.reduce((sum, line) => sum + line.quantity, 0);
    const taken = undelivered
      .filter((line) => line.operatorId === recipient.operatorId)
      .reduce((sum, line) => sum + line.count, 0);
    await enqueueMail(
      tx,
      {
        recipient: recipient.email,
        category: 'programmes.reclaim',
        subject: `Gradins — ${count} billet${count > 1 ? 's' : ''} repris à l’échéance (${GAMES_NAMES[code]})`,
        text: [
          `Bonjour ${recipient.displayName},`,
          '',
          `L’échéance de reprise des billets non attribués des ${GAMES_NAMES[code]} est passée. Les billets que ${recipient.operatorName} n’avait pas attribués sont retournés au pot commun de l’État, qui pourra les réaffecter à d’autres programmes :`,
          '',
          ...mine.map(
            (line) => `- ${line.programmeName} : ${line.quantity} billet${line.quantity > 1 ? 's' : ''}`,
          ),
          '',
          taken > 0
            ? `Dont ${taken} billet${taken > 1 ? 's' : ''} émis mais jamais remis à son titulaire : le programme prévoit leur reprise à l’échéance. Les billets remis aux bénéficiaires ne sont pas concernés.`
            : 'Les billets déjà attribués à des bénéficiaires ne sont pas concernés.',
          `Votre allocation à jour : ${deps.publicUrl()}/operateur/billets`,
          '',
          '—',
          `The reclaim deadline of the ${code === 'olympic' ? 'Olympic' : 'Paralympic'} Games has passed: ${count} unassigned ticket(s) of ${recipient.operatorName} went back to the State pool.`,
        ].join('\n'),
      },
      { now },
    );
  }
  await recordAuditEvent(tx, {
    actor: SYSTEM,
    action: 'programmes.stock.reclaimed',
    target: { table: 'reclaim_runs', ids: [run!.id] },
    result: 'success',
    at: now,
  });
  return report;
}

type Balance = Awaited<ReturnType<typeof allBalances>>[number];

/**
 * The unassigned part of the programme and operator balances: the ledger does not record issuance, so a seat a
 * ticket holds (`ticket_seats` held: live, scanned, or an unnamed group seat) is still in its holder's balance
 * and is taken off here, per programme, operator and event — from the categories in their sorted order, the
 * order in which a hand-over returns a seat (`tickets/handover.ts`), so both agree on what is left.
 */
export function unassigned(
  balances: readonly Balance[],
  held: readonly { programmeId: string; operatorId: string | null; eventId: string; seats: number }[],
): Balance[] {
  const key = (programmeId: string | null, operatorId: string | null, eventId: string) =>
    `${programmeId}\u0000${operatorId ?? ''}\u0000${eventId}`;
  const left = new Map(held.map((row) => [key(row.programmeId, row.operatorId, row.eventId), row.seats]));
  const sorted = [...balances].sort((a, b) =>
    a.category < b.category ? -1 : a.category > b.category ? 1 : 0,
  );
  const out: Balance[] = [];
  for (const row of sorted) {
    const at = key(row.programmeId, row.level === 'operator' ? row.operatorId : null, row.eventId);
    const taken = Math.min(left.get(at) ?? 0, row.quantity);
    if (taken > 0) left.set(at, left.get(at)! - taken);
    if (row.quantity > taken) out.push({ ...row, quantity: row.quantity - taken });
  }
  return out;
}

/** The people to tell for each operator: active accounts holding an operator grant on it. */
async function operatorRecipients(tx: Db | Tx, operatorIds: string[], now: Date) {
  if (operatorIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({
      operatorId: organisations.id,
      operatorName: organisations.name,
      email: users.email,
      displayName: users.displayName,
    })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .innerJoin(
      organisations,
      sql`${organisations.id} = coalesce(${roleGrants.scopeId}, ${users.organisationId})`,
    )
    .where(
      and(
        eq(roleGrants.role, 'operator'),
        inArray(organisations.id, operatorIds),
        sql`${roleGrants.scopeKind} in ('operator', 'platform')`,
        sql`(${roleGrants.scopeKind} = 'operator' or ${users.organisationId} = ${organisations.id})`,
        eq(users.status, 'active'),
        isNull(roleGrants.revokedAt),
        lte(roleGrants.startsAt, now),
        sql`${roleGrants.endsAt} > ${now}`,
      ),
    );
  return rows;
}

/** Reclaim reports (no personal data): totals per programme and operator. Newest first. */
export async function reclaimReports(db: Db | Tx, runId?: string): Promise<ReclaimReport[]> {
  const runs = await db
    .select()
    .from(reclaimRuns)
    .where(runId ? eq(reclaimRuns.id, runId) : undefined)
    .orderBy(desc(reclaimRuns.ranAt));
  if (runs.length === 0) return [];
  const lines = await selectRows<{
    run_id: string;
    programme_id: string;
    programme_name: string;
    operator_id: string | null;
    operator_name: string | null;
    quantity: string;
  }>(
    db,
    sql`select m.reclaim_run_id as run_id, h.programme_id, p.name as programme_name, h.operator_id,
          o.name as operator_name, sum(m.quantity)::bigint as quantity
        from stock_movements m
        join stock_holders h on h.id = m.from_holder
        join ${programmes} p on p.id = h.programme_id
        left join organisations o on o.id = h.operator_id
        where m.reclaim_run_id in (${sql.join(
          runs.map((run) => sql`${run.id}::uuid`),
          sql`, `,
        )})
        group by m.reclaim_run_id, h.programme_id, p.name, h.operator_id, o.name
        order by p.name, o.name nulls first`,
  );
  return runs.map((run) => ({
    id: run.id,
    games: run.games,
    deadline: run.deadline.toISOString(),
    ranAt: run.ranAt.toISOString(),
    total: run.total,
    operatorsNotified: run.operatorsNotified,
    lines: lines
      .filter((line) => line.run_id === run.id)
      .map((line) => ({
        programmeId: line.programme_id,
        programmeName: line.programme_name,
        operatorId: line.operator_id,
        operatorName: line.operator_name,
        quantity: Number(line.quantity),
      })),
  }));
}
