import { and, eq, isNull, sql } from 'drizzle-orm';
import { IMPORT_ATTESTATION, type ImportProgress } from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { CsvRow } from '../../platform/csv/read-csv.js';
import { csvDocument } from '../../platform/csv/write-csv.js';
import { randomReference } from '../../platform/crypto/tokens.js';
import { selectRows } from '../../platform/db/database.js';
import { applicantImportRejections, applicantImports } from '../../platform/db/schema/index.js';
import { ProblemError } from '../../platform/http/problem.js';
import { checkEligibility } from '../programmes/domain/eligibility.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import type { Acting, ApplicantsDeps } from './deps.js';
import { choosableEvents } from './choices.js';
import { parseApplicantRow, type ApplicantRow } from './domain/applicant-rows.js';
import { consentRule } from './domain/consent.js';
import { surnameSearchKey } from './domain/identity.js';
import { holdIdentityKey, identityKeyInUse } from './identity-key-rotation.js';
import { applicantProblems } from './problems.js';
import {
  ageCountedOn,
  identityKey,
  lockProgrammeParticipants,
  programmeWithOperators,
} from './repository.js';

const BATCH = 1_000;
/** Batches written at once on PostgreSQL: enough to keep the server busy while the next batch is checked. */
const WRITERS = 3;

