import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { InclusionProofView, PublicDraw, PublicDrawDetail } from '../../../contracts/draws.js';
import type { Db } from '../../platform/db/database.js';
import {
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
import { inclusionProof, leafHash } from './domain/merkle.js';
import { deriveSeed } from './domain/seed.js';
import { drawProblems } from './problems.js';
import { commitmentOf, drawInScope, frozenEntries, quotaRows, recordOf } from './repository.js';
import { drawResults } from './views.js';

export const RECORD_FILE_FORMAT = 'gradins-draw-record-file-v1';
export const COMMITMENT_FILE_FORMAT = 'gradins-draw-commitment-file-v1';
const PUBLIC_STATUSES = new Set(['committed', 'run', 'published']);

/** Published draws, newest first. */
export async function listPublishedDraws(db: Db): Promise<PublicDraw[]> {
  const operator = alias(organisations, 'operator');
  const rows = await db
    .select({
      id: draws.id,
      name: draws.name,
      programme: programmes.name,
      operator: operator.name,
      bucket: draws.bucket,
      demonstration: draws.demonstration,
      entryCount: draws.entryCount,
      publishedAt: draws.publishedAt,
      recordSha256: drawRecords.recordSha256,
    })
    .from(draws)
    .innerJoin(programmes, eq(programmes.id, draws.programmeId))
    .innerJoin(drawRecords, eq(drawRecords.drawId, draws.id))
    .leftJoin(operator, eq(operator.id, draws.operatorId))
    .where(and(eq(draws.status, 'published'), isNotNull(draws.publishedAt)))
    .orderBy(desc(draws.publishedAt))
    .limit(1000);
  return rows.map((row) => ({
    ...row,
    entryCount: row.entryCount ?? 0,
    publishedAt: row.publishedAt!.toISOString(),
    recordUrl: `/api/v1/public/draws/${row.id}/record`,
  }));
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
    ...(await drawResults(db, drawId, await quotaRows(db, drawId))),
  };
}

/**
 * The published record file (draw-record.md §9), written around the record's exact signed bytes, so that
 * `record` re-serialised with RFC 8785 gives back the bytes the signature covers.
 */
export async function publishedRecordFile(db: Db, drawId: string): Promise<{ text: string; sha256: string }> {
  const [draw] = await db.select().from(draws).where(eq(draws.id, drawId));
  if (!draw || draw.status !== 'published') throw drawProblems.notPublished();
  const record = (await recordOf(db, drawId))!;
  const commitment = (await commitmentOf(db, drawId))!;
  const text =
    `{"format":${JSON.stringify(RECORD_FILE_FORMAT)},"record":${record.recordBytes},` +
    `"commitment_signature":${JSON.stringify({ key_id: commitment.signatureKeyId, signature: commitment.signature })},` +
    `"record_signature":${JSON.stringify({ key_id: record.signatureKeyId, signature: record.signature })}}\n`;
  return { text, sha256: record.recordSha256 };
}

/** The signed commitment, public from the moment it is made (before the beacon round exists). */
export async function publishedCommitmentFile(db: Db, drawId: string): Promise<string> {
  const [draw] = await db.select().from(draws).where(eq(draws.id, drawId));
  if (!draw || !PUBLIC_STATUSES.has(draw.status)) throw drawProblems.notPublished();
  const commitment = (await commitmentOf(db, drawId))!;
  return (
    `{"format":${JSON.stringify(COMMITMENT_FILE_FORMAT)},"commitment":${commitment.commitmentBytes},` +
    `"commitment_signature":${JSON.stringify({ key_id: commitment.signatureKeyId, signature: commitment.signature })}}\n`
  );
}

// The leaves of a committed draw never change: their hashes are kept for the proofs of the last few draws.
const leafCache = new Map<string, Uint8Array[]>();
const LEAF_CACHE_DRAWS = 4;

async function leafHashesOf(db: Db, drawId: string): Promise<Uint8Array[]> {
  const cached = leafCache.get(drawId);
  if (cached) return cached;
  const hashes = (await frozenEntries(db, drawId)).map((entry) => leafHash(encodeLeaf(entry)));
  leafCache.set(drawId, hashes);
  if (leafCache.size > LEAF_CACHE_DRAWS) leafCache.delete(leafCache.keys().next().value!);
  return hashes;
}

/** An applicant's proof that their entry is in the committed set (§2). */
export async function entryInclusionProof(
  db: Db,
  drawId: string,
  entryId: string,
): Promise<InclusionProofView> {
  const [draw] = await db.select().from(draws).where(eq(draws.id, drawId));
  if (!draw || !PUBLIC_STATUSES.has(draw.status)) throw drawProblems.notPublished();
  const [entry] = await db
    .select()
    .from(drawEntries)
    .where(and(eq(drawEntries.drawId, drawId), eq(drawEntries.entryId, entryId)));
  if (!entry) throw drawProblems.entryNotFound();
  const commitment = (await commitmentOf(db, drawId))!;
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
    proof: inclusionProof(await leafHashesOf(db, drawId), entry.position, entry.entryId),
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
