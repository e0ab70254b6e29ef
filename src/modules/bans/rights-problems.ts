import type { z } from 'zod';
import { ProblemError, type Localized, type ProblemFieldError } from '../../platform/http/problem.js';

// The problems of the information letter and of the rights-requests register (BAN-5, AU-42 art. 6).

const NOT_ALLOWED: Localized = {
  fr: 'champ non autorisé : le registre des demandes ne garde ni les motifs d’une opposition ni aucun commentaire',
  en: 'field not allowed: the register keeps neither the grounds of an opposition nor any comment',
};

/**
 * A body checked against its strict contract: the value, or a 400 — `ban-field-not-allowed` naming every
 * field the contract does not have (first of all grounds or comments, which are never stored), else `invalid`.
 */
export function parsedBody<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  invalid: (errors: ProblemFieldError[]) => ProblemError,
): T {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const notAllowed = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: ['body', ...issue.path.map(String), key].join('.'),
          message: NOT_ALLOWED,
        }))
      : [],
  );
  if (notAllowed.length > 0)
    throw new ProblemError(
      400,
      'ban-field-not-allowed',
      { fr: 'Champ non autorisé', en: 'Field not allowed' },
      {
        fr: 'Le registre ne garde que ce que l’autorisation unique AU-42 et le suivi des demandes exigent : ni les motifs d’une interdiction ou d’une opposition, ni commentaire libre. Retirez les champs signalés ; rien n’a été enregistré.',
        en: 'The registry keeps only what the single authorisation AU-42 and the follow-up of requests require: neither the reasons of a ban or of an opposition, nor any free comment. Remove the fields listed; nothing was stored.',
      },
      notAllowed,
    );
  throw invalid(
    parsed.error.issues.map((issue) => ({
      path: ['body', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

const invalid =
  (code: string, title: Localized, detail: Localized) =>
  (errors: ProblemFieldError[] = []) =>
    new ProblemError(400, code, title, detail, errors);

export const rightsProblems = {
  registryInvalid: invalid(
    'ban-registry-invalid',
    { fr: 'Paramètres du registre incorrects', en: 'Wrong registry settings' },
    {
      fr: 'Des paramètres manquent ou sont mal remplis (voir la liste) : responsable du traitement et son adresse, destinataires, adresse postale et électronique du service désigné pour les droits. Rien n’a été enregistré.',
      en: 'Some settings are missing or wrong (see the list): the controller and its address, the recipients, the postal and e-mail address of the service designated for the rights. Nothing was stored.',
    },
  ),
  registryNotSet: (status: 404 | 409) =>
    new ProblemError(
      status,
      'ban-registry-not-set',
      { fr: 'Registre non paramétré', en: 'Registry not set up' },
      {
        fr: 'Le responsable du traitement, les destinataires et le service désigné pour les droits ne sont pas encore renseignés : l’information des personnes (AU-42 art. 6) doit les nommer. Renseignez-les (PUT …/ban-registry).',
        en: 'The controller, the recipients and the service designated for the rights are not set yet: the information of the people (AU-42 art. 6) must name them. Set them (PUT …/ban-registry).',
      },
    ),
  letterInvalid: invalid(
    'ban-letter-invalid',
    { fr: 'Envoi de la lettre incorrect', en: 'Wrong letter sending' },
    {
      fr: 'Indiquez le moyen (post : courrier, email : courriel, in_person : remise en main propre) et, pour un courriel seulement, l’adresse de la personne (utilisée pour cet envoi, jamais enregistrée).',
      en: 'Give the channel (post, email, in_person) and, for an e-mail only, the person’s address (used for this sending, never stored).',
    },
  ),
  letterNotDelivered: () =>
    new ProblemError(
      502,
      'ban-letter-not-delivered',
      { fr: 'Courriel non remis', en: 'E-mail not delivered' },
      {
        fr: 'Le serveur de messagerie a refusé ou n’a pas reçu la lettre : la personne n’est pas comptée comme informée. Vérifiez l’adresse et réessayez, ou envoyez la lettre par courrier.',
        en: 'The mail server refused or did not receive the letter: the person is not counted as informed. Check the address and try again, or send the letter by post.',
      },
    ),
  requestInvalid: invalid(
    'rights-request-invalid',
    { fr: 'Demande incorrecte', en: 'Wrong request' },
    {
      fr: 'Des champs de la demande manquent ou sont mal remplis (voir la liste). Corrigez-les ; rien n’a été enregistré.',
      en: 'Some fields of the request are missing or wrong (see the list). Fix them; nothing was stored.',
    },
  ),
  requestNotFound: () =>
    new ProblemError(
      404,
      'rights-request-not-found',
      { fr: 'Demande introuvable', en: 'Request not found' },
      {
        fr: 'Aucune demande de ce registre ne porte cet identifiant : répondue depuis plus de 12 mois, elle a été effacée.',
        en: 'No request of this registry has this id: answered more than 12 months ago, it has been erased.',
      },
    ),
  alreadyAnswered: () =>
    new ProblemError(
      409,
      'rights-request-already-answered',
      { fr: 'Demande déjà répondue', en: 'Request already answered' },
      {
        fr: 'Cette demande a déjà sa réponse ; une réponse ne se modifie pas. Enregistrez une nouvelle demande si la personne revient.',
        en: 'This request already has its answer; an answer is not changed. Record a new request if the person comes back.',
      },
    ),
  outcomeDoesNotFit: (kind: string, allowed: readonly string[]) =>
    new ProblemError(
      400,
      'rights-outcome-invalid',
      { fr: 'Réponse inadaptée à la demande', en: 'Outcome does not fit the request' },
      {
        fr: `Une demande « ${kind} » se répond par : ${allowed.join(', ')}. « not_in_registry » seulement pour une demande qui ne vise aucune interdiction du registre.`,
        en: `A "${kind}" request is answered with: ${allowed.join(', ')}. "not_in_registry" only for a request about no ban of the registry.`,
      },
    ),
};
