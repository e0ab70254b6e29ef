import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantSummary, ImportProgress } from '../../contracts/applicants.js';
import { identityKeyInput } from '../../src/modules/applicants/domain/identity.js';
import { rotateIdentityKey } from '../../src/modules/applicants/identity-key-rotation.js';
import { identitiesInProgramme, identityKey } from '../../src/modules/applicants/repository.js';
import { openKeyStore } from '../../src/platform/crypto/keystore.js';
import { selectRows } from '../../src/platform/db/database.js';
import {
  applicantGroups,
  applicants,
  auditEvents,
  groupParticipants,
  keyRotations,
  programmeOperators,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildOperator, defaultProgramme } from '../factories/programmes.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string };
const HEADER =
  'nom_de_naissance;prenoms;date_de_naissance;courriel;statuts;justificatifs;consentement_le;representant_legal';
const PEOPLE = [
  'Lefèvre;Zoé Marie;17/05/2014;claire.lefevre@exemple.fr;eleve;oui;02/11/2026;Claire Lefèvre',
  'Nguyen;Thi;12/12/2004;thi.nguyen@exemple.fr;structure_jeunesse;oui;02/11/2026;',
  'Martin;Léo;2010-01-09;parent.martin@exemple.fr;eleve;oui;02/11/2026;Sophie Martin',
];

