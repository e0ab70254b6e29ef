// Child process of the audit benchmark: one personal-data read (a page of accounts), served twice, with and
// without its audit entry, on the same database. Everything else is equal, so the ratio is the audit's cost.
import Fastify from 'fastify';
import { ReadAuditLog } from '../../src/platform/audit/read-log.js';
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
const readLog = new ReadAuditLog(database);
const readPage = () =>
  database.db.select({ id: users.id, email: users.email, name: users.displayName }).from(users).limit(20);

const app = Fastify({ logger: false });
app.get('/unaudited', async () => readPage());
app.get('/audited', async (request) => {
  const page = await readPage();
  await readLog.record({
    actor: '00000000-0000-4000-8000-000000000001',
    action: 'accounts.user.listed',
    target: { table: 'users', ids: page.map((row) => row.id) },
    result: 'success',
    requestId: request.id,
    sourceIp: request.ip,
    at: new Date(),
  });
  return page;
});
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
