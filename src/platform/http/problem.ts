import type { FastifyReply, FastifyRequest } from 'fastify';

export type Language = 'fr' | 'en';
export type Localized = { fr: string; en: string };
/** What is wrong with one field; a message in both languages follows the client's language. */
export type ProblemFieldError = { path: string; message: string | Localized };

/**
 * An error an HTTP client can act on, sent as RFC 9457 problem+json. `code` is stable (clients and tests
 * rely on it); the detail says what is wrong and how to fix it, in French by default.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: Localized;
  readonly detail: Localized;
  readonly errors: ProblemFieldError[] | undefined;

  constructor(
    status: number,
    code: string,
    title: Localized,
    detail: Localized,
    errors?: ProblemFieldError[],
  ) {
    super(detail.en);
    this.name = 'ProblemError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

export const problemType = (code: string): string => `urn:gradins:problem:${code}`;

/** French unless the client's first language preference is English. */
export function preferredLanguage(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'fr';
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemError,
): FastifyReply {
  const language = preferredLanguage(request);
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: problemType(problem.code),
      title: problem.title[language],
      status: problem.status,
      detail: problem.detail[language],
      instance: request.url.split('?')[0],
      request_id: request.id,
      ...(problem.errors
        ? {
            errors: problem.errors.map(({ path, message }) => ({
              path,
              message: typeof message === 'string' ? message : message[language],
            })),
          }
        : {}),
    });
}

/** The problems the platform itself raises; each module adds its own next to its domain errors. */
export const platformProblems = {
  notFound: (path: string) =>
    new ProblemError(
      404,
      'not-found',
      { fr: 'Ressource introuvable', en: 'Not found' },
      {
        fr: `Aucune ressource ne correspond à ${path}. Vérifiez l'adresse ; la liste des routes est dans /api/openapi.json.`,
        en: `Nothing matches ${path}. Check the address; the list of routes is in /api/openapi.json.`,
      },
    ),
  malformedJson: () =>
    new ProblemError(
      400,
      'malformed-json',
      { fr: 'Corps de requête illisible', en: 'Malformed request body' },
      {
        fr: "Le corps de la requête n'est pas du JSON valide. Corrigez sa syntaxe (guillemets doubles, virgules, accolades) et renvoyez-le.",
        en: 'The request body is not valid JSON. Fix its syntax (double quotes, commas, braces) and send it again.',
      },
    ),
  validationFailed: (errors: { path: string; message: string }[]) =>
    new ProblemError(
      400,
      'validation-failed',
      { fr: 'Données invalides', en: 'Invalid data' },
      {
        fr: `La requête contient des données invalides : ${errors.map((e) => `${e.path} : ${e.message}`).join(' ; ')}. Corrigez ces champs et renvoyez la requête.`,
        en: `The request contains invalid data: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}. Fix these fields and send the request again.`,
      },
      errors,
    ),
  unsupportedMediaType: (contentType: string) =>
    new ProblemError(
      415,
      'unsupported-media-type',
      { fr: 'Type de contenu non pris en charge', en: 'Unsupported media type' },
      {
        fr: `Le type de contenu « ${contentType} » n'est pas accepté ici. Envoyez du JSON avec l'en-tête Content-Type: application/json.`,
        en: `The content type "${contentType}" is not accepted here. Send JSON with the header Content-Type: application/json.`,
      },
    ),
  badUrl: () =>
    new ProblemError(
      400,
      'bad-url',
      { fr: 'Adresse mal formée', en: 'Malformed address' },
      {
        fr: 'L’adresse demandée contient un encodage invalide (un « % » mal formé). Corrigez-la et réessayez.',
        en: 'The requested address contains invalid encoding (a malformed "%"). Fix it and try again.',
      },
    ),
  payloadTooLarge: () =>
    new ProblemError(
      413,
      'payload-too-large',
      { fr: 'Requête trop volumineuse', en: 'Payload too large' },
      {
        fr: 'Le corps de la requête dépasse la taille permise. Réduisez-le ou découpez-le en plusieurs envois.',
        en: 'The request body is larger than allowed. Make it smaller or split it into several requests.',
      },
    ),
  tooManyRequests: (retryAfterSeconds: number) =>
    new ProblemError(
      429,
      'too-many-requests',
      { fr: 'Trop de requêtes', en: 'Too many requests' },
      {
        fr: `Trop de requêtes ont été envoyées depuis votre adresse. Réessayez dans ${retryAfterSeconds} secondes.`,
        en: `Too many requests were sent from your address. Try again in ${retryAfterSeconds} seconds.`,
      },
    ),
  badRequest: (status = 400) =>
    new ProblemError(
      status,
      'bad-request',
      { fr: 'Requête incorrecte', en: 'Bad request' },
      {
        fr: 'La requête est mal formée. Vérifiez la méthode, les en-têtes et le corps envoyés.',
        en: 'The request is malformed. Check the method, headers and body you sent.',
      },
    ),
  serviceUnavailable: () =>
    new ProblemError(
      503,
      'service-unavailable',
      { fr: 'Service indisponible', en: 'Service unavailable' },
      {
        fr: 'La base de données ne répond pas pour le moment. Réessayez dans quelques instants ; si cela dure, prévenez l’équipe technique.',
        en: 'The database is not answering right now. Try again in a moment; if it lasts, tell the technical team.',
      },
    ),
  keysReloaded: () =>
    new ProblemError(
      503,
      'keys-reloaded',
      { fr: 'Clés renouvelées', en: 'Keys renewed' },
      {
        fr: 'Les clés de chiffrement viennent d’être renouvelées et le serveur les a rechargées. Réessayez : rien n’a été enregistré.',
        en: 'The encryption keys have just been renewed and the server has reloaded them. Try again: nothing was recorded.',
      },
    ),
  internal: () =>
    new ProblemError(
      500,
      'internal-error',
      { fr: 'Erreur interne', en: 'Internal error' },
      {
        fr: 'Une erreur inattendue s’est produite. Réessayez ; si cela se reproduit, transmettez l’identifiant de requête à l’équipe technique.',
        en: 'An unexpected error occurred. Try again; if it happens again, give the request id to the technical team.',
      },
    ),
};

