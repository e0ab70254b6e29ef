import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { ConsentView, NoticeVersion } from '../../../contracts/applicants.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import type { applicants } from '../../platform/db/schema/index.js';
import { applicantConsents, games, noticeVersions, programmes } from '../../platform/db/schema/index.js';
import { consentRule } from './domain/consent.js';
import { identityKeyInput, surnameSearchKey, type Identity } from './domain/identity.js';
import { instantFromParis, parisDate } from '../programmes/domain/paris-time.js';

/** The identity key of a person (TAJ-9): HMAC with the `identity-beneficiary` secret, hex. */
export function identityKey(keys: KeyStore, identity: Identity): string {
  return keys.pseudonym('identity-beneficiary', identityKeyInput(identity));
}

/** The subject of an applicant's mails in the outbox, so that erasing the applicant erases them. */
export const mailAbout = (applicantId: string) => `applicant:${applicantId}`;

/** What every intake path writes besides the identity: the key (TAJ-9) and the searchable surname. */
export function identityColumns(keys: KeyStore, identity: Identity) {
  return {
    identityKey: identityKey(keys, identity),
    birthSurnameKey: surnameSearchKey(identity.birthSurname),
  };
}

/**
 * Takes, until the end of the transaction, the lock of each person (identity key) in a programme, in one
 * order: two requests about the same person — a form and a group's participants, two groups — run one after
 * the other, so the check that the person is not already in the programme cannot be raced.
 */
export async function lockIdentities(tx: Tx, programmeId: string, keys: readonly string[]): Promise<void> {
  const names = [...new Set(keys)].sort().map((key) => `gradins.identity.${programmeId}.${key}`);
  if (names.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(s.name, 0))
        from (select name from unnest(${sql.param(names)}::text[]) as name order by name) s`,
  );
}

/**
 * The programme-wide lock between an import and a group's participants: each batch of an import takes it
 * shared (batches run side by side), a manager entering participants takes it exclusive. Each then checks,
 * once the lock is held, what the other has committed — so the same person can never enter the programme both
 * ways at the same instant (a per-person lock would cost a thousand locks per batch).
 */
export async function lockProgrammeParticipants(
  tx: Tx,
  programmeId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  const name = `gradins.participants.${programmeId}`;
  await tx.execute(
    mode === 'shared'
      ? sql`select pg_advisory_xact_lock_shared(hashtextextended(${name}, 0))`
      : sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`,
  );
}

/**
 * The keys among `keys` already in a programme: as an applicant (individual, carer, group manager) or as a
 * participant of a group other than `exceptGroupId`. Only the keys leave, never which application holds them.
 */
export async function identitiesInProgramme(
  db: Db | Tx,
  programmeId: string,
  keys: readonly string[],
  exceptGroupId?: string,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await selectRows<{ key: string }>(
    db,
    sql`select k.key from unnest(${sql.param([...keys])}::text[]) as k(key)
        where exists (select 1 from applicants a where a.identity_key = k.key and a.programme_id = ${programmeId}
             and a.confirmed_at is not null)
          or exists (select 1 from group_participants gp join applicant_groups g on g.id = gp.group_id
            where gp.identity_key = k.key and g.programme_id = ${programmeId}
              and g.id is distinct from ${exceptGroupId ?? null}::uuid)`,
  );
  return new Set(rows.map((row) => row.key));
}

export const noticeView = (row: typeof noticeVersions.$inferSelect): NoticeVersion => ({
  id: row.id,
  kind: row.kind,
  version: row.version,
  body: row.body,
  sha256: row.sha256,
  publishedAt: row.publishedAt.toISOString(),
});

