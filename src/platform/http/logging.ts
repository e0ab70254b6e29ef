import type { FastifyServerOptions } from 'fastify';
/** Where log lines go; tests pass a stream that captures them. */
export interface LogDestination {
  write(line: string): void;
}

/**
 * Logs say what happened to which request, never who it was about: no headers (cookies, tokens), no query
 * strings (searches carry names), no bodies, no client addresses (personal data under the GDPR). Audited
 * facts go to the audit trail, not to these logs.
 */
export function loggerOptions(level: string, stream?: LogDestination): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: { id?: string; method?: string; url?: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url?.split('?')[0],
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      err: (error: Error & { code?: string }) => ({
        type: error.name,
        code: error.code,
        // Database errors put the offending values in `detail`: it is never logged.
        message: error.message,
        stack: error.stack ?? '',
      }),
    },
  };
}
