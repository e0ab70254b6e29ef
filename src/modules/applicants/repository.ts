import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { NoticeVersion } from '../../../contracts/applicants.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { games, noticeVersions, programmes } from '../../platform/db/schema/index.js';
import { identityKeyInput, type Identity } from './domain/identity.js';
import { parisDate } from '../programmes/domain/paris-time.js';

/** The identity key of a person (TAJ-9): HMAC with the `identity-beneficiary` secret, hex. */
export function identityKey(keys: KeyStore, identity: Identity): string {
  return keys.pseudonym('identity-beneficiary', identityKeyInput(identity));
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

/**
 * The identity keys, among `keys`, of people already in another State programme for the same Games (TAJ-9):
 * as applicants or as group participants. Only a yes or no leaves this function: never which programme.
 */
export async function alreadyInAnotherProgramme(
  db: Db | Tx,
  identityKeys: readonly string[],
  programme: { id: string; games: 'olympic' | 'paralympic' | 'both' },
): Promise<Set<string>> {
  if (identityKeys.length === 0) return new Set();
  const list = sql.join(
    [...new Set(identityKeys)].map((key) => sql`${key}`),
    sql`, `,
  );
  const overlapping = programme.games === 'both' ? sql`true` : sql`p.games in ('both', ${programme.games})`;
  const rows = await selectRows<{ identity_key: string }>(
    db,
    sql`select a.identity_key from applicants a join programmes p on p.id = a.programme_id
          where a.identity_key in (${list}) and a.programme_id <> ${programme.id} and ${overlapping}
        union
        select gp.identity_key from group_participants gp
          join applicant_groups g on g.id = gp.group_id join programmes p on p.id = g.programme_id
          where gp.identity_key in (${list}) and g.programme_id <> ${programme.id} and ${overlapping}`,
  );
  return new Set(rows.map((row) => row.identity_key));
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
