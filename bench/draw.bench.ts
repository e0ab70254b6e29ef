import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import quicknet from '../../shared/data/drand-quicknet.json' with { type: 'json' };
import { compareBytes, toHex } from '../src/modules/draws/domain/bytes.js';
import { DRAND_QUICKNET } from '../src/modules/draws/domain/drand.js';
import {
  canonicalQuotas,
  entriesRoot,
  idAt,
  type PreparedEntries,
  type QuotaRow,
} from '../src/modules/draws/domain/entries.js';
import { commitmentBytes, commitmentHash, type DrawCommitment } from '../src/modules/draws/domain/record.js';
import { DRAW_SPEC } from '../src/modules/draws/domain/seed.js';
import { sortByKey64 } from '../src/modules/draws/domain/sort64.js';
import { parseDatabaseUrl, type DatabaseConfig } from '../src/platform/config/config.js';
import { openKeyStore, type KeyStore } from '../src/platform/crypto/keystore.js';
import { openDatabase, selectRows, type Database } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrations.js';
import { drawCommitments, draws, organisations, users } from '../src/platform/db/schema/index.js';
import { insertLeafChunks } from '../src/modules/draws/freeze.js';
import { reserveList } from '../src/modules/draws/results.js';
import type { Benchmark, BenchmarkRow } from './run.js';

// Issue 7, "Performance": 5,000,000 entries, 401,220 seats, 4 programmes × 10 operators as buckets, 5 % groups
// of 2–30 seats, 3 ranked event choices each.
const PROGRAMMES = 4;
const OPERATORS = 10;
const BUCKETS = PROGRAMMES * OPERATORS;
const EVENTS_PER_PROGRAMME = 25;
const EVENTS = PROGRAMMES * EVENTS_PER_PROGRAMME;
const TOTAL_SEATS = 401_220;
const CHOICES = 3;
const WEEKS = 8;
const MiB = 1024 ** 2;
const REAL = quicknet.vectors[0]!;
const child = fileURLToPath(new URL('./support/draw-run.ts', import.meta.url));

const bucketName = (b: number): string =>
  `p${Math.floor(b / OPERATORS) + 1}-o${String(b % OPERATORS).padStart(2, '0')}`;
const eventName = (e: number): string =>
  `p${Math.floor(e / EVENTS_PER_PROGRAMME) + 1}-e${String(e % EVENTS_PER_PROGRAMME).padStart(2, '0')}`;

/** Synthetic frozen entries, already in position order (ids sorted by bytes, §2), and their quota table. */
function syntheticEntries(n: number): { prepared: PreparedEntries; quotas: QuotaRow[] } {
  const raw = randomBytes(16 * n);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < n; i++) {
    hi[i] = view.getUint32(16 * i);
    lo[i] = view.getUint32(16 * i + 4);
  }
  const order = sortByKey64(hi, lo, (a, b) =>
    compareBytes(raw.subarray(16 * a, 16 * a + 16), raw.subarray(16 * b, 16 * b + 16)),
  );
  const ids = new Uint8Array(16 * n);
  for (let p = 0; p < n; p++) ids.set(raw.subarray(16 * order[p]!, 16 * order[p]! + 16), 16 * p);
  let state = 0x9e3779b9;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const bucketIndex = new Uint32Array(n);
  const seats = new Uint32Array(n);
  const choiceStart = new Uint32Array(n + 1);
  const choiceEvents = new Uint32Array(CHOICES * n);
  for (let p = 0; p < n; p++) {
    const bucket = Math.floor(random() * BUCKETS);
    bucketIndex[p] = bucket;
    seats[p] = random() < 0.05 ? 2 + Math.floor(random() * 29) : 1;
    choiceStart[p] = CHOICES * p;
    const programme = Math.floor(bucket / OPERATORS);
    const first = Math.floor(random() * EVENTS_PER_PROGRAMME);
    for (let c = 0; c < CHOICES; c++)
      choiceEvents[CHOICES * p + c] =
        programme * EVENTS_PER_PROGRAMME + ((first + 7 * c) % EVENTS_PER_PROGRAMME);
  }
  choiceStart[n] = CHOICES * n;
  // Each bucket has quotas for its programme's 25 events: 1,000 cells sharing the 401,220 seats.
  const quota = new Float64Array(BUCKETS * EVENTS).fill(-1);
  const quotas: QuotaRow[] = [];
  const cells = BUCKETS * EVENTS_PER_PROGRAMME;
  for (let cell = 0; cell < cells; cell++) {
    const b = Math.floor(cell / EVENTS_PER_PROGRAMME);
    const e = Math.floor(b / OPERATORS) * EVENTS_PER_PROGRAMME + (cell % EVENTS_PER_PROGRAMME);
    const value = Math.floor(TOTAL_SEATS / cells) + (cell < TOTAL_SEATS % cells ? 1 : 0);
    quota[b * EVENTS + e] = value;
    quotas.push({ bucket: bucketName(b), event: eventName(e), seats: value });
  }
  const prepared: PreparedEntries = {
    count: n,
    ids,
    buckets: Array.from({ length: BUCKETS }, (_, b) => bucketName(b)),
    events: Array.from({ length: EVENTS }, (_, e) => eventName(e)),
    bucketIndex,
    seats,
    choiceStart,
    choiceEvents,
    quota,
  };
  return { prepared, quotas: canonicalQuotas(quotas) };
}

