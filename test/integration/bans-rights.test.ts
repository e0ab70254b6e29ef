import { and, asc, eq, sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BanDataExport, BanDetail, BanRegistrySettings, RightsRequest } from '../../contracts/bans.js';
import { sendInformationLetter } from '../../src/modules/bans/information.js';
import { reencryptBans } from '../../src/modules/bans/key-rotation.js';
import { BAN_PURGE_JOB } from '../../src/modules/bans/purge.js';
import { manualClock } from '../../src/platform/clock.js';
import { fieldCipher } from '../../src/platform/crypto/field-encryption.js';
import { selectRows } from '../../src/platform/db/database.js';
import { auditEvents, banRightsRequests, bans } from '../../src/platform/db/schema/index.js';
import type { Actor } from '../../src/platform/http/actor.js';
import { parseEml } from '../../src/platform/mail/eml.js';
import { buildOrganiser, judicialBan, signedInBanOfficer, tinyPng } from '../factories/bans.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { downloadPdfText } from '../support/pdf.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const START = new Date('2026-09-15T10:00:00Z');
const SETTINGS: BanRegistrySettings = {
  controllerName: 'Association Sportive des Tribunes',
  controllerAddress: '1 avenue du Stade, 75016 Paris',
  recipients: 'le service sécurité, le service billetterie et le service juridique de l’association',
  rightsServiceAddress: 'Service des droits, 1 avenue du Stade, 75016 Paris',
  rightsServiceEmail: 'droits@tribunes.example.fr',
};
const PERSON_EMAIL = 'kevin.vautrin-lebrun@courriel.example.fr';
const REQUESTER = 'Kévin Vautrin-Lebrun, 12 rue des Tribunes, 75016 Paris';
type Problem = { type: string; errors?: { path: string; message: string }[] };
const problem = (code: string) => `urn:gradins:problem:${code}`;

