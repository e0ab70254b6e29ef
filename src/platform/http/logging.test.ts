import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { describe, expect, it } from 'vitest';
import { serializeError } from './logging.js';

describe('error logging', () => {
  // Creating an in-memory PGlite takes a few seconds on a busy machine.
  it('keeps the values of a failed query out of the log', { timeout: 30_000 }, async () => {
    const client = await PGlite.create();
    const db = drizzle({ client });
    const personal = 'jeanne.dupont@example.fr';
    const error = await db.execute(sql`select ${personal}::int`).catch((caught: Error) => caught);
    await client.close();
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).toContain(personal); // the raw error has it
    const logged = JSON.stringify(serializeError(error as Error));
    expect(logged).not.toContain(personal);
    expect(logged).not.toContain('jeanne');
    expect(JSON.parse(logged)).toMatchObject({ sqlState: '22P02', query: 'select $1::int' });
  });

  it('keeps the message of an error of our own', () => {
    expect(serializeError(new TypeError('key store not opened'))).toMatchObject({
      type: 'TypeError',
      message: 'key store not opened',
    });
  });
});
