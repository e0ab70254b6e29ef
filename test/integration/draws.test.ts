import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import quicknet from '../../../shared/data/drand-quicknet.json' with { type: 'json' };
import type { DrawView, InclusionProofView, PublicDraw, PublicDrawDetail } from '../../contracts/draws.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { fromHex } from '../../src/modules/draws/domain/bytes.js';
import { canonicalBytes } from '../../src/modules/draws/domain/canonical-json.js';
import { verifyInclusion } from '../../src/modules/draws/domain/merkle.js';
import type { DistributionChecks } from '../../src/modules/draws/domain/distribution.js';
import { verifyRecord } from '../../src/modules/draws/domain/verify.js';
import { selectRows } from '../../src/platform/db/database.js';
import { auditEvents, instance } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, type BuiltUser } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, defaultProgramme, eventsStockedForOperator } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { committedDrawInDatabase, waitForRun } from '../support/draws.js';
import { downloadPdfText } from '../support/pdf.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string; status: number };

const REAL = quicknet.vectors[0]!;
const gradins = fileURLToPath(new URL('../../bin/gradins.js', import.meta.url));

function runGradins(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [gradins, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const DAY = 86_400_000;

/** ISO 8601 week of a UTC instant, `YYYY-Www` (the week of its Thursday). */
function isoWeek(at: Date): string {
  const thursday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
const witnesses = [
  { name: 'Huissier A', commitment: crypto.createHash('sha256').update('secret-a').digest('hex') },
  { name: 'Témoin B', commitment: crypto.createHash('sha256').update('secret-b').digest('hex') },
];

describe.each(databaseKinds)('verifiable draws through the API on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  let adminUser: BuiltUser;
  let operatorClient: ApiClient;
  let operator: { id: string };
  let youth: { id: string };
  let events: SportEvent[];
  let drawsUrl: string;
  let demo: DrawView;
  const applicantIds: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    adminUser = await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true });
    admin = await signIn(server, adminUser);
    operator = await buildOperator(server);
    youth = await defaultProgramme(server, 'youth');
    // The first draw is a demonstration, on a real past round: only a demo installation may (draw-integrity).
    await server.database.db.update(instance).set({ demoLoadedAt: server.clock.now() });
    // The Games a few months ahead, their reclaim deadline well after the draw.
    const now = server.clock.now().getTime();
    const games = await admin.request('PUT', '/api/v1/games/olympic', {
      opensAt: new Date(now + 100 * DAY).toISOString(),
      closesAt: new Date(now + 116 * DAY).toISOString(),
      reclaimDeadline: new Date(now + 60 * DAY).toISOString(),
    });
    expect(games.status, JSON.stringify(games.body)).toBe(200);
    expect(
      (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: operator.id })).status,
    ).toBe(200);
    events = await eventsStockedForOperator(server, admin, {
      programmeId: youth.id,
      operatorId: operator.id,
      seats: [6, 3],
      codePrefix: `DRAW-${kind}`,
    });
    const operatorUser = await buildUser(server, {
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
      totp: true,
      organisationId: operator.id,
    });
    operatorClient = await signIn(server, operatorUser);
    drawsUrl = `/api/v1/operators/${operator.id}/draws`;
    const ids = { programmeId: youth.id, operatorId: operator.id };
    for (let i = 0; i < 9; i++) applicantIds.push(...(await buildApplicants(server, ids)));
    applicantIds.push(...(await buildApplicants(server, { ...ids, kind: 'group', groupSize: 4 })));
    applicantIds.push(...(await buildApplicants(server, { ...ids, kind: 'carer_pair' })));
    // Not confirmed: never an entry.
    await buildApplicants(server, { ...ids, confirmed: false });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sets up a draw from the bucket’s stock, and changes its quotas until it is frozen', async () => {
    const created = await operatorClient.post<DrawView>(drawsUrl, {
      programmeId: youth.id,
      name: 'Tirage de démonstration',
      demonstration: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'setup', bucket: operator.id, demonstration: true });
    expect(created.body.quotas.map((q) => [q.eventId, q.seats])).toEqual([
      [events[0]!.id, 6],
      [events[1]!.id, 3],
    ]);
    const tooMany = await operatorClient.request<Problem>('PUT', `${drawsUrl}/${created.body.id}/quotas`, {
      quotas: [{ eventId: events[0]!.id, seats: 7 }],
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.type).toBe('urn:gradins:problem:quota-over-stock');
    const changed = await operatorClient.request<DrawView>('PUT', `${drawsUrl}/${created.body.id}/quotas`, {
      quotas: [
        { eventId: events[0]!.id, seats: 5 },
        { eventId: events[1]!.id, seats: 3 },
      ],
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    demo = changed.body;
  });

  it('freezes the confirmed applications into entries (person 1, group k, carer pair 2) and refuses changes after', async () => {
    const frozen = await operatorClient.post<DrawView>(`${drawsUrl}/${demo.id}/freeze`);
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
    expect(frozen.body).toMatchObject({ status: 'frozen', entryCount: 11 });
    expect(frozen.body.entriesRoot).toMatch(/^[0-9a-f]{64}$/);
    const seats = await selectRows<{ kind: string; seats: number; n: string }>(
      server.database.db,
      sql`select kind, seats, count(*) as n from draw_entries where draw_id = ${demo.id} group by kind, seats order by kind`,
    );
    expect(seats.map((row) => `${row.kind}:${row.seats}:${row.n}`)).toEqual([
      'carer_pair:2:1',
      'group:4:1',
      'person:1:9',
    ]);
    const quotas = await operatorClient.request<Problem>('PUT', `${drawsUrl}/${demo.id}/quotas`, {
      quotas: [{ eventId: events[0]!.id, seats: 1 }],
    });
    expect(quotas.status).toBe(409);
    expect(quotas.body.type).toBe('urn:gradins:problem:draw-frozen');
    expect(quotas.body.detail).toContain('Une fois figé, un tirage ne change plus');
    const again = await operatorClient.post<Problem>(`${drawsUrl}/${demo.id}/freeze`);
    expect(again.status).toBe(409);
    // The database refuses it too.
    await expect(
      server.database.db.execute(sql`update draw_entries set seats = 1 where draw_id = ${demo.id}`),
    ).rejects.toThrow();
  });

  it('refuses to freeze a second draw of the bucket while one is live, naming it', async () => {
    const second = await operatorClient.post<DrawView>(drawsUrl, {
      programmeId: youth.id,
      name: 'Tirage réel',
    });
    expect(second.status).toBe(201);
    const refused = await operatorClient.post<Problem>(`${drawsUrl}/${second.body.id}/freeze`);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:gradins:problem:live-draw-in-bucket');
    expect(refused.body.detail).toContain(`« Tirage de démonstration » (${demo.id}) est figé`);
  });

  it('commits the demonstration to the real past round, refuses a wrong beacon, accepts the right one', async () => {
    const committed = await operatorClient.post<DrawView>(`${drawsUrl}/${demo.id}/commitment`, {
      round: REAL.round,
      witnesses,
      minReveals: 2,
    });
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    expect(committed.body.commitment).toMatchObject({ round: REAL.round, beaconEntered: false });
    const early = await operatorClient.post<Problem>(`${drawsUrl}/${demo.id}/run`);
    expect(early.body.type).toBe('urn:gradins:problem:beacon-missing');

    const tampered = REAL.signature.slice(0, -2) + (REAL.signature.endsWith('00') ? '01' : '00');
    const wrong = await operatorClient.post<Problem>(`${drawsUrl}/${demo.id}/beacon`, {
      signature: tampered,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toBe('urn:gradins:problem:beacon-signature-invalid');
    expect(wrong.body.detail).toContain(`n’est pas celle du tour ${REAL.round}`);
    const inEnglish = await operatorClient.request<Problem>(
      'POST',
      `${drawsUrl}/${demo.id}/beacon`,
      { signature: tampered },
      { 'accept-language': 'en' },
    );
    expect(inEnglish.body.detail).toContain(`is not that of round ${REAL.round}`);

    const right = await operatorClient.post<DrawView>(`${drawsUrl}/${demo.id}/beacon`, {
      signature: REAL.signature,
    });
    expect(right.status, JSON.stringify(right.body)).toBe(200);
    expect(right.body.commitment!.beaconEntered).toBe(true);
  });

  it('runs and publishes: the public record is signed, verifies, and gives no more seats than the quotas', async () => {
    const started = await operatorClient.post<DrawView>(`${drawsUrl}/${demo.id}/run`);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ status: 'committed', runError: null });
    expect(started.body.running).toMatchObject({ phase: 'reading', done: 0, total: 11 });
    const ran = await waitForRun(operatorClient, `${drawsUrl}/${demo.id}`);
    expect(ran).toMatchObject({ status: 'run', running: null, runError: null });
    expect(ran.results!.seatsFilled).toBeLessThanOrEqual(8);
    const again = await operatorClient.post<Problem>(`${drawsUrl}/${demo.id}/run`);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:gradins:problem:draw-wrong-status');
    // The charts' numbers: per event never over its quota, and by entry size they add up to every entry.
    const summary = ran.results!;
    expect(summary.byEvent.map((row) => row.quota)).toEqual([5, 3]);
    for (const row of summary.byEvent) expect(row.filled).toBeLessThanOrEqual(row.quota);
    expect(summary.byEvent.reduce((sum, row) => sum + row.filled, 0)).toBe(summary.seatsFilled);
    expect(summary.bySeats.map((row) => [row.seats, row.allocated + row.reserve])).toEqual([
      [1, 9],
      [2, 1],
      [4, 1],
    ]);
    const notYet = await new ApiClient(server.url).get(`/api/v1/public/draws/${demo.id}/record`);
    expect(notYet.status).toBe(404);
    const published = await operatorClient.post<DrawView>(`${drawsUrl}/${demo.id}/publish`);
    expect(published.status).toBe(200);

    const visitor = new ApiClient(server.url);
    const list = await visitor.get<PublicDraw[]>('/api/v1/public/draws');
    expect(list.status).toBe(200);
    expect(list.body.find((draw) => draw.id === demo.id)).toMatchObject({
      status: 'published',
      demonstration: true,
      entryCount: 11,
      recordUrl: `/api/v1/public/draws/${demo.id}/record`,
    });
    // The public page's summary: the seed is the record's, the counts are the operator's.
    const detail = await visitor.get<PublicDrawDetail>(`/api/v1/public/draws/${demo.id}`);
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body).toMatchObject({
      round: REAL.round,
      randomness: REAL.randomness,
      demonstration: true,
      seatsFilled: summary.seatsFilled,
      byEvent: summary.byEvent,
      bySeats: summary.bySeats,
    });
    const file = await visitor.get<{
      format: string;
      record: Record<string, unknown> & { commitment: { demonstration: boolean } };
      record_signature: { key_id: string; signature: string };
      commitment_signature: { key_id: string; signature: string };
    }>(`/api/v1/public/draws/${demo.id}/record`);
    expect(file.status).toBe(200);
    expect(file.body.format).toBe('gradins-draw-record-file-v1');
    expect(file.body.record.commitment.demonstration).toBe(true);
    expect(verifyRecord(file.body.record)).toMatchObject({ conforme: true, differences: [] });
    expect((file.body.record as unknown as { seed: string }).seed).toBe(detail.body.seed);
    // Distribution checks (§8.1): 11 entries of one operator, all confirmed this week — one category each,
    // the record's totals; region absent, with why.
    const checks = file.body.record.distribution_checks as DistributionChecks;
    const recordedRows = file.body.record.entries as [
      string,
      number,
      number,
      number[],
      string,
      number,
      number,
    ][];
    const selectedRows = recordedRows.filter((row) => row[5] > 0);
    const totals = {
      entries: 11,
      seats: recordedRows.reduce((sum, row) => sum + row[2], 0),
      selected: selectedRows.length,
      selected_seats: selectedRows.reduce((sum, row) => sum + row[2], 0),
    };
    expect(totals.seats).toBe(9 + 4 + 2);
    expect(checks.dimensions.map((d) => [d.dimension, d.categories])).toEqual([
      ['week', [{ category: isoWeek(server.clock.now()), ...totals }]],
      ['operator', [{ category: operator.id, ...totals }]],
    ]);
    expect(checks.absent).toEqual([{ dimension: 'region', reason: expect.stringContaining('code postal') }]);

    // Signatures verify with the published key of purpose `draw`.
    const keys = await visitor.get<{ keys: { kid: string; purpose: string; x: string }[] }>(
      '/.well-known/gradins/keys.json',
    );
    const key = keys.body.keys.find((candidate) => candidate.kid === file.body.record_signature.key_id)!;
    expect(key.purpose).toBe('draw');
    const publicKey = crypto.createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: key.x },
      format: 'jwk',
    });
    const recordBytes = canonicalBytes(file.body.record);
    expect(
      crypto.verify(
        null,
        recordBytes,
        publicKey,
        Buffer.from(file.body.record_signature.signature, 'base64'),
      ),
    ).toBe(true);
    expect(
      crypto.verify(
        null,
        canonicalBytes(file.body.record.commitment),
        publicKey,
        Buffer.from(file.body.commitment_signature.signature, 'base64'),
      ),
    ).toBe(true);
    expect(crypto.createHash('sha256').update(recordBytes).digest('hex')).toBe(
      list.body.find((draw) => draw.id === demo.id)!.recordSha256,
    );

    // Results were written for every entry, as in the record: draw rank, outcome, reserve rank.
    const results = await selectRows<{
      entry_id: string;
      draw_rank: number;
      outcome: number;
      reserve_rank: number;
    }>(
      server.database.db,
      sql`select entry_id, draw_rank, outcome, reserve_rank from draw_entry_results where draw_id = ${demo.id}
          order by draw_rank`,
    );
    const recorded = file.body.record.entries as [string, number, number, number[], string, number, number][];
    expect(results.map((row) => [row.entry_id, row.draw_rank, row.outcome, row.reserve_rank])).toEqual(
      recorded.map((row, rank) => [row[0], rank + 1, row[5], row[6]]),
    );
  });

  it('answers while a long draw runs in the background: its phase and progress, then the finished results', async () => {
    const count = 60_000;
    const drawId = await committedDrawInDatabase(server, {
      programmeId: youth.id,
      operatorId: operator.id,
      createdBy: adminUser.id,
      events: events.map((event) => event.code),
      seatsPerEvent: 1000,
      count,
      beacon: REAL,
      now: server.clock.now(),
    });
    const url = `${drawsUrl}/${drawId}`;
    const started = await operatorClient.post<DrawView>(`${url}/run`);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    // While it runs: a second run is refused, and the draw's page sees how far it got.
    const twice = await operatorClient.post<Problem>(`${url}/run`);
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('urn:gradins:problem:draw-running');
    // Polled back to back until the run is seen in progress or over. On PostgreSQL every phase is answered
    // while it runs. On PGlite a request waits while the run's writing transaction holds the only connection
    // (docs/api/draws.md, "Running in the background"), and the phases before it can end before a poll lands:
    // there the progress is checked when seen, and the run's end in every case.
    let during: DrawView | undefined;
    for (;;) {
      const seen = await operatorClient.get<DrawView>(url);
      expect(seen.status).toBe(200);
      if (seen.body.running) {
        during = seen.body;
        break;
      }
      if (seen.body.status !== 'committed') break;
    }
    if (kind === 'postgresql') expect(during, 'the run was never seen in progress').toBeDefined();
    if (during) {
      expect(during.status).toBe('committed');
      expect(['reading', 'numbering', 'allocating', 'writing', 'signing']).toContain(during.running!.phase);
      expect(during.running!.total).toBe(count);
      expect(during.running!.done).toBeLessThanOrEqual(count);
    }

    const finished = await waitForRun(operatorClient, url);
    expect(finished).toMatchObject({ status: 'run', running: null, runError: null });
    expect(finished.results).toMatchObject({ allocatedEntries: 2000, reserveEntries: count - 2000 });
    const [written] = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from draw_entry_results where draw_id = ${drawId} and draw_rank is not null`,
    );
    expect(Number(written!.n)).toBe(count);
  }, 120_000);

  it('produces the control report (PDF, French) with the draw’s figures, steps and checks, each download audited', async () => {
    const file = await new ApiClient(server.url).get<{
      record: {
        seed: string;
        results_hash: string;
        commitment: { entries: { root: string }; beacon: { round: number } };
        randomness: { signature: string };
        entries: [string, number, number, number[], string, number, number][];
      };
      record_signature: { key_id: string };
    }>(`/api/v1/public/draws/${demo.id}/record`);
    const { record } = file.body;
    const sha = crypto.createHash('sha256').update(canonicalBytes(record)).digest('hex');
    const report = await downloadPdfText(operatorClient, `${drawsUrl}/${demo.id}/control-report.pdf`);
    expect(report.status).toBe(200);
    expect(report.contentType).toContain('application/pdf');
    const text = report.text;
    const compact = text.replace(/ /g, '');
    expect(text).toContain('Rapport de contrôle interne — tirage au sort');
    expect(text).toContain('Tirage de démonstration');
    expect(text).toContain(demo.id);
    expect(text).toContain('Démonstration : oui');
    for (const hex of [
      record.commitment.entries.root,
      record.seed,
      record.results_hash,
      sha,
      record.randomness.signature,
    ])
      expect(compact).toContain(hex);
    expect(text).toContain(`Tour drand engagé : ${record.commitment.beacon.round}`);
    expect(text).toContain(`Clé de signature du relevé : ${file.body.record_signature.key_id}`);
    const selected = record.entries.filter((row) => row[5] > 0);
    expect(text).toContain('Entrées : 11');
    expect(text).toContain(`Places demandées : ${9 + 4 + 2}`);
    expect(text).toContain(`Entrées retenues : ${selected.length}`);
    expect(text).toContain(`Places attribuées : ${selected.reduce((sum, row) => sum + row[2], 0)}`);
    expect(text).toContain(`Liste de réserve : ${11 - selected.length} entrée(s)`);
    // Who did each step, by name.
    for (const step of [
      'Préparation du tirage',
      'Gel des entrées',
      'Engagement signé',
      'Tirage effectué, relevé signé',
      'Publication du relevé',
    ])
      expect(text).toContain(step);
    const [runBy] = await selectRows<{ display_name: string }>(
      server.database.db,
      sql`select u.display_name from draw_records r join users u on u.id = r.ran_by where r.draw_id = ${demo.id}`,
    );
    expect(text).toContain(runBy!.display_name);
    expect(text).toContain('Contrôles de répartition');
    expect(text).toContain('Alerte : non');
    expect(text).toContain('Région (absent)');
    expect(text).toContain('npx gradins draw verify releve.json');
    const downloads = await server.database.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['draws.control-report.downloaded']));
    expect(downloads.filter((row) => row.targetIds?.includes(demo.id))).toHaveLength(1);
  });

  it('gives anyone the inclusion proof of an entry, which verifies against the committed root', async () => {
    const [entry] = await selectRows<{ entry_id: string }>(
      server.database.db,
      sql`select entry_id from draw_entries where draw_id = ${demo.id} and kind = 'group'`,
    );
    const visitor = new ApiClient(server.url);
    const proof = await visitor.get<InclusionProofView>(
      `/api/v1/public/draws/${demo.id}/inclusion-proof/${entry!.entry_id}`,
    );
    expect(proof.status, JSON.stringify(proof.body)).toBe(200);
    expect(proof.body.entry).toMatchObject({ entry_id: entry!.entry_id, seats: 4 });
    expect(
      verifyInclusion(fromHex(proof.body.leaf), proof.body.proof, fromHex(proof.body.entries_root)),
    ).toBe(true);
    const unknown = await visitor.get<Problem>(
      `/api/v1/public/draws/${demo.id}/inclusion-proof/${'ab'.repeat(16)}`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('urn:gradins:problem:entry-not-found');
  });

  it('says « conforme » with gradins draw verify on the downloaded record, and names what differs in a tampered copy', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-draw-'));
    try {
      const file = await new ApiClient(server.url).get<{
        record: { entries: [string, number, number, number[], string, number, number][] };
      }>(`/api/v1/public/draws/${demo.id}/record`);
      const entries = await operatorClient.get(`${drawsUrl}/${demo.id}/entries`);
      expect(entries.status).toBe(200);
      const recordPath = path.join(folder, 'record.json');
      const entriesPath = path.join(folder, 'entries.json');
      const keysPath = path.join(folder, 'keys.json');
      await fs.writeFile(recordPath, JSON.stringify(file.body));
      await fs.writeFile(entriesPath, JSON.stringify(entries.body));
      const keys = await new ApiClient(server.url).get('/.well-known/gradins/keys.json');
      await fs.writeFile(keysPath, JSON.stringify(keys.body));
      const ok = await runGradins(['draw', 'verify', recordPath, entriesPath, '--keys', keysPath]);
      expect(ok.stdout, ok.stderr).toContain('conforme');
      expect(ok.stdout).not.toContain('non conforme');
      expect(ok.stdout).toContain('signatures vérifiées');
      expect(ok.stdout).toContain('DÉMONSTRATION');
      expect(ok.code).toBe(0);

      // One reserve entry claims a seat: the verifier names it and the field.
      const tampered = structuredClone(file.body);
      const row = tampered.record.entries.find((candidate) => candidate[5] === 0)!;
      row[5] = 1;
      row[6] = 0;
      const tamperedPath = path.join(folder, 'tampered.json');
      await fs.writeFile(tamperedPath, JSON.stringify(tampered));
      const bad = await runGradins(['draw', 'verify', tamperedPath, '--no-signatures']);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('non conforme');
      expect(bad.stdout).toContain(`entrée / entry ${row[0]}`);
      expect(bad.stdout).toContain('[outcome]');
      expect(bad.stdout).toContain('wrong outcome');

      // One published count changed: the verifier names the dimension and the field.
      const recount = structuredClone(file.body) as typeof file.body & {
        record: { distribution_checks: DistributionChecks };
      };
      recount.record.distribution_checks.dimensions[1]!.categories[0]!.entries += 1;
      const recountPath = path.join(folder, 'recount.json');
      await fs.writeFile(recountPath, JSON.stringify(recount));
      const miscounted = await runGradins(['draw', 'verify', recountPath]);
      expect(miscounted.code).toBe(1);
      expect(miscounted.stdout).toContain('field distribution_checks.operator.entries');
      expect(miscounted.stdout).toContain('distribution counts do not add up to the outcomes');
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses draws to an operator grant that does not run draws, and to another operator', async () => {
    const plain = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
        organisationId: operator.id,
      }),
    );
    const refused = await plain.post<Problem>(drawsUrl, { programmeId: youth.id, name: 'Non' });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:gradins:problem:forbidden');
    // Running draws requires a second factor: without one enrolled, nothing opens.
    const withoutSecondFactor = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        organisationId: operator.id,
      }),
    );
    const enrolFirst = await withoutSecondFactor.post<Problem>(drawsUrl, {
      programmeId: youth.id,
      name: 'Non',
    });
    expect(enrolFirst.status).toBe(403);
    expect(enrolFirst.body.type).toBe('urn:gradins:problem:mfa-enrolment-required');
    const other = await buildOperator(server);
    const elsewhere = await operatorClient.get<Problem>(`/api/v1/operators/${other.id}/draws`);
    expect(elsewhere.status).toBe(403);
    const viaOther = await admin.get<Problem>(`/api/v1/operators/${other.id}/draws/${demo.id}`);
    expect(viaOther.status).toBe(404);
  });

  it('lets the programme administrator set up whole-programme draws, from the programme’s own stock', async () => {
    const list = await admin.get<DrawView[]>('/api/v1/draws');
    expect(list.status).toBe(200);
    expect(list.body.map((draw) => draw.id)).toContain(demo.id);
    // Every ticket went on to the operator: the programme itself holds none.
    const whole = await admin.post<Problem>('/api/v1/draws', {
      programmeId: youth.id,
      name: 'Programme entier',
    });
    expect(whole.status).toBe(409);
    expect(whole.body.type).toBe('urn:gradins:problem:no-stock');
    const forOperator = await admin.post<DrawView>('/api/v1/draws', {
      programmeId: youth.id,
      operatorId: operator.id,
      name: 'Pour l’opérateur',
    });
    expect(forOperator.status, JSON.stringify(forOperator.body)).toBe(201);
    expect(forOperator.body).toMatchObject({ operatorId: operator.id, bucket: operator.id });
  });

  it('writes every step in the audit trail, the refused beacon included', async () => {
    const rows = await server.database.db
      .select({ action: auditEvents.action, result: auditEvents.result })
      .from(auditEvents)
      .where(
        inArray(auditEvents.action, [
          'draws.draw.created',
          'draws.quotas.changed',
          'draws.draw.frozen',
          'draws.draw.committed',
          'draws.beacon.entered',
          'draws.draw.run',
          'draws.draw.published',
        ]),
      );
    const seen = rows.map((row) => `${row.action}:${row.result}`);
    for (const expected of [
      'draws.draw.created:success',
      'draws.quotas.changed:success',
      'draws.draw.frozen:success',
      'draws.draw.committed:success',
      'draws.beacon.entered:failure',
      'draws.beacon.entered:success',
      'draws.draw.run:success',
      'draws.draw.published:success',
    ])
      expect(seen).toContain(expected);
  });
});
