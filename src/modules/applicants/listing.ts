import { sql } from 'drizzle-orm';
import type { ApplicantDetail, ApplicantSummary } from '../../../contracts/applicants.js';
import { selectRows } from '../../platform/db/database.js';
import type { ApplicantsDeps } from './deps.js';
import { LIST_COUNT_LIMIT } from '../../../contracts/applicants.js';
import { surnameSearchKey } from './domain/identity.js';
import { applicantProblems } from './problems.js';
import { consentRecords } from './repository.js';

interface ListQuery {
  programmeId?: string | undefined;
  search?: string | undefined;
  channel?: 'import' | 'form' | 'group' | undefined;
  alreadyBeneficiary?: 'true' | 'false' | undefined;
  after?: string | undefined;
  limit: number;
}

interface Row {
  id: string;
  entry_ref: string;
  programme_id: string;
  channel: ApplicantSummary['channel'];
  birth_surname: string;
  birth_surname_key: string;
  first_names: string;
  birth_date: string;
  created_at: Date | string;
  carer_role: 'person' | 'carer' | null;
  partner_entry_ref: string | null;
  already_beneficiary: boolean;
  group_id: string | null;
  group_name: string | null;
  group_size: number | null;
  mobility_needs: Record<string, number> | null;
}

/**
 * The same person in another State programme for overlapping Games (TAJ-9), as confirmed applicant or group
 * participant: the one definition of the flag, for the filter and for the column. Only a yes or no leaves it.
 * An application waiting for its address to be confirmed counts for nothing, here or anywhere.
 */
const inAnotherProgramme = sql`exists (
  select 1 from applicants o join programmes op on op.id = o.programme_id
  where o.identity_key = a.identity_key and o.programme_id <> a.programme_id and o.confirmed_at is not null
    and (op.games = 'both' or p.games = 'both' or op.games = p.games)
  union all
  select 1 from group_participants gp join applicant_groups og on og.id = gp.group_id
    join programmes op on op.id = og.programme_id
  where gp.identity_key = a.identity_key and og.programme_id <> a.programme_id
    and (op.games = 'both' or p.games = 'both' or op.games = p.games))`;

/**
 * An operator's applicants (TAJ-4, TAJ-7): people it brought in, and group managers with their group's name,
 * size and mobility counts — never a group's participants. Ordered by the normalised birth surname (so
 * « Élodie » sorts with « Elodie »), searched by its prefix without accents (« Helene » finds « Hélène »),
 * paged by a cursor (the last surname key and id): both walk the index `applicants_operator_*`, so the
 * millionth row costs what the first does. The total is counted on the first page only, and up to
 * `LIST_COUNT_LIMIT` rows (beyond: "more than").
 */
export async function listApplicants(deps: ApplicantsDeps, operatorId: string, query: ListQuery) {
  const conditions = [
    sql`a.operator_id = ${operatorId}`,
    sql`coalesce(a.group_role, 'manager') = 'manager'`,
    sql`a.confirmed_at is not null`,
  ];
  if (query.programmeId) conditions.push(sql`a.programme_id = ${query.programmeId}`);
  if (query.channel) conditions.push(sql`a.channel = ${query.channel}`);
  if (query.search) {
    const search = query.search.trim();
    const prefix = surnameSearchKey(search).replace(/[\\%_]/g, '\\$&');
    conditions.push(
      /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/i.test(search)
        ? sql`a.entry_ref = ${search.toUpperCase()}`
        : sql`a.birth_surname_key collate "C" like ${`${prefix}%`}`,
    );
  }
  if (query.alreadyBeneficiary === 'true') conditions.push(inAnotherProgramme);
  if (query.alreadyBeneficiary === 'false') conditions.push(sql`not ${inAnotherProgramme}`);
  const filtered = sql.join(conditions, sql` and `);
  const cursor = decodeCursor(query.after);
  const page = cursor
    ? sql`${filtered} and (a.birth_surname_key collate "C", a.id) > (${cursor.surname} collate "C", ${cursor.id}::uuid)`
    : filtered;
  const rows = await selectRows<Row>(
    deps.database.db,
    sql`select a.id, a.entry_ref, a.programme_id, a.channel, a.birth_surname, a.birth_surname_key,
          a.first_names, a.birth_date::text as birth_date, a.created_at, a.carer_role,
          (select pa.entry_ref from applicants pa where pa.carer_pair_id = a.carer_pair_id and pa.id <> a.id
            limit 1) as partner_entry_ref,
          ${inAnotherProgramme} as already_beneficiary,
          g.id as group_id, g.name as group_name, g.size as group_size, g.mobility_needs
        from applicants a join programmes p on p.id = a.programme_id
        left join applicant_groups g on g.id = a.group_id
        where ${page}
        order by a.birth_surname_key collate "C", a.id
        limit ${query.limit + 1}`,
  );
  // Counted once, on the first page, and never past the limit: the following pages cost no count at all.
  let total: number | null = null;
  if (!cursor) {
    const [counted] = (await selectRows<{ total: string }>(
      deps.database.db,
      sql`select count(*) as total from (select 1 from applicants a join programmes p on p.id = a.programme_id
            where ${filtered} limit ${LIST_COUNT_LIMIT + 1}) capped`,
    )) as [{ total: string }];
    total = Math.min(Number(counted.total), LIST_COUNT_LIMIT);
    if (Number(counted.total) > LIST_COUNT_LIMIT) return pageOf(rows, query.limit, total, true);
  }
  return pageOf(rows, query.limit, total, false);
}

