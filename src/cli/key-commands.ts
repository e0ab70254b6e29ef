import type { Command } from 'commander';
import { rotateIdentityKey } from '../modules/applicants/identity-key-rotation.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config/config.js';
import { openKeyStore } from '../platform/crypto/keystore.js';
import { StartupError } from '../platform/startup-error.js';
import { openMigratedDatabase } from '../server.js';

/** Secrets whose rotation Gradins knows how to carry out (docs/operations.md, « Rotating the identity key »). */
const ROTATABLE = ['identity-beneficiary'] as const;

/** `gradins keys …`: list the keys (the default), rotate a secret. */
export function addKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('clés de la plateforme / platform keys')
    .summary('liste ou renouvelle les clés / list or rotate keys');

  keys
    .command('list', { isDefault: true })
    .summary('liste (et crée) les clés / list (and create) keys')
    .description(
      'liste les clés de la plateforme (les crée au besoin) / list the platform keys (creating missing ones)',
    )
    .action(async () => {
      const config = loadConfig(process.env);
      const store = await openKeyStore(config.keysDir);
      console.log(`Clés dans / keys in ${store.dir}`);
      console.table(
        store.list().map((key) => ({
          kid: key.kid,
          purpose: key.purpose,
          type: key.type,
          created: key.createdAt,
          'not after': key.notAfter ?? '—',
          ...(key.pending ? { state: 'pending' } : {}),
        })),
      );
    });

  keys
    .command('rotate <purpose>')
    .summary('renouvelle un secret / rotate a secret')
    .description(
      'renouvelle le secret des clés d’identité et recalcule chaque clé, puis détruit l’ancien secret / rotate the identity secret, recompute every key, then destroy the old secret (identity-beneficiary)',
    )
    .action(async (purpose: string) => {
      if (!(ROTATABLE as readonly string[]).includes(purpose)) {
        throw new StartupError('keys.not-rotatable', {
          fr: `« ${purpose} » ne se renouvelle pas par cette commande ; seules les clés ${ROTATABLE.join(', ')} le peuvent (docs/operations.md, « Rotating the identity key »).`,
          en: `"${purpose}" is not rotated by this command; only ${ROTATABLE.join(', ')} is (docs/operations.md, "Rotating the identity key").`,
        });
      }
      const config = loadConfig(process.env);
      const { database } = await openMigratedDatabase(config);
      try {
        const store = await openKeyStore(config.keysDir);
        const result = await rotateIdentityKey(
          { database, keys: store, clock: systemClock },
          {
            onProgress: ({ step, target, rows }) =>
              console.error(`${step === 'rekeying' ? 'recalcul' : 'bascule'} / ${step}: ${target} +${rows}`),
          },
        );
        console.log(
          `${result.resumed ? 'Renouvellement repris et terminé' : 'Renouvellement terminé'} : ${result.rows} clés recalculées, secret ${result.activeKid} en service, ${result.retiredKid} détruit.\n` +
            `Rotation ${result.resumed ? 'resumed and ' : ''}done: ${result.rows} keys recomputed, secret ${result.activeKid} in use, ${result.retiredKid} destroyed.`,
        );
      } finally {
        await database.close();
      }
    });
}
