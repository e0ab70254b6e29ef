import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { DrawRunPhase, DrawView } from '../../../contracts/draws.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { drawRecords } from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { distributionChecksOf } from './distribution-checks.js';
import { DrawInputError } from './domain/entries.js';
import { numberHex } from './domain/numbering.js';
import {
  computeDrawSteps,
  recordByteSteps,
  type DrawCommitment,
  type DrawComputation,
} from './domain/record.js';
import { useSha256 } from './domain/hash.js';
import type { Steps } from './domain/steps.js';
import { nativeSha256 } from './native-hashing.js';
import { drawProblems } from './problems.js';
import { randomnessInputFor } from './reveal.js';
import {
  auditDrawStep,
  commitmentOf,
  drawInScope,
  frozenEntries,
  setStatus,
  type DrawRow,
} from './repository.js';
import { drawView } from './views.js';

// The server hashes with node:crypto (same answers as the pure default, `native-hashing.test.ts`).
useSha256(nativeSha256);

const RESULTS_BATCH = 50_000;
/** The longest the run keeps the event loop to itself between two pauses. */
const SLICE_MS = 25;

export type RunProgress = (phase: DrawRunPhase, done: number, total: number) => void;

/**
 * The checks a run starts with, answered at once by `POST …/run` (wrong status, no randomness yet): the
 * commitment and the randomness it runs on — the drand value, or the witnesses' reveals (reveal.ts).
 */
export async function runnableCommitment(db: Db | Tx, draw: DrawRow, now: Date) {
  if (draw.status !== 'committed')
    throw drawProblems.wrongStatus(draw.status, 'committed', { fr: 'lancer le tirage', en: 'run the draw' });
  const committed = (await commitmentOf(db, draw.id))!;
  return { committed, randomness: await randomnessInputFor(db, draw.id, committed, now) };
}

/**
 * Runs a committed draw once its beacon value is entered (§5–§8): seed, numbers, draw order, allocation; writes
 * every entry's result, then the record, signed with the platform's `draw` key. Resolves when the record is
 * signed. The entries are read and the draw computed outside any transaction, pausing between slices so the
 * server keeps answering; one transaction then re-checks the status under a row lock and writes everything.
 */
export async function runCommittedDraw(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  who: Acting,
  options: { onProgress?: RunProgress } = {},
): Promise<DrawView> {
  const progress: RunProgress = options.onProgress ?? (() => {});
  const now = deps.clock.now();
  const db = deps.database.db;
  const draw = await drawInScope(db, drawId, scope);
  const { committed, randomness } = await runnableCommitment(db, draw, now);
  const commitment = JSON.parse(committed.commitmentBytes) as DrawCommitment;
  const total = commitment.entries.count;

  progress('reading', 0, total);
  const entries = await frozenEntries(db, draw.id, (done) => progress('reading', done, total));
  let run: DrawComputation;
  try {
    // The leaves are the committed ones: the database keeps them frozen (trigger), and any verifier
    // recomputes the root from the record anyway.
    run = await drive(computeDrawSteps(commitment, entries, randomness, { rootChecked: true }), progress);
  } catch (error) {
    if (error instanceof DrawInputError) throw drawProblems.invalidInput(error.message);
    throw error;
  }
  entries.length = 0;
  await yieldToEventLoop();

  return deps.database.transaction(async (tx) => {
    const locked = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (locked.status !== 'committed')
      throw drawProblems.wrongStatus(locked.status, 'committed', {
        fr: 'lancer le tirage',
        en: 'run the draw',
      });
    progress('writing', 0, total);
    await writeResults(tx, draw.id, run, (done) => progress('writing', done, total));
    // After the results are written: counts per category, from the database (§8.1); then the record's bytes.
    run.header.distribution_checks = await distributionChecksOf(tx, draw.id);
    progress('signing', 0, total);
    const bytes = await drive(recordByteSteps(run), (_phase, done) => progress('signing', done, total));
    const recordText = new TextDecoder().decode(bytes);
    const { kid, signature } = deps.keys.sign('draw', bytes);
    await tx.insert(drawRecords).values({
      drawId: draw.id,
      ranAt: now,
      ranBy: who.actor.userId,
      recordBytes: recordText,
      recordSha256: createHash('sha256').update(bytes).digest('hex'),
      resultsHash: run.header.results_hash,
      signatureKeyId: kid,
      signature: signature.toString('base64'),
    });
    await setStatus(tx, draw.id, 'committed', 'run', now);
    await auditDrawStep(tx, who, now, 'draws.draw.run', draw.id);
    progress('signing', total, total);
    return drawView(tx, { ...locked, status: 'run' });
  });
}

/** Drives the domain's steps, yielding to the event loop whenever a slice has taken `SLICE_MS`. */
async function drive<T>(steps: Steps<T>, progress: RunProgress): Promise<T> {
  let since = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    progress(next.value.phase, next.value.done, next.value.total);
    if (performance.now() - since >= SLICE_MS) {
      await yieldToEventLoop();
      since = performance.now();
    }
  }
}

/**
 * Each entry's draw rank, number, outcome (and its event) and reserve rank, by position (the index the rows
 * are stored in), a batch of arrays per statement. Only results columns are set: a heap-only update (0010).
 */
async function writeResults(
  tx: Tx,
  drawId: string,
  run: DrawComputation,
  progress: (done: number) => void,
): Promise<void> {
  const { prepared, numbers, order, allocation } = run;
  const n = prepared.count;
  const rankOf = new Uint32Array(n);
  for (let rank = 0; rank < n; rank++) rankOf[order[rank]!] = rank + 1;
  for (let start = 0; start < n; start += RESULTS_BATCH) {
    const end = Math.min(n, start + RESULTS_BATCH);
    const positions: number[] = [];
    const ranks: number[] = [];
    const numberTexts: string[] = [];
    const outcomes: number[] = [];
    const events: (string | null)[] = [];
    const reserve: number[] = [];
    for (let p = start; p < end; p++) {
      const outcome = allocation.outcome[p]!;
      positions.push(p);
      ranks.push(rankOf[p]!);
      numberTexts.push(numberHex(numbers, p));
      outcomes.push(outcome);
      events.push(
        outcome > 0 ? prepared.events[prepared.choiceEvents[prepared.choiceStart[p]! + outcome - 1]!]! : null,
      );
      reserve.push(allocation.reserveRank[p]!);
    }
    await tx.execute(
      sql`update draw_entries d set draw_rank = v.draw_rank, number = v.number, outcome = v.outcome,
            outcome_event = v.outcome_event, reserve_rank = v.reserve_rank
          from unnest(${sql.param(positions)}::int[], ${sql.param(ranks)}::int[],
                      ${sql.param(numberTexts)}::text[], ${sql.param(outcomes)}::smallint[],
                      ${sql.param(events)}::text[], ${sql.param(reserve)}::int[])
            as v(position, draw_rank, number, outcome, outcome_event, reserve_rank)
          where d.draw_id = ${drawId} and d.position = v.position`,
    );
    progress(end);
    await yieldToEventLoop();
  }
}
