// Password hashing (SEC-2): Argon2id with OWASP's first configuration, m = 19 MiB, t = 2, p = 1, 16-byte salt,
// stored as a PHC string ($argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>). Hashes made with weaker
// parameters are recognised by needsRehash() and replaced at the user's next successful login.
// See docs/security/passwords.md.

import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';

// @node-rs/argon2 declares these as ambient const enums, which isolatedModules cannot read: use their values.
const ARGON2ID = 2 as Algorithm;
const VERSION_0X13 = 1 as Version;

/** Current parameters. Raising any of them makes needsRehash() true for older hashes. */
export const ARGON2_PARAMETERS = {
  memoryCostKiB: 19_456,
  timeCost: 2,
  parallelism: 1,
  saltBytes: 16,
  outputBytes: 32,
} as const;

const OPTIONS: Omit<Options, 'salt'> = {
  algorithm: ARGON2ID,
  version: VERSION_0X13,
  memoryCost: ARGON2_PARAMETERS.memoryCostKiB,
  timeCost: ARGON2_PARAMETERS.timeCost,
  parallelism: ARGON2_PARAMETERS.parallelism,
  outputLen: ARGON2_PARAMETERS.outputBytes,
};

// The same password typed on different systems may arrive composed ("é") or decomposed ("e" + accent):
// hash the NFC form, as the password policy measures it.
function normalise(password: string): string {
  return password.normalize('NFC');
}

/** Argon2id hash of the password, as a PHC string. */
export async function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), { ...OPTIONS, salt: randomBytes(ARGON2_PARAMETERS.saltBytes) });
}

/** True when the password matches the PHC hash; false for a wrong password or a malformed hash. */
export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, normalise(password));
  } catch {
    return false;
  }
}

/**
 * True when the hash was made with another algorithm or version, or with parameters below the current
 * ones (memory, passes, lanes, salt or output length), or cannot be read: rehash after the next successful
 * login, with the password just verified.
 */
export function needsRehash(hashed: string): boolean {
  try {
    const used = parseOptions(hashed);
    return (
      used.algorithm !== ARGON2ID ||
      used.version !== VERSION_0X13 ||
      used.memoryCost < ARGON2_PARAMETERS.memoryCostKiB ||
      used.timeCost < ARGON2_PARAMETERS.timeCost ||
      used.parallelism < ARGON2_PARAMETERS.parallelism ||
      used.saltLen < ARGON2_PARAMETERS.saltBytes ||
      used.outputLen < ARGON2_PARAMETERS.outputBytes
    );
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A real hash, with the current parameters, of a random string nobody knows: computed once, at first use,
 * then kept for the process's lifetime. Call it at startup to keep the first unknown-user login from paying
 * for it.
 */
export function getDummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/**
 * Verifies the password against the dummy hash and returns false. Use it when the account does not exist
 * (or has no password), so that an unknown user costs the same Argon2 work as a wrong password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await getDummyPasswordHash(), password);
  return false;
}