function pageOf(rows: Row[], limit: number, total: number | null, totalIsLowerBound: boolean) {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map(summaryOf),
    total,
    totalIsLowerBound,
    next: rows.length > limit && last ? encodeCursor(last.birth_surname_key, last.id) : null,
  };
}

function summaryOf(row: Row): ApplicantSummary {
  return {
    id: row.id,
    entryRef: row.entry_ref,
    programmeId: row.programme_id,
    channel: row.channel,
    birthSurname: row.birth_surname,
    firstNames: row.first_names,
    birthDate: row.birth_date,
    group:
      row.group_id && row.group_name !== null
        ? {
            id: row.group_id,
            name: row.group_name,
            size: row.group_size!,
            mobilityNeeds: row.mobility_needs ?? {},
          }
        : null,
    alreadyBeneficiary: row.already_beneficiary,
    carerPair:
      row.carer_role && row.partner_entry_ref
        ? { role: row.carer_role, partnerEntryRef: row.partner_entry_ref }
        : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const encodeCursor = (surname: string, id: string) =>
  Buffer.from(JSON.stringify([surname, id])).toString('base64url');
function decodeCursor(after: string | undefined): { surname: string; id: string } | undefined {
  if (!after) return undefined;
  try {
    const [surname, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
    if (
      typeof surname === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    )
      return { surname, id };
  } catch {
    // An unreadable cursor starts from the beginning.
  }
  return undefined;
}

/** One applicant as the operator sees them (a group manager: never the participants). */
export async function applicantDetail(
  deps: ApplicantsDeps,
  operatorId: string,
  applicantId: string,
): Promise<ApplicantDetail> {
  const rows = await selectRows<
    Row & { email: string | null; statuses: ApplicantDetail['statuses']; consented_on: string | null }
  >(
    deps.database.db,
    sql`select a.id, a.entry_ref, a.programme_id, a.channel, a.birth_surname,
          a.first_names, a.birth_date::text as birth_date, a.created_at, a.email, a.statuses,
          a.consented_on::text as consented_on,
          a.carer_role,
          (select pa.entry_ref from applicants pa where pa.carer_pair_id = a.carer_pair_id and pa.id <> a.id
            limit 1) as partner_entry_ref,
          ${inAnotherProgramme} as already_beneficiary,
          g.id as group_id, g.name as group_name, g.size as group_size, g.mobility_needs
        from applicants a join programmes p on p.id = a.programme_id
        left join applicant_groups g on g.id = a.group_id
        where a.id = ${applicantId} and a.operator_id = ${operatorId}
          and coalesce(a.group_role, 'manager') = 'manager' and a.confirmed_at is not null`,
  );
  const row = rows[0];
  if (!row) throw applicantProblems.notFound({ fr: 'Ce candidat', en: 'This applicant' });
  const consents = await consentRecords(deps.database.db, {
    id: row.id,
    channel: row.channel,
    birthDate: row.birth_date,
    consentedOn: row.consented_on,
  });
  return {
    ...summaryOf(row),
    email: row.email,
    statuses: row.statuses,
    consents,
  };
}
