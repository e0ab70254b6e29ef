import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { DrawSetupRequest, DrawView, QuotaInput } from '../../../contracts/draws.js';
import type { Tx } from '../../platform/db/database.js';
import {
  drawQuotas,
  draws,
  instance,
  programmeOperators,
  programmes,
  sportEvents,
} from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { DRAW_SPEC_VERSION } from './domain/seed.js';
import { drawProblems } from './problems.js';
import { auditDrawStep, bucketStock, drawInScope, type DrawRow } from './repository.js';
import { drawView } from './views.js';

type SetupInput = z.infer<typeof DrawSetupRequest>;
type Quotas = z.infer<typeof QuotaInput>[];

/**
 * Sets up a draw for one bucket (issue [F]): a programme × operator, or a whole programme. The quota table
 * is the bucket's stock per event unless given (never more than the stock). Entries are taken at freeze.
 */
export async function setUpDraw(
  deps: DrawsDeps,
  scope: DrawScope,
  input: SetupInput,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  const operatorId = 'operatorId' in scope ? scope.operatorId : (input.operatorId ?? null);
  return deps.database.transaction(async (tx) => {
    const [programme] = await tx.select().from(programmes).where(eq(programmes.id, input.programmeId));
    if (!programme) throw drawProblems.notFound();
    // A demonstration may commit to a past round: only on an installation loaded with demonstration data.
    if (input.demonstration) {
      const [state] = await tx.select({ demoLoadedAt: instance.demoLoadedAt }).from(instance);
      if (!state?.demoLoadedAt) throw drawProblems.demonstrationNotAllowed();
    }
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
    const [draw] = await tx
      .insert(draws)
      .values({
        programmeId: programme.id,
        operatorId,
        // Identifiers of §1: a uuid is 36 characters of the allowed set.
        bucket: operatorId ?? programme.id,
        name: input.name,
        status: 'setup',
        specVersion: DRAW_SPEC_VERSION,
        demonstration: input.demonstration,
        maxChoices: Math.min(Math.max(programme.maxEventChoices, 1), 255),
        createdBy: who.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeQuotas(tx, draw!, input.quotas);
    await auditDrawStep(tx, who, now, 'draws.draw.created', draw!.id);
    return drawView(tx, draw!);
  });
}

/** Replaces the quota table while the draw is in setup; refused once frozen. */
export async function changeQuotas(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  quotas: Quotas,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (draw.status !== 'setup')
      throw drawProblems.wrongStatus(draw.status, 'setup', {
        fr: 'changer les quotas',
        en: 'change the quotas',
      });
    await tx.delete(drawQuotas).where(eq(drawQuotas.drawId, draw.id));
    await writeQuotas(tx, draw, quotas);
    await auditDrawStep(tx, who, now, 'draws.quotas.changed', draw.id);
    return drawView(tx, draw);
  });
}

async function writeQuotas(tx: Tx, draw: DrawRow, quotas: Quotas | undefined): Promise<void> {
  const stock = await bucketStock(tx, draw.programmeId, draw.operatorId);
  const held = new Map(stock.map((row) => [row.eventId, row]));
  let rows: { eventId: string; code: string; seats: number }[];
  if (quotas) {
    const ids = quotas.map((quota) => quota.eventId);
    const events = ids.length
      ? await tx
          .select({ id: sportEvents.id, code: sportEvents.code })
          .from(sportEvents)
          .where(inArray(sportEvents.id, ids))
      : [];
    if (events.length !== new Set(ids).size || ids.length !== new Set(ids).size)
      throw drawProblems.unknownEvent();
    const codeOf = new Map(events.map((event) => [event.id, event.code]));
    rows = quotas.map((quota) => {
      const code = codeOf.get(quota.eventId)!;
      const available = held.get(quota.eventId)?.seats ?? 0;
      if (quota.seats > available) throw drawProblems.quotaOverStock(code, quota.seats, available);
      return { eventId: quota.eventId, code, seats: quota.seats };
    });
  } else {
    rows = stock.map((row) => ({ eventId: row.eventId, code: row.code, seats: row.seats }));
  }
  if (rows.length === 0) throw drawProblems.noStock();
  await tx.insert(drawQuotas).values(
    rows.map((row) => ({
      drawId: draw.id,
      bucket: draw.bucket,
      event: row.code,
      eventId: row.eventId,
      seats: row.seats,
    })),
  );
}
