import { eq, inArray, or, sql } from 'drizzle-orm';
import type { ChoosableEvent, MyDrawEntry } from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { applicants, programmes } from '../../platform/db/schema/index.js';
import type { ApplicantsDeps, RequestContext } from './deps.js';
import { applicantProblems } from './problems.js';

// Applicants' ranked event choices (issue [F]) and the draws an application is in, as its applicant sees them.

interface EventRow {
  id: string;
  code: string;
  kind: 'competition' | 'ceremony';
  sport: string;
  discipline: string;
  venue: string;
  starts_at: string | Date;
}

const eventView = (row: EventRow): ChoosableEvent => ({
  id: row.id,
  code: row.code,
  kind: row.kind,
  sport: row.sport,
  discipline: row.discipline,
  venue: row.venue,
  startsAt: new Date(row.starts_at).toISOString(),
});

/**
 * The events an applicant of the programme may rank: those the programme holds tickets for — any movement of
 * stock ever made to the programme or one of its operators — and that have not started. By start, then code.
 */
export async function choosableEvents(
  db: Db | Tx,
  programmeId: string,
  now: Date,
): Promise<ChoosableEvent[]> {
  const rows = await selectRows<EventRow>(
    db,
    sql`select e.id, e.code, e.kind, e.sport, e.discipline, e.venue, e.starts_at from sport_events e
        where e.starts_at > ${now.toISOString()}
          and exists (select 1 from stock_movements m join stock_holders h on h.id = m.to_holder
                      where m.event_id = e.id and h.programme_id = ${programmeId})
        order by e.starts_at, e.code`,
  );
  return rows.map(eventView);
}

