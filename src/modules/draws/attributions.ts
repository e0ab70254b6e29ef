import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ManualAttributionRequest,
  ManualAttributionView,
  ManualDecisionRequest,
  ManualDecisionView,
} from '../../../contracts/attributions.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import {
  manualAttributionDecisions,
  manualAttributionQuotas,
  manualAttributions,
  programmeOperators,
  programmes,
  sportEvents,
} from '../../platform/db/schema/index.js';
import { attributionProblems } from './attribution-problems.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { drawProblems } from './problems.js';
import { bucketStock } from './repository.js';
import { issueAttributionTickets } from '../tickets/issuance.js';

// Manual attribution (TAJ-11, seed 1 §3.1): where a draw is impossible, the circumstances and criteria are
// written down first, as a decision; every seat attributed by hand then cites it and the criterion applied.

type DecisionRow = typeof manualAttributionDecisions.$inferSelect;

/** A decision the caller reaches (its scope), locked for the transaction when `forUpdate`. */
export async function decisionInScope(
  tx: Db | Tx,
  decisionId: string,
  scope: DrawScope,
  options: { forUpdate?: boolean } = {},
): Promise<DecisionRow> {
  const query = tx
    .select()
    .from(manualAttributionDecisions)
    .where(eq(manualAttributionDecisions.id, decisionId));
  const [decision] = options.forUpdate ? await query.for('update') : await query;
  if (!decision) throw attributionProblems.decisionRequired();
  if ('operatorId' in scope && decision.operatorId !== scope.operatorId)
    throw attributionProblems.decisionRequired();
  return decision;
}

function audit(tx: Db | Tx, who: Acting, at: Date, action: string, table: string, ids: string[]) {
  return recordAuditEvent(tx, {
    actor: who.actor.userId,
    organisationId: who.actor.organisationId,
    action,
    target: { table, ids },
    result: 'success',
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at,
  });
}

/**
 * Records a decision for a bucket: circumstances, criteria and the seats per event it may attribute (the
 * bucket's stock by default, never more). Audited `draws.manual-decision.recorded`.
 */
export async function recordDecision(
  deps: DrawsDeps,
  scope: DrawScope,
  input: z.infer<typeof ManualDecisionRequest>,
  who: Acting,
): Promise<ManualDecisionView> {
  const now = deps.clock.now();
  const operatorId = 'operatorId' in scope ? scope.operatorId : (input.operatorId ?? null);
  return deps.database.transaction(async (tx) => {
    const [programme] = await tx.select().from(programmes).where(eq(programmes.id, input.programmeId));
    if (!programme) throw drawProblems.notFound();
    if (operatorId) {
      const [attached] = await tx
        .select()
        .from(programmeOperators)
        .where(
          and(
            eq(programmeOperators.programmeId, programme.id),
            eq(programmeOperators.operatorId, operatorId),
          ),
        );
      if (!attached) throw drawProblems.operatorNotInProgramme();
    }
    const stock = await bucketStock(tx, programme.id, operatorId);
    const held = new Map(stock.map((row) => [row.eventId, row]));
    let quotas: { eventId: string; event: string; seats: number }[];
    if (input.quotas) {
      const ids = input.quotas.map((quota) => quota.eventId);
      const events = await tx
        .select({ id: sportEvents.id, code: sportEvents.code })
        .from(sportEvents)
        .where(inArray(sportEvents.id, ids));
      if (events.length !== new Set(ids).size || ids.length !== new Set(ids).size)
        throw drawProblems.unknownEvent();
      const codeOf = new Map(events.map((event) => [event.id, event.code]));
      quotas = input.quotas.map((quota) => {
        const event = codeOf.get(quota.eventId)!;
        const available = held.get(quota.eventId)?.seats ?? 0;
        if (quota.seats > available) throw drawProblems.quotaOverStock(event, quota.seats, available);
        return { eventId: quota.eventId, event, seats: quota.seats };
      });
    } else quotas = stock.map((row) => ({ eventId: row.eventId, event: row.code, seats: row.seats }));
    if (quotas.length === 0) throw drawProblems.noStock();
    const [decision] = await tx
      .insert(manualAttributionDecisions)
      .values({
        programmeId: programme.id,
        operatorId,
        bucket: operatorId ?? programme.id,
        circumstances: input.circumstances,
        criteria: input.criteria,
        decidedBy: who.actor.userId,
        decidedAt: now,
      })
      .returning();
    await tx.insert(manualAttributionQuotas).values(quotas.map((q) => ({ decisionId: decision!.id, ...q })));
    await audit(tx, who, now, 'draws.manual-decision.recorded', 'manual_attribution_decisions', [
      decision!.id,
    ]);
    return decisionView(tx, decision!);
  });
}

