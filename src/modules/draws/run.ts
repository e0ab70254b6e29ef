import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import type { DrawRunPhase, DrawView } from '../../../contracts/draws.js';
import type { Database, Db, Tx } from '../../platform/db/database.js';
import { drawRecords } from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { distributionChecksOfRun } from './distribution-checks.js';
import { DrawInputError } from './domain/entries.js';
import { preparedFromLeafSteps, unpackU32 } from './domain/leaf-chunks.js';
import {
  computePreparedDrawSteps,
  recordByteSteps,
  type RandomnessInput,
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
  frozenLeafChunks,
  setStatus,
  type DrawRow,
} from './repository.js';
import { drawView, resultsSummaryOf } from './views.js';

type Committed = NonNullable<Awaited<ReturnType<typeof commitmentOf>>>;

// The server hashes with node:crypto (same answers as the pure default, `native-hashing.test.ts`).
useSha256(nativeSha256);

/** Positions per row of `draw_result_chunks`, and rows per statement. */
const RESULT_CHUNK = 8192;
const RESULT_ROWS_PER_STATEMENT = 32;

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
 * The computed draw and its record's bytes (§5–§8.1) from what the database keeps — the frozen leaves and their
 * categories, the commitment, the randomness —, with no write: what the run signs, and what is computed again
 * to serve a record (`record-bytes.ts`), which gives the same bytes since nothing it reads ever changes.
 */
export async function computeRecord(
  db: Db | Tx,
  draw: DrawRow,
  committed: Committed,
  randomness: RandomnessInput,
): Promise<{ run: DrawComputation; bytes: Uint8Array }> {
  const run = await computeRun(db, draw, committed, randomness);
  return { run, bytes: await drive(recordByteSteps(run), () => {}) };
}

/** The draw computed from its frozen leaves (no write), with its distribution checks (§8.1). */
async function computeRun(
  db: Db | Tx,
  draw: DrawRow,
  committed: Committed,
  randomness: RandomnessInput,
  progress: RunProgress = () => {},
): Promise<DrawComputation> {
  const commitment = JSON.parse(committed.commitmentBytes) as DrawCommitment;
  const total = commitment.entries.count;
  progress('reading', 0, total);
  const chunks = await frozenLeafChunks(db, draw.id, (done) => progress('reading', done, total));
  const categoryOf = unpackU32(
    chunks.map((chunk) => ({ firstPosition: chunk.firstPosition, values: chunk.categories })),
    total,
  );
  let run: DrawComputation;
  try {
    // The leaves are the committed ones: the database keeps them frozen (trigger), and any verifier
    // recomputes the root from the record anyway.
    run = await drive(
      (function* () {
        const prepared = yield* preparedFromLeafSteps(
          chunks,
          draw.entryTails ?? [],
          commitment.quotas,
          commitment.entries.max_choices,
          total,
        );
        chunks.length = 0;
        return yield* computePreparedDrawSteps(commitment, prepared, randomness, {
          rootChecked: true,
          resultsHashInRecord: true,
        });
      })(),
      progress,
    );
  } catch (error) {
    if (error instanceof DrawInputError) throw drawProblems.invalidInput(error.message);
    throw error;
  }
  run.header.distribution_checks = distributionChecksOfRun(
    draw.entryCategories,
    categoryOf,
    run.prepared,
    run.allocation,
  );
  return run;
}

/**
 * The record's bytes and signature; only its hash and signature are kept, so that its bytes (hundreds of
 * megabytes at national scale) are freed at once.
 */
