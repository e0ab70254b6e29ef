import { asc, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Tx } from '../../platform/db/database.js';
import { games, programmes, retentionPurges } from '../../platform/db/schema/index.js';
import { deleteMailAbout } from '../../platform/mail/outbox.js';
import { mailAbout } from '../applicants/repository.js';
import type { PrivacyDeps } from './deps.js';
import { addMonths, POST_GAMES_CONTACT_MONTHS, purgeDueAt, type GamesCode } from './domain/retention.js';

export const PURGE_JOB = 'privacy-purge';
const SYSTEM = `system:${PURGE_JOB}`;
/** Rows erased per transaction: a million applicants are ten thousand at a time, never one transaction. */
export const PURGE_BATCH = 10_000;

type Counter = 'applicants' | 'groupParticipants' | 'groups' | 'imports' | 'mails' | 'postGamesContacts';
export type PurgeCounts = Record<Counter, number>;

export interface PurgeReport {
  programmes: { programmeId: string; purged: PurgeCounts }[];
  /** Post-Games contact addresses (TAJ-20) past their twelve extra months, deleted. */
  postGamesContactsExpired: number;
}

/**
 * The retention purge (SEC-4). For each programme whose Games all closed six months ago or more, erases its
 * applicants' personal data: group participants and their consents, applicants with their consents and
 * follow-up links, the mails about them in the outbox (queued or sent), groups, import reports and imports.
 * An address opted in to the post-Games contact (TAJ-20) moves to `post_games_contacts` for twelve more
 * months, and those past their end are deleted. What remains is anonymous: one `retention_purges` row per
 * programme (counts, dates) and audit entries naming the programme.
 *
 * Batched (`PURGE_BATCH` rows per transaction, the counts written with each batch) and idempotent: a run
 * stopped half-way leaves erased batches erased and the rest for the next run, which finishes the work.
 */
export async function purgeExpiredApplicantData(
  deps: PrivacyDeps,
  options: { batchSize?: number } = {},
): Promise<PurgeReport> {
  const now = deps.clock.now();
  const batchSize = options.batchSize ?? PURGE_BATCH;
  const closings = new Map(
    (await deps.database.db.select().from(games)).map((row) => [row.code as GamesCode, row.closesAt]),
  );
  const candidates = await deps.database.db
    .select({ id: programmes.id, games: programmes.games })
    .from(programmes)
    .orderBy(asc(programmes.createdAt), asc(programmes.id));
  const report: PurgeReport = { programmes: [], postGamesContactsExpired: 0 };
  for (const programme of candidates) {
    const dueAt = purgeDueAt(programme.games, closings);
    if (!dueAt || dueAt > now) continue;
    const purged = await purgeProgramme(deps, programme.id, dueAt, now, batchSize);
    report.programmes.push({ programmeId: programme.id, purged });
  }
  report.postGamesContactsExpired = await purgeExpiredContacts(deps, now, batchSize);
  return report;
}

async function purgeProgramme(
  deps: PrivacyDeps,
  programmeId: string,
  dueAt: Date,
  now: Date,
  batchSize: number,
): Promise<PurgeCounts> {
  await deps.database.db
    .insert(retentionPurges)
    .values({ programmeId, dueAt, startedAt: now })
    .onConflictDoNothing({ target: retentionPurges.programmeId });
  const total: PurgeCounts = {
    applicants: 0,
    groupParticipants: 0,
    groups: 0,
    imports: 0,
    mails: 0,
    postGamesContacts: 0,
  };
  const contactUntil = addMonths(dueAt, POST_GAMES_CONTACT_MONTHS);
  // Participants before their groups (a group of 200 would cascade 200 rows per group), applicants before
  // groups (they reference them), import reports before imports.
  const steps: ((tx: Tx) => Promise<Partial<PurgeCounts> | undefined>)[] = [
    (tx) => purgeParticipants(tx, programmeId, batchSize),
    (tx) => purgeApplicants(tx, programmeId, batchSize, contactUntil),
    (tx) => purgeGroups(tx, programmeId, batchSize),
    (tx) => purgeImports(tx, programmeId, batchSize),
  ];
  for (const step of steps) {
    for (;;) {
      const counts = await deps.database.transaction(async (tx) => {
        const counts = await step(tx);
        if (!counts) return undefined;
        await tx
          .update(retentionPurges)
          .set({
            applicants: sql`${retentionPurges.applicants} + ${counts.applicants ?? 0}`,
            groupParticipants: sql`${retentionPurges.groupParticipants} + ${counts.groupParticipants ?? 0}`,
            groups: sql`${retentionPurges.groups} + ${counts.groups ?? 0}`,
            imports: sql`${retentionPurges.imports} + ${counts.imports ?? 0}`,
            mails: sql`${retentionPurges.mails} + ${counts.mails ?? 0}`,
            postGamesContacts: sql`${retentionPurges.postGamesContacts} + ${counts.postGamesContacts ?? 0}`,
          })
          .where(eq(retentionPurges.programmeId, programmeId));
        await recordAuditEvent(tx, {
          actor: SYSTEM,
          action: 'privacy.retention.purged',
          target: { table: 'programmes', ids: [programmeId] },
          result: 'success',
          at: now,
        });
        return counts;
      });
      if (!counts) break;
      for (const [name, count] of Object.entries(counts) as [Counter, number][]) total[name] += count;
    }
  }
  await deps.database.db
    .update(retentionPurges)
    .set({ finishedAt: now })
    .where(eq(retentionPurges.programmeId, programmeId));
  return total;
}