interface ApplicationRow {
  id: string;
  group_id: string | null;
  group_role: string | null;
  group_size: number | null;
  carer_pair_id: string | null;
  pair_size: number;
}

/**
 * Attributes seats of one event to a confirmed application of the decision's bucket, citing the decision and
 * the criterion that applies: a person 1 seat, a group (its manager) its size, a carer pair 2 — all or none.
 * Never more than the decision's seats for the event, nor than the bucket's stock less what was already
 * attributed by hand in it (decision row and bucket locked). Audited `draws.manual-attribution.made`.
 */
export async function attributeSeats(
  deps: DrawsDeps,
  decisionId: string,
  scope: DrawScope,
  input: z.infer<typeof ManualAttributionRequest>,
  who: Acting,
): Promise<ManualAttributionView> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const decision = await decisionInScope(tx, decisionId, scope, { forUpdate: true });
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`gradins.manual.${decision.bucket}`}, 0))`,
    );
    const [application] = await selectRows<ApplicationRow>(
      tx,
      sql`select a.id, a.group_id, a.group_role, g.size as group_size, a.carer_pair_id,
                 (select count(*)::int from applicants p
                   where p.carer_pair_id = a.carer_pair_id and p.confirmed_at is not null) as pair_size
          from applicants a left join applicant_groups g on g.id = a.group_id
          where a.id = ${input.applicantId} and a.programme_id = ${decision.programmeId}
            ${decision.operatorId ? sql`and a.operator_id = ${decision.operatorId}` : sql``}
            and a.confirmed_at is not null`,
    );
    if (!application || application.group_role === 'participant')
      throw attributionProblems.applicantNotInBucket();
    const seats =
      application.group_id && application.group_size
        ? application.group_size
        : application.carer_pair_id
          ? Math.max(application.pair_size, 1)
          : 1;
    const [taken] = await selectRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from manual_attributions m join applicants a on a.id = m.applicant_id
          where m.programme_id = ${decision.programmeId}
            and (a.id = ${application.id}
                 ${application.carer_pair_id ? sql`or a.carer_pair_id = ${application.carer_pair_id}` : sql``})`,
    );
    if (taken!.n > 0) throw attributionProblems.alreadyAttributed();
    const [quota] = await tx
      .select()
      .from(manualAttributionQuotas)
      .where(
        and(
          eq(manualAttributionQuotas.decisionId, decision.id),
          eq(manualAttributionQuotas.eventId, input.eventId),
        ),
      );
    if (!quota) throw attributionProblems.eventNotInDecision();
    const [used] = await selectRows<{ in_decision: number; in_bucket: number }>(
      tx,
      sql`select coalesce(sum(m.seats) filter (where m.decision_id = ${decision.id}), 0)::int as in_decision,
                 coalesce(sum(m.seats), 0)::int as in_bucket
          from manual_attributions m join manual_attribution_decisions d on d.id = m.decision_id
          where d.bucket = ${decision.bucket} and d.programme_id = ${decision.programmeId}
            and m.event_id = ${input.eventId}`,
    );
    const stock =
      (await bucketStock(tx, decision.programmeId, decision.operatorId)).find(
        (row) => row.eventId === input.eventId,
      )?.seats ?? 0;
    const left = Math.max(Math.min(quota.seats - used!.in_decision, stock - used!.in_bucket), 0);
    if (seats > left) throw attributionProblems.quotaExhausted(quota.event, seats, left);
    const [row] = await tx
      .insert(manualAttributions)
      .values({
        decisionId: decision.id,
        programmeId: decision.programmeId,
        applicantId: application.id,
        eventId: input.eventId,
        seats,
        criterion: input.criterion,
        attributedBy: who.actor.userId,
        attributedAt: now,
      })
      .returning();
    await audit(tx, who, now, 'draws.manual-attribution.made', 'manual_attributions', [
      row!.id,
      application.id,
    ]);
    // The seats become tickets bound to their holders in the same transaction (tickets module, TAJ-15).
    await issueAttributionTickets(
      tx,
      row!.id,
      now,
      {
        actor: who.actor.userId,
        userId: who.actor.userId,
        organisationId: who.actor.organisationId,
        requestId: who.requestId,
        sourceIp: who.sourceIp,
      },
      deps.keys,
      deps.publicUrl(),
    );
    return (await attributionViews(tx, decision.id)).find((view) => view.id === row!.id)!;
  });
}

