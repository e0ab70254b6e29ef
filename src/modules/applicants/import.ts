import { and, eq } from 'drizzle-orm';
import type { ImportProgress } from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { CsvRow } from '../../platform/csv/read-csv.js';
import { randomReference } from '../../platform/crypto/tokens.js';
import {
  applicantConsents,
  applicantImportRejections,
  applicantImports,
  applicants,
} from '../../platform/db/schema/index.js';
import { ProblemError } from '../../platform/http/problem.js';
import { checkEligibility } from '../programmes/domain/eligibility.js';
import { instantFromParis } from '../programmes/domain/paris-time.js';
import type { Acting, ApplicantsDeps } from './deps.js';
import { parseApplicantRow, type ApplicantRow } from './domain/applicant-rows.js';
import { consentRule } from './domain/consent.js';
import { applicantProblems } from './problems.js';
import { ageCountedOn, currentNotices, identityKey, programmeWithOperators } from './repository.js';

const BATCH = 1_000;

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
 * operator attests that each person (and a minor's legal representative) consented on the texts in force.
 */
export async function startImport(
  deps: ApplicantsDeps,
  operatorId: string,
  input: { programmeId: string; bytesTotal?: number | undefined },
  who: Acting,
): Promise<ImportProgress> {
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
  parties: readonly ('person' | 'representative')[];
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
  const record = await importProgress(deps, operatorId, importId);
  if (record.status !== 'running' || record.rowsRead > 0) throw applicantProblems.importAlreadySent();
  const db = deps.database.db;
  const found = (await programmeWithOperators(db, record.programmeId))!;
  const ageDay = await ageCountedOn(db, found.programme);
  const notices = await currentNotices(db);
  const noticeIds = {
    privacy: notices.get('privacy_notice')!.id,
    charter: notices.get('usage_charter')!.id,
    attendance: notices.get('attendance_commitment')!.id,
  };
  // Key prefixes of 12 bytes: enough to spot a line repeated in the file, light enough for a million lines.
  const seen = new Set<string>();
  const counts = { rowsRead: 0, rowsCreated: 0, rowsUnchanged: 0, rowsRejected: 0 };
  let pending: Pending[] = [];
  let rejections: { importId: string; line: number; reason: string }[] = [];

  const flush = async () => {
    const batch = pending;
    const rejected = rejections;
    pending = [];
    rejections = [];
    await deps.database.transaction(async (tx) => {
      if (batch.length > 0) {
        const inserted = await tx
          .insert(applicants)
          .values(
            batch.map(({ row, key }) => ({
              entryRef: randomReference(),
              programmeId: record.programmeId,
              operatorId,
              channel: 'import' as const,
              birthSurname: row.birthSurname,
              firstNames: row.firstNames,
              birthDate: row.birthDate,
              email: row.email,
              statuses: row.statuses,
              identityKey: key,
              importId,
            })),
          )
          .onConflictDoNothing({ target: [applicants.programmeId, applicants.identityKey] })
          .returning({ id: applicants.id, identityKey: applicants.identityKey });
        counts.rowsCreated += inserted.length;
        counts.rowsUnchanged += batch.length - inserted.length;
        const byKey = new Map(batch.map((entry) => [entry.key, entry]));
        const consents = inserted.flatMap(({ id, identityKey: key }) => {
          const { row, parties } = byKey.get(key)!;
          const givenAt = instantFromParis(`${row.consentedOn}T12:00`)!;
          return (
            [
              ['data_processing', noticeIds.privacy],
              ['usage_charter', noticeIds.charter],
              ['attendance_commitment', noticeIds.attendance],
            ] as const
          ).flatMap(([kind, noticeVersionId]) =>
            parties.map((party) => ({
              applicantId: id,
              kind,
              party,
              noticeVersionId,
              channel: 'import' as const,
              recordedBy: who.actor.userId,
              signedName: party === 'representative' ? row.representative : null,
              givenAt,
            })),
          );
        });
        for (let start = 0; start < consents.length; start += 3 * BATCH) {
          await tx.insert(applicantConsents).values(consents.slice(start, start + 3 * BATCH));
        }
      }
      if (rejected.length > 0) await tx.insert(applicantImportRejections).values(rejected);
      await tx
        .update(applicantImports)
        .set({ ...counts, bytesRead: bytesRead() })
        .where(eq(applicantImports.id, importId));
    });
  };

  const reject = (line: number, reason: string) => {
    counts.rowsRejected += 1;
    rejections.push({ importId, line, reason });
  };

  try {
    for await (const csvRow of rows) {
      counts.rowsRead += 1;
      const verdict = checkRow(csvRow, found.programme.eligibility, ageDay);
      if (!verdict.ok) reject(csvRow.line, verdict.reason);
      else {
        const key = identityKey(deps.keys, verdict.row);
        const prefix = key.slice(0, 24);
        if (seen.has(prefix))
          reject(csvRow.line, 'ligne en double : la même personne figure plus haut dans le fichier');
        else {
          seen.add(prefix);
          pending.push({ line: csvRow.line, row: verdict.row, key, parties: verdict.parties });
        }
      }
      if (pending.length + rejections.length >= BATCH) await flush();
    }
    await flush();
  } catch (error) {
    await flush().catch(() => undefined);
    const failure =
      error instanceof ProblemError
        ? `${error.detail.fr} Les lignes lues avant ont été traitées ; importer de nouveau le fichier corrigé ne crée pas de doublon.`
        : 'L’import s’est interrompu sur une erreur inattendue. Importez de nouveau le fichier : les lignes déjà importées ne seront pas dupliquées.';
    await db
      .update(applicantImports)
      .set({ status: 'failed', failure, finishedAt: deps.clock.now(), bytesRead: bytesRead() })
      .where(eq(applicantImports.id, importId));
    await audit(deps, who, importId, 'failure');
    throw error;
  }
  const [done] = await db
    .update(applicantImports)
    .set({ status: 'done', finishedAt: deps.clock.now(), bytesRead: bytesRead() })
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

type RowVerdict =
  | { ok: true; row: ApplicantRow; parties: readonly ('person' | 'representative')[] }
  | { ok: false; reason: string };

/** One line: its format, the consent a minor's representative must give, the programme's rules. */
function checkRow(csvRow: CsvRow, rules: Parameters<typeof checkEligibility>[0], ageDay: string): RowVerdict {
  if (csvRow.cellCountMismatch) {
    return {
      ok: false,
      reason: `${csvRow.cellCountMismatch.found} cellules au lieu de ${csvRow.cellCountMismatch.expected} : vérifiez les séparateurs de cette ligne`,
    };
  }
  const parsed = parseApplicantRow(csvRow.values);
  if (!parsed.ok) return parsed;
  const rule = consentRule(parsed.row.birthDate, parsed.row.consentedOn);
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
  return { ok: true, row: parsed.row, parties: rule.required };
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
  const cell = (text: string) => {
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return `\uFEFFligne;motif\r\n${rows.map((row) => `${row.line};${cell(row.reason)}`).join('\r\n')}${rows.length ? '\r\n' : ''}`;
}
