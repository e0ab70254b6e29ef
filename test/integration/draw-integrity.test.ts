import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import quicknet from '../../../shared/data/drand-quicknet.json' with { type: 'json' };
import type { DrawView, InclusionProofView, PublicDraw } from '../../contracts/draws.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { fromHex } from '../../src/modules/draws/domain/bytes.js';
import { verifyInclusion } from '../../src/modules/draws/domain/merkle.js';
import { verifyRecord, verifySignatures } from '../../src/modules/draws/domain/verify.js';
import { auditEvents } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, createEventViaApi, defaultProgramme } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { waitForRun } from '../support/draws.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string; status: number };
type RecordFile = {
  format: string;
  record: {
    commitment: { committed_at: string; demonstration: boolean; beacon: { round: number } };
    randomness: { source: string; reveals?: (string | null)[] };
  } & Record<string, unknown>;
  commitment_signature: { key_id: string; signature: string };
  record_signature: { key_id: string; signature: string };
};
type KeysDocument = {
  keys: { kid: string; purpose: string; not_before: string; not_after: string | null }[];
};

const REAL = quicknet.vectors[0]!;
const MINUTE = 60_000;
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

// The witnesses' secrets, drawn here; their SHA-256 goes into the commitment.
const secrets = [crypto.randomBytes(32), crypto.randomBytes(32)];
const witnesses = ['Huissière A', 'Témoin B'].map((name, index) => ({
  name,
  commitment: crypto.createHash('sha256').update(secrets[index]!).digest('hex'),
}));

