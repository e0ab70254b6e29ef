import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityColumns, mailAbout } from '../../src/modules/applicants/repository.js';
import { PURGE_JOB, purgeExpiredApplicantData } from '../../src/modules/privacy/retention-purge.js';
import { randomReference } from '../../src/platform/crypto/tokens.js';
import { selectRows, type Database } from '../../src/platform/db/database.js';
import {
  applicantConsents,
  applicantGroups,
  applicantImportRejections,
  applicantImports,
  applicantLinks,
  applicants,
  auditEvents,
  games,
  groupParticipantConsents,
  groupParticipants,
  mailOutbox,
  noticeVersions,
  postGamesContacts,
  programmeOperators,
  programmes,
  retentionPurges,
} from '../../src/platform/db/schema/index.js';
import { buildUser } from '../factories/accounts.js';
import { buildOperator, defaultProgramme } from '../factories/programmes.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;
const OLYMPIC_CLOSE = new Date('2030-08-11T21:00:00Z');
const PARALYMPIC_CLOSE = new Date('2030-09-08T21:00:00Z');

describe.each(databaseKinds)('the retention purge (SEC-4) on %s', (kind) => {
  let server: TestServer;
  let operator: { id: string };
  let staff: { id: string };
  /** Covers the Olympic Games only: due six months after they close. */
  let olympicOnly: { id: string };
  /** Covers both Games: due six months after the Paralympic Games close. */
  let both: { id: string };
  let notices: Map<string, string>;

  const countIn = async (table: string, where = sql`true`) =>
    Number(
      (
        await selectRows<{ n: string }>(
          server.database.db,
          sql`select count(*) as n from ${sql.raw(table)} where ${where}`,
        )
      )[0]!.n,
    );

  /**
   * A programme's data as every intake path leaves it: applicants (one opted in to the post-Games contact) with
   * consents, links and mails, a group with its manager, participants and their consents, an import with a
   * rejected line.
   */
  async function seedProgramme(programmeId: string, people: number) {
    const db = server.database.db;
    const [group] = await db
      .insert(applicantGroups)
      .values({ programmeId, operatorId: operator.id, name: 'Club de Roubaix', size: 3, mobilityNeeds: {} })
      .returning();
    const [imported] = await db
      .insert(applicantImports)
      .values({
        programmeId,
        operatorId: operator.id,
        createdBy: staff.id,
        status: 'done',
        startedAt: server.clock.now(),
        attestation: 'attesté',
        attestedAt: server.clock.now(),
      })
      .returning();
    await db.insert(applicantImportRejections).values([
      { importId: imported!.id, line: 3, reason: 'date_de_naissance invalide' },
      { importId: imported!.id, line: 7, reason: 'statuts inconnu' },
    ]);
    const rows = await db
      .insert(applicants)
      .values(
        Array.from({ length: people }, (_, index) => {
          const identity = {
            birthSurname: `Personne-${programmeId.slice(0, 4)}-${index}`,
            firstNames: 'Camille',
            birthDate: '2000-01-01',
          };
          return {
            entryRef: randomReference(),
            programmeId,
            operatorId: operator.id,
            channel: index === 0 ? ('group' as const) : ('form' as const),
            ...identity,
            ...identityColumns(server.keys, identity),
            email: `personne.${index}.${randomUUID().slice(0, 6)}@exemple.fr`,
            statuses: [],
            ...(index === 0 ? { groupId: group!.id, groupRole: 'manager' as const } : {}),
          };
        }),
      )
      .returning();
    await db.insert(applicantConsents).values(
      rows.flatMap((row, index) => [
        {
          applicantId: row.id,
          kind: 'data_processing' as const,
          party: 'person' as const,
          noticeVersionId: notices.get('privacy_notice')!,
          channel: 'form' as const,
          givenAt: server.clock.now(),
        },
        ...(index === 1
          ? [
              {
                applicantId: row.id,
                kind: 'post_games_contact' as const,
                party: 'person' as const,
                noticeVersionId: notices.get('post_games_contact')!,
                channel: 'form' as const,
                givenAt: server.clock.now(),
              },
            ]
          : []),
      ]),
    );
    await db.insert(applicantLinks).values(
      rows.map((row) => ({
        tokenHash: randomUUID(),
        applicantId: row.id,
        expiresAt: new Date(server.clock.now().getTime() + 180 * DAY),
      })),
    );
    await db.insert(mailOutbox).values(
      rows.map((row) => ({
        recipient: row.email!,
        subject: 'Votre candidature',
        textBody: 'Votre lien : https://gradins.exemple.fr/ma-candidature/secret',
        category: 'applicants.follow-up-link',
        about: mailAbout(row.id),
      })),
    );
    const participants = await db
      .insert(groupParticipants)
      .values(
        [0, 1].map((index) => {
          const identity = { birthSurname: `Élève-${index}`, firstNames: 'Lou', birthDate: '2012-05-05' };
          return {
            groupId: group!.id,
            ...identity,
            identityKey: identityColumns(server.keys, identity).identityKey,
          };
        }),
      )
      .returning();
    await db.insert(groupParticipantConsents).values(
      participants.map((participant) => ({
        participantId: participant.id,
        party: 'person' as const,
        noticeVersionId: notices.get('privacy_notice')!,
        givenAt: server.clock.now(),
      })),
    );
    return { applicants: rows, group: group!, participants, importId: imported!.id };
  }

  /** Every personal record left for a programme, table by table. */
  async function remaining(programmeId: string) {
    const inProgramme = sql.raw(`'${programmeId}'`);
    return {
      applicants: await countIn('applicants', sql`programme_id = ${inProgramme}`),
      applicantConsents: await countIn(
        'applicant_consents c',
        sql`exists (select 1 from applicants a where a.id = c.applicant_id and a.programme_id = ${inProgramme})`,
      ),
      groups: await countIn('applicant_groups', sql`programme_id = ${inProgramme}`),
      participants: await countIn(
        'group_participants gp',
        sql`exists (select 1 from applicant_groups g where g.id = gp.group_id and g.programme_id = ${inProgramme})`,
      ),
      imports: await countIn('applicant_imports', sql`programme_id = ${inProgramme}`),
    };
  }

  beforeAll(async () => {
    // The outbox sender runs once at start, then not again: moved forward, the clock would let it delete the
    // mails it sent as older than their 30 days, racing the purge that counts them.
    server = await startTestServer({ database: kind, clock: undefined, mailIntervalMs: 86_400_000 });
    server.clock.set(new Date('2030-07-01T00:00:00Z'));
    const db = server.database.db;
    await db.update(games).set({ closesAt: OLYMPIC_CLOSE }).where(eq(games.code, 'olympic'));
    await db.update(games).set({ closesAt: PARALYMPIC_CLOSE }).where(eq(games.code, 'paralympic'));
    olympicOnly = await defaultProgramme(server, 'youth');
    both = await defaultProgramme(server, 'disability');
    await db.update(programmes).set({ games: 'olympic' }).where(eq(programmes.id, olympicOnly.id));
    operator = await buildOperator(server, 'Fédération d’essai');
    await db.insert(programmeOperators).values([
      { programmeId: olympicOnly.id, operatorId: operator.id },
      { programmeId: both.id, operatorId: operator.id },
    ]);
    staff = await buildUser(server, {
      organisationId: operator.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
    });
    notices = new Map(
      (await db.select().from(noticeVersions)).map((notice) => [notice.kind as string, notice.id]),
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('erases nothing before six months have passed since the Games closed', async () => {
    await seedProgramme(olympicOnly.id, 5);
    await seedProgramme(both.id, 4);
    server.clock.set(new Date(OLYMPIC_CLOSE.getTime() + 180 * DAY)); // 9 February 2031: not yet six months
    const report = await server.jobs.runNow(PURGE_JOB);
    expect(report).toEqual({ programmes: [], postGamesContactsExpired: 0 });
    expect(await remaining(olympicOnly.id)).toEqual({
      applicants: 5,
      applicantConsents: 6,
      groups: 1,
      participants: 2,
      imports: 1,
    });
  });

  it('stopped half-way, leaves erased batches erased and counted, and the next run finishes', async () => {
    server.clock.set(new Date('2031-02-12T00:00:00Z')); // six months and a day after the Olympic closing
    const before = await countIn('applicants');
    // A database whose fourth transaction fails: the process dies in the middle of the applicants.
    let transactions = 0;
    const crashing: Database = {
      ...server.database,
      transaction: (work) => {
        transactions += 1;
        return transactions === 5
          ? Promise.reject(new Error('the process is killed'))
          : server.database.transaction(work);
      },
    };
    await expect(
      purgeExpiredApplicantData({ database: crashing, clock: server.clock }, { batchSize: 1 }),
    ).rejects.toThrow('killed');
    const [interrupted] = await server.database.db
      .select()
      .from(retentionPurges)
      .where(eq(retentionPurges.programmeId, olympicOnly.id));
    // Two participants, then one applicant erased; each batch counted with its deletion, nothing finished.
    expect(interrupted).toMatchObject({ groupParticipants: 2, applicants: 1, finishedAt: null });
    expect(await countIn('applicants')).toBe(before - 1);
    expect(await countIn('group_participant_consents gpc')).toBe(2); // the other programme's participants

    const report = (await server.jobs.runNow(PURGE_JOB)) as Awaited<
      ReturnType<typeof purgeExpiredApplicantData>
    >;
    expect(report.programmes.map((programme) => programme.programmeId)).toEqual([olympicOnly.id]);
    expect(await remaining(olympicOnly.id)).toEqual({
      applicants: 0,
      applicantConsents: 0,
      groups: 0,
      participants: 0,
      imports: 0,
    });
    expect(await countIn('applicant_import_rejections')).toBe(2); // the other programme's
    const [done] = await server.database.db
      .select()
      .from(retentionPurges)
      .where(eq(retentionPurges.programmeId, olympicOnly.id));
    expect(done).toMatchObject({
      dueAt: new Date('2031-02-11T21:00:00Z'),
      applicants: 5,
      groupParticipants: 2,
      groups: 1,
      imports: 1,
      mails: 5,
      postGamesContacts: 1,
      finishedAt: server.clock.now(),
    });
  });

  it('leaves no trace of a person: no mail, no link, only counts and an audit entry naming the programme', async () => {
    expect(await countIn('mail_outbox', sql`about like 'applicant:%'`)).toBe(4); // the other programme's
    expect(await countIn('applicant_links')).toBe(4);
    const entries = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actor, 'system:privacy-purge'));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.action).toBe('privacy.retention.purged');
      expect(entry).toMatchObject({ targetTable: 'programmes', targetIds: [olympicOnly.id] });
    }
  });

  it('keeps the address opted in to the post-Games contact twelve more months, then deletes it', async () => {
    const [kept] = await server.database.db
      .select()
      .from(postGamesContacts)
      .where(eq(postGamesContacts.programmeId, olympicOnly.id));
    expect(kept!.email).toMatch(/^personne\.1\./);
    expect(kept!.purgeAfter).toEqual(new Date('2032-02-11T21:00:00Z'));
    server.clock.set(new Date('2032-02-12T00:00:00Z'));
    const report = (await server.jobs.runNow(PURGE_JOB)) as Awaited<
      ReturnType<typeof purgeExpiredApplicantData>
    >;
    expect(report.postGamesContactsExpired).toBeGreaterThanOrEqual(1);
    expect(await countIn('post_games_contacts', sql`purge_after <= '2032-02-12T00:00:00Z'`)).toBe(0);
  });

  it('purges a programme covering both Games only once the last of them closed six months ago, and is idempotent', async () => {
    // Long past both closings now: the programme for both Games went with this run (previous test).
    expect(await remaining(both.id)).toEqual({
      applicants: 0,
      applicantConsents: 0,
      groups: 0,
      participants: 0,
      imports: 0,
    });
    const [row] = await server.database.db
      .select()
      .from(retentionPurges)
      .where(eq(retentionPurges.programmeId, both.id));
    expect(row).toMatchObject({
      dueAt: new Date('2031-03-08T21:00:00Z'),
      applicants: 4,
      groupParticipants: 2,
    });
    const again = (await server.jobs.runNow(PURGE_JOB)) as Awaited<
      ReturnType<typeof purgeExpiredApplicantData>
    >;
    for (const programme of again.programmes)
      expect(Object.values(programme.purged).every((count) => count === 0)).toBe(true);
    const [unchanged] = await server.database.db
      .select()
      .from(retentionPurges)
      .where(eq(retentionPurges.programmeId, both.id));
    expect(unchanged!.applicants).toBe(4);
  });
});
