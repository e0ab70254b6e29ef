import type { DrawView } from '../../../contracts/draws.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { drawProblems } from './problems.js';
import { auditDrawStep, drawInScope, setStatus } from './repository.js';
import { drawView } from './views.js';
import { issueDrawTickets } from '../tickets/issuance.js';

/**
 * Publishes a run draw: its signed record becomes downloadable by anyone, without login, and in the same
 * transaction each allocated seat becomes a ticket bound to its holder (tickets module, TAJ-15).
 */
export async function publishDraw(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (draw.status !== 'run')
      throw drawProblems.wrongStatus(draw.status, 'run', { fr: 'publier le tirage', en: 'publish the draw' });
    await setStatus(tx, draw.id, 'run', 'published', now, { publishedAt: now });
    await auditDrawStep(tx, who, now, 'draws.draw.published', draw.id);
    await issueDrawTickets(
      tx,
      draw.id,
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
    return drawView(tx, { ...draw, status: 'published', publishedAt: now });
  });
}
