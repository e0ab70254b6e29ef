import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DrawView } from '../../../contracts/draws.js';
import type { Tx } from '../../platform/db/database.js';
import { drawRecords } from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { distributionChecksOf } from './distribution-checks.js';
import { DrawInputError } from './domain/entries.js';
import { recordBytes, runDraw, type DrawCommitment, type DrawRecord } from './domain/record.js';
import { drawProblems } from './problems.js';
import { auditDrawStep, commitmentOf, drawInScope, frozenEntries, setStatus } from './repository.js';
import { drawView } from './views.js';

const RESULTS_BATCH = 5000;

/**
 * Runs a committed draw once its beacon value is entered (§5–§8): seed, numbers, draw order, allocation; writes
 * every entry's result in batches, then the record, signed with the platform's `draw` key.
 */
export async function runCommittedDraw(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (draw.status !== 'committed')
      throw drawProblems.wrongStatus(draw.status, 'committed', {
        fr: 'lancer le tirage',
        en: 'run the draw',
      });
    const committed = (await commitmentOf(tx, draw.id))!;
    if (!committed.beaconSignature) throw drawProblems.beaconMissing();
    const commitment = JSON.parse(committed.commitmentBytes) as DrawCommitment;
    let record: DrawRecord;
    try {
      ({ record } = runDraw(commitment, await frozenEntries(tx, draw.id), {
        source: 'drand',
        signature: committed.beaconSignature,
      }));
    } catch (error) {
      if (error instanceof DrawInputError) throw drawProblems.invalidInput(error.message);
      throw error;
    }
    await writeResults(tx, draw.id, record);
    // After the results are written: counts per category, from the database (§8.1).
    record.distribution_checks = await distributionChecksOf(tx, draw.id);
    const bytes = recordBytes(record);
    const { kid, signature } = deps.keys.sign('draw', bytes);
    await tx.insert(drawRecords).values({
      drawId: draw.id,
      ranAt: now,
      ranBy: who.actor.userId,
      recordBytes: new TextDecoder().decode(bytes),
      recordSha256: createHash('sha256').update(bytes).digest('hex'),
      resultsHash: record.results_hash,
      signatureKeyId: kid,
      signature: signature.toString('base64'),
    });
    await setStatus(tx, draw.id, 'committed', 'run', now);
    await auditDrawStep(tx, who, now, 'draws.draw.run', draw.id);
    return drawView(tx, { ...draw, status: 'run' });
  });
}

/** Each entry's draw rank, number, outcome (and its event) and reserve rank, a batch per statement. */
async function writeResults(tx: Tx, drawId: string, record: DrawRecord): Promise<void> {
  for (let start = 0; start < record.entries.length; start += RESULTS_BATCH) {
    const batch = record.entries.slice(start, start + RESULTS_BATCH);
    const ids = batch.map((row) => row[0]);
    const ranks = batch.map((_, index) => start + index + 1);
    const numbers = batch.map((row) => row[4]);
    const outcomes = batch.map((row) => row[5]);
    const events = batch.map((row) => (row[5] > 0 ? record.events[row[3][row[5] - 1]!]! : null));
    const reserve = batch.map((row) => row[6]);
    await tx.execute(
      sql`update draw_entries d set draw_rank = v.draw_rank, number = v.number, outcome = v.outcome,
            outcome_event = v.outcome_event, reserve_rank = v.reserve_rank
          from unnest(${sql.param(ids)}::text[], ${sql.param(ranks)}::int[], ${sql.param(numbers)}::text[],
                      ${sql.param(outcomes)}::smallint[], ${sql.param(events)}::text[], ${sql.param(reserve)}::int[])
            as v(entry_id, draw_rank, number, outcome, outcome_event, reserve_rank)
          where d.draw_id = ${drawId} and d.entry_id = v.entry_id`,
    );
  }
}
