import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '../startup-error.js';
import { ensureWritableDir } from '../storage/folders.js';

/**
 * Keys are separated by purpose: a ticket key never signs a draw record, the identity key used to detect
 * duplicate beneficiaries is not the one used for ban screening. Adding a purpose here makes the store
 * create its key at the next start.
 */
export const SIGNING_PURPOSES = ['ticket', 'draw', 'audit'] as const;
export const SECRET_PURPOSES = [
  'identity-beneficiary',
  'identity-ban',
  'field-encryption',
  'login-throttle',
] as const;

export type SigningPurpose = (typeof SIGNING_PURPOSES)[number];
export type SecretPurpose = (typeof SECRET_PURPOSES)[number];

/** How long a signing key is announced as valid; it is rotated before then (`gradins keys`). */
const SIGNING_KEY_VALIDITY_DAYS = 3 * 365;

interface StoredKeyBase {
  kid: string;
  purpose: string;
  createdAt: string;
  notBefore: string;
  notAfter: string | null;
}
interface StoredSigningKey extends StoredKeyBase {
  type: 'ed25519';
  privateKeyPem: string;
  publicKeyPem: string;
}
interface StoredSecretKey extends StoredKeyBase {
  type: 'hmac-sha256' | 'aes-256-gcm';
  secret: string; // base64
  /**
   * A new version prepared by a rotation and not in use yet: readable by its kid (to recompute what the current
   * version protects), never chosen as the purpose's current key until activated.
   */
  pending?: true;
}
type StoredKey = StoredSigningKey | StoredSecretKey;

export interface PublicSigningKey {
  kid: string;
  purpose: SigningPurpose;
  algorithm: 'Ed25519';
  /** Raw 32-byte public key, base64url (JWK `x`). */
  x: string;
  spkiPem: string;
  notBefore: string;
  notAfter: string | null;
}

/**
 * A value names a key this process does not have: another process (`gradins keys rotate`) made it since this one
 * read the key folder. The HTTP layer reloads the keys and asks the client to try again (`keys-reloaded`).
 */
export class UnknownKeyError extends Error {
  constructor(readonly kid: string) {
    super(`no secret key ${kid}`);
    this.name = 'UnknownKeyError';
  }
}

export interface KeySummary {
  kid: string;
  purpose: string;
  type: StoredKey['type'];
  createdAt: string;
  notAfter: string | null;
  /** A rotation's next version, not in use yet. */
  pending: boolean;
  file: string;
}

export interface KeyStore {
  readonly dir: string;
  sign(purpose: SigningPurpose, message: Uint8Array): { kid: string; signature: Buffer };
  /**
   * The purpose's current private key, for signing many messages with one key (a batch, possibly in worker
   * threads of this process: a `KeyObject` can be posted to them). It never leaves the process.
   */
  signingKey(purpose: SigningPurpose): { kid: string; privateKey: crypto.KeyObject };
  verify(kid: string, message: Uint8Array, signature: Uint8Array): boolean;
  /** Raw secret bytes for HMAC or AES; never leaves the process. */
  secret(purpose: SecretPurpose): { kid: string; key: Buffer };
  /** An older secret still needed to read what it protected (after a rotation). */
  secretByKid(kid: string): Buffer;
  /** HMAC-SHA-256 with the purpose's secret, hex: a stable pseudonym that cannot be reversed. */
  pseudonym(purpose: SecretPurpose, value: string): string;
  /** HMAC-SHA-256 with the secret of that kid (a rotation's next version), hex. */
  pseudonymWith(kid: string, value: string): string;
  publicSigningKeys(): PublicSigningKey[];
  list(): KeySummary[];
  /**
   * Rotation, step 1: a new version of a secret purpose, written `pending` — the current version stays the one
   * in use and both are readable by kid. Idempotent: a pending version already there is returned.
   */
  prepareSecret(purpose: SecretPurpose, now: Date): Promise<{ kid: string }>;
  /** Rotation, step 2: the pending version becomes the purpose's current key (it is the newest). Idempotent. */
  activateSecret(kid: string): Promise<void>;
  /**
   * Rotation, step 3: deletes an older version once nothing needs it (its file, and from this process).
   * Refuses the current version of its purpose; a kid already gone is fine.
   */
  retireSecret(kid: string): Promise<void>;
  /** Reads the folder again: another process (`gradins keys rotate`) may have changed the keys in use. */
  reload(): Promise<void>;
}

/**
 * Opens the key folder, creating any missing key. Each key is one JSON file readable by the owner only,
 * written under a temporary name and renamed, so a crash never leaves a half-written key. Keys never go
 * into the database (a database dump or backup does not carry them).
 */
