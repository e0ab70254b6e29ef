import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { DrawView } from '../../contracts/draws.js';
import { toHex } from '../../src/modules/draws/domain/bytes.js';
import { prepareEntries, type DrawEntry } from '../../src/modules/draws/domain/entries.js';
import { insertLeafChunks } from '../../src/modules/draws/freeze.js';
import { buildCommitment, commitmentBytes, commitmentHash } from '../../src/modules/draws/domain/record.js';
import type { KeyStore } from '../../src/platform/crypto/keystore.js';
import type { Database } from '../../src/platform/db/database.js';
import { drawCommitments, draws } from '../../src/platform/db/schema/index.js';
import { ApiClient } from './api-client.js';

/**
 * Waits for a draw's background run (`POST …/run` answers 202): polls `GET url` until the draw's status is
 * `run` (or later) or `runError` is set, and gives that view. `app` is a signed-in ApiClient (its cookie is
 * used), or anything with the server's `url`, with `cookie` the session cookie (`gradins_session=…`).
 */
export async function waitForRun(
  app: ApiClient | { url: string },
  url: string,
  cookie?: string,
  timeoutMs = 120_000,
): Promise<DrawView> {
  const get = async (): Promise<{ status: number; body: DrawView }> => {
    if (app instanceof ApiClient) return app.get<DrawView>(url);
    const response = await fetch(`${app.url}${url}`, { headers: cookie ? { cookie } : {} });
    return { status: response.status, body: (await response.json()) as DrawView };
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await get();
    if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${JSON.stringify(body)}`);
    if (body.runError || (body.status !== 'committed' && body.running === null)) return body;
    if (Date.now() > deadline)
      throw new Error(`draw still running after ${timeoutMs} ms: ${JSON.stringify(body.running)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A committed draw of `count` synthetic entries written straight into the database, as freeze, commit and the
 * beacon step leave it (a demonstration on the real quicknet round `beacon`, so the run checks a genuine BLS
 * signature): enough entries for a run that lasts. Each entry takes one seat and chooses `events` in turn.
 */
export async function committedDrawInDatabase(
  server: { database: Database; keys: KeyStore },
  input: {
    programmeId: string;
    operatorId: string;
    createdBy: string;
    events: string[];
    seatsPerEvent: number;
    count: number;
    beacon: { round: number; signature: string };
    now: Date;
  },
): Promise<string> {
  const drawId = randomUUID();
  const bucket = input.operatorId;
  const entries: DrawEntry[] = Array.from({ length: input.count }, (_, i) => ({
    entryId: randomBytes(16).toString('hex'),
    bucket,
    seats: 1,
    choices: [input.events[i % input.events.length]!],
  }));
  const later = new Date(input.now.getTime() + 3_600_000);
  const commitment = buildCommitment({
    drawId,
    demonstration: true,
    committedAt: input.now,
    entries,
    quotas: input.events.map((event) => ({ bucket, event, seats: input.seatsPerEvent })),
    maxChoices: 1,
    round: input.beacon.round,
    beaconDeadline: later,
    witnesses: [{ name: 'Témoin', commitment: randomBytes(32).toString('hex') }],
    revealDeadline: later,
    minReveals: 1,
  });
  const bytes = commitmentBytes(commitment);
  const { kid, signature } = server.keys.sign('draw', bytes);
  const db = server.database.db;
  await db.insert(draws).values({
    id: drawId,
    programmeId: input.programmeId,
    operatorId: input.operatorId,
    bucket,
    name: `Tirage de ${input.count} entrées`,
    status: 'committed',
    demonstration: true,
    maxChoices: 1,
    createdBy: input.createdBy,
    frozenAt: input.now,
    entriesRoot: commitment.entries.root,
    entryCount: input.count,
  });
  const byId = new Map(entries.map((entry) => [entry.entryId, entry]));
  const sorted = [...byId.keys()].sort();
  const BATCH = 10_000;
  for (let start = 0; start < sorted.length; start += BATCH) {
    const ids = sorted.slice(start, start + BATCH);
    await db.execute(
      sql`insert into draw_entries (draw_id, entry_id, position, kind, bucket, seats, choices)
          select ${drawId}::uuid, e, p, 'person', ${bucket}, 1, c::jsonb
          from unnest(${sql.param(ids)}::text[], ${sql.param(ids.map((_, i) => start + i))}::int[],
                      ${sql.param(ids.map((id) => JSON.stringify(byId.get(id)!.choices)))}::text[]) as t(e, p, c)`,
    );
  }
  // The same leaves packed, as freeze writes them (what the run reads); no categories (all `_inconnu`).
  const tails = await insertLeafChunks(
    db,
    drawId,
    prepareEntries(entries, commitment.quotas, 1),
    new Uint32Array(input.count),
  );
  await db.update(draws).set({ entryTails: tails }).where(eq(draws.id, drawId));
  await db.insert(drawCommitments).values({
    drawId,
    committedAt: input.now,
    committedBy: input.createdBy,
    beaconRound: input.beacon.round,
    beaconDeadline: later,
    witnesses: commitment.fallback.witnesses,
    revealDeadline: later,
    minReveals: 1,
    commitmentBytes: new TextDecoder().decode(bytes),
    commitmentHash: toHex(commitmentHash(commitment)),
    signatureKeyId: kid,
    signature: signature.toString('base64'),
    beaconSignature: input.beacon.signature,
    beaconEnteredAt: input.now,
    beaconEnteredBy: input.createdBy,
  });
  return drawId;
}