/** The version in force of each text: the newest published. */
export async function currentNotices(
  db: Db | Tx,
  now: Date,
): Promise<Map<NoticeVersion['kind'], NoticeVersion>> {
  const rows = await db
    .select()
    .from(noticeVersions)
    // A version published for later is not in force yet.
    .where(and(eq(noticeVersions.language, 'fr'), lte(noticeVersions.publishedAt, now)))
    .orderBy(desc(noticeVersions.publishedAt));
  const current = new Map<NoticeVersion['kind'], NoticeVersion>();
  for (const row of rows) if (!current.has(row.kind)) current.set(row.kind, noticeView(row));
  return current;
}

/** The day ages are counted on for a programme: the opening of the first of its Games (Paris date). */
export async function ageCountedOn(db: Db | Tx, programme: typeof programmes.$inferSelect): Promise<string> {
  const rows = await db.select().from(games);
  const covered = rows.filter((row) => programme.games === 'both' || row.code === programme.games);
  const first = covered.sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime())[0];
  return parisDate(first?.opensAt ?? new Date());
}

export async function programmeWithOperators(db: Db | Tx, programmeId: string) {
  const [programme] = await db.select().from(programmes).where(eq(programmes.id, programmeId));
  if (!programme) return undefined;
  const operators = await selectRows<{ id: string; name: string }>(
    db,
    sql`select o.id, o.name from programme_operators po join organisations o on o.id = po.operator_id
        where po.programme_id = ${programmeId} order by o.name`,
  );
  return { programme, operators };
}

/** The moment an imported consent is dated: noon in Paris on the day the operator gives (`consentement_le`). */
export const importedConsentInstant = (day: string): Date => instantFromParis(`${day}T12:00`)!;

/** The texts a person consents to when applying, with the kind of consent each one records. */
export const APPLICATION_TEXTS = [
  ['data_processing', 'privacy_notice'],
  ['usage_charter', 'usage_charter'],
  ['attendance_commitment', 'attendance_commitment'],
] as const;

/**
 * A person's consents and commitments, each on its text version (TAJ-5, TAJ-6, TAJ-20). A form or a group
 * records one row per consent; an import records, once, the operator's attestation and, per person, the day
 * of the consent and the representative: its consents are the texts in force that day, for the parties the
 * person's age required then (decision 0005).
 */
export async function consentRecords(
  db: Db | Tx,
  applicant: Pick<typeof applicants.$inferSelect, 'id' | 'channel' | 'birthDate' | 'consentedOn'>,
): Promise<ConsentView[]> {
  const rows = await db
    .select({ consent: applicantConsents, notice: noticeVersions })
    .from(applicantConsents)
    .innerJoin(noticeVersions, eq(noticeVersions.id, applicantConsents.noticeVersionId))
    .where(eq(applicantConsents.applicantId, applicant.id))
    .orderBy(applicantConsents.givenAt, applicantConsents.id);
  const views: ConsentView[] = rows.map(({ consent, notice }) => ({
    kind: consent.kind,
    party: consent.party,
    channel: consent.channel,
    noticeVersionId: notice.id,
    noticeVersion: `${notice.kind} v${notice.version}`,
    noticeSha256: notice.sha256,
    givenAt: consent.givenAt.toISOString(),
    withdrawnAt: consent.withdrawnAt?.toISOString() ?? null,
  }));
  if (applicant.channel !== 'import' || !applicant.consentedOn) return views;
  const givenAt = importedConsentInstant(applicant.consentedOn);
  const inForce = await currentNotices(db, givenAt);
  const parties = consentRule(applicant.birthDate, applicant.consentedOn)?.required ?? ['person'];
  const imported: ConsentView[] = [];
  for (const [kind, noticeKind] of APPLICATION_TEXTS) {
    const notice = inForce.get(noticeKind);
    if (!notice) continue;
    for (const party of parties) {
      imported.push({
        kind,
        party,
        channel: 'import',
        noticeVersionId: notice.id,
        noticeVersion: `${notice.kind} v${notice.version}`,
        noticeSha256: notice.sha256,
        givenAt: givenAt.toISOString(),
        withdrawnAt: null,
      });
    }
  }
  return [...imported, ...views];
}