export async function openKeyStore(dir: string, now: Date = new Date()): Promise<KeyStore> {
  await ensureWritableDir(dir);
  // Secrets are for the owner only, even in a folder someone created by hand beforehand.
  await fs.chmod(dir, 0o700);
  const loaded = await withCreationLock(dir, async () => {
    const keys = await loadKeys(dir);
    for (const purpose of SIGNING_PURPOSES) {
      if (!keys.some((key) => key.purpose === purpose))
        keys.push(await writeKey(dir, newSigningKey(purpose, now)));
    }
    for (const purpose of SECRET_PURPOSES) {
      if (!keys.some((key) => key.purpose === purpose))
        keys.push(await writeKey(dir, newSecretKey(purpose, now)));
    }
    return keys;
  });
  return createKeyStore(dir, loaded);
}

const LOCK_FILE = '.creation.lock';
const STALE_LOCK_MS = 60_000;

/**
 * Two processes starting together on an empty folder must not each create their own keys: the second waits
 * for the first (lock file), then reads what it wrote. A lock older than a minute is from a dead process.
 */
async function withCreationLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lockPath = path.join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fs.writeFile(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await fs.stat(lockPath).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS || attempt > 300) await fs.rm(lockPath, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}

function createKeyStore(dir: string, loaded: StoredKey[]): KeyStore {
  let keys: StoredKey[] = [];
  const byKid = new Map<string, StoredKey>();
  const privateKeys = new Map<string, crypto.KeyObject>();
  const publicKeys = new Map<string, crypto.KeyObject>();
  // What publicSigningKeys() returns, built once per change of the keys (every check-in asks for it).
  let signingKeys: PublicSigningKey[] | undefined;
  const use = (all: StoredKey[]) => {
    keys = all;
    signingKeys = undefined;
    byKid.clear();
    for (const key of keys) byKid.set(key.kid, key);
    for (const key of keys) {
      if (key.type !== 'ed25519' || privateKeys.has(key.kid)) continue;
      privateKeys.set(key.kid, crypto.createPrivateKey(key.privateKeyPem));
      publicKeys.set(key.kid, crypto.createPublicKey(key.publicKeyPem));
    }
  };
  use(loaded);
  const current = (purpose: string): StoredKey => {
    // The newest key of a purpose is the one in use; older ones stay for verification, a rotation's pending
    // version waits for its activation.
    const candidates = keys
      .filter((key) => key.purpose === purpose && !(key.type !== 'ed25519' && key.pending))
      .sort(byNewest);
    const key = candidates[0];
    if (!key) throw new Error(`no key for purpose ${purpose}`);
    return key;
  };
  const signingKey = (purpose: SigningPurpose) => {
    const key = current(purpose);
    const privateKey = privateKeys.get(key.kid);
    if (!privateKey) throw new Error(`key ${key.kid} is not a signing key`);
    return { kid: key.kid, privateKey };
  };
  return {
    dir,
    sign(purpose, message) {
      const { kid, privateKey } = signingKey(purpose);
      return { kid, signature: crypto.sign(null, message, privateKey) };
    },
    signingKey,
    verify(kid, message, signature) {
      const publicKey = publicKeys.get(kid);
      return publicKey ? crypto.verify(null, message, publicKey, signature) : false;
    },
    secret(purpose) {
      const key = current(purpose);
      if (key.type === 'ed25519') throw new Error(`key ${key.kid} is not a secret key`);
      return { kid: key.kid, key: Buffer.from(key.secret, 'base64') };
    },
    secretByKid(kid) {
      const key = byKid.get(kid);
      if (!key) throw new UnknownKeyError(kid);
      if (key.type === 'ed25519') throw new Error(`no secret key ${kid}`);
      return Buffer.from(key.secret, 'base64');
    },
    pseudonym(purpose, value) {
      const { key } = this.secret(purpose);
      return crypto.createHmac('sha256', key).update(value, 'utf8').digest('hex');
    },
    pseudonymWith(kid, value) {
      return crypto.createHmac('sha256', this.secretByKid(kid)).update(value, 'utf8').digest('hex');
    },
    async prepareSecret(purpose, now) {
      const waiting = keys.find((key) => key.purpose === purpose && key.type !== 'ed25519' && key.pending);
      if (waiting) return { kid: waiting.kid };
      // Created strictly after the current version, so that once activated it is the newest.
      const after = new Date(Math.max(now.getTime(), Date.parse(current(purpose).createdAt) + 1));
      const key = await writeKey(dir, { ...newSecretKey(purpose, after), pending: true });
      use([...keys, key]);
      return { kid: key.kid };
    },
    async activateSecret(kid) {
      const key = byKid.get(kid);
      if (!key || key.type === 'ed25519') throw new Error(`no secret key ${kid}`);
      if (!key.pending) return;
      const { pending: _pending, ...active } = key;
      await writeKey(dir, active, { replace: true });
      use(keys.map((candidate) => (candidate.kid === kid ? active : candidate)));
    },
    async retireSecret(kid) {
      const key = byKid.get(kid);
      if (!key) return;
      if (key.type === 'ed25519') throw new Error(`key ${kid} is not a secret key`);
      if (current(key.purpose).kid === kid)
        throw new Error(`key ${kid} is the one in use for ${key.purpose}`);
      await fs.rm(path.join(dir, `${kid}.json`), { force: true });
      use(keys.filter((candidate) => candidate.kid !== kid));
    },
    async reload() {
      use(await loadKeys(dir, { removeTemporary: false }));
    },
    publicSigningKeys() {
      signingKeys ??= keys
        .filter((key): key is StoredSigningKey => key.type === 'ed25519')
        .sort(byNewest)
        .map((key) => ({
          kid: key.kid,
          purpose: key.purpose as SigningPurpose,
          algorithm: 'Ed25519' as const,
          x: rawPublicKey(publicKeys.get(key.kid)!).toString('base64url'),
          spkiPem: key.publicKeyPem,
          notBefore: key.notBefore,
          notAfter: key.notAfter,
        }));
      return signingKeys.map((key) => ({ ...key }));
    },
    list() {
      return [...byKid.values()].sort(byNewest).map((key) => ({
        kid: key.kid,
        purpose: key.purpose,
        type: key.type,
        createdAt: key.createdAt,
        notAfter: key.notAfter,
        pending: key.type !== 'ed25519' && key.pending === true,
        file: path.join(dir, `${key.kid}.json`),
      }));
    },
  };
}