/** The decisions the caller reaches, newest first. */
export async function listDecisions(db: Db, scope: DrawScope): Promise<ManualDecisionView[]> {
  const rows = await db
    .select()
    .from(manualAttributionDecisions)
    .where('operatorId' in scope ? eq(manualAttributionDecisions.operatorId, scope.operatorId) : undefined)
    .orderBy(sql`${manualAttributionDecisions.decidedAt} desc`);
  return Promise.all(rows.map((row) => decisionView(db, row)));
}

export async function showDecision(
  db: Db,
  decisionId: string,
  scope: DrawScope,
): Promise<ManualDecisionView> {
  return decisionView(db, await decisionInScope(db, decisionId, scope));
}

export async function decisionView(tx: Db | Tx, decision: DecisionRow): Promise<ManualDecisionView> {
  const quotas = await tx
    .select()
    .from(manualAttributionQuotas)
    .where(eq(manualAttributionQuotas.decisionId, decision.id))
    .orderBy(asc(manualAttributionQuotas.event));
  const attributions = await attributionViews(tx, decision.id);
  return {
    id: decision.id,
    programmeId: decision.programmeId,
    operatorId: decision.operatorId,
    bucket: decision.bucket,
    circumstances: decision.circumstances,
    criteria: decision.criteria,
    decidedBy: decision.decidedBy,
    decidedAt: decision.decidedAt.toISOString(),
    quotas: quotas.map((quota) => ({
      eventId: quota.eventId,
      event: quota.event,
      seats: quota.seats,
      attributed: attributions
        .filter((a) => a.eventId === quota.eventId)
        .reduce((sum, a) => sum + a.seats, 0),
    })),
    attributions,
  };
}

async function attributionViews(tx: Db | Tx, decisionId: string): Promise<ManualAttributionView[]> {
  const rows = await selectRows<{
    id: string;
    applicant_id: string;
    entry_ref: string;
    holder: string;
    group_id: string | null;
    carer_pair_id: string | null;
    event_id: string;
    event: string;
    seats: number;
    criterion: string;
    attributed_by: string;
    attributed_at: string | Date;
  }>(
    tx,
    sql`select m.id, m.applicant_id, a.entry_ref, a.first_names || ' ' || a.birth_surname as holder, a.group_id,
               a.carer_pair_id, m.event_id, e.code as event, m.seats, m.criterion, m.attributed_by, m.attributed_at
        from manual_attributions m
        join applicants a on a.id = m.applicant_id
        join sport_events e on e.id = m.event_id
        where m.decision_id = ${decisionId}
        order by m.attributed_at, m.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    decisionId,
    applicantId: row.applicant_id,
    entryRef: row.entry_ref,
    holder: row.holder,
    kind: row.group_id ? 'group' : row.carer_pair_id ? 'carer_pair' : 'person',
    eventId: row.event_id,
    event: row.event,
    seats: row.seats,
    criterion: row.criterion,
    attributedBy: row.attributed_by,
    attributedAt: new Date(row.attributed_at).toISOString(),
  }));
}
