import type { FastifyServerOptions } from 'fastify';

/** Where log lines go; tests pass a stream that captures them. */
export interface LogDestination {
  write(line: string): void;
}

/**
 * Logs say what happened to which request, never who it was about: no headers (cookies, tokens), no paths
 * (links carry tokens; the route pattern is logged instead), no query strings, no bodies, no client addresses
 * (personal data under the GDPR). Audited facts go to the audit trail, not to these logs.
 */
export function loggerOptions(level: string, stream?: LogDestination): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: { id?: string; method?: string; routeOptions?: { url?: string } }) => ({
        id: request.id,
        method: request.method,
        route: request.routeOptions?.url ?? '(no route)',
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      err: serializeError,
    },
  };
}

interface DatabaseErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
}

/**
 * Errors without the data they carry. A database error's message and its driver's `detail` quote the values
 * of the query (names, e-mail addresses), and Drizzle adds the parameters: only the SQLSTATE, the constraint
 * and the SQL text with its placeholders are kept, and of the stack only its call frames.
 */
export function serializeError(error: Error & { code?: string; cause?: unknown; query?: string }) {
  const database = databaseFields(error);
  // The message may span several lines (Drizzle appends `params: …`): keep only the call frames.
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  if (database) {
    return {
      type: error.name,
      message: 'database error (values withheld)',
      sqlState: database.code,
      constraint: database.constraint,
      table: database.table,
      column: database.column,
      query: typeof error.query === 'string' ? error.query : undefined,
      stack: frames,
    };
  }
  return { type: error.name, code: error.code, message: error.message, stack: error.stack ?? '' };
}

/** The PostgreSQL error behind an error, if any: node-postgres and PGlite both expose a 5-character SQLSTATE. */
function databaseFields(error: {
  code?: string;
  cause?: unknown;
  name?: string;
}): DatabaseErrorFields | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const candidate = current as DatabaseErrorFields & { cause?: unknown; name?: string };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return error.name === 'DrizzleQueryError' ? {} : undefined;
}
