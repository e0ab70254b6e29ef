import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config/config.js';
import { openKeyStore } from '../platform/crypto/keystore.js';
import { StartupError } from '../platform/startup-error.js';
import { openMigratedDatabase } from '../server.js';
import {
  exportAuditLog,
  keyLookup,
  purgeExpiredShards,
  shardsFromDatabase,
  shardsFromExport,
  type AuditExport,
} from '../modules/audit/log-store.js';
import { sequenceAndSign } from '../modules/audit/sequencer.js';
import { verifyShards, type Finding } from '../modules/audit/verification.js';

/** `gradins audit …`: verify, export, sign a head now, purge expired shards (docs/formats/audit-log.md). */
export function addAuditCommands(program: Command): void {
  const audit = program.command('audit').description('journal d’audit / audit log');

  audit
    .command('verify')
    .summary('vérifie le journal d’audit / verify the audit log')
    .description(
      'vérifie le journal (base, ou fichier exporté) et dit « conforme » ou ce qui est rompu / verify the log (database or export file)',
    )
    .option(
      '--file <export.json>',
      'vérifie un export plutôt que la base / check an export file instead of the database',
    )
    .action(async (options: { file?: string }) => {
      const result = options.file
        ? await verifyFile(options.file)
        : await withLog(async ({ database, keys }) =>
            verifyShards(await shardsFromDatabase(database.db), keyLookup(keys)),
          );
      report(result);
    });

  audit
    .command('export')
    .summary('exporte une période / export a period of the log')
    .description(
      'exporte les entrées et les têtes signées d’une période / export entries and signed heads of a period',
    )
    .requiredOption('--from <date>', 'début (ISO 8601) / start')
    .requiredOption('--to <date>', 'fin, exclue (ISO 8601) / end, excluded')
    .option(
      '--output <file>',
      'fichier à écrire (sinon la sortie standard) / file to write (standard output otherwise)',
    )
    .action(async (options: { from: string; to: string; output?: string }) => {
      const [from, to] = [parseDate(options.from, '--from'), parseDate(options.to, '--to')];
      const document = await withLog(({ database, keys }) =>
        exportAuditLog(database.db, keys, from, to, systemClock.now()),
      );
      const text = `${JSON.stringify(document, null, 2)}\n`;
      if (options.output) {
        await fs.writeFile(options.output, text, { mode: 0o600 });
        const entries = document.shards.reduce((sum, shard) => sum + shard.leaves.length, 0);
        console.error(`${entries} entrées exportées dans / entries exported to ${options.output}`);
      } else process.stdout.write(text);
    });

  audit
    .command('checkpoint')
    .summary('signe une tête maintenant / sign a head now')
    .description(
      'place les entrées en attente et signe une tête maintenant / place pending entries and sign a head now',
    )
    .action(async () => {
      const { head, placed } = await withLog((deps) => sequenceAndSign(deps));
      console.log(
        `Tête signée / signed head: tranche ${head.shard}, taille ${head.treeSize}, racine ${head.rootHash} (${placed} nouvelles entrées / new entries)`,
      );
    });

  audit
    .command('purge')
    .summary('efface ce qui a plus de 6 mois / purge old shards')
    .description(
      'supprime les tranches de plus de six mois, têtes conservées / delete shards older than six months, heads kept',
    )
    .action(async () => {
      const purged = await withLog((deps) => purgeExpiredShards(deps));
      console.log(
        purged.length
          ? purged.map((shard) => `tranche ${shard.shard} supprimée : ${shard.entries} entrées`).join('\n')
          : 'Aucune tranche expirée / no expired shard.',
      );
    });
}

async function withLog<T>(work: (deps: Parameters<typeof sequenceAndSign>[0]) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const { database } = await openMigratedDatabase(config);
  try {
    const keys = await openKeyStore(config.keysDir);
    return await work({ database, keys, clock: systemClock });
  } finally {
    await database.close();
  }
}

async function verifyFile(file: string) {
  let document: AuditExport;
  try {
    document = JSON.parse(await fs.readFile(file, 'utf8')) as AuditExport;
  } catch (cause) {
    throw new StartupError(
      'audit.export-unreadable',
      {
        fr: `le fichier « ${file} » n'est pas un export lisible du journal (${(cause as Error).message}).`,
        en: `the file "${file}" is not a readable audit export (${(cause as Error).message}).`,
      },
      { cause },
    );
  }
  if (document.format !== 'gradins-audit-export-v1') {
    throw new StartupError('audit.export-unreadable', {
      fr: `le fichier « ${file} » n'est pas au format gradins-audit-export-v1.`,
      en: `the file "${file}" is not in the gradins-audit-export-v1 format.`,
    });
  }
  const { shards, publicKey, anchor } = shardsFromExport(document);
  return verifyShards(shards, publicKey, { anchor });
}

function report(result: { findings: Finding[]; entries: number; heads: number }): void {
  if (result.findings.length === 0) {
    console.log(
      `conforme — ${result.entries} entrées et ${result.heads} têtes signées vérifiées / entries and signed heads verified`,
    );
    return;
  }
  for (const finding of result.findings) {
    const where = [
      `tranche ${finding.shard}`,
      finding.leafIndex !== undefined ? `feuille ${finding.leafIndex}` : '',
      finding.entryId !== undefined ? `entrée ${finding.entryId}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    console.log(`✘ ${where} : ${finding.fr}\n  (${finding.en})`);
  }
  console.log(`non conforme — ${result.findings.length} problème(s) / problem(s)`);
  process.exitCode = 1;
}

function parseDate(value: string, option: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new StartupError('audit.date-invalid', {
      fr: `${option} vaut « ${value} », qui n'est pas une date ; écrivez-la en ISO 8601, par exemple 2026-11-01.`,
      en: `${option} is "${value}", which is not a date; write it in ISO 8601, for example 2026-11-01.`,
    });
  }
  return date;
}
