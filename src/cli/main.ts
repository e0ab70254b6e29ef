import { Command } from 'commander';
import closeWithGrace from 'close-with-grace';
import { loadConfig } from '../platform/config/config.js';
import { openKeyStore } from '../platform/crypto/keystore.js';
import { StartupError } from '../platform/startup-error.js';
import { GRADINS_VERSION } from '../platform/version.js';
import { openMigratedDatabase, startServer } from '../server.js';

/** The `gradins` command. Each subcommand reads its configuration from the environment (.env.example). */
export function buildCli(): Command {
  const program = new Command('gradins')
    .description('Gradins : billets gratuits et nominatifs pour le sport, tirages vérifiables (Gradins CLI).')
    .version(GRADINS_VERSION, '-v, --version', 'affiche la version / print the version')
    .helpOption('-h, --help', 'affiche cette aide / show this help')
    .showHelpAfterError();

  program
    .command('serve')
    .description('démarre le serveur web et l’API / start the web server and API (PORT, DATABASE_URL…)')
    .action(serve);

  program
    .command('migrate')
    .description('met la base de données au dernier schéma / bring the database to the latest schema')
    .action(async () => {
      const config = loadConfig(process.env);
      const { database, schemaVersion } = await openMigratedDatabase(config);
      await database.close();
      console.log(`Schéma de la base ${database.kind} à jour / database schema up to date: ${schemaVersion}`);
    });

  program
    .command('keys')
    .description(
      'liste les clés de la plateforme (les crée au besoin) / list the platform keys (creating missing ones)',
    )
    .action(async () => {
      const config = loadConfig(process.env);
      const keys = await openKeyStore(config.keysDir);
      console.log(`Clés dans / keys in ${keys.dir}`);
      console.table(
        keys.list().map((key) => ({
          kid: key.kid,
          purpose: key.purpose,
          type: key.type,
          created: key.createdAt,
          'not after': key.notAfter ?? '—',
        })),
      );
    });

  return program;
}

async function serve(): Promise<void> {
  const config = loadConfig(process.env);
  const server = await startServer(config);
  // Signals are handled before the address is announced: whoever reads it may stop us at once.
  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) server.app.log.error({ err }, 'stopping after an unexpected error');
    else server.app.log.info({ signal }, 'stopping');
    await server.close();
  });
  server.app.log.info({ database: server.database.kind, schema: server.schemaVersion }, 'gradins started');
  console.log(
    `Gradins écoute sur ${server.url} (base ${server.database.kind}, schéma ${server.schemaVersion}).\n` +
      `Gradins is listening on ${server.url}. Ctrl+C pour arrêter / to stop.`,
  );
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof StartupError) {
      console.error(error.toParagraph());
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}
