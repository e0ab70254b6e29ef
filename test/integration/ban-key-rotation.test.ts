import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BanDetail } from '../../contracts/bans.js';
import { bansInForceFor } from '../../src/modules/bans/in-force.js';
import { retireBanSecrets, rotateBanSecret } from '../../src/modules/bans/secret-rotation.js';
import { manualClock } from '../../src/platform/clock.js';
import { fieldCipher } from '../../src/platform/crypto/field-encryption.js';
import { openKeyStore } from '../../src/platform/crypto/keystore.js';
import { bans } from '../../src/platform/db/schema/index.js';
import { buildOrganiser, judicialBan, signedInBanOfficer } from '../factories/bans.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

// `gradins keys rotate|retire field-encryption|identity-ban` (docs/operations.md): the command runs in another
// process with its own key store; here a second store opened on the server's key folder stands for it.

describe.each(databaseKinds)('rotating the ban registry’s secrets on %s', (kind) => {
  let server: TestServer;
  let organiser: { id: string };
  let officer: ApiClient;
  const person = { surname: 'Clé-Neuve', firstName: 'Maëlle', birthDate: '1991-03-03' };
  let banId: string;

  beforeAll(async () => {
    server = await startTestServer({ database: kind, clock: manualClock(new Date('2026-09-15T10:00:00Z')) });
    organiser = await buildOrganiser(server);
    officer = (await signedInBanOfficer(server, organiser.id)).client;
    const created = await officer.post<BanDetail>(
      `/api/v1/organisers/${organiser.id}/bans`,
      judicialBan(person),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    banId = created.body.id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const commandDeps = async () => {
    const keys = await openKeyStore(server.keys.dir);
    return { database: server.database, clock: server.clock, keys, cipher: fieldCipher(keys) };
  };
  const readBan = () =>
    officer.get<BanDetail & { type?: string }>(`/api/v1/organisers/${organiser.id}/bans/${banId}`);

  it('re-encrypts under a new key; a server that has not seen it reloads its keys once, then reads', async () => {
    const before = server.keys.secret('field-encryption').kid;
    const command = await commandDeps();
    const rotated = await rotateBanSecret(command, 'field-encryption');
    expect(rotated.activeKid).not.toBe(before);
    expect(rotated.reencrypted.bans).toBeGreaterThanOrEqual(1);
    expect(rotated.olderKids).toEqual([before]);
    const [row] = await server.database.db.select().from(bans).where(eq(bans.id, banId));
    expect(row!.keyId).toBe(rotated.activeKid);
    expect(row!.identityEncrypted).toContain(`.${rotated.activeKid}.`);

    // The server still holds the keys it started with: it cannot read the new value, reloads, says so.
    const stale = await readBan();
    expect(stale.status).toBe(503);
    expect(stale.body.type).toBe('urn:gradins:problem:keys-reloaded');
    const fresh = await readBan();
    expect(fresh.status).toBe(200);
    expect(fresh.body.identity.surname).toBe(person.surname);
    expect(server.keys.secret('field-encryption').kid).toBe(rotated.activeKid);

    // The old version stays until `retire`: what a server not yet reloaded writes under it stays readable.
    expect(command.keys.list().some((key) => key.kid === before)).toBe(true);
    const retired = await retireBanSecrets(command, 'field-encryption');
    expect(retired.olderKids).toEqual([before]);
    expect((await openKeyStore(server.keys.dir)).list().some((key) => key.kid === before)).toBe(false);
    expect((await readBan()).body.identity.surname).toBe(person.surname);
  });

  it('keeps an older version that a row still needs, and retires it once re-encrypted', async () => {
    const command = await commandDeps();
    const rotated = await rotateBanSecret(command, 'field-encryption');
    // A server that did not reload writes a ban under the older version meanwhile.
    const late = await officer.post<BanDetail>(
      `/api/v1/organisers/${organiser.id}/bans`,
      judicialBan({ surname: 'Tardif', firstName: 'Noé', birthDate: '1988-08-08' }),
    );
    expect(late.status).toBe(201);
    const [row] = await server.database.db.select().from(bans).where(eq(bans.id, late.body.id));
    expect(row!.keyId).not.toBe(rotated.activeKid);
    const retired = await retireBanSecrets(command, 'field-encryption');
    expect(retired.reencrypted.bans).toBe(1);
    expect(retired.olderKids).toEqual([row!.keyId]);
    const [after] = await server.database.db.select().from(bans).where(eq(bans.id, late.body.id));
    expect(after!.keyId).toBe(rotated.activeKid);
  });

  it('re-keys identities under a new identity-ban secret; matching goes on with it', async () => {
    const command = await commandDeps();
    const before = command.keys.secret('identity-ban').kid;
    const rotated = await rotateBanSecret(command, 'identity-ban');
    const retired = await retireBanSecrets(command, 'identity-ban');
    expect(retired.olderKids).toEqual([before]);
    const rows = await server.database.db.select({ kid: bans.identityKeyKid }).from(bans);
    expect(new Set(rows.map((r) => r.kid))).toEqual(new Set([rotated.activeKid]));
    await server.keys.reload();
    const matches = await bansInForceFor(
      { db: server.database.db, keys: server.keys, cipher: fieldCipher(server.keys) },
      organiser.id,
      person,
      server.clock.now(),
    );
    expect(matches.map((match) => match.id)).toEqual([banId]);
  });
});
