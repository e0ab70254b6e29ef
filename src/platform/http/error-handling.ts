import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { platformProblems, ProblemError, sendProblem } from './problem.js';

/** Maps every failure to problem+json in one place; a 5xx never shows its cause to the client. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request.headers['content-type'] ?? '');
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
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
  if (error instanceof SyntaxError) return platformProblems.malformedJson();
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return platformProblems.badRequest();
  }
  return platformProblems.internal();
}
