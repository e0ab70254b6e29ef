import { sql } from 'drizzle-orm';
import { selectRows } from '../../src/platform/db/database.js';
import type { TestServer } from './server.js';

/**
 * Starts `request` while the caller holds a transaction open, and returns once the request has answered or is
 * seen waiting for a lock of `locktype` in `pg_locks` (an advisory lock, or another transaction's row): then
 * the caller may commit, knowing in which order the two met. PostgreSQL only (PGlite has one connection: the
 * request would wait for the open transaction before reaching any lock). The answer is wrapped, not awaited.
 */
export async function startedUntilWaiting<T>(
  server: TestServer,
  locktype: 'advisory' | 'transactionid',
  request: () => Promise<T>,
): Promise<{ answer: Promise<T> }> {
  let answered = false;
  const answer = request();
  answer.then(
    () => (answered = true),
    () => (answered = true),
  );
  const waiting = async () =>
    (
      await selectRows<{ n: number }>(
        server.database.db,
        sql`select count(*)::int as n from pg_locks where locktype = ${locktype} and not granted`,
      )
    )[0]!.n > 0;
  const deadline = Date.now() + 10_000;
  while (!answered && !(await waiting()) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return { answer };
}
