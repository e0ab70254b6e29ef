import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DrawView } from '../../../contracts/draws.js';
import { draws } from '../../platform/db/schema/index.js';
import { commitDraw } from './commit.js';
import type { Acting, DrawsDeps } from './deps.js';
import { enterBeacon } from './beacon.js';
import { freezeDraw } from './freeze.js';
import { publishDraw } from './publish.js';
import { bucketStock } from './repository.js';
import { runCommittedDraw } from './run.js';
import { setUpDraw } from './setup.js';

/**
 * A real past round of drand quicknet and its signature (`../shared/data/drand-quicknet.json`): committing to
 * a round already produced is allowed only for a demonstration (draw-record.md §4), whose record says so.
 */
export const DEMO_BEACON = {
  round: 657413,
  signature:
    'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b',
} as const;

export const DEMO_DRAW_NAME = 'Tirage de démonstration — Tous aux Jeux';

/** Seats per event of the demo quota table, at most the bucket's stock: fewer than the demand. */
const DEMO_QUOTAS = [8, 6] as const;

/**
 * The demonstration draw (issue [F]): for one bucket (programme × operator) whose confirmed applicants exist,
 * a draw set up with quotas smaller than the demand (so there is a reserve list), frozen, committed in
 * demonstration mode to `DEMO_BEACON`'s round, its signature entered (verified offline), run and published —
 * each step through the module's use case, audited, signed, so the record is genuine and `gradins draw
 * verify` says it is conforme. Once per bucket: a demonstration draw of that name already there is returned.
 */
export async function loadDemoDraw(
  deps: DrawsDeps,
  input: { programmeId: string; operatorId: string },
  who: Acting,
): Promise<{ drawId: string; created: boolean }> {
  const [existing] = await deps.database.db
    .select({ id: draws.id })
    .from(draws)
    .where(
      and(
        eq(draws.programmeId, input.programmeId),
        eq(draws.operatorId, input.operatorId),
        eq(draws.demonstration, true),
        eq(draws.name, DEMO_DRAW_NAME),
      ),
    );
  if (existing) return { drawId: existing.id, created: false };

  const stock = await bucketStock(deps.database.db, input.programmeId, input.operatorId);
  const quotas = stock
    .slice(0, DEMO_QUOTAS.length)
    .map((row, index) => ({ eventId: row.eventId, seats: Math.min(row.seats, DEMO_QUOTAS[index]!) }));
  const scope = { operatorId: input.operatorId };
  let draw: DrawView = await setUpDraw(
    deps,
    scope,
    { programmeId: input.programmeId, name: DEMO_DRAW_NAME, demonstration: true, quotas },
    who,
  );
  draw = await freezeDraw(deps, draw.id, scope, who);
  // The fallback is named as for a real draw; its secrets are not kept: the beacon serves.
  const witnesses = ['Huissière de démonstration', 'Témoin de démonstration'].map((name) => ({
    name,
    commitment: createHash('sha256').update(randomBytes(32)).digest('hex'),
  }));
  await commitDraw(deps, draw.id, scope, { round: DEMO_BEACON.round, witnesses }, who);
  await enterBeacon(deps, draw.id, scope, DEMO_BEACON.signature, who);
  await runCommittedDraw(deps, draw.id, scope, who);
  await publishDraw(deps, draw.id, scope, who);
  return { drawId: draw.id, created: true };
}
