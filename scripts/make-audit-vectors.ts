// Writes test/fixtures/audit-vectors.json, the test vectors of docs/formats/audit-log.md §7. Run once with
// `node --import tsx scripts/make-audit-vectors.ts`; the unit tests then check the code against the file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { MerkleFrontier } from '../src/platform/crypto/merkle.js';
import { entryBytes, entryLeafHash, statementBytes } from '../src/modules/audit/entry-bytes.js';
import type { AuditEntry, HeadStatement } from '../src/modules/audit/domain/entries.js';

const entries: AuditEntry[] = [
  {
    id: 7,
    occurred_at: '2026-11-23T18:58:03.763Z',
    actor: '6f1c2d9e-2b1a-4a8e-9d1e-0c2f3b4a5d6e',
    organisation_id: '0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
    action: 'accounts.user.listed',
    target_table: 'users',
    target_ids: ['6f1c2d9e-2b1a-4a8e-9d1e-0c2f3b4a5d6e'],
    result: 'success',
    request_id: 'req-42',
    source_ip: '192.0.2.10',
  },
  {
    id: 8,
    occurred_at: '2026-11-23T18:59:00.000Z',
    actor: 'anonymous',
    organisation_id: null,
    action: 'accounts.login.failed',
    target_table: null,
    target_ids: null,
    result: 'failure',
    request_id: 'req-43',
    source_ip: '198.51.100.7',
  },
  {
    id: 10,
    occurred_at: '2026-11-23T19:00:01.001Z',
    actor: 'system:audit-retention',
    organisation_id: null,
    action: 'audit.shard.purged',
    target_table: 'audit_leaves',
    target_ids: ['2026-04'],
    result: 'success',
    request_id: 'audit-retention',
    source_ip: null,
  },
];
// RFC 8032 test 1 private key (seed), as PKCS#8 DER.
const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const privateKey = crypto.createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
  format: 'der',
  type: 'pkcs8',
});
const frontier = new MerkleFrontier();
const roots: Record<string, string> = {};
for (const entry of entries) {
  frontier.append(entryLeafHash(entry));
  roots[String(frontier.size)] = frontier.root().toString('hex');
}
const statement: HeadStatement = {
  log: 'gradins-audit-v1',
  shard: '2026-11',
  tree_size: 3,
  root_hash: frontier.root().toString('hex'),
  previous_shard_root: null,
  kind: 'checkpoint',
  issued_at: '2026-11-23T19:10:00.000Z',
};
const vectors = {
  description: 'Test vectors of docs/formats/audit-log.md §7 (gradins-audit-v1).',
  entries: entries.map((entry) => ({
    entry,
    canonical_bytes_utf8: entryBytes(entry).toString('utf8'),
    leaf_hash: entryLeafHash(entry).toString('hex'),
  })),
  roots_by_size: roots,
  head: {
    statement,
    statement_bytes_utf8: statementBytes(statement).toString('utf8'),
    signing_key:
      'RFC 8032 test 1: public key d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    signature_base64: crypto.sign(null, statementBytes(statement), privateKey).toString('base64'),
  },
};
fs.writeFileSync(
  new URL('../test/fixtures/audit-vectors.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