function choicesJson(prepared: PreparedEntries, p: number): string {
  const names: string[] = [];
  for (let c = prepared.choiceStart[p]!; c < prepared.choiceStart[p + 1]!; c++)
    names.push(eventName(prepared.choiceEvents[c]!));
  return JSON.stringify(names);
}

interface SetUpDraw {
  drawId: string;
  userId: string;
  organisationId: string;
}

/**
 * A committed draw written directly into the database, as freeze and commit would leave it (a demonstration
 * on the real quicknet round of shared/data, so that the run verifies a genuine BLS signature): the draw, its
 * signed commitment over the entries' Merkle root, the beacon value entered, the packed leaves. The quota table is the one in the
 * commitment (what the run reads); `draw_quotas` rows are not written (they need sport events).
 */
async function setUpCommittedDraw(
  database: Database,
  keys: KeyStore,
  prepared: PreparedEntries,
  quotas: QuotaRow[],
): Promise<SetUpDraw> {
  const [programme] = await selectRows<{ id: string }>(database.db, sql`select id from programmes limit 1`);
  const [operator] = await database.db
    .insert(organisations)
    .values({ name: 'Rectorat (banc d’essai des tirages)', kind: 'operator' })
    .returning();
  const [user] = await database.db
    .insert(users)
    .values({
      organisationId: operator!.id,
      email: 'banc-tirage@exemple.fr',
      displayName: 'Banc',
      status: 'active',
    })
    .returning();
  const drawId = randomUUID();
  const now = new Date();
  const later = new Date(now.getTime() + 3_600_000);
  const commitment: DrawCommitment = {
    spec: DRAW_SPEC,
    draw_id: drawId,
    demonstration: true,
    committed_at: now.toISOString(),
    entries: { root: toHex(entriesRoot(prepared)), count: prepared.count, max_choices: CHOICES },
    quotas,
    beacon: {
      type: 'drand',
      chain_hash: DRAND_QUICKNET.chainHash,
      round: REAL.round,
      deadline: later.toISOString(),
    },
    fallback: {
      type: 'witnesses',
      witnesses: [{ name: 'Témoin du banc', commitment: toHex(randomBytes(32)) }],
      reveal_deadline: later.toISOString(),
      min_reveals: 1,
    },
  };
  const bytes = commitmentBytes(commitment);
  const { kid, signature } = keys.sign('draw', bytes);
  if (!programme) throw new Error('no programme in the scratch database');
  await database.db.insert(draws).values({
    id: drawId,
    programmeId: programme.id,
    operatorId: null,
    bucket: 'banc',
    name: 'Tirage du banc d’essai',
    status: 'committed',
    demonstration: true,
    maxChoices: CHOICES,
    createdBy: user!.id,
    frozenAt: now,
    entriesRoot: commitment.entries.root,
    entryCount: prepared.count,
    entryCategories: Array.from({ length: WEEKS * OPERATORS }, (_, c) => ({
      week: `2026-W${String(10 + Math.floor(c / OPERATORS)).padStart(2, '0')}`,
      operator: `operateur-${c % OPERATORS}`,
    })),
  });
  await database.db.insert(drawCommitments).values({
    drawId,
    committedAt: now,
    committedBy: user!.id,
    beaconRound: REAL.round,
    beaconDeadline: later,
    witnesses: commitment.fallback.witnesses,
    revealDeadline: later,
    minReveals: 1,
    commitmentBytes: new TextDecoder().decode(bytes),
    commitmentHash: toHex(commitmentHash(commitment)),
    signatureKeyId: kid,
    signature: signature.toString('base64'),
    beaconSignature: REAL.signature,
    beaconEnteredAt: now,
    beaconEnteredBy: user!.id,
  });
  // The leaves packed as freeze packs them (what the run reads), with each entry's category for the
  // distribution checks: one of 8 registration weeks, and its bucket's operator.
  const categoryOf = new Uint32Array(prepared.count);
  for (let p = 0; p < prepared.count; p++)
    categoryOf[p] = (p % WEEKS) * OPERATORS + (prepared.bucketIndex[p]! % OPERATORS);
  const tails = await insertLeafChunks(database.db, drawId, prepared, categoryOf);
  await database.db.update(draws).set({ entryTails: tails }).where(eq(draws.id, drawId));
  return { drawId, userId: user!.id, organisationId: operator!.id };
}

