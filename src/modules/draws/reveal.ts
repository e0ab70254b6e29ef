import { sha256 } from '@noble/hashes/sha2.js';
import type { z } from 'zod';
import type { DrawView, RevealRequest } from '../../../contracts/draws.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { drawWitnessReveals } from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { fromHex, toHex } from './domain/bytes.js';
import type { RandomnessInput } from './domain/record.js';
import { drawProblems } from './problems.js';
import { auditDrawStep, commitmentOf, drawInScope, revealsOf } from './repository.js';
import { drawView } from './views.js';

type Committed = NonNullable<Awaited<ReturnType<typeof commitmentOf>>>;

/**
 * Enters a witness's reveal (draw-record.md §6.2): only once the beacon deadline has passed with no drand value
 * entered (earlier, the operator could choose between two sources), and until the reveal deadline. The secret
 * must hash to the witness's committed value; a wrong one is refused, nothing kept, the refusal audited.
 */
export async function enterReveal(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  input: z.infer<typeof RevealRequest>,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  const outcome = await deps.database.transaction(
    async (tx): Promise<{ refused: string } | { view: DrawView }> => {
      const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
      if (draw.status !== 'committed')
        throw drawProblems.wrongStatus(draw.status, 'committed', {
          fr: 'saisir la révélation d’un témoin',
          en: 'enter a witness’s reveal',
        });
      const committed = (await commitmentOf(tx, draw.id))!;
      if (committed.beaconSignature) throw drawProblems.beaconAlreadyEntered();
      if (now.getTime() <= committed.beaconDeadline.getTime())
        throw drawProblems.revealNotYet(committed.beaconDeadline.toISOString());
      if (now.getTime() > committed.revealDeadline.getTime())
        throw drawProblems.revealDeadlinePassed(committed.revealDeadline.toISOString());
      const index = committed.witnesses.findIndex((witness) => witness.name === input.witness);
      if (index < 0) throw drawProblems.unknownWitness(input.witness);
      const witness = committed.witnesses[index]!;
      if ((await revealsOf(tx, draw.id)).some((reveal) => reveal.witnessIndex === index))
        throw drawProblems.revealAlreadyEntered(witness.name);
      if (toHex(sha256(fromHex(input.secret, 32))) !== witness.commitment) return { refused: witness.name };
      await tx.insert(drawWitnessReveals).values({
        drawId: draw.id,
        witnessIndex: index,
        secret: input.secret,
        revealedAt: now,
        enteredBy: who.actor.userId,
      });
      await auditDrawStep(tx, who, now, 'draws.witness.revealed', draw.id);
      return { view: await drawView(tx, draw) };
    },
  );
  if ('refused' in outcome) {
    await auditDrawStep(deps.database.db, who, now, 'draws.witness.revealed', drawId, 'failure');
    throw drawProblems.revealInvalid(outcome.refused);
  }
  return outcome.view;
}

/**
 * The randomness a committed draw runs on, as its commitment says (§6): the drand signature once entered;
 * without one, the witnesses' reveals once the beacon deadline has passed and either every witness has
 * revealed or the reveal deadline has passed with at least `min_reveals` of them. Not at the moment the
 * minimum is reached: running then, rather than after later reveals, would be a choice between outcomes.
 */
export async function randomnessInputFor(
  tx: Db | Tx,
  drawId: string,
  committed: Committed,
  now: Date,
): Promise<RandomnessInput> {
  if (committed.beaconSignature) return { source: 'drand', signature: committed.beaconSignature };
  if (now.getTime() <= committed.beaconDeadline.getTime()) throw drawProblems.beaconMissing();
  const reveals: (string | null)[] = committed.witnesses.map(() => null);
  for (const reveal of await revealsOf(tx, drawId)) reveals[reveal.witnessIndex] = reveal.secret;
  const revealed = reveals.filter((reveal) => reveal !== null).length;
  const closed = now.getTime() > committed.revealDeadline.getTime();
  if (!closed && revealed < committed.witnesses.length)
    throw drawProblems.witnessesNotReady(
      revealed,
      committed.minReveals,
      committed.revealDeadline.toISOString(),
    );
  if (revealed < committed.minReveals) throw drawProblems.tooFewReveals(revealed, committed.minReveals);
  return { source: 'witnesses', reveals };
}