export const progressView = (row: typeof applicantImports.$inferSelect): ImportProgress => ({
  id: row.id,
  status: row.status,
  bytesTotal: row.bytesTotal,
  bytesRead: row.bytesRead,
  rowsRead: row.rowsRead,
  rowsCreated: row.rowsCreated,
  rowsUnchanged: row.rowsUnchanged,
  rowsRejected: row.rowsRejected,
  failure: row.failure,
  startedAt: row.startedAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

/**
 * Opens an import for an operator and a programme: the page then sends the file and polls the progress. The
 * operator attests that each person (and a minor's legal representative) consented on the texts in force on
 * the day given per line; the attestation is stored word for word, in the language it was shown in.
 */
export async function startImport(
  deps: ApplicantsDeps,
  operatorId: string,
  input: {
    programmeId: string;
    bytesTotal?: number | undefined;
    attested: boolean;
    attestationLanguage: 'fr' | 'en';
  },
  who: Acting,
): Promise<ImportProgress> {
  if (!input.attested) throw applicantProblems.importNotAttested();
  const found = await programmeWithOperators(deps.database.db, input.programmeId);
  if (!found) throw applicantProblems.notFound({ fr: 'Ce programme', en: 'This programme' });
  if (!found.operators.some((operator) => operator.id === operatorId))
    throw applicantProblems.operatorNotInProgramme();
  const [row] = await deps.database.db
    .insert(applicantImports)
    .values({
      programmeId: input.programmeId,
      operatorId,
      createdBy: who.actor.userId,
      status: 'running',
      bytesTotal: input.bytesTotal ?? null,
      attestation: IMPORT_ATTESTATION[input.attestationLanguage],
      attestedAt: deps.clock.now(),
      startedAt: deps.clock.now(),
    })
    .returning();
  return progressView(row!);
}

export async function importProgress(
  deps: ApplicantsDeps,
  operatorId: string,
  importId: string,
): Promise<typeof applicantImports.$inferSelect> {
  const [row] = await deps.database.db
    .select()
    .from(applicantImports)
    .where(and(eq(applicantImports.id, importId), eq(applicantImports.operatorId, operatorId)));
  if (!row) throw applicantProblems.notFound({ fr: 'Cet import', en: 'This import' });
  return row;
}

interface Pending {
  line: number;
  row: ApplicantRow;
  key: string;
  /** The ranking, event ids best first. */
  eventChoices: string[];
}

/**
 * Reads the file as it arrives (TAJ-4): each line is checked (format, eligibility, consent of a minor's
 * representative), good lines are written by batches of a thousand, rejected ones are listed with their line
 * and reason (no personal value), and the progress is saved after each batch for the page to show. A person
 * already in the programme is left as is: importing a file again creates no duplicate. Each batch is one
 * transaction; a file found unreadable half-way keeps the batches before it, and importing it again once
 * fixed completes it without duplicates.
 */
export async function runImport(
  deps: ApplicantsDeps,
  operatorId: string,
  importId: string,
  rows: AsyncIterable<CsvRow>,
  bytesRead: () => number,
  who: Acting,
): Promise<ImportProgress> {
  await importProgress(deps, operatorId, importId);
  // One version of the identity secret for the whole file: a rotation finished meanwhile stops the import.
  const identityKid = identityKeyInUse(deps.keys);
  // Claimed once: a second upload of the same import, even at the same moment, finds it taken.
  const [record] = await deps.database.db
    .update(applicantImports)
    .set({ fileReceivedAt: deps.clock.now() })
    .where(
      and(
        eq(applicantImports.id, importId),
        eq(applicantImports.status, 'running'),
        isNull(applicantImports.fileReceivedAt),
      ),
    )
    .returning();
  if (!record) throw applicantProblems.importAlreadySent();
  const db = deps.database.db;
  const found = (await programmeWithOperators(db, record.programmeId))!;
  const ageDay = await ageCountedOn(db, found.programme);
  const consentDays = await consentDaysAllowed(deps);
  // The events a line may rank (`choix_epreuves`), by code as operators write them (codes are unique, any case).
  const offered = new Map(
    (await choosableEvents(db, record.programmeId, deps.clock.now())).map((event) => [
      event.code.toLowerCase(),
      event.id,
    ]),
  );
  const rankingOf = (codes: string[]): { ok: true; ids: string[] } | { ok: false; reason: string } => {
    if (codes.length > found.programme.maxEventChoices)
      return {
        ok: false,
        reason: `choix_epreuves : ${found.programme.maxEventChoices} épreuves au plus pour ce programme`,
      };
    const ids = codes.map((code) => offered.get(code.toLowerCase()));
    if (ids.some((id) => id === undefined))
      return {
        ok: false,
        reason:
          'choix_epreuves : code d’épreuve inconnu, ou épreuve non proposée par le programme ou commencée',
      };
    return { ok: true, ids: ids as string[] };
  };
  // The first 8 bytes of each key, as numbers: enough to spot a line repeated in the file (a false alarm once in
  // 10^19 pairs), light enough for a million lines.
  const seen = new Set<bigint>();
  const counts = { rowsRead: 0, rowsCreated: 0, rowsUnchanged: 0, rowsRejected: 0 };
  let pending: Pending[] = [];
  let rejections: { importId: string; line: number; reason: string }[] = [];

  const write = async (batch: Pending[], rejected: typeof rejections, read: number) => {
    await deps.database.transaction(async (tx) => {
      await holdIdentityKey(tx, deps.keys, identityKid);
      if (batch.length > 0) {
        await lockProgrammeParticipants(tx, record.programmeId, 'shared');
        // One statement, one array per column (unnest): a thousand rows bind as a dozen parameters, where an
        // INSERT … VALUES would build and bind fifteen thousand (decision 0004). The consents are the day and
        // the representative on each row, the texts those in force that day (decision 0005).
        const column = <T>(value: (entry: Pending) => T) => sql.param(batch.map(value));
        const inserted = await selectRows<{ count: number }>(
          tx,
          sql`with created as (
                insert into applicants (entry_ref, programme_id, operator_id, channel, birth_surname, birth_surname_key,
                  first_names, birth_date, email, statuses, identity_key, import_id, consented_on, representative_name,
                  event_choices)
                select r.entry_ref, ${record.programmeId}::uuid, ${operatorId}::uuid, 'import', r.birth_surname,
                  r.birth_surname_key, r.first_names, r.birth_date::date, r.email, r.statuses::jsonb, r.identity_key,
                  ${importId}::uuid, r.consented_on::date, r.representative, r.event_choices::uuid[]
                from unnest(${column(() => randomReference())}::text[], ${column((entry) => entry.row.birthSurname)}::text[],
                  ${column((entry) => surnameSearchKey(entry.row.birthSurname))}::text[],
                  ${column((entry) => entry.row.firstNames)}::text[], ${column((entry) => entry.row.birthDate)}::text[],
                  ${column((entry) => entry.row.email)}::text[], ${column((entry) => JSON.stringify(entry.row.statuses))}::text[],
                  ${column((entry) => entry.key)}::text[], ${column((entry) => entry.row.consentedOn)}::text[],
                  ${column((entry) => entry.row.representative)}::text[],
                  ${column((entry) => `{${entry.eventChoices.join(',')}}`)}::text[])
                  as r(entry_ref, birth_surname, birth_surname_key, first_names, birth_date, email, statuses,
                    identity_key, consented_on, representative, event_choices)
                -- A group's participant in the programme is already in it, like an applicant: left as is.
                where not exists (select 1 from group_participants gp join applicant_groups g on g.id = gp.group_id
                  where g.programme_id = ${record.programmeId}::uuid and gp.identity_key = r.identity_key)
                on conflict (identity_key, programme_id) where confirmed_at is not null do nothing
                returning 1)
              select count(*)::int as count from created`,
        );
        counts.rowsCreated += inserted[0]!.count;
        counts.rowsUnchanged += batch.length - inserted[0]!.count;
      }
      if (rejected.length > 0) await tx.insert(applicantImportRejections).values(rejected);
      await tx
        .update(applicantImports)
        .set({ ...counts, bytesRead: read })
        .where(eq(applicantImports.id, importId));
    });
  };

  // Batches are written while the next ones are read and checked: the checks and the database work at the same
  // time, and on PostgreSQL several batches at once, each on its own connection (PGlite has one). Lines repeated
  // in the file never reach two batches (`seen`), so concurrent batches never wait on each other's rows.
  const writers = deps.database.kind === 'postgresql' ? WRITERS : 1;
  const inFlight = new Set<Promise<void>>();
  let failed: unknown;
  const flush = async () => {
    const batch = pending;
    const rejected = rejections;
    pending = [];
    rejections = [];
    while (inFlight.size >= writers) await Promise.race(inFlight);
    if (failed) throw failed;
    const written: Promise<void> = write(batch, rejected, bytesRead())
      .catch((error: unknown) => {
        failed ??= error;
      })
      .finally(() => inFlight.delete(written));
    inFlight.add(written);
  };
  const drain = async () => {
    await Promise.all(inFlight);
    if (failed) throw failed;
  };

  const reject = (line: number, reason: string) => {
    counts.rowsRejected += 1;
    rejections.push({ importId, line, reason });
  };

  try {
    for await (const csvRow of rows) {
      counts.rowsRead += 1;
      const checked = checkRow(csvRow, found.programme.eligibility, ageDay, consentDays);
      const ranking = checked.ok ? rankingOf(checked.row.eventCodes) : checked;
      const verdict = checked.ok && ranking.ok ? { ...checked, eventChoices: ranking.ids } : undefined;
      if (!ranking.ok) reject(csvRow.line, ranking.reason);
      else if (verdict) {
        const key = identityKey(deps.keys, verdict.row);
        const prefix = BigInt(`0x${key.slice(0, 16)}`);
        if (seen.has(prefix))
          reject(csvRow.line, 'ligne en double : la même personne figure plus haut dans le fichier');
        else {
          seen.add(prefix);
          pending.push({ line: csvRow.line, row: verdict.row, key, eventChoices: verdict.eventChoices });
        }
      }
      if (pending.length + rejections.length >= BATCH) await flush();
    }
    await flush();
    await drain();
  } catch (error) {
    // The batches being written finish (or fail) first; what was read after them is written if it can be.
    await Promise.all(inFlight);
    await write(pending, rejections, bytesRead()).catch(() => undefined);
    const failure =
      error instanceof ProblemError
        ? `${error.detail.fr} Les lignes lues avant ont été traitées ; importer de nouveau le fichier corrigé ne crée pas de doublon.`
        : 'L’import s’est interrompu sur une erreur inattendue. Importez de nouveau le fichier : les lignes déjà importées ne seront pas dupliquées.';
    await db
      .update(applicantImports)
      .set({ ...counts, status: 'failed', failure, finishedAt: deps.clock.now(), bytesRead: bytesRead() })
      .where(eq(applicantImports.id, importId));
    await audit(deps, who, importId, 'failure');
    throw error;
  }
  const [done] = await db
    .update(applicantImports)
    .set({ ...counts, status: 'done', finishedAt: deps.clock.now(), bytesRead: bytesRead() })
    .where(eq(applicantImports.id, importId))
    .returning();
  await audit(deps, who, importId, 'success');
  return progressView(done!);
}

function audit(deps: ApplicantsDeps, who: Acting, importId: string, result: 'success' | 'failure') {
  return recordAuditEvent(deps.database.db, {
    actor: who.actor.userId,
    organisationId: who.actor.organisationId,
    action: 'applicants.import.finished',
    target: { table: 'applicant_imports', ids: [importId] },
    result,
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at: deps.clock.now(),
  });
}

type RowVerdict = { ok: true; row: ApplicantRow } | { ok: false; reason: string };

interface ConsentDays {
  /** The first day on which every text consented to was published (Paris date). */
  first: string;
  /** Today in Paris: a consent cannot be dated later. */
  today: string;
}

/**
 * The days a consent in the file may carry: from the day every text it covers was in force, to today. The
 * texts of a given day are then the versions in force that day (decision 0005).
 */
async function consentDaysAllowed(deps: ApplicantsDeps): Promise<ConsentDays> {
  const rows = await selectRows<{ first: Date | string | null }>(
    deps.database.db,
    sql`select max(first) as first from (
          select min(published_at) as first from notice_versions
          where language = 'fr' and kind in ('privacy_notice', 'usage_charter', 'attendance_commitment')
          group by kind) as texts`,
  );
  const first = rows[0]?.first;
  return {
    first: first ? parisDate(new Date(first)) : parisDate(deps.clock.now()),
    today: parisDate(deps.clock.now()),
  };
}

const frenchDate = (day: string) => day.split('-').reverse().join('/');

/** One line: its format, the consent a minor's representative must give, the programme's rules. */
function checkRow(
  csvRow: CsvRow,
  rules: Parameters<typeof checkEligibility>[0],
  ageDay: string,
  consentDays: ConsentDays,
): RowVerdict {
  if (csvRow.cellCountMismatch) {
    return {
      ok: false,
      reason: `${csvRow.cellCountMismatch.found} cellules au lieu de ${csvRow.cellCountMismatch.expected} : vérifiez les séparateurs de cette ligne`,
    };
  }
  const parsed = parseApplicantRow(csvRow.values);
  if (!parsed.ok) return parsed;
  const { consentedOn } = parsed.row;
  if (consentedOn > consentDays.today)
    return {
      ok: false,
      reason: 'consentement_le : date à venir (le consentement doit déjà avoir été recueilli)',
    };
  if (consentedOn < consentDays.first) {
    return {
      ok: false,
      reason: `consentement_le : antérieure au ${frenchDate(consentDays.first)}, date de publication des textes auxquels consentir`,
    };
  }
  const rule = consentRule(parsed.row.birthDate, consentedOn);
  if (!rule || rule.age > 120) return { ok: false, reason: 'date_de_naissance : âge impossible' };
  if (rule.required.includes('representative') && !parsed.row.representative) {
    return {
      ok: false,
      reason:
        'representant_legal : obligatoire pour un mineur (son consentement est requis, et celui de l’enfant s’il a moins de 15 ans)',
    };
  }
  const verdict = checkEligibility(
    rules,
    { birthDate: parsed.row.birthDate, statuses: parsed.row.statuses },
    ageDay,
  );
  if (!verdict.eligible) return { ok: false, reason: verdict.reasons.map((reason) => reason.fr).join(' ; ') };
  return { ok: true, row: parsed.row };
}

/** The rejected lines as CSV: line number and reason, nothing else (UTF-8 with BOM, semicolons). */
export async function rejectionsCsv(
  deps: ApplicantsDeps,
  operatorId: string,
  importId: string,
): Promise<string> {
  await importProgress(deps, operatorId, importId);
  const rows = await deps.database.db
    .select()
    .from(applicantImportRejections)
    .where(eq(applicantImportRejections.importId, importId))
    .orderBy(applicantImportRejections.line);

  return csvDocument([['ligne', 'motif'], ...rows.map((row) => [row.line, row.reason])]);
}
