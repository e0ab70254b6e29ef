import fs from 'node:fs/promises';
import type { Command } from 'commander';
import type { DrawEntry } from '../modules/draws/domain/entries.js';
import { verifyRecord, type Difference, type VerificationReport } from '../modules/draws/domain/verify.js';

/** English for each difference code of `verifyRecord` (its messages are French). */
const ENGLISH: Record<string, string> = {
  spec: 'not a gradins-draw-v1 record',
  malformed: 'malformed record',
  commitment: 'malformed commitment',
  'commitment-hash': 'the commitment hash does not match',
  buckets: 'the bucket list does not match the quota table',
  events: 'the event list does not match the quota table',
  entries: 'entry list missing',
  'entry-malformed': 'malformed entry',
  'entry-duplicate': 'duplicate entry',
  'entry-count': 'the number of entries differs from the commitment',
  'entry-added': 'entry not in the entries file',
  'entry-altered': 'entry altered',
  'entry-missing': 'entry of the entries file missing from the record',
  'entries-root': 'the Merkle root of the entries does not match the commitment',
  randomness: 'malformed or unknown randomness',
  'beacon-chain': 'unknown drand chain',
  'beacon-round': 'the round used is not the committed one',
  'beacon-signature': 'the drand signature does not verify',
  'randomness-value': 'the randomness value is wrong',
  reveal: 'a witness’s reveal does not match its commitment',
  'reveals-missing': 'too few valid reveals: no seed',
  seed: 'the seed does not match',
  number: 'wrong number',
  order: 'out of draw order',
  outcome: 'wrong outcome',
  'reserve-rank': 'wrong reserve rank',
  'quota-exceeded': 'more seats allocated than the quota',
  'results-hash': 'the results hash does not match',
  'distribution-format': 'malformed distribution checks',
  'distribution-counts': 'distribution counts do not add up to the outcomes',
  'distribution-small-category': 'a category under 10 entries is published',
  'distribution-statistic': 'wrong chi-square statistic',
  'distribution-flag': 'wrong critical value or flag',
};

/** `gradins draw verify`: re-runs a published draw from its record (docs/formats/draw-record.md §10). */
export function addDrawCommands(program: Command): void {
  const draw = program.command('draw').description('tirages au sort vérifiables / verifiable draws');
  draw
    .command('verify')
    .summary('vérifie un relevé de tirage / verify a draw record')
    .description(
      'refait le tirage à partir du relevé seul (et le compare au fichier des entrées s’il est donné) : « conforme » ou ce qui diffère / re-runs the draw from its record alone (and compares it with the entries file if given): "conforme" or what differs',
    )
    .argument('<record.json>', 'le relevé publié (ou l’objet « record » seul) / the published record file')
    .argument(
      '[entries.json]',
      'le fichier des entrées figées : [{ entry_id, bucket, seats, choices }] / the frozen entries file',
    )
    .action(async (recordPath: string, entriesPath: string | undefined) => {
      let record: unknown;
      let entries: DrawEntry[] | undefined;
      try {
        record = recordOf(JSON.parse(await fs.readFile(recordPath, 'utf8')));
        if (entriesPath) entries = entriesOf(JSON.parse(await fs.readFile(entriesPath, 'utf8')));
      } catch (error) {
        console.error(
          `Fichier illisible / unreadable file: ${(error as Error).message}\n` +
            'Donnez le relevé JSON téléchargé depuis /api/v1/public/draws/{id}/record / give the JSON record downloaded from /api/v1/public/draws/{id}/record',
        );
        process.exitCode = 2;
        return;
      }
      let report: VerificationReport;
      try {
        report = verifyRecord(record, entries);
      } catch (error) {
        // A record too malformed to go on (a quota table that is not one, say) is not compliant either.
        report = {
          conforme: false,
          differences: [{ code: 'malformed', message: `Relevé mal formé : ${(error as Error).message}` }],
          omitted: 0,
        };
      }
      console.log(formatReport(report));
      process.exitCode = report.conforme ? 0 : 1;
    });
}

/** The published file wraps the record (§9); a bare record is accepted too. */
function recordOf(file: unknown): unknown {
  if (typeof file === 'object' && file !== null && 'record' in file && 'format' in file)
    return (file as { record: unknown }).record;
  return file;
}

function entriesOf(file: unknown): DrawEntry[] {
  if (!Array.isArray(file)) throw new Error('the entries file is a JSON array');
  return file.map((row: Record<string, unknown>) => ({
    entryId: String(row.entry_id ?? row.entryId),
    bucket: row.bucket as string,
    seats: row.seats as number,
    choices: row.choices as string[],
  }));
}

export function formatReport(report: VerificationReport): string {
  if (report.conforme)
    return 'conforme — le tirage est refait à l’identique / compliant: the draw re-runs identically';
  const lines = report.differences.map(describe);
  if (report.omitted > 0)
    lines.push(`… et ${report.omitted} autres différences / and ${report.omitted} more`);
  lines.push(
    `non conforme : ${report.differences.length + report.omitted} différence(s) / not compliant: ${report.differences.length + report.omitted} difference(s)`,
  );
  return lines.join('\n');
}

function describe(difference: Difference): string {
  const where = [
    difference.entryId ? `entrée / entry ${difference.entryId}` : undefined,
    difference.field ? `champ / field ${difference.field}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const english = ENGLISH[difference.code] ?? difference.code;
  return `- [${difference.code}] ${difference.message} / ${english}${where ? ` (${where})` : ''}`;
}