/** Events by id, in the order given (an event ranked earlier stays shown once it has started). */
async function eventsInOrder(db: Db | Tx, ids: readonly string[]): Promise<ChoosableEvent[]> {
  if (ids.length === 0) return [];
  const rows = await selectRows<EventRow>(
    db,
    sql`select id, code, kind, sport, discipline, venue, starts_at from sport_events
        where id = any(${sql.param([...ids])}::uuid[])`,
  );
  const byId = new Map(rows.map((row) => [row.id, eventView(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A ranking checked against the programme: at most its `maxEventChoices`, only events it offers
 * (`choosableEvents`). Duplicates are refused by the contract already. Returns the ranking to store.
 */
export async function checkedEventChoices(
  db: Db | Tx,
  programme: { id: string; maxEventChoices: number },
  choices: readonly string[],
  now: Date,
): Promise<string[]> {
  if (choices.length === 0) return [];
  if (new Set(choices).size !== choices.length) throw applicantProblems.eventNotChoosable();
  if (choices.length > programme.maxEventChoices)
    throw applicantProblems.tooManyEventChoices(programme.maxEventChoices, choices.length);
  const offered = new Set((await choosableEvents(db, programme.id, now)).map((event) => event.id));
  if (!choices.every((id) => offered.has(id))) throw applicantProblems.eventNotChoosable();
  return [...choices];
}

/** The rows that share one ranking: the applicant and, in a carer pair, their partner. */
const sameRanking = (applicant: typeof applicants.$inferSelect) =>
  applicant.carerPairId
    ? or(eq(applicants.id, applicant.id), eq(applicants.carerPairId, applicant.carerPairId))!
    : eq(applicants.id, applicant.id);

/** Whether one of these applicants is in a frozen draw's entries (the ranking was taken then). */
async function inFrozenDraw(db: Db | Tx, applicantIds: readonly string[]): Promise<boolean> {
  const rows = await selectRows<{ one: number }>(
    db,
    sql`select 1 as one from draw_entry_applicants
        where applicant_id = any(${sql.param([...applicantIds])}::uuid[]) limit 1`,
  );
  return rows.length > 0;
}

/** The ranking as the applicant's page shows it, with what may be ranked and whether it is fixed. */
export async function eventChoicesView(db: Db | Tx, applicant: typeof applicants.$inferSelect, now: Date) {
  const [programme] = await db
    .select({ maxEventChoices: programmes.maxEventChoices })
    .from(programmes)
    .where(eq(programmes.id, applicant.programmeId));
  const pair = await db.select({ id: applicants.id }).from(applicants).where(sameRanking(applicant));
  return {
    ranked: await eventsInOrder(db, applicant.eventChoices),
    available: await choosableEvents(db, applicant.programmeId, now),
    maxEventChoices: programme!.maxEventChoices,
    locked: await inFrozenDraw(
      db,
      pair.map((row) => row.id),
    ),
  };
}

/**
 * The applicant changes their ranking from their own page (the person or the carer of a pair: one ranking for
 * both; a group's manager for the group) until a draw with the application is frozen. The bucket's draws still
 * in setup are locked for share, so a freeze happening at the same moment either waits for the change or is
 * seen by it (`freezeDraw` locks its draw for update): a ranking never changes after the freeze that took it.
 */
export async function changeEventChoices(
  deps: ApplicantsDeps,
  applicant: typeof applicants.$inferSelect,
  choices: readonly string[],
  context: RequestContext,
): Promise<void> {
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    const [programme] = await tx.select().from(programmes).where(eq(programmes.id, applicant.programmeId));
    const ranking = await checkedEventChoices(tx, programme!, choices, now);
    await selectRows(
      tx,
      sql`select id from draws where programme_id = ${applicant.programmeId}
            and (operator_id is null or operator_id = ${applicant.operatorId}) and status = 'setup'
          order by id for share`,
    );
    const rows = await tx
      .select({ id: applicants.id })
      .from(applicants)
      .where(sameRanking(applicant))
      .for('update');
    const ids = rows.map((row) => row.id);
    if (await inFrozenDraw(tx, ids)) throw applicantProblems.eventChoicesFrozen();
    await tx.update(applicants).set({ eventChoices: ranking }).where(inArray(applicants.id, ids));
    await recordAuditEvent(tx, {
      actor: `applicant:${applicant.entryRef}`,
      organisationId: applicant.operatorId,
      action: 'applicants.event-choices.changed',
      target: { table: 'applicants', ids },
      result: 'success',
      ...context,
      at: now,
    });
  });
}

/**
 * The frozen draws an applicant is in (`draw_entry_applicants`, written at freeze): the draw, the entry id to
 * ask an inclusion proof for, whether the commitment is public, and after the run the outcome. Oldest first.
 */
export async function myDrawEntries(db: Db | Tx, applicantId: string): Promise<MyDrawEntry[]> {
  const rows = await selectRows<{
    draw_id: string;
    name: string;
    status: MyDrawEntry['status'];
    demonstration: boolean;
    frozen_at: string | Date;
    entry_id: string;
    outcome: number | null;
    outcome_event: string | null;
    outcome_event_id: string | null;
    reserve_rank: number | null;
  }>(
    db,
    // The entry's result: one subscript into the chunk of results holding its position (migration 0011).
    sql`select d.id as draw_id, d.name, d.status, d.demonstration, d.frozen_at, e.entry_id, r.outcome,
               r.outcome_event, q.event_id as outcome_event_id, r.reserve_rank
        from draw_entry_applicants l
        join draws d on d.id = l.draw_id
        join draw_entries e on e.draw_id = l.draw_id and e.entry_id = l.entry_id
        left join lateral (
          select c.outcomes[e.position - c.first_position + 1] as outcome,
                 case when c.outcomes[e.position - c.first_position + 1] > 0
                      then e.choices ->> (c.outcomes[e.position - c.first_position + 1] - 1) end as outcome_event,
                 c.reserve_ranks[e.position - c.first_position + 1] as reserve_rank
          from draw_result_chunks c
          where c.draw_id = e.draw_id and c.first_position <= e.position
          order by c.first_position desc limit 1
        ) r on true
        left join draw_quotas q on q.draw_id = e.draw_id and q.bucket = e.bucket and q.event = r.outcome_event
        where l.applicant_id = ${applicantId}
        order by d.frozen_at, d.id`,
  );
  return rows.map((row) => {
    const ran = row.status === 'run' || row.status === 'published';
    let outcome: MyDrawEntry['outcome'] = null;
    if (ran && row.outcome !== null && row.outcome > 0)
      outcome = {
        kind: 'selected',
        event: row.outcome_event!,
        eventId: row.outcome_event_id,
        choiceRank: row.outcome,
      };
    else if (ran && row.reserve_rank !== null) outcome = { kind: 'reserve', reserveRank: row.reserve_rank };
    return {
      drawId: row.draw_id,
      drawName: row.name,
      status: row.status,
      demonstration: row.demonstration,
      entryId: row.entry_id,
      frozenAt: new Date(row.frozen_at).toISOString(),
      public: row.status !== 'frozen',
      outcome,
    };
  });
}
