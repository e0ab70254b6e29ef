import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { InclusionProofView, PublicDraw, PublicDrawDetail } from '../../../contracts/draws.js';
import type { Db } from '../../platform/db/database.js';
import {
  drawCommitments,
  drawEntries,
  drawRecords,
  draws,
  organisations,
  programmes,
} from '../../platform/db/schema/index.js';
import type { DrawScope } from './deps.js';
import { fromHex, toHex } from './domain/bytes.js';
import { DRAND_QUICKNET, drandRandomness, drandRoundTime } from './domain/drand.js';
import { encodeLeaf, type DrawEntry } from './domain/entries.js';
import { leafHash, merkleRoot, pathFromChunks, treeLevels } from './domain/merkle.js';
import { deriveSeed } from './domain/seed.js';
import { drawProblems } from './problems.js';
import { recordBytesOf } from './record-bytes.js';
import { abandonmentOf, commitmentOf, drawInScope, quotaRows, recordOf } from './repository.js';
import { drawResults } from './views.js';

export const RECORD_FILE_FORMAT = 'gradins-draw-record-file-v1';
export const COMMITMENT_FILE_FORMAT = 'gradins-draw-commitment-file-v1';
const PUBLIC_STATUSES = new Set(['committed', 'run', 'published', 'abandoned']);

/**
 * Every draw from its commitment on, newest commitment first (no cherry-picking: a draw committed, run or
 * abandoned is in sight as much as a published one): status, commitment hash, results hash once run, record
 * once published, and for an abandoned draw when, by which organisation and why.
 */
export async function listPublicDraws(db: Db): Promise<PublicDraw[]> {
  const operator = alias(organisations, 'operator');
  const rows = await db
    .select({
      draw: draws,
      programme: programmes.name,
      operator: operator.name,
      committedAt: drawCommitments.committedAt,
      commitmentHash: drawCommitments.commitmentHash,
      ranAt: drawRecords.ranAt,
      resultsHash: drawRecords.resultsHash,
      recordSha256: drawRecords.recordSha256,
    })
    .from(draws)
    .innerJoin(programmes, eq(programmes.id, draws.programmeId))
    .innerJoin(drawCommitments, eq(drawCommitments.drawId, draws.id))
    .leftJoin(drawRecords, eq(drawRecords.drawId, draws.id))
    .leftJoin(operator, eq(operator.id, draws.operatorId))
    .orderBy(desc(drawCommitments.committedAt))
    .limit(1000);
  const list: PublicDraw[] = [];
  for (const row of rows) {
    const { draw } = row;
    const published = draw.status === 'published' && draw.publishedAt !== null;
    list.push({
      id: draw.id,
      name: draw.name,
      programme: row.programme,
      operator: row.operator,
      bucket: draw.bucket,
      status: draw.status as PublicDraw['status'],
      demonstration: draw.demonstration,
      entryCount: draw.entryCount ?? 0,
      committedAt: row.committedAt.toISOString(),
      commitmentHash: row.commitmentHash,
      commitmentUrl: `/api/v1/public/draws/${draw.id}/commitment`,
      ranAt: row.ranAt?.toISOString() ?? null,
      resultsHash: row.resultsHash,
      recordSha256: row.recordSha256,
      publishedAt: published ? draw.publishedAt!.toISOString() : null,
      recordUrl: published ? `/api/v1/public/draws/${draw.id}/record` : null,
      abandonment: draw.abandonedAt ? await abandonmentOf(db, draw) : null,
    });
  }
  return list;
}

/** Whether an `If-None-Match` header names this entity tag (a list, weak or strong, or `*`). */
export function matchesEntityTag(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === `"${tag}"`);
}

/**
 * One published draw, as its public page shows it: the commitment, the beacon round and value, the seed (§5,
 * from the entered beacon signature: the record says the same) and the counts, without reading the record.
 */
