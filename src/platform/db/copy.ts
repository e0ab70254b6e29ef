import pg from 'pg';
import type { Tx } from './database.js';

// `COPY … FROM STDIN` in the caller's transaction, on either driver: the cheapest way for PostgreSQL to take
// many rows (no statement per row, no parameter arrays to parse), for bulk writes such as a draw's tickets.
// node-postgres has no COPY helper of its own; its query object is told what to send when the server asks for
// the data (`handleCopyInResponse`, the hook that `pg-copy-streams` also uses) — the whole text at once, which
// for a batch of a few thousand rows is a few megabytes at most. PGlite reads it from a `Blob` (`/dev/blob`).

/** A value of a row for `copyRow`: text, a number, an instant, or null. */
export type CopyValue = string | number | Date | null;

/**
 * One line of COPY's text format: values separated by tabs, `\N` for null, instants in ISO 8601 (UTC), and
 * backslashes, tabs, carriage returns and newlines escaped.
 */
export function copyRow(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const text =
      value === null || value === undefined
        ? '\\N'
        : typeof value === 'string'
          ? escapeCopyText(value)
          : value instanceof Date
            ? value.toISOString()
            : String(value);
    line += i === 0 ? text : `\t${text}`;
  }
  return `${line}\n`;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCopyText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPED[char]!) : value;
}

/**
 * Inserts the rows of `lines` (`copyRow` lines) into `table` (`columns` in their order) with COPY, in the
 * transaction `tx`. Identifiers are the caller's constants, never user input.
 */
export async function copyInto(
  tx: Tx,
  table: string,
  columns: readonly string[],
  lines: string,
): Promise<void> {
  if (lines.length === 0) return;
  const client = (tx as unknown as { session: { client: unknown } }).session.client;
  const target = `${table} (${columns.join(', ')})`;
  if (isPgClient(client)) {
    const data = Buffer.from(lines, 'utf8');
    await new Promise<void>((resolve, reject) => {
      const query = new pg.Query(`copy ${target} from stdin`) as pg.Query & {
        handleCopyInResponse(connection: CopyConnection): void;
      };
      query.handleCopyInResponse = (connection) => {
        connection.sendCopyFromChunk(data);
        connection.endCopyFrom();
      };
      client.query(query, (error: Error | null) => (error ? reject(error) : resolve()));
    });
    return;
  }
  const pglite = client as {
    query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
  };
  await pglite.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([lines]) });
}

interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** A node-postgres client (a pool's client is one; checked by shape, as drizzle holds it untyped). */
function isPgClient(client: unknown): client is {
  query(query: pg.Query, callback: (error: Error | null) => void): void;
} {
  return (
    typeof client === 'object' &&
    client !== null &&
    'connection' in client &&
    typeof (client as { connection?: { sendCopyFromChunk?: unknown } }).connection?.sendCopyFromChunk ===
      'function'
  );
}