/** Text-format COPY files: the frozen entries for `draw_entries`, and the same entries for the naive draw. */
async function writeCopyFiles(
  prepared: PreparedEntries,
  drawId: string,
  entriesFile: string,
  naiveFile: string,
): Promise<void> {
  const entries = createWriteStream(entriesFile);
  const naive = createWriteStream(naiveFile);
  for (let p = 0; p < prepared.count; p++) {
    const id = toHex(idAt(prepared, p));
    const seats = prepared.seats[p]!;
    const first = prepared.choiceStart[p]!;
    const a = entries.write(
      `${drawId}\t${id}\t${p}\t${seats > 1 ? 'group' : 'person'}\t${bucketName(prepared.bucketIndex[p]!)}\t${seats}\t${choicesJson(prepared, p)}\n`,
    );
    const b = naive.write(
      `${id}\t${prepared.bucketIndex[p]!}\t${seats}\t${prepared.choiceEvents[first]!}\t${prepared.choiceEvents[first + 1]!}\t${prepared.choiceEvents[first + 2]!}\n`,
    );
    if (!a) await once(entries, 'drain');
    if (!b) await once(naive, 'drain');
  }
  entries.end();
  naive.end();
  await Promise.all([once(entries, 'finish'), once(naive, 'finish')]);
}

