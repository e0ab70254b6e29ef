import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Programme, ProgrammeInput } from '../../../contracts/programmes.js';
import { isUniqueViolation, selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { organisations, programmeOperators, programmes } from '../../platform/db/schema/index.js';
import { auditChange } from './audit.js';
import type { Acting, ProgrammesDeps } from './deps.js';
import { programmeProblems } from './problems.js';
import { assertOperator, balancesOf, holderId } from './repository.js';

type ProgrammeRow = typeof programmes.$inferSelect;
type ParsedProgrammeInput = Omit<Required<ProgrammeInput>, 'eligibility'> & {
  eligibility: ProgrammeRow['eligibility'];
};

async function programmeViews(db: Db | Tx, rows: ProgrammeRow[]): Promise<Programme[]> {
  const ids = rows.map((row) => row.id);
  const attached = ids.length
    ? await db
        .select({
          programmeId: programmeOperators.programmeId,
          id: organisations.id,
          name: organisations.name,
        })
        .from(programmeOperators)
        .innerJoin(organisations, eq(organisations.id, programmeOperators.operatorId))
        .where(inArray(programmeOperators.programmeId, ids))
        .orderBy(asc(organisations.name))
    : [];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    targetPublic: row.targetPublic,
    games: row.games,
    eligibility: row.eligibility,
    maxEventChoices: row.maxEventChoices,
    reclaimUndeliveredTickets: row.reclaimUndeliveredTickets,
    operators: attached
      .filter((operator) => operator.programmeId === row.id)
      .map(({ id, name }) => ({ id, name })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function listProgrammes(db: Db | Tx): Promise<Programme[]> {
  return programmeViews(
    db,
    await db.select().from(programmes).orderBy(asc(programmes.createdAt), asc(programmes.name)),
  );
}

export async function getProgramme(db: Db | Tx, programmeId: string): Promise<Programme> {
  const rows = await db.select().from(programmes).where(eq(programmes.id, programmeId));
  if (rows.length === 0) throw programmeProblems.notFound({ fr: 'Ce programme', en: 'This programme' });
  return (await programmeViews(db, rows))[0]!;
}

export async function createProgramme(
  deps: ProgrammesDeps,
  input: ParsedProgrammeInput,
  who: Acting,
): Promise<Programme> {
  const now = deps.clock.now();
  try {
    return await deps.database.transaction(async (tx) => {
      const [row] = await tx
        .insert(programmes)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning();
      await auditChange(tx, who, now, 'programmes.programme.created', 'programmes', [row!.id]);
      return (await programmeViews(tx, [row!]))[0]!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw programmeProblems.nameTaken();
    throw error;
  }
}

export async function updateProgramme(
  deps: ProgrammesDeps,
  programmeId: string,
  input: ParsedProgrammeInput,
  who: Acting,
): Promise<Programme> {
  const now = deps.clock.now();
  try {
    return await deps.database.transaction(async (tx) => {
      const [row] = await tx
        .update(programmes)
        .set({ ...input, updatedAt: now })
        .where(eq(programmes.id, programmeId))
        .returning();
      if (!row) throw programmeProblems.notFound({ fr: 'Ce programme', en: 'This programme' });
      await auditChange(tx, who, now, 'programmes.programme.updated', 'programmes', [programmeId]);
      return (await programmeViews(tx, [row]))[0]!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw programmeProblems.nameTaken();
    throw error;
  }
}

export async function attachOperator(
  deps: ProgrammesDeps,
  programmeId: string,
  operatorId: string,
  who: Acting,
): Promise<Programme> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    await getProgramme(tx, programmeId);
    await assertOperator(tx, operatorId);
    const inserted = await tx
      .insert(programmeOperators)
      .values({ programmeId, operatorId, attachedAt: now })
      .onConflictDoNothing()
      .returning();
    if (inserted.length > 0) {
      await auditChange(tx, who, now, 'programmes.operator.attached', 'programme_operators', [
        programmeId,
        operatorId,
      ]);
    }
    return getProgramme(tx, programmeId);
  });
}

/** An operator can be detached only once it holds none of the programme's tickets. */
export async function detachOperator(
  deps: ProgrammesDeps,
  programmeId: string,
  operatorId: string,
  who: Acting,
): Promise<Programme> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    await getProgramme(tx, programmeId);
    // The same row lock as transfers: a transfer in flight to this operator finishes first.
    await tx
      .select()
      .from(programmeOperators)
      .where(
        and(eq(programmeOperators.programmeId, programmeId), eq(programmeOperators.operatorId, operatorId)),
      )
      .for('update');
    const holder = await holderId(tx, { level: 'operator', programmeId, operatorId });
    const events = await selectRows<{ event_id: string }>(
      tx,
      sql`select distinct event_id from stock_movements where to_holder = ${holder}`,
    );
    const balances = await balancesOf(
      tx,
      holder,
      events.map((event) => event.event_id),
    );
    const held = [...balances.values()].reduce((sum, quantity) => sum + quantity, 0);
    if (held > 0) throw programmeProblems.operatorStillHolds(held);
    const removed = await tx
      .delete(programmeOperators)
      .where(
        and(eq(programmeOperators.programmeId, programmeId), eq(programmeOperators.operatorId, operatorId)),
      )
      .returning();
    if (removed.length > 0) {
      await auditChange(tx, who, now, 'programmes.operator.detached', 'programme_operators', [
        programmeId,
        operatorId,
      ]);
    }
    return getProgramme(tx, programmeId);
  });
}

/** Organisations of kind operator, with the programmes each is attached to. */
export async function listOperators(db: Db | Tx) {
  const operators = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.kind, 'operator'))
    .orderBy(asc(organisations.name));
  const links = await db.select().from(programmeOperators);
  return operators.map((operator) => ({
    ...operator,
    programmeIds: links.filter((link) => link.operatorId === operator.id).map((link) => link.programmeId),
  }));
}