function byNewest(a: StoredKeyBase, b: StoredKeyBase): number {
  return b.createdAt.localeCompare(a.createdAt) || a.kid.localeCompare(b.kid);
}

function rawPublicKey(publicKey: crypto.KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

/** The key id of a signing key (docs/formats/public-keys.md): purpose, then 8 bytes of SHA-256 of the raw key. */
export function signingKeyId(purpose: SigningPurpose, rawPublicKey: Uint8Array): string {
  return `${purpose}-${crypto.createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16)}`;
}

function newSigningKey(purpose: SigningPurpose, now: Date): StoredSigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const notAfter = new Date(now.getTime() + SIGNING_KEY_VALIDITY_DAYS * 86_400_000);
  return {
    kid: signingKeyId(purpose, rawPublicKey(publicKey)),
    purpose,
    type: 'ed25519',
    createdAt: now.toISOString(),
    notBefore: now.toISOString(),
    notAfter: notAfter.toISOString(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

function newSecretKey(purpose: SecretPurpose, now: Date): StoredSecretKey {
  return {
    kid: `${purpose}-${crypto.randomBytes(8).toString('hex')}`,
    purpose,
    type: purpose === 'field-encryption' ? 'aes-256-gcm' : 'hmac-sha256',
    createdAt: now.toISOString(),
    notBefore: now.toISOString(),
    notAfter: null,
    secret: crypto.randomBytes(32).toString('base64'),
  };
}

async function writeKey(
  dir: string,
  key: StoredKey,
  options: { replace?: boolean } = {},
): Promise<StoredKey> {
  const final = path.join(dir, `${key.kid}.json`);
  const temporary = `${final}.${process.pid}.tmp`;
  // A rewrite (activation) replaces the file by rename too: readers see the old or the new, never half.
  if (options.replace) await fs.rm(temporary, { force: true });
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(key, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, final);
  return key;
}

async function loadKeys(dir: string, options = { removeTemporary: true }): Promise<StoredKey[]> {
  const names = await fs.readdir(dir);
  const keys: StoredKey[] = [];
  for (const name of names) {
    if (name.endsWith('.tmp')) {
      // Outside the creation lock (a reload), another process may be writing it: just skip it.
      if (!options.removeTemporary) continue;
      // Left by a crash during creation (we hold the creation lock): never a usable key.
      await fs.rm(path.join(dir, name), { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    keys.push(await readKeyFile(path.join(dir, name)));
  }
  return keys;
}

async function readKeyFile(file: string): Promise<StoredKey> {
  try {
    const key = JSON.parse(await fs.readFile(file, 'utf8')) as StoredKey;
    if (typeof key.kid !== 'string' || typeof key.purpose !== 'string' || typeof key.createdAt !== 'string') {
      throw new Error('kid, purpose or createdAt missing');
    }
    // Every part must be usable now, not fail later in the middle of a request.
    if (key.type === 'ed25519') {
      crypto.createPrivateKey(key.privateKeyPem);
      crypto.createPublicKey(key.publicKeyPem);
    } else if (key.type === 'hmac-sha256' || key.type === 'aes-256-gcm') {
      if (Buffer.from(key.secret ?? '', 'base64').length !== 32) throw new Error('secret is not 32 bytes');
    } else {
      throw new Error(`unknown key type ${String((key as { type?: unknown }).type)}`);
    }
    return key;
  } catch (cause) {
    throw new StartupError(
      'keys.unreadable',
      {
        fr: `le fichier de clé « ${file} » est illisible ou abîmé (${(cause as Error).message}). Restaurez-le depuis la sauvegarde des clés ; ne le supprimez pas sans savoir ce qu'il a signé.`,
        en: `the key file "${file}" is unreadable or damaged (${(cause as Error).message}). Restore it from the key backup; do not delete it without knowing what it signed.`,
      },
      { cause },
    );
  }
}