const count = async (tx: Tx, query: ReturnType<typeof sql>) =>
  Number((await selectRows<{ n: string }>(tx, query))[0]?.n ?? 0);

/** A batch of a programme's group participants (their attested consents go with them); undefined when none is left. */
async function purgeParticipants(tx: Tx, programmeId: string, batchSize: number) {
  const n = await count(
    tx,
    sql`with erased as (
          delete from group_participants where id in (
            select gp.id from group_participants gp join applicant_groups g on g.id = gp.group_id
            where g.programme_id = ${programmeId} limit ${batchSize})
          returning 1)
        select count(*) as n from erased`,
  );
  return n > 0 ? { groupParticipants: n } : undefined;
}

/**
 * A batch of a programme's applicants, with their consents and links (cascade) and the mails about them; an
 * address opted in to the post-Games contact, and not objected since, is kept apart until `contactUntil`.
 */
async function purgeApplicants(tx: Tx, programmeId: string, batchSize: number, contactUntil: Date) {
  const ids = (
    await selectRows<{ id: string }>(
      tx,
      sql`select id from applicants where programme_id = ${programmeId} limit ${batchSize} for update`,
    )
  ).map((row) => row.id);
  if (ids.length === 0) return undefined;
  const contacts = await count(
    tx,
    sql`with kept as (
          insert into post_games_contacts (programme_id, email, notice_version_id, given_at, purge_after)
          select distinct on (a.id) a.programme_id, a.email, c.notice_version_id, c.given_at, ${contactUntil.toISOString()}::timestamptz
          from applicants a join applicant_consents c on c.applicant_id = a.id
          where a.id = any(${sql.param(ids)}::uuid[]) and a.email is not null and a.confirmed_at is not null
            and c.kind = 'post_games_contact' and c.withdrawn_at is null
          order by a.id, c.given_at desc
          returning 1)
        select count(*) as n from kept`,
  );
  const { deleted: mails } = await deleteMailAbout(tx, ids.map(mailAbout));
  await tx.execute(sql`delete from applicants where id = any(${sql.param(ids)}::uuid[])`);
  return { applicants: ids.length, mails, postGamesContacts: contacts };
}

async function purgeGroups(tx: Tx, programmeId: string, batchSize: number) {
  const n = await count(
    tx,
    sql`with erased as (
          delete from applicant_groups where id in (
            select id from applicant_groups where programme_id = ${programmeId} limit ${batchSize})
          returning 1)
        select count(*) as n from erased`,
  );
  return n > 0 ? { groups: n } : undefined;
}

/** The reports of rejected lines, a batch at a time, then the imports once their reports are gone. */
async function purgeImports(tx: Tx, programmeId: string, batchSize: number) {
  const lines = await count(
    tx,
    sql`with erased as (
          delete from applicant_import_rejections where (import_id, line) in (
            select r.import_id, r.line from applicant_import_rejections r
            join applicant_imports i on i.id = r.import_id
            where i.programme_id = ${programmeId} limit ${batchSize})
          returning 1)
        select count(*) as n from erased`,
  );
  if (lines > 0) return {};
  const imports = await count(
    tx,
    sql`with erased as (delete from applicant_imports where programme_id = ${programmeId} returning 1)
        select count(*) as n from erased`,
  );
  return imports > 0 ? { imports } : undefined;
}

async function purgeExpiredContacts(deps: PrivacyDeps, now: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deps.database.transaction(async (tx) => {
      const n = await count(
        tx,
        sql`with erased as (
              delete from post_games_contacts where id in (
                select id from post_games_contacts where purge_after <= ${now.toISOString()}::timestamptz limit ${batchSize})
              returning 1)
            select count(*) as n from erased`,
      );
      if (n > 0)
        await recordAuditEvent(tx, {
          actor: SYSTEM,
          action: 'privacy.post-games-contact.purged',
          target: { table: 'post_games_contacts', ids: [] },
          result: 'success',
          at: now,
        });
      return n;
    });
    total += n;
    if (n < batchSize) return total;
  }
}
