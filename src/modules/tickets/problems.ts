import { ProblemError } from '../../platform/http/problem.js';
import type { TicketStatus } from './domain/lifecycle.js';
import type { SeatRefusal } from './domain/seat.js';

const STATUS_WORDS: Record<TicketStatus, { fr: string; en: string }> = {
  screening: { fr: 'en attente de vérification', en: 'awaiting verification' },
  issued: { fr: 'émis', en: 'issued' },
  delivered: { fr: 'remis', en: 'delivered' },
  withdrawn: { fr: 'désisté', en: 'withdrawn' },
  revoked: { fr: 'révoqué', en: 'revoked' },
  reassigned: { fr: 'réattribué', en: 'reassigned' },
  scanned: { fr: 'déjà utilisé à l’entrée', en: 'already used at the gate' },
  returned_to_pool: { fr: 'rendu au pot commun', en: 'returned to the pool' },
  refused: { fr: 'refusé après vérification', en: 'refused after verification' },
};

/** The failures of tickets, each with a stable code and a French explanation (English second). */
export const ticketProblems = {
  // One answer for an unknown, expired or revoked download link: no oracle on which tokens once existed.
  programmeNotFound: () =>
    new ProblemError(
      404,
      'programme-not-found',
      { fr: 'Programme introuvable', en: 'Programme not found' },
      {
        fr: 'Ce programme n’existe pas : vérifiez son identifiant.',
        en: 'This programme does not exist: check its id.',
      },
    ),
  linkInvalid: () =>
    new ProblemError(
      410,
      'ticket-link-invalid',
      { fr: 'Lien de billet invalide', en: 'Invalid ticket link' },
      {
        fr: 'Ce lien de billet n’est pas ou plus valable : il a expiré, il a été révoqué (billet désisté, réattribué ou révoqué, ou lien annulé par l’opérateur) ou il est incomplet. Vérifiez que l’adresse est entière, sinon utilisez le lien du dernier courriel reçu ou contactez l’opérateur qui vous a attribué le billet.',
        en: 'This ticket link is not valid or no longer valid: it has expired, been revoked (ticket withdrawn, reassigned or revoked, or link cancelled by the operator) or is incomplete. Check the address is whole; otherwise use the link of the latest mail received or contact the operator who gave you the ticket.',
      },
    ),
  notFound: () =>
    new ProblemError(
      404,
      'ticket-not-found',
      { fr: 'Billet introuvable', en: 'Ticket not found' },
      {
        fr: 'Ce billet n’existe pas ou n’est pas de votre ressort.',
        en: 'This ticket does not exist or is not yours to see.',
      },
    ),
  deadlinePassed: (deadlineParis: string, eventStartsParis: string) =>
    new ProblemError(
      409,
      'withdrawal-deadline-passed',
      { fr: 'Désistement impossible', en: 'Withdrawal closed' },
      {
        fr: `On peut se désister jusqu’à la veille de l’épreuve, le ${deadlineParis} (heure de Paris) ; l’épreuve commence le ${eventStartsParis}. Passé ce délai, le billet ne peut plus être rendu.`,
        en: `Withdrawal is possible until the eve of the event, ${deadlineParis} (Paris time); the event starts ${eventStartsParis}. After that, the ticket can no longer be given back.`,
      },
    ),
  refused: (refusal: SeatRefusal) => {
    if (refusal.code === 'ticket-ended')
      return new ProblemError(
        409,
        'ticket-ended',
        { fr: 'Billet déjà clos', en: 'Ticket already ended' },
        {
          fr: `Ce billet est ${STATUS_WORDS[refusal.status].fr} : il ne peut plus changer.`,
          en: `This ticket is ${STATUS_WORDS[refusal.status].en}: it can no longer change.`,
        },
      );
    if (refusal.code === 'ticket-awaiting-screening')
      return new ProblemError(
        409,
        'ticket-awaiting-screening',
        { fr: 'Billet en attente de vérification', en: 'Ticket awaiting verification' },
        {
          fr: 'Ce billet est en attente de vérification : il ne peut pas changer avant la fin de celle-ci.',
          en: 'This ticket is awaiting verification: it cannot change until the verification is over.',
        },
      );
    if (refusal.code === 'ticket-scanned')
      return new ProblemError(
        409,
        'ticket-scanned',
        { fr: 'Billet déjà utilisé', en: 'Ticket already used' },
        {
          fr: 'Ce billet a déjà servi à l’entrée : il ne peut plus être rendu ni réattribué.',
          en: 'This ticket was used at the gate: it can no longer be given back or reassigned.',
        },
      );
    return new ProblemError(
      409,
      refusal.code,
      { fr: 'Opération impossible', en: 'Not possible' },
      {
        fr: `Cette opération n’est pas possible sur ce billet (${refusal.code}).`,
        en: `This operation is not possible on this ticket (${refusal.code}).`,
      },
    );
  },
  noSuccessor: () =>
    new ProblemError(
      409,
      'no-successor',
      { fr: 'Personne à qui réattribuer', en: 'Nobody to reassign to' },
      {
        fr: 'Aucune personne de la liste d’attente de ce tirage ne peut recevoir ce billet (toutes placées, non éligibles ou trop nombreuses pour une place). Indiquez une personne du même programme et du même opérateur.',
        en: 'Nobody on the reserve list of this draw can take this ticket (all placed, not eligible, or needing more than one seat). Name a person of the same programme and operator.',
      },
    ),
  successorNotEligible: () =>
    new ProblemError(
      409,
      'successor-not-eligible',
      { fr: 'Bénéficiaire impossible', en: 'Beneficiary not possible' },
      {
        fr: 'Cette personne ne peut pas recevoir ce billet : elle doit être une candidature confirmée du même programme et du même opérateur, seule (ni groupe ni binôme), et ne détenir aucun billet valide de ce programme.',
        en: 'This person cannot take this ticket: they must be a confirmed application of the same programme and operator, alone (no group, no carer pair), holding no valid ticket of this programme.',
      },
    ),
  participantNotInGroup: () =>
    new ProblemError(
      400,
      'participant-not-in-group',
      { fr: 'Participant inconnu', en: 'Unknown participant' },
      {
        fr: 'Cette personne ne fait pas partie des participants du groupe : saisissez-la d’abord dans la liste des participants.',
        en: 'This person is not one of the group’s participants: enter them in the participants list first.',
      },
    ),
  participantAlreadyNamed: () =>
    new ProblemError(
      409,
      'participant-already-named',
      { fr: 'Participant déjà nommé', en: 'Participant already named' },
      {
        fr: 'Ce billet porte déjà le nom d’un participant, ou ce participant a déjà un billet du groupe pour cette épreuve. Un billet nominatif ne change pas de titulaire : pour une autre personne, demandez une réattribution officielle à l’opérateur.',
        en: 'This ticket already names a participant, or this participant already has a ticket of the group for this event. A nominative ticket does not change holder: for someone else, ask the operator for an official reassignment.',
      },
    ),
  eventStarted: () =>
    new ProblemError(
      409,
      'event-started',
      { fr: 'Épreuve commencée', en: 'Event started' },
      {
        fr: 'L’épreuve a commencé : ce billet ne peut plus être réattribué.',
        en: 'The event has started: this ticket can no longer be reassigned.',
      },
    ),
};
