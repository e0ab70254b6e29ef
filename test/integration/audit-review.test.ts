import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/platform/crypto/canonical-json.js';
import { appendAuditEntries, type AuditEvent } from '../../src/platform/audit/record-audit-event.js';
import { auditEvents, auditLeaves } from '../../src/platform/db/schema/index.js';
import { auditAlerts } from '../../src/modules/audit/review.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe.each(databaseKinds)('audit review: denials, alerts and scheduled heads on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: kind });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const denied = (actor: string) =>
    server.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actor, actor), eq(auditEvents.result, 'denied')))
      .orderBy(auditEvents.id);

  it('records the access guard’s refusals as denied entries, anonymous ones within a budget', async () => {
    const user = await buildUser(server, { roles: [{ role: 'operator' }], totp: true });
    const client = await signIn(server, user);
    const refused = await client.get('/api/v1/audit/entries');
    expect(refused.status).toBe(403);
    const forbiddenPost = await client.post('/api/v1/audit/heads');
    expect(forbiddenPost.status).toBe(403);
    expect(await denied(user.id)).toMatchObject([
      {
        action: 'audit.entries.listed',
        targetTable: 'audit_events',
        organisationId: user.organisationId,
        requestId: refused.headers.get('x-request-id'),
        sourceIp: '127.0.0.1',
      },
      {
        action: 'http.access.denied',
        targetTable: null,
        requestId: forbiddenPost.headers.get('x-request-id'),
      },
    ]);

    // Anonymous callers: recorded on routes that declare personal data, at most 10 per address per window.
    const anonymous = new ApiClient(server.url);
    const first = await anonymous.get('/api/v1/audit/entries');
    expect(first.status).toBe(401);
    const [entry] = await denied('anonymous');
    expect(entry).toMatchObject({
      action: 'audit.entries.listed',
      requestId: first.headers.get('x-request-id'),
      sourceIp: '127.0.0.1',
    });
    for (let i = 0; i < 30; i += 1) expect((await anonymous.get('/api/v1/audit/entries')).status).toBe(401);
    expect((await anonymous.post('/api/v1/audit/heads')).status).toBe(401); // no personal data: not written
    expect(await denied('anonymous')).toHaveLength(10);
  });

  it('raises bulk_reads by records read, export, outside_working_hours (Paris time) and ban_data_read alerts', async () => {
    const actor = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const at = (iso: string) => new Date(iso);
    const read = (
      who: string,
      when: string,
      ids: number,
      action = 'applicants.person.listed',
    ): AuditEvent => ({
      actor: who,
      action,
      target: { table: 'applicants', ids: Array.from({ length: ids }, (_, i) => `${i}`) },
      result: 'success',
      at: at(when),
    });
    await appendAuditEntries(server.database.db, [
      // One request that reads 3,000 records: a bulk read although it is a single request.
      read(actor(1), '2026-07-01T08:00:00Z', 3000),
      // Ten small reads within working hours: nothing to flag.
      ...Array.from({ length: 10 }, (_, i) => read(actor(2), `2026-07-01T09:0${i}:00Z`, 1)),
      { ...read(actor(3), '2026-07-01T10:00:00Z', 40), action: 'applicants.person.exported' },
      // 20:30 in Paris (18:30 UTC, summer time) on a Wednesday; 19:30 in Paris is still working hours.
      read(actor(4), '2026-07-01T18:30:00Z', 1),
      read(actor(5), '2026-07-01T17:30:00Z', 1),
      // Saturday 4 July, 12:00 in Paris.
      read(actor(6), '2026-07-04T10:00:00Z', 1),
      read(actor(7), '2026-07-01T11:00:00Z', 1, 'bans.entry.read'),
    ]);
    const alerts = await auditAlerts(server, {
      from: at('2026-07-01T00:00:00Z'),
      to: at('2026-07-06T00:00:00Z'),
    });
    const flagged = (kind: string) =>
      alerts.filter((alert) => alert.kind === kind).map((alert) => alert.actor);
    expect(flagged('bulk_reads')).toEqual([actor(1)]);
    expect(alerts.find((alert) => alert.kind === 'bulk_reads')).toMatchObject({
      count: 1,
      records: 3000,
      firstAt: '2026-07-01T08:00:00.000Z',
    });
    expect(flagged('export')).toEqual([actor(3)]);
    expect(flagged('outside_working_hours')).toEqual([actor(4), actor(6)]);
    expect(flagged('ban_data_read')).toEqual([actor(7)]);
    expect(alerts.find((alert) => alert.kind === 'ban_data_read')!.entryIds).toHaveLength(1);
  });

  it('signs a head in the scheduled job, served to witnesses and checked with the published key', async () => {
    await appendAuditEntries(server.database.db, [
      { actor: 'system:test', action: 'applicants.person.read', result: 'success', at: server.clock.now() },
    ]);
    await server.jobs.runNow('audit-heads');
    const anonymous = new ApiClient(server.url);
    const head = await anonymous.get<{
      shard: string;
      treeSize: number;
      rootHash: string;
      previousShardRoot: string | null;
      kind: 'checkpoint' | 'final';
      issuedAt: string;
      keyId: string;
      signature: string;
    }>('/api/v1/public/audit/head');
    expect(head.status).toBe(200);
    const [pending] = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actor, 'system:test'));
    expect(head.body.treeSize).toBeGreaterThan(0);
    expect(head.body.issuedAt).toBe(server.clock.now().toISOString());
    const keys = await anonymous.get<{ keys: { kid: string; purpose: string; spki_pem: string }[] }>(
      '/.well-known/gradins/keys.json',
    );
    const key = keys.body.keys.find((candidate) => candidate.kid === head.body.keyId);
    expect(key?.purpose).toBe('audit');
    const statement = canonicalJson({
      log: 'gradins-audit-v1',
      shard: head.body.shard,
      tree_size: head.body.treeSize,
      root_hash: head.body.rootHash,
      previous_shard_root: head.body.previousShardRoot,
      kind: head.body.kind,
      issued_at: head.body.issuedAt,
    });
    const valid = crypto.verify(
      null,
      Buffer.from(statement, 'utf8'),
      crypto.createPublicKey(key!.spki_pem),
      Buffer.from(head.body.signature, 'base64'),
    );
    expect(valid).toBe(true);
    // The job placed the pending entry under that head.
    const [leaf] = await server.database.db
      .select()
      .from(auditLeaves)
      .where(eq(auditLeaves.eventId, pending!.id));
    expect(leaf!.leafIndex).toBeLessThan(head.body.treeSize);
  });
});
