import { sql } from 'drizzle-orm';
import { selectRows } from '../../platform/db/database.js';
import type { BansDeps } from './deps.js';
import { reencryptBans } from './key-rotation.js';

// Rotation of the two secrets of the ban registry (SEC-1), in two runs of `gradins keys`
// (docs/operations.md, « Rotating the ban registry's keys »):
// - `rotate`: a new version is written and put in use, then every row under an older one is re-encrypted or
//   re-keyed. Older versions stay in the key folder: a server that has not reloaded its keys may still write
//   with one, and what it writes must stay readable.
// - `retire`, once every server has restarted (or answered `keys-reloaded` once): the rows written meanwhile are
//   re-encrypted, then every older version that no row needs any more is deleted.

export type BanSecretPurpose = 'field-encryption' | 'identity-ban';
export const BAN_SECRET_PURPOSES: readonly BanSecretPurpose[] = ['field-encryption', 'identity-ban'];

export interface BanRotation {
  activeKid: string;
  reencrypted: Awaited<ReturnType<typeof reencryptBans>>;
  /** Older versions still in the key folder (`rotate`), or deleted (`retire`). */
  olderKids: string[];
}

const olderVersions = (deps: BansDeps, purpose: BanSecretPurpose): string[] => {
  const active = deps.keys.secret(purpose).kid;
  return deps.keys
    .list()
    .filter((key) => key.purpose === purpose && key.kid !== active && !key.pending)
    .map((key) => key.kid);
};

export async function rotateBanSecret(deps: BansDeps, purpose: BanSecretPurpose): Promise<BanRotation> {
  const { kid } = await deps.keys.prepareSecret(purpose, deps.clock.now());
  await deps.keys.activateSecret(kid);
  const reencrypted = await reencryptBans(deps);
  return { activeKid: kid, reencrypted, olderKids: olderVersions(deps, purpose) };
}

/** The rows that still name each kid (what a retired version would make unreadable or unmatched). */
async function rowsUnder(deps: BansDeps, purpose: BanSecretPurpose): Promise<Map<string, number>> {
  const rows = await selectRows<{ kid: string; n: number }>(
    deps.database.db,
    purpose === 'field-encryption'
      ? sql`select kid, count(*)::int as n from (
              select key_id as kid from bans
              union all select key_id from ban_photos
              union all select key_id from ban_rights_requests) used
            group by kid`
      : sql`select identity_key_kid as kid, count(*)::int as n from bans group by identity_key_kid`,
  );
  return new Map(rows.map((row) => [row.kid, row.n]));
}

export async function retireBanSecrets(deps: BansDeps, purpose: BanSecretPurpose): Promise<BanRotation> {
  const reencrypted = await reencryptBans(deps);
  const used = await rowsUnder(deps, purpose);
  const retired: string[] = [];
  for (const kid of olderVersions(deps, purpose)) {
    // Written under it since the re-encryption just above: kept, for the next run.
    if ((used.get(kid) ?? 0) > 0) continue;
    await deps.keys.retireSecret(kid);
    retired.push(kid);
  }
  return { activeKid: deps.keys.secret(purpose).kid, reencrypted, olderKids: retired };
}
