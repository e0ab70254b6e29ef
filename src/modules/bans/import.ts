import { randomUUID } from 'node:crypto';
import type { BanImportReport } from '../../../contracts/bans.js';
import { normaliseColumnName, readCsv } from '../../platform/csv/read-csv.js';
import type { Acting, BansDeps } from './deps.js';
import {
  BAN_CSV_COLUMNS,
  BAN_CSV_OPTIONAL_COLUMNS,
  banInputFromRow,
  reasonLikeColumns,
} from './domain/ban-rows.js';
import { validateBan } from './domain/ban-validation.js';
import { banProblems } from './problems.js';
import { auditChange, insertBan, sameMeasureMeanwhile, screeningActor, today } from './registry.js';
import { lockScreening, rescreenForBans } from './screening.js';
import { banIdentityKey, organiserContext, sameBanExists } from './repository.js';

/** A prefecture's list is a few hundred lines: read whole, in one request. */
export const BAN_IMPORT_MAX_BYTES = 1024 * 1024;

/**
 * Imports a prefecture's list (CSV, docs/api/bans.md): each line is checked like an entry by hand; good lines
 * are stored, each rejected one is reported with its line and reason. A file with a column for the reasons
 * (or comments) is refused whole before any line is read (AU-42). A line already in the registry (same person,
 * kind and first day) is rejected as such: importing a list twice creates no duplicate. One transaction, one
 * audit entry naming every ban created. The organiser's exclusive screening lock is taken first: two imports of
 * the same list at once follow each other (the second rejects every line as already recorded), and the same
 * measure written meanwhile by an entry by hand is `409 ban-already-recorded`, as for an entry by hand.
 */
export async function importBans(
  deps: BansDeps,
  organiserId: string,
  file: Buffer,
  who: Acting,
): Promise<BanImportReport> {
  const header =
    file
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0] ?? '';
  const names = header.split(/[;,]/).map((name) => normaliseColumnName(name.replace(/^"|"$/g, '')));
  const reasons = reasonLikeColumns(names);
  if (reasons.length > 0) throw banProblems.reasonsColumn(reasons);
  const context = await organiserContext(deps.database.db, organiserId, today(deps));
  const report: BanImportReport = {
    rowsRead: 0,
    rowsCreated: 0,
    rowsRejected: 0,
    rejected: [],
    createdIds: [],
  };
  const reject = (line: number, reason: string) => {
    report.rowsRejected += 1;
    report.rejected.push({ line, reason });
  };
  await deps.database
    .transaction(async (tx) => {
      await lockScreening(tx, [organiserId], 'exclusive');
      const seen = new Set<string>();
      for await (const row of readCsv([file], {
        columns: BAN_CSV_COLUMNS,
        optionalColumns: BAN_CSV_OPTIONAL_COLUMNS,
      })) {
        report.rowsRead += 1;
        if (row.cellCountMismatch) {
          reject(
            row.line,
            `${row.cellCountMismatch.found} cellules au lieu de ${row.cellCountMismatch.expected} : vérifiez les séparateurs de cette ligne`,
          );
          continue;
        }
        const read = banInputFromRow(row.values);
        if (!read.ok) {
          reject(row.line, read.reason);
          continue;
        }
        const verdict = validateBan(read.raw, context);
        if (!verdict.ok) {
          reject(row.line, verdict.errors.map((error) => `${error.path} : ${error.message.fr}`).join(' ; '));
          continue;
        }
        const { input, period } = verdict;
        const key = banIdentityKey(deps.keys, input.identity);
        const same = `${key.identityKey}|${input.measure.kind}|${period.startsOn}`;
        if (
          seen.has(same) ||
          (await sameBanExists(tx, organiserId, {
            ...key,
            kind: input.measure.kind,
            startsOn: period.startsOn,
          }))
        ) {
          reject(
            row.line,
            'déjà au registre : même personne, même nature, même date (ligne en double ou liste déjà importée)',
          );
          continue;
        }
        seen.add(same);
        const id = randomUUID();
        await insertBan(tx, deps, organiserId, { id, input, period, key }, who);
        report.rowsCreated += 1;
        report.createdIds.push(id);
      }
      await auditChange(tx, deps, who, 'bans.ban.imported', 'bans', report.createdIds);
      // BAN-6: the tickets already issued for the organiser's future events are screened against the new bans.
      await rescreenForBans(tx, deps, report.createdIds, deps.clock.now(), screeningActor(who));
    })
    .catch(sameMeasureMeanwhile);
  return report;
}
