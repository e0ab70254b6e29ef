import { Command, Help, Option } from 'commander';
import closeWithGrace from 'close-with-grace';
import { loadConfig } from '../platform/config/config.js';
import { openKeyStore } from '../platform/crypto/keystore.js';
import { StartupError } from '../platform/startup-error.js';
import { GRADINS_VERSION } from '../platform/version.js';
import { Email } from '../../contracts/accounts.js';
import { systemClock } from '../platform/clock.js';
import { fieldCipher } from '../platform/crypto/field-encryption.js';
import { ProblemError } from '../platform/http/problem.js';
import { createAdministratorFromCli, requireStrongPassword } from '../modules/accounts/setup.js';
import { readPassword } from './read-password.js';
import { addAuditCommands } from './audit-commands.js';
import { addKeyCommands } from './key-commands.js';
import { addDrawCommands } from './draw-commands.js';
import { loadDemo } from './demo.js';
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
    .summary('démarre le serveur / start the server')
    .description('démarre le serveur web et l’API / start the web server and API (PORT, DATABASE_URL…)')
    .action(serve);

  program
    .command('migrate')
    .summary('met le schéma à jour / migrate the database')
    .description('met la base de données au dernier schéma / bring the database to the latest schema')
    .action(async () => {
      const config = loadConfig(process.env);
      const { database, schemaVersion } = await openMigratedDatabase(config);
      await database.close();
      console.log(`Schéma de la base ${database.kind} à jour / database schema up to date: ${schemaVersion}`);
    });

  addKeyCommands(program);

  program
    .command('admin')
    .description('administrateurs de la plateforme / platform administrators')
    .command('create')
    .summary('crée un administrateur / create an administrator')
    .description(
      'crée un administrateur ; mot de passe lu au terminal ou sur l’entrée standard / create an administrator; password read from the terminal or standard input',
    )
    .requiredOption('--email <email>', 'adresse e-mail personnelle / personal e-mail address')
    .requiredOption('--name <name>', 'prénom et nom / full name')
    .option(
      '--organisation <name>',
      'organisation (créée au besoin) / organisation (created if needed)',
      'Administration de Gradins',
    )
    // Only so that a password typed there is refused with an explanation (never used).
    .addOption(new Option('--password <password>').hideHelp())
    .action(createAdministrator);

  program.command('demo').description('charge la démonstration / load the demo data').action(demo);

  addAuditCommands(program);
  addDrawCommands(program);
  program.helpCommand('help [commande]', 'aide d’une commande / help for a command');
  listEveryCommand(program);

  return program;
}

