import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { UnknownKeyError, type KeyStore } from '../crypto/keystore.js';
import { accessProblems, platformProblems, ProblemError, sendProblem } from './problem.js';

/**
 * Maps every failure to problem+json in one place; a 5xx never shows its cause to the client. A value encrypted
 * under a key this process does not know yet (rotated by another process) reloads the keys: the client is told
 * to try again (`keys-reloaded`), and the next request reads it.
 */
export function installErrorHandling(app: FastifyInstance, keys?: Pick<KeyStore, 'reload'>): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (keys && error instanceof UnknownKeyError) {
      request.log.warn({ kid: error.kid }, 'unknown key: reloading the key folder');
      await keys.reload();
      return sendProblem(request, reply, platformProblems.keysReloaded());
    }
    const problem = toProblem(error, request.headers['content-type'] ?? '');
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, problem);
  });
  // Unknown addresses count towards the rate limit too (no free probing), when the plugin is registered.
  const rateLimited = 'rateLimit' in app ? { preHandler: app.rateLimit() } : {};
  app.setNotFoundHandler(rateLimited, (request, reply) =>
    sendProblem(request, reply, platformProblems.notFound(request.url.split('?')[0] ?? '/')),
  );
}

function toProblem(error: FastifyError, contentType: string): ProblemError {
  if (error instanceof ProblemError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return platformProblems.validationFailed(
      error.validation.map((issue) => ({
        path: [error.validationContext, issue.instancePath.replace(/^\//, '').replace(/\//g, '.')]
          .filter(Boolean)
          .join('.'),
        message: issue.message ?? 'valeur invalide',
      })),
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return platformProblems.malformedJson();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return platformProblems.unsupportedMediaType(contentType.slice(0, 100));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return platformProblems.payloadTooLarge();
    default:
      break;
  }
  // A 4xx raised by a plugin keeps its status; anything else is our fault (500), whatever its class.
  switch (error.statusCode) {
    case 401:
      return accessProblems.unauthenticated();
    case 403:
      return accessProblems.forbidden();
    case 404:
      return platformProblems.notFound('');
    case 413:
      return platformProblems.payloadTooLarge();
    case 415:
      return platformProblems.unsupportedMediaType(contentType.slice(0, 100));
    default:
      break;
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return platformProblems.badRequest(error.statusCode);
  }
  return platformProblems.internal();
}
