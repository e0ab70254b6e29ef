// Child process of audit-durability.test.ts: writes a change and its audit entry in one transaction, says
// "inside", then waits there until the test kills it with SIGKILL.
import { organisations } from '../../src/platform/db/schema/index.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { recordAuditEvent } from '../../src/platform/audit/record-audit-event.js';

const database = await openDatabase(JSON.parse(process.env.CRASH_DATABASE!));
await database.transaction(async (tx) => {
  const [created] = await tx
    .insert(organisations)
    .values({ name: 'Organisation du crash', kind: 'operator' })
    .returning();
  await recordAuditEvent(tx, {
    actor: 'system:crash-test',
    action: 'accounts.organisation.created',
    target: { table: 'organisations', ids: [created!.id] },
    result: 'success',
    at: new Date(),
  });
  process.stdout.write('inside\n');
  await new Promise(() => undefined); // never commits: the process is killed here
});
