import type { Command } from 'commander';
import { rotateIdentityKey } from '../modules/applicants/identity-key-rotation.js';
import type { BansDeps } from '../modules/bans/deps.js';
import {
  BAN_SECRET_PURPOSES,
  retireBanSecrets,
  rotateBanSecret,
  type BanSecretPurpose,
} from '../modules/bans/secret-rotation.js';
import { fieldCipher } from '../platform/crypto/field-encryption.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config/config.js';
import { openKeyStore } from '../platform/crypto/keystore.js';
import { StartupError } from '../platform/startup-error.js';
import { openMigratedDatabase } from '../server.js';

/** Secrets whose rotation Gradins knows how to carry out (docs/operations.md, « Rotating the identity key »). */
const ROTATABLE = ['identity-beneficiary', ...BAN_SECRET_PURPOSES] as const;

const isBanPurpose = (purpose: string): purpose is BanSecretPurpose =>
  (BAN_SECRET_PURPOSES as readonly string[]).includes(purpose);

/** The ban registry's dependencies for a command run outside the server. */
async function withBanDeps<T>(run: (deps: BansDeps) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const { database } = await openMigratedDatabase(config);
  try {
    const keys = await openKeyStore(config.keysDir);
    return await run({ database, keys, clock: systemClock, cipher: fieldCipher(keys) });
  } finally {
    await database.close();
  }
}

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
      'renouvelle un secret : identity-beneficiary (recalcule chaque clé d’identité puis détruit l’ancien secret) ; field-encryption, identity-ban (rechiffre le registre des interdictions, l’ancien secret gardé jusqu’à « keys retire ») / rotate a secret: identity-beneficiary (recompute every identity key, then destroy the old secret); field-encryption, identity-ban (re-encrypt the ban registry, the old secret kept until "keys retire")',
    )
    .action(async (purpose: string) => {
      if (isBanPurpose(purpose)) {
        const result = await withBanDeps((deps) => rotateBanSecret(deps, purpose));
        console.log(
          `Renouvellement fait : secret ${result.activeKid} en service, ${result.reencrypted.bans} interdictions et ${result.reencrypted.photos} photographies rechiffrées. Anciennes versions gardées : ${result.olderKids.join(', ') || 'aucune'}. Redémarrez les serveurs, puis lancez « gradins keys retire ${purpose} ».\n` +
            `Rotation done: secret ${result.activeKid} in use, ${result.reencrypted.bans} bans and ${result.reencrypted.photos} photographs re-encrypted. Older versions kept: ${result.olderKids.join(', ') || 'none'}. Restart the servers, then run "gradins keys retire ${purpose}".`,
        );
        return;
      }
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

  keys
    .command('retire <purpose>')
    .summary('détruit les anciennes versions d’un secret / destroy the older versions of a secret')
    .description(
      'après « keys rotate » et le redémarrage des serveurs : rechiffre ce qu’ils ont écrit entre-temps, puis détruit chaque ancienne version dont plus rien ne dépend (field-encryption, identity-ban) / after "keys rotate" and a restart of the servers: re-encrypt what they wrote meanwhile, then destroy every older version nothing needs any more (field-encryption, identity-ban)',
    )
    .action(async (purpose: string) => {
      if (!isBanPurpose(purpose))
        throw new StartupError('keys.not-retirable', {
          fr: `« ${purpose} » ne se retire pas par cette commande ; seules les clés ${BAN_SECRET_PURPOSES.join(', ')} le peuvent (docs/operations.md).`,
          en: `"${purpose}" is not retired by this command; only ${BAN_SECRET_PURPOSES.join(', ')} are (docs/operations.md).`,
        });
      const result = await withBanDeps((deps) => retireBanSecrets(deps, purpose));
      console.log(
        `Anciennes versions détruites : ${result.olderKids.join(', ') || 'aucune'} ; ${result.reencrypted.bans + result.reencrypted.photos} lignes rechiffrées d’abord. Secret en service : ${result.activeKid}.\n` +
          `Older versions destroyed: ${result.olderKids.join(', ') || 'none'}; ${result.reencrypted.bans + result.reencrypted.photos} rows re-encrypted first. Secret in use: ${result.activeKid}.`,
      );
    });
}