describe.each(databaseKinds)('rotating the identity key (TAJ-9) on %s', (kind) => {
  let server: TestServer;
  let operator: { id: string };
  let client: ApiClient;
  let youth: { id: string };
  let volunteers: { id: string };
  let firstKid: string;

  async function importFile(lines: string[], programmeId = youth.id) {
    const body = [HEADER, ...lines, ''].join('\n');
    const started = await client.post<ImportProgress>(`/api/v1/operators/${operator.id}/applicant-imports`, {
      programmeId,
      bytesTotal: Buffer.byteLength(body),
      attested: true,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const response = await fetch(
      `${server.url}/api/v1/operators/${operator.id}/applicant-imports/${started.body.id}/file`,
      {
        method: 'PUT',
        headers: { 'content-type': 'text/csv', cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
        body,
      },
    );
    return { status: response.status, body: (await response.json()) as ImportProgress & Problem };
  }
  /** Every identity key, with the identity it must be the HMAC of. */
  const storedKeys = () =>
    selectRows<{
      id: string;
      identity_key: string;
      birth_surname: string;
      first_names: string;
      birth_date: string;
    }>(
      server.database.db,
      sql`select id, identity_key, birth_surname, first_names, birth_date::text as birth_date from applicants
          union all
          select id, identity_key, birth_surname, first_names, birth_date::text from group_participants
          order by id`,
    );
  const hmac = (secret: Buffer, row: { birth_surname: string; first_names: string; birth_date: string }) =>
    createHmac('sha256', secret)
      .update(
        identityKeyInput({
          birthSurname: row.birth_surname,
          firstNames: row.first_names,
          birthDate: row.birth_date,
        }),
      )
      .digest('hex');

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    youth = await defaultProgramme(server, 'youth');
    volunteers = await defaultProgramme(server, 'sports_volunteers');
    operator = await buildOperator(server, 'Rectorat de Lille');
    await server.database.db.insert(programmeOperators).values([
      { programmeId: youth.id, operatorId: operator.id },
      { programmeId: volunteers.id, operatorId: operator.id },
    ]);
    const user = await buildUser(server, {
      organisationId: operator.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
    });
    client = await signIn(server, user);
    expect((await importFile(PEOPLE)).body).toMatchObject({ status: 'done', rowsCreated: 3 });
    // A group with two participants, keyed as the manager's page keys them.
    const [group] = await server.database.db
      .insert(applicantGroups)
      .values({ programmeId: youth.id, operatorId: operator.id, name: 'Club', size: 3, mobilityNeeds: {} })
      .returning();
    await server.database.db.insert(groupParticipants).values(
      [
        { birthSurname: 'Durand', firstNames: 'Paul', birthDate: '2011-04-04' },
        { birthSurname: 'Bernard', firstNames: 'Lina', birthDate: '2012-03-03' },
      ].map((identity) => ({
        groupId: group!.id,
        ...identity,
        identityKey: identityKey(server.keys, identity),
      })),
    );
    firstKid = server.keys.secret('identity-beneficiary').kid;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stopped half-way through the swap, leaves every row with a whole key and refuses intake until resumed', async () => {
    const before = await storedKeys();
    const oldSecret = server.keys.secret('identity-beneficiary').key;
    let swapped = 0;
    await expect(
      rotateIdentityKey(
        { database: server.database, keys: server.keys, clock: server.clock },
        {
          batchSize: 1,
          onProgress: ({ step }) => {
            if (step === 'swapping' && ++swapped === 2) throw new Error('the process is killed');
          },
        },
      ),
    ).rejects.toThrow('killed');
    const [rotation] = await server.database.db.select().from(keyRotations);
    expect(rotation).toMatchObject({ state: 'swapping', activeKid: firstKid, rowsRekeyed: 5 });
    // Still the old version in use; the new one readable, pending.
    expect(server.keys.secret('identity-beneficiary').kid).toBe(firstKid);
    const nextSecret = server.keys.secretByKid(rotation!.nextKid!);
    const during = await storedKeys();
    expect(during.map((row) => row.id)).toEqual(before.map((row) => row.id));
    const kinds = during.map((row) =>
      row.identity_key === hmac(oldSecret, row)
        ? 'old'
        : row.identity_key === hmac(nextSecret, row)
          ? 'new'
          : '?',
    );
    expect(kinds.filter((k) => k === 'new')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'old')).toHaveLength(3);
    // Nothing is written with either key while the rotation is unfinished.
    const refused = await importFile([
      'Petit;Hugo;03/03/2012;hugo@exemple.fr;eleve;oui;02/11/2026;Anne Petit',
    ]);
    expect(refused.status).toBe(503);
    expect(refused.body.type).toBe('urn:gradins:problem:maintenance');
    expect(
      await server.database.db.select().from(applicants).where(eq(applicants.birthSurname, 'Petit')),
    ).toEqual([]);
  });

  it('resumed, re-keys every applicant and participant with the new secret and destroys the old one', async () => {
    const result = await rotateIdentityKey({
      database: server.database,
      keys: server.keys,
      clock: server.clock,
    });
    expect(result).toMatchObject({ resumed: true, retiredKid: firstKid, rows: 5 });
    expect(server.keys.secret('identity-beneficiary').kid).toBe(result.activeKid);
    expect(() => server.keys.secretByKid(firstKid)).toThrow();
    const reopened = await openKeyStore(server.config.keysDir);
    expect(reopened.list().some((key) => key.kid === firstKid)).toBe(false);
    expect(reopened.secret('identity-beneficiary').kid).toBe(result.activeKid);
    const secret = server.keys.secret('identity-beneficiary').key;
    for (const row of await storedKeys()) expect(row.identity_key).toBe(hmac(secret, row));
    expect(
      Number(
        (
          await selectRows<{ n: string }>(
            server.database.db,
            sql`select count(*) as n from identity_key_rekeys`,
          )
        )[0]!.n,
      ),
    ).toBe(0);
    const audited = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actor, 'system:key-rotation'));
    expect(audited.map((entry) => entry.action)).toEqual(['keys.rotation.started', 'keys.rotation.finished']);
  });

  it('still recognises a person after the rotation: the same programme, another programme, a participant', async () => {
    const again = await importFile([PEOPLE[1]!]);
    expect(again.body).toMatchObject({ status: 'done', rowsCreated: 0, rowsUnchanged: 1 });
    expect(
      (
        await importFile(
          ['NGUYỄN;thi anh;2004-12-12;t.nguyen@exemple.fr;benevole;oui;01/11/2026;'],
          volunteers.id,
        )
      ).body,
    ).toMatchObject({
      rowsCreated: 1,
    });
    const flagged = (
      await client.get<{ items: ApplicantSummary[] }>(
        `/api/v1/operators/${operator.id}/applicants?alreadyBeneficiary=true`,
      )
    ).body.items;
    expect(flagged.map((item) => item.birthSurname).sort()).toEqual(['NGUYỄN', 'Nguyen']);
    const participant = identityKey(server.keys, {
      birthSurname: 'DURAND',
      firstNames: 'Paul',
      birthDate: '2011-04-04',
    });
    expect(await identitiesInProgramme(server.database.db, youth.id, [participant])).toEqual(
      new Set([participant]),
    );
  });

  it('rotated by another process (the CLI), a running server picks up the new key and refuses nothing it keyed with the old', async () => {
    const cli = await openKeyStore(server.config.keysDir);
    const result = await rotateIdentityKey({ database: server.database, keys: cli, clock: server.clock });
    expect(result.resumed).toBe(false);
    // The server still computes with the destroyed secret: its first write is refused and reloads the keys…
    const first = await importFile([
      'Roux;Emma;05/05/2013;emma.roux@exemple.fr;eleve;oui;02/11/2026;Luc Roux',
    ]);
    expect(first.status).toBe(503);
    expect(server.keys.secret('identity-beneficiary').kid).toBe(result.activeKid);
    // … and the next one is keyed with the new secret, and recognised as before.
    expect(
      (await importFile(['Roux;Emma;05/05/2013;emma.roux@exemple.fr;eleve;oui;02/11/2026;Luc Roux'])).body,
    ).toMatchObject({
      status: 'done',
      rowsCreated: 1,
    });
    expect((await importFile([PEOPLE[0]!])).body).toMatchObject({ rowsCreated: 0, rowsUnchanged: 1 });
  });
});
