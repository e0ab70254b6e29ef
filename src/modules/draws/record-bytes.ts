import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database.js';
import { drawRecordChunks } from '../../platform/db/schema/index.js';
import { randomnessInputFor } from './reveal.js';
import { commitmentOf, drawInScope, recordOf } from './repository.js';
import { computeRecord } from './run.js';

/** Records kept in memory once computed, the most recent last: a few, and small ones only. */
const CACHE_DRAWS = 4;
const CACHE_MAX_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Buffer>();

/**
 * The signed record's bytes (draw-record.md §8) of a draw that has run; undefined before. The run does not
 * store them: they follow from what the database keeps and never changes (the frozen leaves and categories,
 * the commitment, the randomness), so they are computed again here — in seconds for millions of entries — and
 * must hash to the SHA-256 stored and signed at the run, or this throws rather than serve other bytes. Records
 * signed before migration 0011 keep their stored bytes (`draw_record_chunks`), served as they are.
 */
export async function recordBytesOf(db: Db | Tx, drawId: string): Promise<Buffer | undefined> {
  const record = await recordOf(db, drawId);
  if (!record) return undefined;
  const cached = cache.get(drawId);
  if (cached) {
    cache.delete(drawId);
    cache.set(drawId, cached);
    return cached;
  }
  const stored = await db
    .select({ bytes: drawRecordChunks.bytes })
    .from(drawRecordChunks)
    .where(eq(drawRecordChunks.drawId, drawId))
    .orderBy(asc(drawRecordChunks.seq));
  let bytes: Buffer;
  if (stored.length > 0) bytes = Buffer.concat(stored.map((row) => row.bytes));
  else {
    const draw = await drawInScope(db, drawId, { everyDraw: true });
    const committed = (await commitmentOf(db, drawId))!;
    const randomness = await randomnessInputFor(db, drawId, committed, record.ranAt);
    const computed = await computeRecord(db, draw, committed, randomness);
    bytes = Buffer.from(computed.bytes.buffer, computed.bytes.byteOffset, computed.bytes.byteLength);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== record.recordSha256)
    throw new Error(`draw ${drawId}: the record computed again (SHA-256 ${sha256}) is not the one signed`);
  if (bytes.length <= CACHE_MAX_BYTES) {
    cache.set(drawId, bytes);
    if (cache.size > CACHE_DRAWS) cache.delete(cache.keys().next().value!);
  }
  return bytes;
}
