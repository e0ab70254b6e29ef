import { hash, type Algorithm } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  getDummyPasswordHash,
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from './password-hashing.js';

const PASSWORD = 'cheval agrafe lune buvard torrent piment ardoise';

describe('password hashing (Argon2id)', () => {
  it('round-trips: a hash verifies with its password', async () => {
    const hashed = await hashPassword(PASSWORD);
    expect(await verifyPassword(hashed, PASSWORD)).toBe(true);
  });

  it('refuses a wrong password', async () => {
    const hashed = await hashPassword(PASSWORD);
    expect(await verifyPassword(hashed, `${PASSWORD}!`)).toBe(false);
    expect(await verifyPassword(hashed, '')).toBe(false);
  });

  it('returns false, not an error, for a malformed hash', async () => {
    expect(await verifyPassword('not a hash', PASSWORD)).toBe(false);
    expect(await verifyPassword('', PASSWORD)).toBe(false);
  });

  it('writes a PHC string with argon2id, m = 19 MiB, t = 2, p = 1 and a 16-byte salt', async () => {
    const hashed = await hashPassword(PASSWORD);
    expect(hashed.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    const [, , , , salt, digest] = hashed.split('$');
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(digest ?? '', 'base64')).toHaveLength(32);
  });

  it('salts each hash: the same password gives two different hashes', async () => {
    expect(await hashPassword(PASSWORD)).not.toBe(await hashPassword(PASSWORD));
  });

  it('treats composed and decomposed accents as the same password (NFC)', async () => {
    const hashed = await hashPassword('Été-forêt-2024');
    expect(await verifyPassword(hashed, 'E\u0301te\u0301-fore\u0302t-2024')).toBe(true);
  });
});

describe('needsRehash', () => {
  it('is true for a hash with m = 4096, t = 1 and false for a fresh one', async () => {
    const weak = await hash(PASSWORD, {
      algorithm: 2 as Algorithm,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    expect(weak).toContain('$m=4096,t=1,p=1$');
    expect(needsRehash(weak)).toBe(true);
    expect(await verifyPassword(weak, PASSWORD)).toBe(true); // still verifies, so it can be upgraded at login
    expect(needsRehash(await hashPassword(PASSWORD))).toBe(false);
  });

  it('is true for another Argon2 variant and for an unreadable hash', async () => {
    const argon2i = await hash(PASSWORD, { algorithm: 1 as Algorithm, memoryCost: 19456, timeCost: 2 });
    expect(argon2i.startsWith('$argon2i$')).toBe(true);
    expect(needsRehash(argon2i)).toBe(true);
    expect(needsRehash('$2b$12$abcdefghijklmnopqrstuv')).toBe(true);
    expect(needsRehash('')).toBe(true);
  });

  it('is false for stronger parameters than the current ones', async () => {
    const stronger = await hash(PASSWORD, { algorithm: 2 as Algorithm, memoryCost: 65536, timeCost: 3 });
    expect(needsRehash(stronger)).toBe(false);
  });
});

describe('dummy hash for unknown accounts', () => {
  it('is a real hash with the current parameters, computed once', async () => {
    const dummy = await getDummyPasswordHash();
    expect(dummy.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(needsRehash(dummy)).toBe(false);
    expect(await getDummyPasswordHash()).toBe(dummy);
  });

  it('verifyAgainstDummy always answers false', async () => {
    expect(await verifyAgainstDummy(PASSWORD)).toBe(false);
    expect(await verifyAgainstDummy('')).toBe(false);
  });
});