export async function publishedDrawDetail(db: Db, drawId: string): Promise<PublicDrawDetail> {
  const operator = alias(organisations, 'operator');
  const [row] = await db
    .select({ draw: draws, programme: programmes.name, operator: operator.name })
    .from(draws)
    .innerJoin(programmes, eq(programmes.id, draws.programmeId))
    .leftJoin(operator, eq(operator.id, draws.operatorId))
    .where(eq(draws.id, drawId));
  const draw = row?.draw;
  if (!row || !draw || draw.status !== 'published' || draw.publishedAt === null)
    throw drawProblems.notPublished();
  const commitment = (await commitmentOf(db, drawId))!;
  const record = (await recordOf(db, drawId))!;
  const randomness = commitment.beaconSignature ? drandRandomness(commitment.beaconSignature) : null;
  return {
    id: draw.id,
    name: draw.name,
    programme: row.programme,
    operator: row.operator,
    bucket: draw.bucket,
    demonstration: draw.demonstration,
    entryCount: draw.entryCount ?? 0,
    publishedAt: draw.publishedAt.toISOString(),
    recordSha256: record.recordSha256,
    recordUrl: `/api/v1/public/draws/${drawId}/record`,
    specVersion: draw.specVersion,
    committedAt: commitment.committedAt.toISOString(),
    entriesRoot: draw.entriesRoot!,
    commitmentHash: commitment.commitmentHash,
    round: commitment.beaconRound,
    roundAt: new Date(drandRoundTime(DRAND_QUICKNET, commitment.beaconRound) * 1000).toISOString(),
    witnesses: commitment.witnesses.map((witness) => witness.name),
    randomness: randomness ? toHex(randomness) : null,
    seed: randomness
      ? toHex(deriveSeed(fromHex(draw.entriesRoot!, 32), commitment.beaconRound, randomness))
      : null,
    ranAt: record.ranAt.toISOString(),
    resultsHash: record.resultsHash,
    commitmentUrl: `/api/v1/public/draws/${drawId}/commitment`,
    ...drawResults(record.resultsSummary, await quotaRows(db, drawId)),
  };
}

/**
 * The published record file (draw-record.md §9), written around the record's exact signed bytes, so that
 * `record` re-serialised with RFC 8785 gives back the bytes the signature covers. When `ifNoneMatch` names the
 * record's tag (SHA-256 of its bytes), only the tag comes back: the bytes are not even read.
 */
export async function publishedRecordFile(
  db: Db,
  drawId: string,
  ifNoneMatch?: string,
): Promise<{ sha256: string; text: string | null }> {
  const [row] = await db
    .select({ status: draws.status, sha256: drawRecords.recordSha256 })
    .from(draws)
    .innerJoin(drawRecords, eq(drawRecords.drawId, draws.id))
    .where(eq(draws.id, drawId));
  if (!row || row.status !== 'published') throw drawProblems.notPublished();
  if (matchesEntityTag(ifNoneMatch, row.sha256)) return { sha256: row.sha256, text: null };
  const record = (await recordOf(db, drawId))!;
  const commitment = (await commitmentOf(db, drawId))!;
  const text =
    `{"format":${JSON.stringify(RECORD_FILE_FORMAT)},"record":${(await recordBytesOf(db, drawId))!.toString('utf8')},` +
    `"commitment_signature":${JSON.stringify({ key_id: commitment.signatureKeyId, signature: commitment.signature })},` +
    `"record_signature":${JSON.stringify({ key_id: record.signatureKeyId, signature: record.signature })}}\n`;
  return { text, sha256: record.recordSha256 };
}

/** The signed commitment, public from the moment it is made (before the beacon round exists). */
export async function publishedCommitmentFile(db: Db, drawId: string): Promise<string> {
  const [draw] = await db.select().from(draws).where(eq(draws.id, drawId));
  const commitment = draw && PUBLIC_STATUSES.has(draw.status) ? await commitmentOf(db, drawId) : undefined;
  if (!commitment) throw drawProblems.notPublished();
  return (
    `{"format":${JSON.stringify(COMMITMENT_FILE_FORMAT)},"commitment":${commitment.commitmentBytes},` +
    `"commitment_signature":${JSON.stringify({ key_id: commitment.signatureKeyId, signature: commitment.signature })}}\n`
  );
}

// The leaves of a committed draw never change. Proofs cut the tree at chunks of 1,024 leaves: per draw, the
// levels above the chunks are computed once (one pass over the leaves, by position) and kept in memory for the
// last few draws asked (about 300 KB for 5M leaves); each proof then re-hashes only its entry's chunk.
const CHUNK_LEVEL = 10;
const CHUNK = 2 ** CHUNK_LEVEL;
const READ_CHUNKS = 64;
const UPPER_CACHE_DRAWS = 32;
const upperCache = new Map<string, Promise<Uint8Array[]>>();

