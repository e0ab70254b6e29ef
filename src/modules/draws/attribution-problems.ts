import { ProblemError } from '../../platform/http/problem.js';

/** The failures of manual attribution (TAJ-11), French first, English second. */
export const attributionProblems = {
  decisionRequired: () =>
    new ProblemError(
      404,
      'manual-decision-required',
      { fr: 'Décision d’attribution manuelle requise', en: 'Manual attribution decision required' },
      {
        fr: 'Aucune décision d’attribution manuelle de votre ressort ne porte cet identifiant. Une attribution manuelle n’est possible qu’après avoir consigné, pour ce lot, les circonstances qui rendent le tirage au sort impossible et les critères d’attribution : enregistrez d’abord cette décision, puis citez-la.',
        en: 'No manual attribution decision of yours has this id. Seats may be attributed by hand only after recording, for this bucket, the circumstances that make a draw impossible and the attribution criteria: record that decision first, then cite it.',
      },
    ),
  applicantNotInBucket: () =>
    new ProblemError(
      409,
      'applicant-not-in-bucket',
      { fr: 'Candidature hors du lot', en: 'Application not in the bucket' },
      {
        fr: 'Cette candidature n’est pas une candidature confirmée du lot de la décision (programme et opérateur), ou c’est un participant de groupe : attribuez au responsable du groupe.',
        en: 'This application is not a confirmed application of the decision’s bucket (programme and operator), or it is a group participant: attribute to the group’s manager.',
      },
    ),
  alreadyAttributed: () =>
    new ProblemError(
      409,
      'already-attributed',
      { fr: 'Places déjà attribuées', en: 'Seats already attributed' },
      {
        fr: 'Cette candidature (ou l’autre personne de son binôme) a déjà des places attribuées à la main dans ce programme.',
        en: 'This application (or the other person of its pair) already has seats attributed by hand in this programme.',
      },
    ),
  eventNotInDecision: () =>
    new ProblemError(
      409,
      'event-not-in-decision',
      { fr: 'Événement hors de la décision', en: 'Event not in the decision' },
      {
        fr: 'La décision ne prévoit aucune place pour cet événement.',
        en: 'The decision provides no seats for this event.',
      },
    ),
  quotaExhausted: (event: string, seats: number, left: number) =>
    new ProblemError(
      409,
      'manual-quota-exhausted',
      { fr: 'Quota épuisé', en: 'Quota exhausted' },
      {
        fr: `${event} : ${seats} place(s) demandée(s), il en reste ${left} dans la décision ou dans le stock du lot. Un groupe ou un binôme reçoit toutes ses places ou aucune.`,
        en: `${event}: ${seats} seat(s) asked, ${left} left in the decision or in the bucket’s stock. A group or a pair gets all its seats or none.`,
      },
    ),
};