async function signRun(deps: DrawsDeps, run: DrawComputation, progress: (done: number) => void) {
  const bytes = await drive(recordByteSteps(run), (_phase, done) => progress(done));
  const { kid, signature } = deps.keys.sign('draw', bytes);
  return { kid, signature, recordSha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Runs a committed draw once its beacon value is entered (§5–§8): seed, numbers, draw order, allocation; writes
 * every entry's result, then the record, signed with the platform's `draw` key. Resolves when the record is
 * signed. The entries are read and the draw computed outside any transaction, pausing between slices so the
 * server keeps answering; one transaction then re-checks the status under a row lock and writes everything —
 * on PostgreSQL while the record is signed, which the transaction then writes.
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
  const total = draw.entryCount ?? 0;
  const run = await computeRun(db, draw, committed, randomness, progress);
  // PGlite has one connection and runs in this process: nothing to overlap, and the server would wait for
  // the signature too. It signs first; PostgreSQL signs while it writes (below).
  const signedFirst =
    deps.database.kind === 'pglite'
      ? await signRun(deps, run, (done) => progress('signing', done, total))
      : undefined;
  await yieldToEventLoop();

  return deps.database.transaction(async (tx) => {
    const locked = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (locked.status !== 'committed')
      throw drawProblems.wrongStatus(locked.status, 'committed', {
        fr: 'lancer le tirage',
        en: 'run the draw',
      });
    // The results are written while the record's bytes are computed and signed: the database works on each
    // statement while this process writes the next slice of bytes. Progress is the writing's, then the
    // signing's if it is still going.
    let writing = true;
    progress('writing', 0, total);
    const [{ kid, signature, recordSha256 }] = await Promise.all([
      signedFirst ??
        signRun(deps, run, (done) => {
          if (!writing) progress('signing', done, total);
        }),
      writeResults(tx, deps.database.kind, draw.id, run, (done) => progress('writing', done, total)).then(
        () => {
          writing = false;
        },
      ),
    ]);
    await tx.insert(drawRecords).values({
      drawId: draw.id,
      ranAt: now,
      ranBy: who.actor.userId,
      recordSha256,
      resultsHash: run.header.results_hash,
      resultsSummary: resultsSummaryOf(run),
      signatureKeyId: kid,
      signature: signature.toString('base64'),
    });
    await setStatus(tx, draw.id, 'committed', 'run', now);
    await auditDrawStep(tx, who, now, 'draws.draw.run', draw.id);
    progress('writing', total, total);
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
 * An integer array as a statement's parameter. To PostgreSQL in its binary form (what `array_recv` reads; the
 * driver sends a Buffer as a binary parameter): no decimal text for this process to write nor for the server to
 * parse. PGlite takes the text form.
 */
type IntArrayParam = (values: Uint32Array | Uint8Array, type: 'int' | 'smallint') => SQL;

const textIntArray: IntArrayParam = (values, type) => {
  const text = `{${values.join(',')}}`;
  return type === 'int' ? sql`${text}::int[]` : sql`${text}::smallint[]`;
};

/** Element type OIDs of `int4` and `int2`. */
const INT4_OID = 23;
const INT2_OID = 21;

/**
 * PostgreSQL's binary array (`array_send`): one dimension, no nulls, the element type, length, lower bound 1;
 * then each element as its length and big-endian value. Values are below 2^31 (ranks, positions) or 2^15.
 */
function binaryIntArray(values: Uint32Array | Uint8Array, width: 4 | 2): Buffer {
  const count = values.length;
  const bytes = Buffer.allocUnsafe(20 + count * (4 + width));
  bytes.writeInt32BE(1, 0);
  bytes.writeInt32BE(0, 4);
  bytes.writeInt32BE(width === 4 ? INT4_OID : INT2_OID, 8);
  bytes.writeInt32BE(count, 12);
  bytes.writeInt32BE(1, 16);
  for (let i = 0, at = 20; i < count; i++) {
    const value = values[i]!;
    bytes[at] = 0;
    bytes[at + 1] = 0;
    bytes[at + 2] = 0;
    bytes[at + 3] = width;
    at += 4;
    if (width === 4) {
      bytes[at] = value >>> 24;
      bytes[at + 1] = value >>> 16;
      at += 2;
    }
    bytes[at] = value >>> 8;
    bytes[at + 1] = value;
    at += 2;
  }
  return bytes;
}

const binaryIntArrayParam: IntArrayParam = (values, type) =>
  type === 'int' ? sql`${binaryIntArray(values, 4)}::int[]` : sql`${binaryIntArray(values, 2)}::smallint[]`;

/**
 * Each entry's draw rank, outcome (rank of the choice obtained, 0: none) and reserve rank, by position, in rows
 * of `RESULT_CHUNK` positions (arrays), a few rows per statement: hundreds of rows for millions of entries.
 * Numbers are not stored: they are in the record, and follow from the seed (§5).
 */
async function writeResults(
  tx: Tx,
  kind: Database['kind'],
  drawId: string,
  run: DrawComputation,
  progress: (done: number) => void,
): Promise<void> {
  const array = kind === 'postgresql' ? binaryIntArrayParam : textIntArray;
  const { prepared, order, allocation } = run;
  const n = prepared.count;
  const rankOf = new Uint32Array(n);
  for (let rank = 0; rank < n; rank++) rankOf[order[rank]!] = rank + 1;
  const STATEMENT = RESULT_CHUNK * RESULT_ROWS_PER_STATEMENT;
  for (let start = 0; start < n; start += STATEMENT) {
    const rows: SQL[] = [];
    for (let first = start; first < Math.min(n, start + STATEMENT); first += RESULT_CHUNK) {
      const end = Math.min(n, first + RESULT_CHUNK);
      rows.push(
        sql`(${drawId}::uuid, ${first}::int, ${array(rankOf.subarray(first, end), 'int')},
             ${array(allocation.outcome.subarray(first, end), 'smallint')},
             ${array(allocation.reserveRank.subarray(first, end), 'int')})`,
      );
    }
    await tx.execute(
      sql`insert into draw_result_chunks (draw_id, first_position, draw_ranks, outcomes, reserve_ranks)
          values ${sql.join(rows, sql`, `)}`,
    );
    progress(Math.min(n, start + STATEMENT));
    await yieldToEventLoop();
  }
  await writeReserveLists(tx, array, drawId, run);
}

/** Each bucket's reserve list in reserve-rank order, `RESULT_CHUNK` entries a row (`draw_reserve_chunks`). */
async function writeReserveLists(
  tx: Tx,
  array: IntArrayParam,
  drawId: string,
  run: DrawComputation,
): Promise<void> {
  const { prepared, allocation } = run;
  let rows: SQL[] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    await tx.execute(
      sql`insert into draw_reserve_chunks (draw_id, bucket, first_rank, last_rank, positions, reserve_ranks)
          values ${sql.join(rows, sql`, `)}`,
    );
    rows = [];
    await yieldToEventLoop();
  };
  for (const [b, positions] of allocation.reserveByBucket.entries()) {
    for (let first = 0; first < positions.length; first += RESULT_CHUNK) {
      const chunk = positions.subarray(first, first + RESULT_CHUNK);
      const ranks = chunk.map((p) => allocation.reserveRank[p]!);
      rows.push(
        sql`(${drawId}::uuid, ${prepared.buckets[b]!}, ${ranks[0]!}::int, ${ranks.at(-1)!}::int,
             ${array(chunk, 'int')}, ${array(ranks, 'int')})`,
      );
      if (rows.length === RESULT_ROWS_PER_STATEMENT) await flush();
    }
  }
  await flush();
}
