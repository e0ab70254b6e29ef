import fs from 'node:fs/promises';
import type { Command } from 'commander';
import type { DrawEntry } from '../modules/draws/domain/entries.js';
import { useSha256 } from '../modules/draws/domain/hash.js';
import {
  verifyRecord,
  verifySignatures,
  type Difference,
  type VerificationReport,
} from '../modules/draws/domain/verify.js';
import { nativeSha256 } from '../modules/draws/native-hashing.js';

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
  'past-round': 'the round was already produced at commitment, and the record is not a demonstration',
  keys: 'the keys file is not a Gradins keys.json',
  'signature-missing': 'signature missing',
  'signature-key-unknown': 'the signing key is not in the keys file',
  'signature-key-purpose': 'the signing key is not a draw key',
  'signature-key-id': 'the key id does not match its public key',
  'signature-key-window': 'the key was not valid at the signing time',
  'commitment-signature': 'the commitment’s Ed25519 signature does not verify',
  'record-signature': 'the record’s Ed25519 signature does not verify',
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
    .option(
      '--keys <keys.json>',
      'les clés publiques (/.well-known/gradins/keys.json) : vérifie les deux signatures / the public keys: checks both signatures',
    )
    .option(
      '--no-signatures',
      'ne vérifie pas les signatures (sinon --keys est exigé) / do not check the signatures (otherwise --keys is required)',
    )
    .action(
      async (
        recordPath: string,
        entriesPath: string | undefined,
        options: { keys?: string; signatures: boolean },
      ) => {
        let file: unknown;
        let entries: DrawEntry[] | undefined;
        let keys: unknown;
        try {
          file = JSON.parse(await fs.readFile(recordPath, 'utf8'));
          if (entriesPath) entries = entriesOf(JSON.parse(await fs.readFile(entriesPath, 'utf8')));
          if (options.keys) keys = JSON.parse(await fs.readFile(options.keys, 'utf8'));
        } catch (error) {
          console.error(
            `Fichier illisible / unreadable file: ${(error as Error).message}\n` +
              'Donnez le relevé JSON téléchargé depuis /api/v1/public/draws/{id}/record / give the JSON record downloaded from /api/v1/public/draws/{id}/record',
          );
          process.exitCode = 2;
          return;
        }
        const record = recordOf(file);
        let report: VerificationReport;
        try {
          useSha256(nativeSha256);
          report = verifyRecord(record, entries);
        } catch (error) {
          // A record too malformed to go on (a quota table that is not one, say) is not compliant either.
          report = {
            conforme: false,
            differences: [{ code: 'malformed', message: `Relevé mal formé : ${(error as Error).message}` }],
            omitted: 0,
          };
        }
        if (options.keys && options.signatures !== false) {
          const signatures = verifySignatures(file, keys);
          report = {
            conforme: report.conforme && signatures.length === 0,
            differences: [...signatures, ...report.differences],
            omitted: report.omitted,
          };
        }
        if (isDemonstration(record))
          console.log(
            'DÉMONSTRATION — ce relevé est marqué « démonstration » : son tour drand pouvait être déjà passé, il ne vaut pas pour un vrai tirage / DEMONSTRATION: this record is marked as a demonstration; its drand round may have been already past, it is not a real draw',
          );
        console.log(formatReport(report));
        if (!options.signatures) {
          console.log(
            'signatures non vérifiées (--no-signatures) / signatures not checked (--no-signatures)',
          );
          process.exitCode = report.conforme ? 0 : 1;
        } else if (!options.keys) {
          console.log(
            'signatures NON vérifiées : donnez --keys keys.json (/.well-known/gradins/keys.json), ou --no-signatures pour ne vérifier que le calcul / signatures NOT checked: give --keys keys.json, or --no-signatures to check the computation only',
          );
          process.exitCode = 1;
        } else {
          if (report.conforme)
            console.log(
              'signatures vérifiées : engagement et relevé signés par une clé « draw » valide / signatures checked: commitment and record signed by a valid draw key',
            );
          process.exitCode = report.conforme ? 0 : 1;
        }
      },
    );
}

function isDemonstration(record: unknown): boolean {
  return (
    typeof record === 'object' &&
    record !== null &&
    (record as { commitment?: { demonstration?: unknown } }).commitment?.demonstration === true
  );
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
