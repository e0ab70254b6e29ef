// The HTTP client of the web app: same-origin fetch, the CSRF token on state-changing requests, the page's
// language in Accept-Language (so a problem's `detail` comes back in French or English), and problem+json
// answers turned into a typed error that pages can branch on.
import { langFromPathname } from './i18n';

export interface FieldError {
  /** As the server names it, e.g. `body.password`. */
  path: string;
  message: string;
}

/** An RFC 9457 problem answered by the API (docs/api/problems.md). */
export class ApiProblem extends Error {
  /** The full type, `urn:gradins:problem:<code>`. */
  readonly type: string;
  /** The last part of the type: `weak-password`, `reauthentication-required`… */
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldError[];
  readonly requestId: string | undefined;

  constructor(problem: {
    type: string;
    status: number;
    title: string;
    detail: string;
    errors?: readonly FieldError[];
    requestId?: string;
  }) {
    super(problem.detail);
    this.name = 'ApiProblem';
    this.type = problem.type;
    this.code = problem.type.replace(/^urn:gradins:problem:/, '');
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }

  /** The messages about one field: `fieldErrors('password')` matches `body.password` and `password`. */
  fieldErrors(field: string): string[] {
    return this.errors
      .filter((error) => error.path === field || error.path.split('.').at(-1) === field)
      .map((error) => error.message);
  }
}

/** A network failure or an answer that is not JSON: shown as a generic problem. */
function unexpectedProblem(status: number): ApiProblem {
  const english = currentLang() === 'en';
  return new ApiProblem({
    type: 'urn:gradins:problem:network',
    status,
    title: english ? 'Service unavailable' : 'Service indisponible',
    detail: english
      ? 'The service could not be reached. Check your connection and try again in a moment.'
      : 'Le service n’a pas pu être joint. Vérifiez votre connexion et réessayez dans un instant.',
  });
}

let csrfToken: string | undefined;

/** Called with every SessionState received: the token goes back in `x-csrf-token`. */
export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

function currentLang() {
  return typeof window === 'undefined' ? 'fr' : langFromPathname(window.location.pathname);
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls the API and returns the parsed JSON body (undefined for 204); throws ApiProblem on any error. */
export async function api<T = unknown>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
  return send<T>(
    method,
    path,
    body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(body) },
  );
}

/** Sends a file as it is (a CSV import: `text/csv`), with the same headers and error handling as `api`. */
export async function apiUpload<T = unknown>(
  path: string,
  file: Blob,
  contentType: string,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return send<T>(method, path, { type: contentType, data: file });
}

/** Reads a file the API serves (a photograph): the body as a Blob; a problem is thrown as by `api`. */
export async function apiBlob(path: string): Promise<Blob> {
  return send<Blob>('GET', path, undefined, true);
}

async function send<T>(
  method: HttpMethod,
  path: string,
  body: { type: string; data: BodyInit } | undefined,
  asBlob = false,
): Promise<T> {
  const lang = currentLang();
  const headers: Record<string, string> = {
    accept: asBlob ? '*/*' : 'application/json, application/problem+json',
    'accept-language': lang === 'en' ? 'en' : 'fr',
  };
  if (body !== undefined) headers['content-type'] = body.type;
  if (unsafeMethods.has(method) && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body?.data,
    });
  } catch {
    throw unexpectedProblem(0);
  }

  if (response.status === 204) return undefined as T;
  if (asBlob && response.ok) return (await response.blob()) as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    if (!response.ok) throw unexpectedProblem(response.status);
    throw unexpectedProblem(response.status);
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as Partial<{
      type: string;
      title: string;
      detail: string;
      errors: FieldError[];
      request_id: string;
    }>;
    if (typeof problem.type !== 'string') throw unexpectedProblem(response.status);
    throw new ApiProblem({
      type: problem.type,
      status: response.status,
      title: problem.title ?? '',
      detail: problem.detail ?? problem.title ?? '',
      errors: Array.isArray(problem.errors) ? problem.errors : [],
      ...(problem.request_id !== undefined && { requestId: problem.request_id }),
    });
  }
  return parsed as T;
}

export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return unexpectedProblem(0);
}