async function leafHashesAt(db: Db, drawId: string, from: number, to: number): Promise<Uint8Array[]> {
  const rows = await db
    .select({
      entryId: drawEntries.entryId,
      bucket: drawEntries.bucket,
      seats: drawEntries.seats,
      choices: drawEntries.choices,
    })
    .from(drawEntries)
    .where(and(eq(drawEntries.drawId, drawId), gte(drawEntries.position, from), lt(drawEntries.position, to)))
    .orderBy(asc(drawEntries.position));
  return rows.map((entry) => leafHash(encodeLeaf(entry)));
}

async function computeUpperLevels(db: Db, drawId: string, size: number): Promise<Uint8Array[]> {
  const chunks = Math.ceil(size / CHUNK);
  const roots = new Uint8Array(chunks * 32);
  for (let first = 0; first < chunks; first += READ_CHUNKS) {
    const last = Math.min(first + READ_CHUNKS, chunks);
    const hashes = await leafHashesAt(db, drawId, first * CHUNK, last * CHUNK);
    for (let c = first; c < last; c++)
      roots.set(merkleRoot(hashes.slice((c - first) * CHUNK, (c - first + 1) * CHUNK)), 32 * c);
  }
  return treeLevels(roots);
}

/** The levels above the chunks of a draw's tree, from the cache (most recently used last) or computed once. */
export function upperLevelsOf(db: Db, drawId: string, size: number): Promise<Uint8Array[]> {
  let levels = upperCache.get(drawId);
  if (levels) upperCache.delete(drawId);
  else levels = computeUpperLevels(db, drawId, size);
  upperCache.set(drawId, levels);
  levels.catch(() => upperCache.delete(drawId));
  while (upperCache.size > UPPER_CACHE_DRAWS) upperCache.delete(upperCache.keys().next().value!);
  return levels;
}

/** An applicant's proof that their entry is in the committed set (§2). */
export async function entryInclusionProof(
  db: Db,
  drawId: string,
  entryId: string,
): Promise<InclusionProofView> {
  const [draw] = await db.select().from(draws).where(eq(draws.id, drawId));
  const commitment = draw && PUBLIC_STATUSES.has(draw.status) ? await commitmentOf(db, drawId) : undefined;
  if (!draw || !commitment) throw drawProblems.notPublished();
  const [entry] = await db
    .select()
    .from(drawEntries)
    .where(and(eq(drawEntries.drawId, drawId), eq(drawEntries.entryId, entryId)));
  if (!entry) throw drawProblems.entryNotFound();
  const size = draw.entryCount!;
  const chunk = Math.floor(entry.position / CHUNK);
  const [upper, chunkLeaves] = await Promise.all([
    upperLevelsOf(db, drawId, size),
    leafHashesAt(db, drawId, chunk * CHUNK, (chunk + 1) * CHUNK),
  ]);
  const path = pathFromChunks(upper, chunkLeaves, entry.position, CHUNK_LEVEL);
  const leaf: DrawEntry = {
    entryId: entry.entryId,
    bucket: entry.bucket,
    seats: entry.seats,
    choices: entry.choices,
  };
  return {
    draw_id: drawId,
    entries_root: draw.entriesRoot!,
    commitment_hash: commitment.commitmentHash,
    entry: { entry_id: leaf.entryId, bucket: leaf.bucket, seats: leaf.seats, choices: leaf.choices },
    leaf: toHex(encodeLeaf(leaf)),
    proof: { entry_id: entry.entryId, leaf_index: entry.position, tree_size: size, path: path.map(toHex) },
  };
}

/** The frozen entries, pseudonymous, as an entries file for `gradins draw verify` (position order). */
export async function entriesFile(db: Db, drawId: string, scope: DrawScope) {
  const draw = await drawInScope(db, drawId, scope);
  if (draw.status === 'setup') return [];
  const rows = await db
    .select({
      entry_id: drawEntries.entryId,
      bucket: drawEntries.bucket,
      seats: drawEntries.seats,
      choices: drawEntries.choices,
    })
    .from(drawEntries)
    .where(eq(drawEntries.drawId, drawId))
    .orderBy(asc(drawEntries.position));
  return rows;
}
