import type { z } from 'zod';
import type { CommitRequest, DrawView } from '../../../contracts/draws.js';
import { drawCommitments } from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { DRAND_QUICKNET, drandRoundAt, drandRoundTime } from './domain/drand.js';
import { DrawInputError } from './domain/entries.js';
import { buildCommitment, commitmentBytes, commitmentHash } from './domain/record.js';
import { toHex } from './domain/bytes.js';
import { drawProblems } from './problems.js';
import {
  asQuotaTable,
  auditDrawStep,
  drawInScope,
  frozenEntries,
  quotaRows,
  setStatus,
} from './repository.js';
import { drawView } from './views.js';

const DEFAULT_DELAY_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
/**
 * Outside demonstrations, the committed round is produced at least this long after the commitment, so that
 * the signed commitment is public (and copied) before the randomness exists.
 */
export const MIN_LEAD_MS = 5 * 60_000;

/** The first quicknet round produced at or after an instant (§6.1: round r is produced at genesis + 3(r−1)). */
export function firstRoundAtOrAfter(instant: Date): number {
  const seconds = Math.ceil(instant.getTime() / 1000);
  const round = drandRoundAt(DRAND_QUICKNET, seconds);
  return drandRoundTime(DRAND_QUICKNET, round) < seconds ? round + 1 : Math.max(round, 1);
}

/**
 * Commits a frozen draw to its randomness (§4): a future drand quicknet round and the witnesses' fallback,
 * named together, signed with the platform's `draw` key and published before the round exists. A round
 * already produced is refused, except for a demonstration.
 */
export async function commitDraw(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  input: z.infer<typeof CommitRequest>,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (draw.status !== 'frozen')
      throw drawProblems.wrongStatus(draw.status, 'frozen', {
        fr: 'engager le tirage',
        en: 'commit the draw',
      });
    const round =
      input.round ??
      firstRoundAtOrAfter(input.drawAt ? new Date(input.drawAt) : new Date(now.getTime() + DEFAULT_DELAY_MS));
    const roundAt = new Date(drandRoundTime(DRAND_QUICKNET, round) * 1000);
    const beaconDeadline = input.beaconDeadline
      ? new Date(input.beaconDeadline)
      : new Date(Math.max(roundAt.getTime(), now.getTime()) + DAY_MS);
    const revealDeadline = input.revealDeadline
      ? new Date(input.revealDeadline)
      : new Date(beaconDeadline.getTime() + 2 * DAY_MS);
    const minReveals = input.minReveals ?? input.witnesses.length;
    if (!draw.demonstration) {
      if (roundAt.getTime() <= now.getTime()) throw drawProblems.pastRound(round, roundAt.toISOString());
      if (roundAt.getTime() - now.getTime() < MIN_LEAD_MS)
        throw drawProblems.roundTooSoon(round, roundAt.toISOString(), MIN_LEAD_MS / 60_000);
    }
    if (
      !(
        roundAt.getTime() < beaconDeadline.getTime() && beaconDeadline.getTime() < revealDeadline.getTime()
      ) ||
      beaconDeadline.getTime() <= now.getTime()
    )
      throw drawProblems.deadlinesOutOfOrder(
        roundAt.toISOString(),
        beaconDeadline.toISOString(),
        revealDeadline.toISOString(),
      );
    let commitment;
    try {
      commitment = buildCommitment({
        drawId: draw.id,
        demonstration: draw.demonstration,
        committedAt: now,
        entries: await frozenEntries(tx, draw.id),
        quotas: asQuotaTable(await quotaRows(tx, draw.id)),
        maxChoices: draw.maxChoices,
        round,
        beaconDeadline,
        witnesses: input.witnesses,
        revealDeadline,
        minReveals,
      });
    } catch (error) {
      if (error instanceof DrawInputError && error.code === 'past-round')
        throw drawProblems.pastRound(round, roundAt.toISOString());
      if (error instanceof DrawInputError) throw drawProblems.invalidInput(error.message);
      throw error;
    }
    // The leaves are those frozen: the root recomputed now is the one stored at freeze.
    if (commitment.entries.root !== draw.entriesRoot)
      throw new Error(`draw ${draw.id}: entries root changed`);
    const bytes = commitmentBytes(commitment);
    const { kid, signature } = deps.keys.sign('draw', bytes);
    await tx.insert(drawCommitments).values({
      drawId: draw.id,
      committedAt: now,
      committedBy: who.actor.userId,
      beaconRound: round,
      beaconDeadline,
      witnesses: commitment.fallback.witnesses,
      revealDeadline,
      minReveals,
      commitmentBytes: new TextDecoder().decode(bytes),
      commitmentHash: toHex(commitmentHash(commitment)),
      signatureKeyId: kid,
      signature: signature.toString('base64'),
    });
    await setStatus(tx, draw.id, 'frozen', 'committed', now);
    await auditDrawStep(tx, who, now, 'draws.draw.committed', draw.id);
    return drawView(tx, { ...draw, status: 'committed' });
  });
}
