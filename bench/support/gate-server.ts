// Child process of the check-in benchmark: the real Gradins server (PGlite in BENCH_PGLITE_DIR, or
// DATABASE_URL), an event with BENCH_GATE_TICKETS issued tickets signed like issuance signs them, and a signed-in
// gate agent of that event. Writes what the load generator needs (session cookie, CSRF token, event, codes) to
// BENCH_GATE_FILE, then prints `listening on <url>`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { openSession } from '../../src/modules/accounts/sessions.js';
import { parseDatabaseUrl } from '../../src/platform/config/config.js';
import { organisations, roleGrants, users } from '../../src/platform/db/schema/index.js';
import { startServer } from '../../src/server.js';
import { buildGateTickets } from '../../test/support/gate.js';

const dataDir = process.env.BENCH_PGLITE_DIR!;
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  keysDir: path.join(dataDir, 'keys'),
  database: process.env.DATABASE_URL
    ? parseDatabaseUrl(process.env.DATABASE_URL)
    : { kind: 'pglite', dataDir: path.join(dataDir, 'db') },
  smtpUrl: undefined,
  logLevel: 'silent',
  rateLimitPerMinute: 100_000_000,
  webDistDir: path.join(dataDir, 'no-web'),
  publicUrl: '',
  trustProxy: false,
  auditHeadMinutes: 10,
});
const now = new Date();
const { eventId, tickets } = await buildGateTickets(server, {
  count: Number(process.env.BENCH_GATE_TICKETS ?? 20_000),
  now,
});
const db = server.database.db;
const [organisation] = await db
  .insert(organisations)
  .values({ name: `Banc porte ${Date.now()}`, kind: 'operator' })
  .returning();
const [user] = await db
  .insert(users)
  .values({
    organisationId: organisation!.id,
    email: `porte.${Date.now()}@exemple.fr`,
    displayName: 'Agent',
    status: 'active',
  })
  .returning();
await db.insert(roleGrants).values({
  userId: user!.id,
  role: 'gate_agent',
  scopeKind: 'event',
  scopeId: eventId,
  runsDraws: false,
  startsAt: new Date(now.getTime() - 60_000),
  endsAt: new Date(now.getTime() + 86_400_000),
});
const { token } = await openSession(db, user!.id, now, { mfaVerified: true });
const cookie = `gradins_session=${token}`;
const session = (await (await fetch(`${server.url}/api/v1/session`, { headers: { cookie } })).json()) as {
  csrfToken: string;
};
await fs.writeFile(
  process.env.BENCH_GATE_FILE!,
  JSON.stringify({ cookie, csrfToken: session.csrfToken, eventId, codes: tickets.map((t) => t.code) }),
);
console.log(`gate bench server listening on ${server.url} `);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