describe.each(databaseKinds)('draws cannot be cherry-picked, and fall back on witnesses, on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  let operatorClient: ApiClient;
  let operator: { id: string; name: string };
  let youth: { id: string };
  let drawsUrl: string;
  let first: DrawView;
  let recordFile: RecordFile;
  const visitor = () => new ApiClient(server.url);

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    operator = await buildOperator(server);
    youth = await defaultProgramme(server, 'youth');
    const now = server.clock.now().getTime();
    const games = await admin.request('PUT', '/api/v1/games/olympic', {
      opensAt: new Date(now + 100 * 1440 * MINUTE).toISOString(),
      closesAt: new Date(now + 116 * 1440 * MINUTE).toISOString(),
      reclaimDeadline: new Date(now + 60 * 1440 * MINUTE).toISOString(),
    });
    expect(games.status, JSON.stringify(games.body)).toBe(200);
    expect(
      (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: operator.id })).status,
    ).toBe(200);
    const events: SportEvent[] = [];
    for (const index of [0, 1]) {
      const event = await createEventViaApi(server, admin, {
        code: `INTEGRITY-${kind}-${index}-${Date.now()}`,
        stock: [{ category: 'C', count: 20 }],
      });
      // Six seats to the programme, three of them on to the operator: both buckets hold tickets.
      for (const [from, to, quantity] of [
        [{ level: 'pool' }, { level: 'programme', programmeId: youth.id }, 6],
        [
          { level: 'programme', programmeId: youth.id },
          { level: 'operator', programmeId: youth.id, operatorId: operator.id },
          3,
        ],
      ] as const) {
        const moved = await admin.post('/api/v1/stock/transfers', {
          from,
          to,
          lines: [{ eventId: event.id, category: 'C', quantity }],
          reason: 'Dotation du tirage',
        });
        expect(moved.status, JSON.stringify(moved.body)).toBe(201);
      }
      events.push(event);
    }
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    drawsUrl = `/api/v1/operators/${operator.id}/draws`;
    for (let i = 0; i < 8; i++)
      await buildApplicants(server, { programmeId: youth.id, operatorId: operator.id });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a demonstration draw on an installation without demonstration data', async () => {
    for (const language of ['fr', 'en']) {
      const refused = await operatorClient.request<Problem>(
        'POST',
        drawsUrl,
        { programmeId: youth.id, name: 'Démo ?', demonstration: true },
        { 'accept-language': language },
      );
      expect(refused.status).toBe(422);
      expect(refused.body.type).toBe('urn:gradins:problem:demonstration-not-allowed');
      expect(refused.body.detail).toContain(
        language === 'fr' ? 'Seule une installation de démonstration' : 'Only a demonstration installation',
      );
    }
  });

  it('validates the commitment: no past round, at least 5 minutes ahead, round < beacon deadline < reveal deadline', async () => {
    const created = await operatorClient.post<DrawView>(drawsUrl, {
      programmeId: youth.id,
      name: 'Tirage 1',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const frozen = await operatorClient.post<DrawView>(`${drawsUrl}/${created.body.id}/freeze`);
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
    first = frozen.body;
    const commit = (body: Record<string, unknown>, language = 'fr') =>
      operatorClient.request<Problem>(
        'POST',
        `${drawsUrl}/${first.id}/commitment`,
        { witnesses, ...body },
        { 'accept-language': language },
      );
    const now = server.clock.now().getTime();
    const past = await commit({ round: REAL.round });
    expect(past.status).toBe(422);
    expect(past.body.type).toBe('urn:gradins:problem:past-round');
    const soon = await commit({ drawAt: new Date(now + 2 * MINUTE).toISOString() });
    expect(soon.status).toBe(422);
    expect(soon.body.type).toBe('urn:gradins:problem:round-too-soon');
    expect(soon.body.detail).toContain('moins de 5 minutes après l’engagement');
    const drawAt = new Date(now + 10 * MINUTE);
    const early = await commit(
      { drawAt: drawAt.toISOString(), beaconDeadline: new Date(now + 9 * MINUTE).toISOString() },
      'en',
    );
    expect(early.status).toBe(422);
    expect(early.body.type).toBe('urn:gradins:problem:deadlines-out-of-order');
    expect(early.body.detail).toContain('Required: round produced');
    const reversed = await commit({
      drawAt: drawAt.toISOString(),
      beaconDeadline: new Date(now + 20 * MINUTE).toISOString(),
      revealDeadline: new Date(now + 15 * MINUTE).toISOString(),
    });
    expect(reversed.status).toBe(422);
    expect(reversed.body.type).toBe('urn:gradins:problem:deadlines-out-of-order');
    // Nothing was committed by the refusals.
    expect((await operatorClient.get<DrawView>(`${drawsUrl}/${first.id}`)).body.status).toBe('frozen');
  });

  it('does not freeze a whole-programme draw over people frozen in a live operator draw, naming it', async () => {
    const whole = await admin.post<DrawView>('/api/v1/draws', { programmeId: youth.id, name: 'Programme' });
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    expect(whole.body.operatorId).toBeNull();
    const refused = await admin.post<Problem>(`/api/v1/draws/${whole.body.id}/freeze`);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:gradins:problem:entries-in-other-draw');
    expect(refused.body.detail).toContain(`8 candidature(s)`);
    expect(refused.body.detail).toContain(`« Tirage 1 » (${first.id})`);
  });

  it('lists a committed draw publicly at once, before any result', async () => {
    const now = server.clock.now().getTime();
    const committed = await operatorClient.post<DrawView>(`${drawsUrl}/${first.id}/commitment`, {
      witnesses,
      drawAt: new Date(now + 6 * MINUTE).toISOString(),
    });
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    first = committed.body;
    const roundAt = new Date(first.commitment!.roundAt).getTime();
    // By default the beacon deadline is a day after the round.
    expect(new Date(first.commitment!.beaconDeadline).getTime()).toBe(roundAt + 1440 * MINUTE);
    const list = await visitor().get<PublicDraw[]>('/api/v1/public/draws');
    expect(list.body.find((draw) => draw.id === first.id)).toMatchObject({
      status: 'committed',
      commitmentHash: first.commitment!.commitmentHash,
      commitmentUrl: `/api/v1/public/draws/${first.id}/commitment`,
      resultsHash: null,
      recordUrl: null,
    });
  });

  it('runs on the witnesses when no beacon came by the deadline: reveals checked and audited, record says so', async () => {
    const url = `${drawsUrl}/${first.id}`;
    const reveal = (index: number, secret = secrets[index]!.toString('hex')) =>
      operatorClient.post<Problem & Pick<DrawView, 'commitment'>>(`${url}/reveals`, {
        witness: witnesses[index]!.name,
        secret,
      });
    const tooEarly = await reveal(0);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.type).toBe('urn:gradins:problem:reveal-not-yet');

    // The beacon deadline passes (a day after the round) without the beacon: the witnesses serve.
    server.clock.set(new Date(new Date(first.commitment!.beaconDeadline).getTime() + MINUTE));
    // Sessions idle out after 30 minutes: sign in again at the new time.
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    const late = await operatorClient.post<Problem>(`${url}/beacon`, { signature: REAL.signature });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('urn:gradins:problem:beacon-deadline-passed');
    const wrong = await reveal(0, secrets[1]!.toString('hex'));
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toBe('urn:gradins:problem:reveal-invalid');
    expect(wrong.body.detail).toContain('Huissière A');
    const stranger = await operatorClient.post<Problem>(`${url}/reveals`, {
      witness: 'Inconnu',
      secret: secrets[0]!.toString('hex'),
    });
    expect(stranger.body.type).toBe('urn:gradins:problem:unknown-witness');
    const a = await reveal(0);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.commitment!.revealed).toEqual(['Huissière A']);
    expect((await reveal(0)).body.type).toBe('urn:gradins:problem:reveal-already-entered');
    // One of two revealed, the reveal deadline still ahead: wait for the other.
    const notReady = await operatorClient.post<Problem>(`${url}/run`);
    expect(notReady.status).toBe(409);
    expect(notReady.body.type).toBe('urn:gradins:problem:witnesses-not-ready');
    expect((await reveal(1)).status).toBe(200);

    const started = await operatorClient.post<DrawView>(`${url}/run`);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const ran = { body: await waitForRun(operatorClient, url) };
    expect(ran.body).toMatchObject({ status: 'run', runError: null });
    // Run, not yet published: in the public list with its results hash; the record comes with publication.
    const listed = (await visitor().get<PublicDraw[]>('/api/v1/public/draws')).body.find(
      (draw) => draw.id === first.id,
    );
    expect(listed).toMatchObject({
      status: 'run',
      resultsHash: ran.body.results!.resultsHash,
      recordSha256: ran.body.results!.recordSha256,
      recordUrl: null,
    });
    // A draw that has run is never abandoned: its result is known.
    const giveUp = await operatorClient.post<Problem>(`${url}/abandon`, { reason: 'Résultat décevant' });
    expect(giveUp.status).toBe(409);
    expect(giveUp.body.detail).toContain('Un tirage effectué ne s’abandonne pas');
    expect((await operatorClient.post(`${url}/publish`)).status).toBe(200);

    const file = await visitor().get<RecordFile>(`/api/v1/public/draws/${first.id}/record`);
    expect(file.status).toBe(200);
    recordFile = file.body;
    expect(recordFile.record.randomness).toMatchObject({
      source: 'witnesses',
      reveals: secrets.map((secret) => secret.toString('hex')),
    });
    expect(verifyRecord(recordFile.record)).toMatchObject({ conforme: true, differences: [] });
    const keys = await visitor().get<KeysDocument>('/.well-known/gradins/keys.json');
    expect(verifySignatures(recordFile, keys.body)).toEqual([]);

    const audited = await server.database.db
      .select({ action: auditEvents.action, result: auditEvents.result })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'draws.witness.revealed')));
    expect(audited.map((row) => row.result).sort()).toEqual(['failure', 'success', 'success']);
  });

  it('frees the bucket once published; a committed draw abandoned stays listed with when, who and why', async () => {
    const next = await operatorClient.post<DrawView>(drawsUrl, { programmeId: youth.id, name: 'Tirage 2' });
    expect((await operatorClient.post(`${drawsUrl}/${next.body.id}/freeze`)).status).toBe(200);
    const now = server.clock.now().getTime();
    const committed = await operatorClient.post<DrawView>(`${drawsUrl}/${next.body.id}/commitment`, {
      witnesses,
      drawAt: new Date(now + 10 * MINUTE).toISOString(),
    });
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    const third = await operatorClient.post<DrawView>(drawsUrl, { programmeId: youth.id, name: 'Tirage 3' });
    const blocked = await operatorClient.post<Problem>(`${drawsUrl}/${third.body.id}/freeze`);
    expect(blocked.body.type).toBe('urn:gradins:problem:live-draw-in-bucket');
    // The database itself keeps one live draw per bucket.
    await expect(
      server.database.db.execute(sql`update draws set status = 'frozen' where id = ${third.body.id}`),
    ).rejects.toThrow();

    const reason = 'Erreur dans les quotas : un événement manquait';
    const abandoned = await operatorClient.post<DrawView>(`${drawsUrl}/${next.body.id}/abandon`, { reason });
    expect(abandoned.status, JSON.stringify(abandoned.body)).toBe(200);
    expect(abandoned.body.status).toBe('abandoned');
    const listed = (await visitor().get<PublicDraw[]>('/api/v1/public/draws')).body.find(
      (draw) => draw.id === next.body.id,
    );
    expect(listed).toMatchObject({ status: 'abandoned', abandonment: { reason, by: operator.name } });
    expect(listed!.abandonment!.at).toBe(server.clock.now().toISOString());
    const audit = await server.database.db
      .select({ ids: auditEvents.targetIds })
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['draws.draw.abandoned']));
    expect(audit.map((row) => row.ids)).toContainEqual([next.body.id]);
    expect((await operatorClient.post(`${drawsUrl}/${third.body.id}/freeze`)).status).toBe(200);
  });

  it('serves the record with an ETag (304 on If-None-Match) and Cache-Control, and rate-limits it per client', async () => {
    const url = `/api/v1/public/draws/${first.id}/record`;
    const response = await fetch(`${server.url}${url}`);
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag')!;
    const listed = (await visitor().get<PublicDraw[]>('/api/v1/public/draws')).body;
    expect(etag).toBe(`"${listed.find((draw) => draw.id === first.id)!.recordSha256}"`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    await response.text();
    const again = await fetch(`${server.url}${url}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await fetch(`${server.url}${url}`, { headers: { 'if-none-match': etag } })).status);
    // 20 a minute per client: the cheap 304s count too, then 429 until the minute is over.
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThan(10);
    expect(statuses.slice(0, limited).every((status) => status === 304)).toBe(true);
    expect(statuses.slice(limited).every((status) => status === 429)).toBe(true);
  });

  it('gives inclusion proofs that verify for every entry, rate-limited per client', async () => {
    const entries = await operatorClient.get<{ entry_id: string }[]>(`${drawsUrl}/${first.id}/entries`);
    for (const entry of entries.body) {
      const proof = await visitor().get<InclusionProofView>(
        `/api/v1/public/draws/${first.id}/inclusion-proof/${entry.entry_id}`,
      );
      expect(proof.status, JSON.stringify(proof.body)).toBe(200);
      expect(
        verifyInclusion(fromHex(proof.body.leaf), proof.body.proof, fromHex(proof.body.entries_root)),
      ).toBe(true);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      statuses.push(
        (await fetch(`${server.url}/api/v1/public/draws/${first.id}/inclusion-proof/${'ab'.repeat(16)}`))
          .status,
      );
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
  });

  it('has gradins draw verify check both signatures and the key windows, and refuse a past round', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-integrity-'));
    try {
      const keys = (await visitor().get<KeysDocument>('/.well-known/gradins/keys.json')).body;
      const write = async (name: string, value: unknown) => {
        const file = path.join(folder, name);
        await fs.writeFile(file, JSON.stringify(value));
        return file;
      };
      const recordPath = await write('record.json', recordFile);
      const keysPath = await write('keys.json', keys);
      const ok = await runGradins(['draw', 'verify', recordPath, '--keys', keysPath]);
      expect(ok.stdout, ok.stderr).toContain('signatures vérifiées');
      expect(ok.stdout).not.toContain('DÉMONSTRATION');
      expect(ok.code).toBe(0);
      const unchecked = await runGradins(['draw', 'verify', recordPath]);
      expect(unchecked.code).toBe(1);
      expect(unchecked.stdout).toContain('signatures NON vérifiées');

      // A changed record signature: where it fails is named.
      const forged = structuredClone(recordFile);
      const signature = Buffer.from(forged.record_signature.signature, 'base64');
      signature[0]! ^= 1;
      forged.record_signature.signature = signature.toString('base64');
      const forgedRun = await runGradins([
        'draw',
        'verify',
        await write('forged.json', forged),
        '--keys',
        keysPath,
      ]);
      expect(forgedRun.code).toBe(1);
      expect(forgedRun.stdout).toContain('[record-signature]');
      expect(forgedRun.stdout).toContain('champ / field record_signature.signature');

      // The key published as valid only from after the commitment: the commitment's signature is refused.
      const committedAt = Date.parse(recordFile.record.commitment.committed_at);
      const shifted = structuredClone(keys);
      for (const key of shifted.keys)
        if (key.kid === recordFile.commitment_signature.key_id)
          key.not_before = new Date(committedAt + MINUTE).toISOString();
      expect(verifySignatures(recordFile, shifted)).toEqual([
        expect.objectContaining({ code: 'signature-key-window', field: 'commitment_signature.key_id' }),
      ]);
      const retired = structuredClone(keys);
      for (const key of retired.keys)
        if (key.kid === recordFile.record_signature.key_id)
          key.not_after = new Date(committedAt - MINUTE).toISOString();
      expect(verifySignatures(recordFile, retired).map((d) => d.field)).toEqual([
        'commitment_signature.key_id',
        'record_signature.key_id',
      ]);

      // A real (not demonstration) record on a round already produced at commitment.
      const past = structuredClone(recordFile);
      past.record.commitment.beacon.round = REAL.round;
      expect(verifyRecord(past.record).differences).toContainEqual(
        expect.objectContaining({ code: 'past-round', field: 'commitment.beacon.round' }),
      );
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  }, 90_000);
});