/** The text of a PDF, white space runs made one space (as `downloadPdfText`). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** The attachment of a received message (base64 part of type `application/pdf`), decoded. */
function pdfAttachment(raw: string): Buffer | undefined {
  const part = /Content-Type: application\/pdf[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/i.exec(raw);
  return part ? Buffer.from(part[1]!.replace(/\s+/g, ''), 'base64') : undefined;
}

/**
 * Information and rights (BAN-5, AU-42 art. 6): the registry's settings, the information letter (PDF and
 * e-mail, the address never stored), the register of rights requests with due dates and outcomes, the export of
 * a person's data, the retention of answered requests and their re-encryption after a key rotation.
 */
describe.each(databaseKinds)('information and rights of people in the ban registry (BAN-5) on %s', (kind) => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let organiser: { id: string };
  let officer: ApiClient;
  let officerId: string;
  let ban: BanDetail;
  const url = (path = '', organiserId = organiser.id) => `/api/v1/organisers/${organiserId}${path}`;
  const auditOf = (action: string) =>
    server.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.actor, officerId)))
      .orderBy(asc(auditEvents.id));
  const newRequest = (body: Record<string, unknown>) =>
    officer.post<RightsRequest & Problem>(url('/rights-requests'), {
      kind: 'access',
      receivedOn: '2026-09-15',
      requester: REQUESTER,
      banId: ban.id,
      ...body,
    });
  const answer = (id: string, body: Record<string, unknown>) =>
    officer.post<RightsRequest & Problem>(url(`/rights-requests/${id}/answer`), body);

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({
      database: kind,
      clock: manualClock(START),
      config: { smtpUrl: smtp.url },
    });
    organiser = await buildOrganiser(server);
    const signed = await signedInBanOfficer(server, organiser.id);
    officer = signed.client;
    officerId = signed.user.id;
    ban = (await officer.post<BanDetail>(url('/bans'), judicialBan())).body;
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('refuses the letter until the registry names its controller, recipients and rights service; checks the settings', async () => {
    const unset = await officer.get<Problem>(url('/ban-registry'));
    expect(unset.status).toBe(404);
    expect(unset.body.type).toBe(problem('ban-registry-not-set'));
    const letter = await downloadPdfText(officer, url(`/bans/${ban.id}/information-letter.pdf`));
    expect(letter.status).toBe(409);
    const sent = await officer.post<Problem>(url(`/bans/${ban.id}/information-letter`), { channel: 'post' });
    expect([sent.status, sent.body.type]).toEqual([409, problem('ban-registry-not-set')]);
    expect((await officer.get<BanDetail>(url(`/bans/${ban.id}`))).body.informedAt).toBeNull();

    const wrong = await officer.request<Problem>('PUT', url('/ban-registry'), {
      ...SETTINGS,
      recipients: '',
      rightsServiceEmail: 'pas une adresse',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe(problem('ban-registry-invalid'));
    expect(wrong.body.errors?.map((error) => error.path).sort()).toEqual([
      'body.recipients',
      'body.rightsServiceEmail',
    ]);
    expect((await officer.get(url('/ban-registry'))).status).toBe(404);

    const set = await officer.request<BanRegistrySettings>('PUT', url('/ban-registry'), SETTINGS);
    expect(set.status).toBe(200);
    expect((await officer.get<BanRegistrySettings>(url('/ban-registry'))).body).toEqual(SETTINGS);
    expect((await auditOf('bans.registry.changed')).map((entry) => entry.targetIds)).toEqual([
      [organiser.id],
    ]);
  });

  it('gives the information letter as a French PDF naming everything AU-42 art. 6 requires, its reading audited', async () => {
    const response = await fetch(`${server.url}${url(`/bans/${ban.id}/information-letter.pdf`)}`, {
      headers: { cookie: officer.cookie! },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    for (const expected of [
      'Kévin VAUTRIN-LEBRUN', // addressed to the person
      '12 rue des Tribunes',
      'né(e) le 12 avril 1990 à Boulogne-Billancourt',
      'interdiction judiciaire de stade',
      'du 1er juin 2026 au 31 mai 2028 inclus', // the measure's period
      SETTINGS.controllerName,
      SETTINGS.controllerAddress,
      'service sécurité, le service billetterie', // the recipients
      'ne pas fournir de titre', // the purpose, AU-42 art. 2
      'Vos données ne servent à aucun autre usage',
      'droit de rectification',
      'opposition pour un motif légitime',
      SETTINGS.rightsServiceAddress,
      SETTINGS.rightsServiceEmail,
      'effacées automatiquement à la fin de l’interdiction, le 1er juin 2028',
      'infirmée ou amnistiée',
      'CNIL',
      'Les motifs de l’interdiction ne sont pas enregistrés',
    ])
      expect(text, expected).toContain(expected);
    expect((await auditOf('bans.letter.read')).map((entry) => entry.targetIds)).toEqual([[ban.id]]);
  });

  it('e-mails the letter over SMTP (PDF attached) and records it; the address is in no table nor the audit trail', async () => {
    const at = server.clock.now().toISOString();
    const sent = await officer.post<BanDetail>(url(`/bans/${ban.id}/information-letter`), {
      channel: 'email',
      email: PERSON_EMAIL,
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ id: ban.id, informedAt: at, informedBy: 'email' });
    expect((await officer.get<BanDetail>(url(`/bans/${ban.id}`))).body).toMatchObject({
      informedAt: at,
      informedBy: 'email',
    });

    // Delivered during the request, over a real SMTP conversation: no outbox row waits.
    const mine = smtp.received.filter((message) => message.envelope.to.includes(PERSON_EMAIL));
    expect(mine).toHaveLength(1);
    const mail = parseEml(mine[0]!.raw);
    expect(mail.to).toBe(PERSON_EMAIL);
    expect(mail.subject).toContain('registre des interdictions de stade');
    expect(mail.text).toContain(SETTINGS.rightsServiceEmail);
    expect(mail.text).toContain('opposition pour un motif légitime');
    const attached = pdfAttachment(mine[0]!.raw);
    expect(attached?.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await pdfText(new Uint8Array(attached!))).toContain(SETTINGS.controllerName);

    // Every table (the audit trail and the outbox included), searched over whole rows.
    const tables = await selectRows<{ schema: string; name: string }>(
      server.database.db,
      sql`select table_schema as schema, table_name as name from information_schema.tables
          where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['audit_events', 'mail_outbox']),
    );
    const found: string[] = [];
    for (const table of tables) {
      const [row] = await selectRows<{ n: number }>(
        server.database.db,
        sql`select count(*)::int as n from ${sql.identifier(table.schema)}.${sql.identifier(table.name)} t
            where t::text ilike ${'%courriel.example.fr%'}`,
      );
      if (Number(row!.n) > 0) found.push(table.name);
    }
    expect(found).toEqual([]);
    expect((await auditOf('bans.letter.sent')).map((entry) => entry.targetIds)).toEqual([[ban.id]]);
  });

  it('records a letter posted or handed over; refuses an address without e-mail, and any extra field', async () => {
    for (const [body, code] of [
      [{ channel: 'email' }, 'ban-letter-invalid'],
      [{ channel: 'post', email: PERSON_EMAIL }, 'ban-letter-invalid'],
      [{ channel: 'pigeon' }, 'ban-letter-invalid'],
      [{ channel: 'post', motif: 'rappel' }, 'ban-field-not-allowed'],
    ] as const) {
      const refused = await officer.post<Problem>(url(`/bans/${ban.id}/information-letter`), body);
      expect([refused.status, refused.body.type], JSON.stringify(body)).toEqual([400, problem(code)]);
    }
    server.clock.advance(60_000);
    const handed = await officer.post<BanDetail>(url(`/bans/${ban.id}/information-letter`), {
      channel: 'in_person',
    });
    expect(handed.body).toMatchObject({
      informedBy: 'in_person',
      informedAt: server.clock.now().toISOString(),
    });
    const unknownBan = await officer.post<Problem>(url(`/bans/${crypto.randomUUID()}/information-letter`), {
      channel: 'post',
    });
    expect([unknownBan.status, unknownBan.body.type]).toEqual([404, problem('ban-not-found')]);
  });

  it('counts no one as informed when the mail server refuses the letter', async () => {
    const other = (await officer.post<BanDetail>(url('/bans'), judicialBan({ surname: 'Refus' }))).body;
    const refusing = {
      database: server.database,
      clock: server.clock,
      keys: server.keys,
      cipher: fieldCipher(server.keys),
      publicUrl: () => server.url,
      mailTransport: () => ({
        kind: 'smtp' as const,
        deliver: () => Promise.reject(new Error(`550 <${PERSON_EMAIL}>: unknown user`)),
        close: () => undefined,
      }),
    };
    const who = {
      actor: { userId: officerId, organisationId: organiser.id } as Actor,
      requestId: 'test',
      sourceIp: '127.0.0.1',
    };
    await expect(
      sendInformationLetter(refusing, organiser.id, other.id, { channel: 'email', email: PERSON_EMAIL }, who),
    ).rejects.toMatchObject({ status: 502, code: 'ban-letter-not-delivered' });
    const [row] = await server.database.db.select().from(bans).where(eq(bans.id, other.id));
    expect([row!.informedAt, row!.informedBy]).toEqual([null, null]);
  });

  it('registers rights requests due one calendar month after receipt, the requester encrypted at rest', async () => {
    // 31 January → 28 February (29 in a leap year): the last day of a month without a 31st.
    const january = await newRequest({ receivedOn: '2026-01-31' });
    expect(january.status).toBe(201);
    expect(january.body).toMatchObject({
      kind: 'access',
      receivedOn: '2026-01-31',
      dueOn: '2026-02-28',
      overdue: true,
      requester: REQUESTER,
      banId: ban.id,
      status: 'open',
      outcome: null,
    });
    expect((await newRequest({ receivedOn: '2024-01-31', kind: 'opposition' })).body.dueOn).toBe(
      '2024-02-29',
    );
    expect((await newRequest({ receivedOn: '2026-04-30', banId: null })).body).toMatchObject({
      dueOn: '2026-05-30',
      banId: null,
    });
    const [raw] = await selectRows<Record<string, unknown>>(
      server.database.db,
      sql`select * from ban_rights_requests where id = ${january.body.id}`,
    );
    const text = JSON.stringify(raw).toLowerCase();
    for (const secret of ['vautrin', 'kévin', 'kevin', 'tribunes'])
      expect(text, secret).not.toContain(secret);
    expect(String(raw!.requester_encrypted)).toMatch(/^v1\.field-encryption-[0-9a-f]+\./);
    expect(raw!.key_id).toBe(server.keys.secret('field-encryption').kid);
    expect((await auditOf('bans.rights.created')).flatMap((entry) => entry.targetIds)).toContain(
      january.body.id,
    );
  });

  it('refuses a field for grounds or comments, a date to come, and a ban of another registry; nothing stored', async () => {
    const count = async () => (await server.database.db.select().from(banRightsRequests)).length;
    const before = await count();
    const grounds = await newRequest({ kind: 'opposition', motif: 'je conteste la mesure' });
    expect(grounds.status).toBe(400);
    expect(grounds.body.type).toBe(problem('ban-field-not-allowed'));
    expect(grounds.body.errors?.map((error) => error.path)).toEqual(['body.motif']);
    const english = await officer.request<{ detail: string }>(
      'POST',
      url('/rights-requests'),
      { kind: 'access', receivedOn: '2026-09-01', requester: 'X', commentaire: 'x' },
      { 'accept-language': 'en' },
    );
    expect(english.body.detail).toMatch(
      /neither the reasons of a ban or of an opposition, nor any free comment/,
    );
    const future = await newRequest({ receivedOn: '2026-09-16' });
    expect([future.status, future.body.type]).toEqual([400, problem('rights-request-invalid')]);
    expect(future.body.errors?.map((error) => error.path)).toEqual(['body.receivedOn']);
    const impossible = await newRequest({ receivedOn: '2026-02-30' });
    expect(impossible.body.type).toBe(problem('rights-request-invalid'));
    const unknownKind = await newRequest({ kind: 'erasure' });
    expect(unknownKind.body.type).toBe(problem('rights-request-invalid'));

    const otherOrganiser = await buildOrganiser(server);
    const otherOfficer = (await signedInBanOfficer(server, otherOrganiser.id)).client;
    const foreign = await otherOfficer.post<Problem>(url('/rights-requests', otherOrganiser.id), {
      kind: 'access',
      receivedOn: '2026-09-15',
      requester: 'Quelqu’un',
      banId: ban.id,
    });
    expect([foreign.status, foreign.body.type]).toEqual([404, problem('ban-not-found')]);
    expect(await count()).toBe(before);
  });

  it('records one answer that fits the kind of request; answering twice is a conflict', async () => {
    const request = (await newRequest({ kind: 'rectification', receivedOn: '2026-09-10' })).body;
    for (const [body, code] of [
      [{ outcome: 'data_sent', answeredOn: '2026-09-15' }, 'rights-outcome-invalid'],
      [{ outcome: 'opposition_rejected', answeredOn: '2026-09-15' }, 'rights-outcome-invalid'],
      // It names a ban of the registry: the person is in it.
      [{ outcome: 'not_in_registry', answeredOn: '2026-09-15' }, 'rights-outcome-invalid'],
      [{ outcome: 'rectified', answeredOn: '2026-09-09' }, 'rights-request-invalid'],
      [{ outcome: 'rectified', answeredOn: '2026-09-16' }, 'rights-request-invalid'],
      [
        { outcome: 'rectified', answeredOn: '2026-09-15', commentaire: 'adresse corrigée' },
        'ban-field-not-allowed',
      ],
    ] as const) {
      const refused = await answer(request.id, body);
      expect([refused.status, refused.body.type], JSON.stringify(body)).toEqual([400, problem(code)]);
    }
    const answered = await answer(request.id, { outcome: 'rectified', answeredOn: '2026-09-15' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'answered',
      outcome: 'rectified',
      answeredOn: '2026-09-15',
      overdue: false,
    });
    const again = await answer(request.id, { outcome: 'rectification_refused', answeredOn: '2026-09-15' });
    expect([again.status, again.body.type]).toEqual([409, problem('rights-request-already-answered')]);
    expect((await officer.get<RightsRequest>(url(`/rights-requests/${request.id}`))).body.outcome).toBe(
      'rectified',
    );
    expect((await auditOf('bans.rights.answered')).map((entry) => entry.targetIds)).toEqual([[request.id]]);
    expect((await auditOf('bans.rights.read')).flatMap((entry) => entry.targetIds)).toContain(request.id);

    // A request about no ban of the registry is answered « not in the registry ».
    const stranger = (await newRequest({ kind: 'opposition', banId: null, requester: 'Inconnu' })).body;
    expect((await answer(stranger.id, { outcome: 'not_in_registry', answeredOn: '2026-09-15' })).status).toBe(
      200,
    );
    const missing = await officer.get<Problem>(url(`/rights-requests/${crypto.randomUUID()}`));
    expect([missing.status, missing.body.type]).toEqual([404, problem('rights-request-not-found')]);
  });

  it('lists the register by due date, open or answered, a request overdue from the Paris day after its due day', async () => {
    const fresh = (await newRequest({ receivedOn: '2026-09-15' })).body;
    expect(fresh).toMatchObject({ dueOn: '2026-10-15', overdue: false });
    const open = (await officer.get<RightsRequest[]>(url('/rights-requests?status=open'))).body;
    expect(open.every((entry) => entry.status === 'open')).toBe(true);
    expect(open.map((entry) => entry.dueOn)).toEqual(open.map((entry) => entry.dueOn).sort());
    expect(open.map((entry) => entry.id)).toContain(fresh.id);
    const answered = (await officer.get<RightsRequest[]>(url('/rights-requests?status=answered'))).body;
    expect(answered.length).toBe(2);
    expect(answered.every((entry) => entry.status === 'answered' && !entry.overdue)).toBe(true);
    expect((await officer.get<RightsRequest[]>(url('/rights-requests'))).body.length).toBe(
      open.length + answered.length,
    );
    expect((await officer.get<Problem>(url('/rights-requests?status=late'))).status).toBe(400);
    const [listed] = await auditOf('bans.rights.listed');
    expect(listed?.targetIds).toEqual(open.map((entry) => entry.id));

    try {
      server.clock.set(new Date('2026-10-15T21:50:00Z')); // 23:50 on the due day in Paris
      // A month later the morning's session has lapsed: the officer signs in again.
      const later = (await signedInBanOfficer(server, organiser.id)).client;
      const overdue = async () =>
        (await later.get<RightsRequest>(url(`/rights-requests/${fresh.id}`))).body.overdue;
      expect(await overdue()).toBe(false);
      server.clock.set(new Date('2026-10-15T22:05:00Z')); // 00:05 the day after in Paris
      expect(await overdue()).toBe(true);
      const late = await later.post<RightsRequest>(url(`/rights-requests/${fresh.id}/answer`), {
        outcome: 'data_sent',
        answeredOn: '2026-10-16',
      });
      expect(late.body).toMatchObject({ status: 'answered', overdue: false });
      expect(await overdue()).toBe(false);
    } finally {
      server.clock.set(START);
    }
  });

  it('exports everything the registry holds on the person (right of access), audited as an export', async () => {
    const photo = await fetch(`${server.url}${url(`/bans/${ban.id}/photo`)}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png', cookie: officer.cookie!, 'x-csrf-token': officer.csrfToken! },
      body: tinyPng(),
    });
    expect(photo.status).toBe(200);
    const exported = await officer.get<BanDataExport>(url(`/bans/${ban.id}/export`));
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({
      exportedAt: START.toISOString(),
      controller: SETTINGS,
      ban: {
        id: ban.id,
        identity: judicialBan().identity,
        measure: judicialBan().measure,
        startsOn: '2026-06-01',
        lastDay: '2028-05-31',
        status: 'in_force',
        informedBy: 'in_person',
        hasPhoto: true,
      },
    });
    const linked = await server.database.db
      .select({ id: banRightsRequests.id })
      .from(banRightsRequests)
      .where(eq(banRightsRequests.banId, ban.id));
    expect(exported.body.rightsRequests.map((entry) => entry.id).sort()).toEqual(
      linked.map((row) => row.id).sort(),
    );
    expect(exported.body.rightsRequests.every((entry) => entry.requester === REQUESTER)).toBe(true);
    expect(JSON.stringify(exported.body)).not.toMatch(/"image|base64|iVBOR/);
    // The entry names the ban and every rights request the export shows.
    expect(linked.length).toBeGreaterThan(0);
    expect((await auditOf('bans.ban.exported')).map((entry) => entry.targetIds)).toEqual([
      [ban.id, ...exported.body.rightsRequests.map((entry) => entry.id)],
    ]);
    const gone = await officer.get<Problem>(url(`/bans/${crypto.randomUUID()}/export`));
    expect([gone.status, gone.body.type]).toEqual([404, problem('ban-not-found')]);
  });

  it('keeps a request when its ban is deleted, without the link to it', async () => {
    const amnestied = (await officer.post<BanDetail>(url('/bans'), judicialBan({ surname: 'Amnistie' })))
      .body;
    const request = (await newRequest({ banId: amnestied.id, requester: 'Amnistié' })).body;
    expect((await officer.delete(url(`/bans/${amnestied.id}?cause=amnestied`))).status).toBe(204);
    expect((await officer.get<RightsRequest>(url(`/rights-requests/${request.id}`))).body).toMatchObject({
      banId: null,
      status: 'open',
    });
  });

  it('re-encrypts the requesters under an older field-encryption key after a rotation', async () => {
    const request = (await newRequest({ requester: 'Rotation Inès' })).body;
    const { kid } = await server.keys.prepareSecret('field-encryption', server.clock.now());
    await server.keys.activateSecret(kid);
    const deps = {
      database: server.database,
      clock: server.clock,
      keys: server.keys,
      cipher: fieldCipher(server.keys),
      publicUrl: () => server.url,
    };
    const requests = (await server.database.db.select().from(banRightsRequests)).length;
    const done = await reencryptBans(deps);
    expect(done.rightsRequests).toBe(requests);
    const stale = await server.database.db
      .select()
      .from(banRightsRequests)
      .where(
        sql`${banRightsRequests.keyId} <> ${kid} or ${banRightsRequests.requesterEncrypted} not like ${`v1.${kid}.%`}`,
      );
    expect(stale).toEqual([]);
    expect((await officer.get<RightsRequest>(url(`/rights-requests/${request.id}`))).body.requester).toBe(
      'Rotation Inès',
    );
    expect((await reencryptBans(deps)).rightsRequests).toBe(0);
  });

  it('deletes answered requests 12 months after their answer, in the ban-purge job; open ones stay', async () => {
    const answeredIds = (
      await officer.get<RightsRequest[]>(url('/rights-requests?status=answered'))
    ).body.map((entry) => entry.id);
    // Answered on 15 September 2026 (two) and 16 October 2026 (one).
    expect(answeredIds).toHaveLength(3);
    const openBefore = (await officer.get<RightsRequest[]>(url('/rights-requests?status=open'))).body.length;
    try {
      server.clock.set(new Date('2027-09-14T10:00:00Z'));
      expect(await server.jobs.runNow(BAN_PURGE_JOB)).toMatchObject({ bans: 0, rightsRequests: 0 });
      server.clock.set(new Date('2027-09-15T10:00:00Z'));
      const report = await server.jobs.runNow(BAN_PURGE_JOB);
      expect(report).toEqual({ at: server.clock.now().toISOString(), bans: 0, photos: 0, rightsRequests: 2 });
      const later = (await signedInBanOfficer(server, organiser.id)).client;
      const left = (await later.get<RightsRequest[]>(url('/rights-requests?status=answered'))).body;
      expect(left.map((entry) => entry.answeredOn)).toEqual(['2026-10-16']);
      expect((await later.get<RightsRequest[]>(url('/rights-requests?status=open'))).body.length).toBe(
        openBefore,
      );
      const [purged] = await server.database.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'bans.rights.purged'));
      expect(purged).toMatchObject({ actor: `system:${BAN_PURGE_JOB}`, organisationId: organiser.id });
      expect([...purged!.targetIds!].sort()).toEqual(answeredIds.filter((id) => id !== left[0]!.id).sort());
      server.clock.set(new Date('2027-10-16T10:00:00Z'));
      expect(await server.jobs.runNow(BAN_PURGE_JOB)).toMatchObject({ rightsRequests: 1 });
    } finally {
      server.clock.set(START);
    }
  });
});