async function demo(): Promise<void> {
  const config = loadConfig(process.env);
  const { database } = await openMigratedDatabase(config);
  try {
    const keys = await openKeyStore(config.keysDir);
    const loaded = await loadDemo({ database, clock: systemClock, keys, publicUrl: () => config.publicUrl });
    const opening = loaded.opening.toLocaleDateString('fr-FR', {
      timeZone: 'Europe/Paris',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    console.log(
      [
        `Démonstration chargée : ${loaded.events} événements, 401 220 billets répartis, 10 ministères opérateurs.`,
        `Le calendrier de Paris 2024 est décalé de ${loaded.shiftDays} jours : les Jeux olympiques s’ouvrent le ${opening}.`,
        `Demo loaded: ${loaded.events} events, 401,220 tickets split, 10 ministries as operators; the Paris 2024 calendar is shifted by ${loaded.shiftDays} days.`,
        `Tirage publié (démonstration) / published demo draw: « ${loaded.draw.name} », ${loaded.applicants} candidats fictifs / fictitious applicants.`,
        `  Registre / record: /api/v1/public/draws/${loaded.draw.id}/record — vérifier / verify: npx gradins draw verify <record.json>`,
        '',
        'Comptes de démonstration (mots de passe affichés une seule fois) / demo accounts (passwords shown once):',
        ...loaded.accounts.map(
          (account) =>
            `  ${account.role.padEnd(16)} ${account.email.padEnd(48)} ${account.password}   (${account.displayName}, ${account.organisation})`,
        ),
        '',
        'Les rôles programme_admin, operator (tirages), ban_officer, controller et sysadmin configurent la double authentification à la première connexion.',
        'Démarrez Gradins avec « npm start » et connectez-vous sur http://localhost:3000/connexion.',
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof ProblemError) {
      console.error(`${error.detail.fr}\n${error.detail.en}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
}

/**
 * `gradins --help` lists every command, nested ones included (`admin create`, `audit verify`…), one line
 * each (their summaries are short); `gradins audit --help` and the like give the details.
 */
function listEveryCommand(program: Command): void {
  const standard = new Help();
  const visible = (command: Command) => standard.visibleCommands(command);
  program.configureHelp({
    visibleCommands: (command) =>
      visible(command).flatMap((sub) =>
        sub.commands.length > 0 ? visible(sub).filter((nested) => nested.name() !== 'help') : [sub],
      ),
    subcommandTerm: (sub) =>
      `${sub.parent && sub.parent !== program ? `${sub.parent.name()} ` : ''}${standard.subcommandTerm(sub)}`,
  });
}

async function createAdministrator(options: {
  email: string;
  name: string;
  organisation: string;
  password?: string;
}): Promise<void> {
  if (options.password !== undefined) {
    console.error(
      'Refusé : ne donnez jamais un mot de passe sur la ligne de commande (il reste dans l’historique du shell et se voit dans la liste des processus). Relancez sans --password : il sera demandé au terminal, ou lu sur l’entrée standard.\n' +
        'Refused: never give a password on the command line (it stays in the shell history and shows in the process list). Run again without --password: it will be asked for, or read from standard input.',
    );
    process.exitCode = 2;
    return;
  }
  const email = Email.safeParse(options.email);
  if (!email.success) {
    console.error(`Adresse e-mail invalide / invalid e-mail address: ${options.email}`);
    process.exitCode = 2;
    return;
  }
  const password = await readPassword('Mot de passe / password: ');
  try {
    requireStrongPassword({ email: email.data, displayName: options.name, password });
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    console.error(`${error.detail.fr}\n${error.detail.en}`);
    process.exitCode = 1;
    return;
  }
  const config = loadConfig(process.env);
  const { database } = await openMigratedDatabase(config);
  try {
    const keys = await openKeyStore(config.keysDir);
    const deps = {
      database,
      keys,
      clock: systemClock,
      cipher: fieldCipher(keys),
      publicUrl: config.publicUrl,
    };
    await createAdministratorFromCli(deps, {
      email: email.data,
      displayName: options.name,
      organisationName: options.organisation,
      password,
    });
    console.log(
      `Administrateur créé : ${email.data}. À la première connexion, configurez la double authentification.
` + `Administrator created: ${email.data}. At first sign-in, set up the second factor.`,
    );
  } catch (error) {
    if (error instanceof ProblemError) {
      console.error(`${error.detail.fr}
${error.detail.en}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
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
  if (server.firstAdminLink) {
    console.log(
      `\nPremière installation : créez le premier administrateur avec ce lien (usage unique, valable 24 h) :\n` +
        `First installation: create the first administrator with this one-time link (valid 24 h):\n` +
        `  ${server.firstAdminLink}\n`,
    );
  }
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const startup = error instanceof StartupError ? error : unexpected(error);
    console.error(startup.toParagraph());
    if (!(error instanceof StartupError) && process.env.LOG_LEVEL === 'debug') console.error(error);
    process.exitCode = startup.exitCode;
  }
}

/** A fault nobody foresaw still gets a paragraph, not a stack trace (shown with LOG_LEVEL=debug). */
function unexpected(error: unknown): StartupError {
  const name = error instanceof Error ? error.name : typeof error;
  return new StartupError(
    'unexpected',
    {
      fr: `une erreur inattendue s'est produite (${name}). Relancez avec LOG_LEVEL=debug pour voir son détail, et transmettez-le à l'équipe technique.`,
      en: `an unexpected error occurred (${name}). Run again with LOG_LEVEL=debug to see its details, and pass them on to the technical team.`,
    },
    { cause: error },
  );
}
