import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartupError } from '../startup-error.js';
import { openKeyStore, SECRET_PURPOSES, SIGNING_PURPOSES, signingKeyId } from './keystore.js';

describe('key store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-keys-')), 'keys');
  });
  afterEach(async () => {
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('creates one key per purpose at first opening, in files only the owner can read', async () => {
    const keys = await openKeyStore(dir, new Date('2026-01-01T00:00:00Z'));
    expect(
      keys
        .list()
        .map((key) => key.purpose)
        .sort(),
    ).toEqual([...SIGNING_PURPOSES, ...SECRET_PURPOSES].sort());
    for (const key of keys.list()) {
      const stat = await fs.stat(key.file);
      expect(stat.mode & 0o777).toBe(0o600);
    }
    expect((await fs.stat(dir)).mode & 0o077).toBe(0);
  });

  it('keeps the same keys when opened again', async () => {
    const first = await openKeyStore(dir);
    const second = await openKeyStore(dir);
    expect(second.list().map((key) => key.kid)).toEqual(first.list().map((key) => key.kid));
    expect(second.secret('identity-beneficiary').key.equals(first.secret('identity-beneficiary').key)).toBe(
      true,
    );
  });

  it('signs with the purpose key; the signature verifies with the published public key only', async () => {
    const keys = await openKeyStore(dir);
    const message = new TextEncoder().encode('tirage 2026-001');
    const { kid, signature } = keys.sign('draw', message);
    expect(kid).toMatch(/^draw-[0-9a-f]{16}$/);
    expect(keys.verify(kid, message, signature)).toBe(true);
    const published = keys.publicSigningKeys().find((key) => key.kid === kid)!;
    expect(crypto.verify(null, message, crypto.createPublicKey(published.spkiPem), signature)).toBe(true);
    const otherKid = keys.publicSigningKeys().find((key) => key.purpose === 'ticket')!.kid;
    expect(keys.verify(otherKid, message, signature)).toBe(false);
  });

  it('keeps purposes apart: each identity purpose has its own secret', async () => {
    const keys = await openKeyStore(dir);
    const beneficiary = keys.secret('identity-beneficiary');
    const ban = keys.secret('identity-ban');
    expect(beneficiary.key).toHaveLength(32);
    expect(beneficiary.key.equals(ban.key)).toBe(false);
  });

  it('ignores and removes a key left half-written by a crash', async () => {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'ticket-0000.json.123.tmp'), '{"kid":');
    const keys = await openKeyStore(dir);
    expect(await fs.readdir(dir)).not.toContain('ticket-0000.json.123.tmp');
    expect(keys.list()).toHaveLength(SIGNING_PURPOSES.length + SECRET_PURPOSES.length);
  });

  it('refuses a damaged key file rather than replacing it', async () => {
    const keys = await openKeyStore(dir);
    const damaged = keys.list()[0]!.file;
    await fs.writeFile(damaged, 'not json');
    await expect(openKeyStore(dir)).rejects.toThrow(StartupError);
    expect(await fs.readFile(damaged, 'utf8')).toBe('not json');
  });

  it('refuses a key file with a missing part, with a message rather than a crash later', async () => {
    const keys = await openKeyStore(dir);
    const file = keys.list().find((key) => key.type === 'ed25519')!.file;
    const { privateKeyPem: _dropped, ...incomplete } = JSON.parse(await fs.readFile(file, 'utf8'));
    await fs.writeFile(file, JSON.stringify(incomplete));
    await expect(openKeyStore(dir)).rejects.toMatchObject({ code: 'keys.unreadable' });
  });

  it('closes a keys folder that others could read', async () => {
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    await fs.chmod(dir, 0o755);
    await openKeyStore(dir);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('creates one set of keys when two processes open an empty folder together', async () => {
    const [first, second] = await Promise.all([openKeyStore(dir), openKeyStore(dir)]);
    expect(second.list().map((key) => key.kid)).toEqual(first.list().map((key) => key.kid));
    expect(await fs.readdir(dir)).toHaveLength(SIGNING_PURPOSES.length + SECRET_PURPOSES.length);
  });

  it('refuses a keys folder that is a file', async () => {
    await fs.writeFile(dir, '');
    await expect(openKeyStore(dir)).rejects.toMatchObject({ code: 'storage.folder-unusable' });
  });
});

describe('public key format (docs/formats/public-keys.md test vector)', () => {
  const rfc8032Test1 = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');

  it('derives the key id from the raw public key', () => {
    expect(rfc8032Test1.toString('base64url')).toBe('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo');
    expect(signingKeyId('ticket', rfc8032Test1)).toBe('ticket-21fe31dfa154a261');
  });

  it('verifies the RFC 8032 test 1 signature as pure Ed25519', () => {
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), rfc8032Test1]);
    const publicKey = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const signature = Buffer.from(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      'hex',
    );
    expect(crypto.verify(null, Buffer.alloc(0), publicKey, signature)).toBe(true);
  });
});

describe('key store rotation', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-keys-')), 'keys');
  });
  afterEach(async () => {
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('rotates a secret in steps: pending (readable, not in use), active, then the old one destroyed', async () => {
    const keys = await openKeyStore(dir);
    const old = keys.secret('identity-beneficiary').kid;
    const before = keys.pseudonym('identity-beneficiary', 'v2|MARTIN|LEO|2010-01-09');
    const { kid } = await keys.prepareSecret('identity-beneficiary', new Date());
    expect(await keys.prepareSecret('identity-beneficiary', new Date())).toEqual({ kid });
    expect(keys.secret('identity-beneficiary').kid).toBe(old);
    expect(keys.pseudonymWith(kid, 'v2|MARTIN|LEO|2010-01-09')).not.toBe(before);
    // Another process sees the pending version, and still uses the old one.
    const other = await openKeyStore(dir);
    expect(other.secret('identity-beneficiary').kid).toBe(old);
    expect(other.list().find((key) => key.kid === kid)?.pending).toBe(true);
    await expect(keys.retireSecret(old)).rejects.toThrow('in use');
    await keys.activateSecret(kid);
    expect(keys.secret('identity-beneficiary').kid).toBe(kid);
    await keys.retireSecret(old);
    expect(() => keys.secretByKid(old)).toThrow();
    await other.reload();
    expect(other.secret('identity-beneficiary').kid).toBe(kid);
    expect(other.list().some((key) => key.kid === old)).toBe(false);
    expect((await fs.stat(path.join(dir, `${kid}.json`))).mode & 0o777).toBe(0o600);
  });
});
