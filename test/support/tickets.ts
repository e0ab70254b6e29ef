import crypto from 'node:crypto';
import quicknet from '../../../shared/data/drand-quicknet.json' with { type: 'json' };
import type { DrawView } from '../../contracts/draws.js';
import { randomToken, tokenHash } from '../../src/platform/crypto/tokens.js';
import { applicantLinks, instance } from '../../src/platform/db/schema/index.js';
import type { ApiClient } from './api-client.js';
import { waitForRun } from './draws.js';
import type { TestServer } from './server.js';

const REAL = quicknet.vectors[0]!;

/**
 * A published demonstration draw of an operator's bucket, every step through the API (setup, freeze,
 * commitment to a real past quicknet round, beacon, run, publish) — so its tickets are issued as in
 * production. Marks the installation as a demo one (demonstrations need it).
 */
export async function publishedDrawViaApi(
  server: TestServer,
  operatorClient: ApiClient,
  input: { operatorId: string; programmeId: string; name?: string },
): Promise<DrawView> {
  await server.database.db.update(instance).set({ demoLoadedAt: server.clock.now() });
  const url = `/api/v1/operators/${input.operatorId}/draws`;
  const expectOk = <T>(response: { status: number; body: T }, what: string, status = 200): T => {
    if (response.status !== status)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const draw = expectOk(
    await operatorClient.post<DrawView>(url, {
      programmeId: input.programmeId,
      name: input.name ?? 'Tirage des billets',
      demonstration: true,
    }),
    'setup',
    201,
  );
  expectOk(await operatorClient.post(`${url}/${draw.id}/freeze`), 'freeze');
  expectOk(
    await operatorClient.post(`${url}/${draw.id}/commitment`, {
      round: REAL.round,
      witnesses: [
        { name: 'Huissier A', commitment: crypto.createHash('sha256').update('a').digest('hex') },
        { name: 'Témoin B', commitment: crypto.createHash('sha256').update('b').digest('hex') },
      ],
      minReveals: 2,
    }),
    'commitment',
  );
  expectOk(await operatorClient.post(`${url}/${draw.id}/beacon`, { signature: REAL.signature }), 'beacon');
  expectOk(await operatorClient.post(`${url}/${draw.id}/run`), 'run', 202);
  const ran = await waitForRun(operatorClient, `${url}/${draw.id}`);
  if (ran.status !== 'run') throw new Error(`run failed: ${JSON.stringify(ran.runError)}`);
  return expectOk(await operatorClient.post<DrawView>(`${url}/${draw.id}/publish`), 'publish');
}

/** A follow-up link for an applicant, as the mail would carry it (its hash stored), valid a year. */
export async function applicantLink(server: TestServer, applicantId: string): Promise<string> {
  const token = randomToken();
  await server.database.db.insert(applicantLinks).values({
    tokenHash: tokenHash(token),
    applicantId,
    expiresAt: new Date(server.clock.now().getTime() + 365 * 86_400_000),
  });
  return token;
}
