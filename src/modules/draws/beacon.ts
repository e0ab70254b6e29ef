import { eq } from 'drizzle-orm';
import type { DrawView } from '../../../contracts/draws.js';
import { drawCommitments } from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { DrawInputError } from './domain/entries.js';
import { resolveRandomness, type DrawCommitment } from './domain/record.js';
import { drawProblems } from './problems.js';
import { auditDrawStep, commitmentOf, drawInScope } from './repository.js';
import { drawView } from './views.js';

/**
 * Enters the beacon value (§6.1): the BLS signature of the committed round, verified offline against the
 * quicknet public key (no network needed). A wrong signature is refused, and the refusal is in the audit trail.
 */
export async function enterBeacon(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  signature: string,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  const outcome = await deps.database.transaction(
    async (tx): Promise<{ refused: number } | { view: DrawView }> => {
      const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
      if (draw.status !== 'committed')
        throw drawProblems.wrongStatus(draw.status, 'committed', {
          fr: 'saisir l’aléa',
          en: 'enter the beacon',
        });
      const committed = (await commitmentOf(tx, draw.id))!;
      if (committed.beaconSignature) throw drawProblems.beaconAlreadyEntered();
      // After the deadline the witnesses serve: a late beacon would let one choose between two sources.
      if (now.getTime() > committed.beaconDeadline.getTime())
        throw drawProblems.beaconDeadlinePassed(committed.beaconDeadline.toISOString());
      const commitment = JSON.parse(committed.commitmentBytes) as DrawCommitment;
      try {
        resolveRandomness(commitment, { source: 'drand', signature });
      } catch (error) {
        if (error instanceof DrawInputError) return { refused: committed.beaconRound };
        throw error;
      }
      await tx
        .update(drawCommitments)
        .set({ beaconSignature: signature, beaconEnteredAt: now, beaconEnteredBy: who.actor.userId })
        .where(eq(drawCommitments.drawId, draw.id));
      await auditDrawStep(tx, who, now, 'draws.beacon.entered', draw.id);
      return { view: await drawView(tx, draw) };
    },
  );
  if ('refused' in outcome) {
    await auditDrawStep(deps.database.db, who, now, 'draws.beacon.entered', drawId, 'failure');
    throw drawProblems.beaconInvalid(outcome.refused);
  }
  return outcome.view;
}
