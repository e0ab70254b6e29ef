import type { DrawView } from '../../../contracts/draws.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { drawProblems } from './problems.js';
import { auditDrawStep, drawInScope, setStatus } from './repository.js';
import { drawView } from './views.js';

/**
 * Gives up a frozen or committed draw (its beacon never came, its witnesses did not reveal enough, an error in
 * the quotas): the bucket may then have another draw. A draw that has run is never abandoned — its result is
 * known, it is published as it is. An abandoned draw that was committed stays in the public list with when,
 * by whom (the organisation) and why; the step is audited.
 */
export async function abandonDraw(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  reason: string,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (draw.status === 'run') throw drawProblems.cannotAbandonRun();
    if (draw.status !== 'frozen' && draw.status !== 'committed')
      throw drawProblems.wrongStatus(draw.status, 'committed', {
        fr: 'abandonner le tirage',
        en: 'abandon the draw',
      });
    const abandoned = { abandonedAt: now, abandonedBy: who.actor.userId, abandonedReason: reason };
    await setStatus(tx, draw.id, draw.status, 'abandoned', now, abandoned);
    await auditDrawStep(tx, who, now, 'draws.draw.abandoned', draw.id);
    return drawView(tx, { ...draw, status: 'abandoned', ...abandoned });
  });
}