function psql(url: string, command: string): void {
  const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

/**
 * The baseline: the same entries in a plain table, `ORDER BY random()`, then the same allocation rule as §7
 * (each entry takes its best choice with at least its seats left in its bucket, else joins the reserve list) in
 * one PL/pgSQL pass, every entry's result written to a table. Not verifiable: nothing fixes the randomness.
 */
const NAIVE_SCHEMA = `
create table naive_entries (entry_id text not null, bucket int not null, seats int not null,
  c1 int not null, c2 int not null, c3 int not null);
create table naive_quotas (bucket int not null, event int not null, seats int not null);
create table naive_results (entry_id text not null, draw_rank int not null, outcome smallint not null,
  outcome_event int, reserve_rank int not null);
create function naive_draw(event_count int)
  returns table (entry_id text, draw_rank int, outcome smallint, outcome_event int, reserve_rank int)
  language plpgsql as $$
#variable_conflict use_column
declare
  left_seats int[];
  r record;
  rank int := 0;
  reserve int := 0;
  base int;
begin
  select array_agg(coalesce(q.seats, -1) order by s.slot) into left_seats
    from generate_series(0, (select max(bucket) + 1 from naive_quotas) * event_count - 1) s(slot)
    left join naive_quotas q on q.bucket * event_count + q.event = s.slot;
  for r in select * from naive_entries order by random() loop
    rank := rank + 1;
    base := r.bucket * event_count + 1;
    entry_id := r.entry_id;
    draw_rank := rank;
    reserve_rank := 0;
    if left_seats[base + r.c1] >= r.seats then
      left_seats[base + r.c1] := left_seats[base + r.c1] - r.seats; outcome := 1; outcome_event := r.c1;
    elsif left_seats[base + r.c2] >= r.seats then
      left_seats[base + r.c2] := left_seats[base + r.c2] - r.seats; outcome := 2; outcome_event := r.c2;
    elsif left_seats[base + r.c3] >= r.seats then
      left_seats[base + r.c3] := left_seats[base + r.c3] - r.seats; outcome := 3; outcome_event := r.c3;
    else
      reserve := reserve + 1; outcome := 0; outcome_event := null; reserve_rank := reserve;
    end if;
    return next;
  end loop;
end $$;`;

interface ChildResult {
  seconds?: number;
  peakRss?: number;
  conforme?: boolean;
  recordBytes?: number;
  parseSeconds?: number;
  readSeconds?: number;
  phases?: Record<string, number>;
  maxEventLoopDelayMs?: number;
  error?: string;
}

/** Runs one measured step in a child process of its own (its peak RSS is the step's). */
async function inChild(input: Record<string, unknown>): Promise<ChildResult> {
  // BENCH_DRAW_CPU_PROF=<folder>: a CPU profile of each measured step there (node --cpu-prof).
  const profile = process.env.BENCH_DRAW_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_DRAW_CPU_PROF]
    : [];
  // verifyRecord parses the whole record (an object per entry): at 5,000,000 entries that needs more than
  // V8's default heap, so the verification runs with a larger one (its peak RSS is reported).
  const heap = input.mode === 'verify' ? ['--max-old-space-size=16384'] : [];
  const process_ = spawn(
    process.execPath,
    [...profile, ...heap, '--import', 'tsx', child, JSON.stringify(input)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  process_.stdout.on('data', (chunk) => (stdout += chunk));
  process_.stderr.on('data', (chunk) => (stderr += chunk));
  const [code, signal] = (await once(process_, 'close')) as [number | null, string | null];
  if (process.env.BENCH_DRAW_STDERR) process.stderr.write(stderr);
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('@@result '));
  if (code !== 0 || !line)
    return { error: `exit ${code ?? signal}: ${stderr.trim().split('\n').slice(-6).join(' | ')}` };
  return JSON.parse(line.slice('@@result '.length)) as ChildResult;
}

const seconds = (value: number | undefined): string => (value === undefined ? '—' : `${value.toFixed(1)} s`);

async function postgresRows(serverUrl: string, n: number, scratch: string): Promise<BenchmarkRow[]> {
  const name = `gradins_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const config = parseDatabaseUrl(url.href);
  try {
    let started = performance.now();
    const { prepared, quotas } = syntheticEntries(n);
    const keys = await openKeyStore(path.join(scratch, 'keys'));
    const database = await openDatabase(config);
    let drawn: SetUpDraw;
    try {
      await migrateToLatest(database);
      drawn = await setUpCommittedDraw(database, keys, prepared, quotas);
      await database.db.execute(sql.raw(NAIVE_SCHEMA));
      for (const q of quotas)
        await database.db.execute(
          sql`insert into naive_quotas values (${prepared.buckets.indexOf(q.bucket)}, ${prepared.events.indexOf(q.event)}, ${q.seats})`,
        );
    } finally {
      await database.close();
    }
    const entriesFile = path.join(scratch, 'draw_entries.tsv');
    const naiveFile = path.join(scratch, 'naive_entries.tsv');
    await writeCopyFiles(prepared, drawn.drawId, entriesFile, naiveFile);
    psql(
      url.href,
      `\\copy draw_entries (draw_id, entry_id, position, kind, bucket, seats, choices) from '${entriesFile}'`,
    );
    psql(url.href, `\\copy naive_entries from '${naiveFile}'`);
    psql(url.href, 'vacuum analyze draw_entries');
    psql(url.href, 'vacuum analyze naive_entries');
    psql(url.href, 'checkpoint');
    await fs.rm(entriesFile);
    await fs.rm(naiveFile);
    console.log(
      `draw on postgresql: ${n} entries set up in ${seconds((performance.now() - started) / 1000)}`,
    );

    // (a) The naive draw, measured from the client like the run: one statement.
    const client = new pg.Client({ connectionString: url.href });
    // A failure below drops the scratch database, which ends this connection: not a second error.
    client.on('error', () => undefined);
    await client.connect();
    started = performance.now();
    await client.query(`insert into naive_results select * from naive_draw(${EVENTS})`);
    const naiveSeconds = (performance.now() - started) / 1000;
    const allocatedNaive = await client.query<{ count: string }>(
      'select count(*) from naive_results where outcome > 0',
    );
    await client.end();
    psql(url.href, 'checkpoint');

    // (b) Gradins: the server's run use case on the committed draw.
    const common = { database: config, keysDir: keys.dir, ...drawn };
    const run = await inChild({ mode: 'run', ...common });
    // BENCH_DRAW_SKIP_VERIFY=1 leaves out the (long) verification, to look at the run alone.
    const verify = run.error
      ? { error: 'no record (the run failed)' }
      : process.env.BENCH_DRAW_SKIP_VERIFY
        ? { error: 'skipped (BENCH_DRAW_SKIP_VERIFY)' }
        : await inChild({ mode: 'verify', ...common });
    let allocatedGradins = '—';
    if (!run.error) {
      const check = new pg.Client({ connectionString: url.href });
      check.on('error', () => undefined);
      await check.connect();
      const result = await check.query<{ count: string }>(
        `select count(*) from draw_entry_results where draw_id = $1 and outcome > 0`,
        [drawn.drawId],
      );
      allocatedGradins = result.rows[0]!.count;
      await check.end();
    }
    const walk = run.error ? undefined : await reserveWalk(config, drawn.drawId);
    if (walk)
      console.log(
        `next reserve of a bucket for an event (a withdrawal's walk, 100 entries): ${walk.chunkMs.toFixed(1)} ms ` +
          `from the reserve chunks, ${walk.viewMs.toFixed(0)} ms through the results view (before 0013)`,
      );
    if (run.phases)
      console.log(
        `Gradins run by phase: ${Object.entries(run.phases)
          .map(([phase, value]) => `${phase} ${seconds(value)}`)
          .join(', ')}; longest event-loop wait ${run.maxEventLoopDelayMs?.toFixed(0)} ms`,
      );
    console.log(
      `naive ORDER BY random() draw: ${seconds(naiveSeconds)} (${allocatedNaive.rows[0]!.count} entries allocated); ` +
        `Gradins run: ${run.error ? `FAILED ${run.error}` : `${seconds(run.seconds)} (${allocatedGradins} allocated), peak RSS ${((run.peakRss ?? 0) / MiB).toFixed(0)} MiB`}; ` +
        `verifyRecord: ${verify.error ? `FAILED ${verify.error}` : `${seconds(verify.seconds)} (${verify.conforme ? 'conforme' : 'NOT conforme'}; record ${((verify.recordBytes ?? 0) / MiB).toFixed(0)} MiB, read ${seconds(verify.readSeconds)}, JSON.parse ${seconds(verify.parseSeconds)}, peak RSS ${((verify.peakRss ?? 0) / MiB).toFixed(0)} MiB)`}`,
    );
    return [
      {
        label: `${n} entries: naive ORDER BY random() quota draw in PostgreSQL (baseline; seconds)`,
        requestsPerSecond: naiveSeconds,
        ratio: 1,
      },
      {
        label: `Gradins run (runCommittedDraw: seed, numbers, allocation, results, signed record; seconds; goal ≤ 1.0, mark ≤ 0.5)`,
        requestsPerSecond: run.seconds ?? Number.NaN,
        ratio: (run.seconds ?? Number.NaN) / naiveSeconds,
      },
      {
        label: `peak RSS of the Gradins run, MiB (goal < 1024; ratio to the goal)`,
        requestsPerSecond: (run.peakRss ?? Number.NaN) / MiB,
        ratio: (run.peakRss ?? Number.NaN) / (1024 * MiB),
      },
      ...(walk
        ? [
            {
              label: `next 100 reserves of a bucket for an event through the results view (before 0013; baseline; ms)`,
              requestsPerSecond: walk.viewMs,
              ratio: 1,
            },
            {
              label: `the same from the bucket's reserve chunks (reserveList; ms)`,
              requestsPerSecond: walk.chunkMs,
              ratio: walk.chunkMs / walk.viewMs,
            },
          ]
        : []),
      {
        label: `verifyRecord on that record (seconds; ratio to the naive draw)`,
        requestsPerSecond: verify.seconds ?? Number.NaN,
        ratio: (verify.seconds ?? Number.NaN) / naiveSeconds,
      },
    ];
  } catch (error) {
    console.error('draw on postgresql failed:', error);
    throw error;
  } finally {
    // BENCH_DRAW_KEEP_DATABASE=1 keeps the scratch database to look into it afterwards.
    if (process.env.BENCH_DRAW_KEEP_DATABASE) console.log(`draw: scratch database kept: ${url.href}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/**
 * What a withdrawal pays to find the next reserves of a bucket for one event: `reserveList` (one chunk of the
 * bucket's reserve list, median of 5) against the query it replaced, through the results view.
 */
async function reserveWalk(config: DatabaseConfig, drawId: string) {
  const database = await openDatabase(config);
  try {
    const options = { bucket: bucketName(0), event: eventName(0), limit: 100 };
    const times: number[] = [];
    let fromChunks: string[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      fromChunks = (await reserveList(database.db, drawId, options)).map((entry) => entry.entryId);
      times.push(performance.now() - started);
    }
    const started = performance.now();
    const fromView = await selectRows<{ entry_id: string }>(
      database.db,
      sql`select e.entry_id from draw_entry_results e
          where e.draw_id = ${drawId} and e.bucket = ${options.bucket} and e.outcome = 0
            and e.reserve_rank > 0 and e.choices @> jsonb_build_array(${options.event}::text)
          order by e.reserve_rank limit 100`,
    );
    const viewMs = performance.now() - started;
    if (fromView.map((row) => row.entry_id).join() !== fromChunks.join())
      throw new Error('reserve walk: the chunks and the view disagree');
    return { chunkMs: times.sort((a, b) => a - b)[2]!, viewMs };
  } finally {
    await database.close();
  }
}

async function pgliteRows(n: number, scratch: string): Promise<BenchmarkRow[]> {
  const config: DatabaseConfig = { kind: 'pglite', dataDir: path.join(scratch, 'pglite') };
  const { prepared, quotas } = syntheticEntries(n);
  const keys = await openKeyStore(path.join(scratch, 'keys'));
  const database = await openDatabase(config);
  let drawn: SetUpDraw;
  try {
    await migrateToLatest(database);
    drawn = await setUpCommittedDraw(database, keys, prepared, quotas);
    const BATCH = 10_000;
    for (let start = 0; start < n; start += BATCH) {
      const ids: string[] = [];
      const positions: number[] = [];
      const kinds: string[] = [];
      const buckets: string[] = [];
      const seats: number[] = [];
      const choices: string[] = [];
      for (let p = start; p < Math.min(n, start + BATCH); p++) {
        ids.push(toHex(idAt(prepared, p)));
        positions.push(p);
        kinds.push(prepared.seats[p]! > 1 ? 'group' : 'person');
        buckets.push(bucketName(prepared.bucketIndex[p]!));
        seats.push(prepared.seats[p]!);
        choices.push(choicesJson(prepared, p));
      }
      await database.db.execute(
        sql`insert into draw_entries (draw_id, entry_id, position, kind, bucket, seats, choices)
            select ${drawn.drawId}::uuid, e, p, k, b, s, c::jsonb
            from unnest(${sql.param(ids)}::text[], ${sql.param(positions)}::int[], ${sql.param(kinds)}::text[],
                        ${sql.param(buckets)}::text[], ${sql.param(seats)}::int[], ${sql.param(choices)}::text[])
              as t(e, p, k, b, s, c)`,
      );
    }
  } finally {
    await database.close();
  }
  const run = await inChild({ mode: 'run', database: config, keysDir: keys.dir, ...drawn });
  console.log(
    `draw on PGlite: ${n} entries, Gradins run ${run.error ? `FAILED ${run.error}` : `${seconds(run.seconds)}, peak RSS ${((run.peakRss ?? 0) / MiB).toFixed(0)} MiB`}`,
  );
  return [
    {
      label: `PGlite, ${n} entries: Gradins run (seconds; no baseline, ratio 1)`,
      requestsPerSecond: run.seconds ?? Number.NaN,
      ratio: 1,
    },
  ];
}

/**
 * Issue 7, "Performance": the whole verifiable run on PostgreSQL against a naive `ORDER BY random()` quota draw
 * of the same entries in the same run (goal ≤ 1.0×, mark ≤ 0.5×), its peak memory (goal < 1 GiB) and the
 * verification time of its record; then a PGlite run. PostgreSQL only with DATABASE_URL (scratch database).
 */
export const drawBenchmark: Benchmark = {
  name: 'draw',
  async run() {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-bench-draw-'));
    const rows: BenchmarkRow[] = [];
    try {
      const serverUrl = process.env.DATABASE_URL;
      if (serverUrl)
        rows.push(
          ...(await postgresRows(serverUrl, Number(process.env.BENCH_DRAW_ENTRIES ?? 5_000_000), scratch)),
        );
      else console.log('draw: set DATABASE_URL to a PostgreSQL server for the PostgreSQL part (skipped).');
      // The PGlite run of issue 7 (1,000,000 entries) takes long: opt-in.
      const pgliteEntries = Number(process.env.BENCH_DRAW_PGLITE_ENTRIES ?? 0);
      if (pgliteEntries > 0) rows.push(...(await pgliteRows(pgliteEntries, scratch)));
      else console.log('draw: BENCH_DRAW_PGLITE_ENTRIES=1000000 for the PGlite run (skipped).');
      return rows;
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  },
};