/** Refusals of the access guard (SEC-2, SEC-3). */
export const accessProblems = {
  unauthenticated: () =>
    new ProblemError(
      401,
      'unauthenticated',
      { fr: 'Connexion requise', en: 'Authentication required' },
      {
        fr: 'Cette ressource demande d’être connecté. Connectez-vous avec votre compte personnel, puis réessayez.',
        en: 'This resource requires you to be signed in. Sign in with your personal account, then try again.',
      },
    ),
  forbidden: () =>
    new ProblemError(
      403,
      'forbidden',
      { fr: 'Accès refusé', en: 'Forbidden' },
      {
        fr: 'Vos habilitations ne permettent pas cette action. Si vous en avez besoin, demandez-la à votre administrateur.',
        en: 'Your grants do not allow this action. If you need it, ask your administrator.',
      },
    ),
  mfaEnrolmentRequired: () =>
    new ProblemError(
      403,
      'mfa-enrolment-required',
      { fr: 'Double authentification à configurer', en: 'Second factor to set up' },
      {
        fr: 'Votre rôle exige une double authentification. Configurez une application d’authentification avant de continuer.',
        en: 'Your role requires a second factor. Set up an authenticator app before going on.',
      },
    ),
  secondFactorRequired: () =>
    new ProblemError(
      403,
      'second-factor-required',
      { fr: 'Code de double authentification requis', en: 'Second factor required' },
      {
        fr: 'Saisissez le code à 6 chiffres de votre application d’authentification pour terminer la connexion.',
        en: 'Enter the 6-digit code from your authenticator app to finish signing in.',
      },
    ),
  reauthenticationRequired: () =>
    new ProblemError(
      403,
      'reauthentication-required',
      { fr: 'Confirmation d’identité requise', en: 'Re-authentication required' },
      {
        fr: 'Cette action est sensible : saisissez à nouveau votre mot de passe (et votre code de double authentification), puis recommencez.',
        en: 'This action is sensitive: enter your password (and second-factor code) again, then retry.',
      },
    ),
  csrfFailed: () =>
    new ProblemError(
      403,
      'csrf-failed',
      { fr: 'Requête refusée', en: 'Request refused' },
      {
        fr: 'Cette requête ne vient pas d’une page de Gradins ouverte dans votre session. Rechargez la page et recommencez.',
        en: 'This request does not come from a Gradins page open in your session. Reload the page and try again.',
      },
    ),
};
