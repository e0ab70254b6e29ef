// Child process of the audit benchmark: one personal-data read (a page of accounts) served by two routes
// that differ only in their audit declaration: `auditRead(…)` (the real onSend hook of Gradins writes the
// entry, by group commit, before the answer leaves) and `noPersonalData(…)` (no entry). Same process, same
// database, same handler: the ratio is the cost of the audit entry.
import Fastify from 'fastify';
import { auditRead, installReadAudit, noPersonalData } from '../../src/platform/audit/read-log.js';
import { systemClock } from '../../src/platform/clock.js';
import { parseDatabaseUrl } from '../../src/platform/config/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrations.js';
import { organisations, users } from '../../src/platform/db/schema/index.js';

const database = await openDatabase(
  process.env.DATABASE_URL
    ? parseDatabaseUrl(process.env.DATABASE_URL)
    : { kind: 'pglite', dataDir: process.env.BENCH_PGLITE_DIR! },
);
await migrateToLatest(database);
const [organisation] = await database.db
  .insert(organisations)
  .values({ name: `Banc d'essai ${Date.now()}`, kind: 'operator' })
  .returning();
await database.db.insert(users).values(
  Array.from({ length: 20 }, (_, i) => ({
    organisationId: organisation!.id,
    email: `banc.${Date.now()}.${i}@exemple.fr`,
    displayName: `Personne ${i}`,
    status: 'active' as const,
  })),
);

const app = Fastify({ logger: false });
installReadAudit(app, { database, clock: systemClock });
const readPage = async (request: { auditTargetIds?: string[] }) => {
  const page = await database.db
    .select({ id: users.id, email: users.email, name: users.displayName })
    .from(users)
    .limit(20);
  request.auditTargetIds = page.map((row) => row.id);
  return page;
};
app.get('/unaudited', { config: noPersonalData('benchmark baseline') }, readPage);
app.get('/audited', { config: auditRead('accounts.user.listed', 'users') }, readPage);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`audit bench server listening on ${url} `);
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0)),
);
