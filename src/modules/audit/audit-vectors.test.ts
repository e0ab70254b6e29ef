import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MerkleFrontier, nodeHash } from '../../platform/crypto/merkle.js';
import type { AuditEntry, HeadStatement } from './domain/entries.js';
import { entryBytes, entryLeafHash, statementBytes } from './entry-bytes.js';

// The spec's test vectors (docs/formats/audit-log.md §7): a change to the format fails here first.
const vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/audit-vectors.json', import.meta.url), 'utf8'),
) as {
  entries: { entry: AuditEntry; canonical_bytes_utf8: string; leaf_hash: string }[];
  roots_by_size: Record<string, string>;
  head: { statement: HeadStatement; statement_bytes_utf8: string; signature_base64: string };
};

describe('audit log test vectors', () => {
  it('serialises entries to the published canonical bytes and leaf hashes', () => {
    for (const vector of vectors.entries) {
      expect(entryBytes(vector.entry).toString('utf8')).toBe(vector.canonical_bytes_utf8);
      expect(entryLeafHash(vector.entry).toString('hex')).toBe(vector.leaf_hash);
    }
    expect(vectors.entries[0]!.canonical_bytes_utf8).toBe(
      '["gradins-audit-v1",7,"2026-11-23T18:58:03.763Z","6f1c2d9e-2b1a-4a8e-9d1e-0c2f3b4a5d6e","0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d","accounts.user.listed","users",["6f1c2d9e-2b1a-4a8e-9d1e-0c2f3b4a5d6e"],"success","req-42","192.0.2.10"]',
    );
  });

  it('gives the published roots, which follow RFC 6962 by hand for three leaves', () => {
    const [a, b, c] = vectors.entries.map((vector) => Buffer.from(vector.leaf_hash, 'hex')) as [
      Buffer,
      Buffer,
      Buffer,
    ];
    expect(vectors.roots_by_size['1']).toBe(a.toString('hex'));
    expect(vectors.roots_by_size['2']).toBe(nodeHash(a, b).toString('hex'));
    expect(vectors.roots_by_size['3']).toBe(nodeHash(nodeHash(a, b), c).toString('hex'));
    const frontier = new MerkleFrontier();
    [a, b, c].forEach((leaf) => frontier.append(leaf));
    expect(frontier.root().toString('hex')).toBe(vectors.roots_by_size['3']);
  });

  it('signs heads over the published statement bytes (RFC 8032 test 1 key)', () => {
    expect(statementBytes(vectors.head.statement).toString('utf8')).toBe(vectors.head.statement_bytes_utf8);
    expect(vectors.head.statement_bytes_utf8.startsWith('{"issued_at":')).toBe(true); // keys sorted (RFC 8785)
    const publicKey = crypto.createPublicKey({
      key: Buffer.from(
        '302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
        'hex',
      ),
      format: 'der',
      type: 'spki',
    });
    const signature = Buffer.from(vectors.head.signature_base64, 'base64');
    expect(crypto.verify(null, Buffer.from(vectors.head.statement_bytes_utf8), publicKey, signature)).toBe(
      true,
    );
  });
});
