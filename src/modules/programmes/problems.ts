import { ProblemError } from '../../platform/http/problem.js';
import type { CascadeRefusal, Shortfall } from './domain/cascade.js';

const frNumber = (value: number) => value.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0');
const enNumber = (value: number) => value.toLocaleString('en-GB');
const parisDateTime = (at: Date) =>
  at.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });

/** The failures of programmes, events and stock, each with a stable code and a French explanation. */
export const programmeProblems = {
  notFound: (what: { fr: string; en: string }) =>
    new ProblemError(
      404,
      'not-found',
      { fr: 'Introuvable', en: 'Not found' },
      {
        fr: `${what.fr} n’existe pas. Vérifiez l’identifiant, ou rechargez la liste.`,
        en: `${what.en} does not exist. Check the identifier, or reload the list.`,
      },
    ),
  nameTaken: () =>
    new ProblemError(
      409,
      'programme-name-taken',
      { fr: 'Nom déjà utilisé', en: 'Name already used' },
      {
        fr: 'Un programme porte déjà ce nom. Choisissez un autre nom, ou modifiez le programme existant.',
        en: 'A programme already has this name. Choose another name, or edit the existing programme.',
      },
    ),
  notAnOrganiser: () =>
    new ProblemError(
      400,
      'not-an-organiser',
      { fr: 'Organisation non organisatrice', en: 'Not an event organiser' },
      {
        fr: 'Cette organisation n’est pas un organisateur d’événements. Choisissez une organisation de type « organisateur d’événements » (celle dont le service de sécurité tient le registre des interdictions de stade).',
        en: 'This organisation is not an event organiser. Choose an organisation of kind "event organiser" (the one whose security service keeps the stadium-ban registry).',
      },
      [
        {
          path: 'body.organiserId',
          message: { fr: 'pas un organisateur d’événements', en: 'not an event organiser' },
        },
      ],
    ),
  notAnOperator: () =>
    new ProblemError(
      400,
      'not-an-operator',
      { fr: 'Organisation non opératrice', en: 'Not an operator' },
      {
        fr: 'Cette organisation n’est pas un opérateur. Seules les organisations de type « opérateur » (un ministère, un opérateur délégataire) reçoivent des billets.',
        en: 'This organisation is not an operator. Only organisations of kind "operator" (a ministry, a delegated operator) receive tickets.',
      },
    ),
  operatorStillHolds: (held: number) =>
    new ProblemError(
      409,
      'operator-still-holds-tickets',
      { fr: 'L’opérateur détient encore des billets', en: 'The operator still holds tickets' },
      {
        fr: `Cet opérateur détient encore ${frNumber(held)} billet${held > 1 ? 's' : ''} de ce programme. Faites-les rendre au programme avant de le détacher.`,
        en: `This operator still holds ${enNumber(held)} ticket${held > 1 ? 's' : ''} of this programme. Have them returned to the programme before detaching it.`,
      },
    ),
  deadlineAfterOpening: () =>
    new ProblemError(
      400,
      'deadline-after-games',
      { fr: 'Échéance trop tardive', en: 'Deadline too late' },
      {
        fr: 'L’échéance de reprise des billets non attribués doit précéder l’ouverture des Jeux : après, il serait trop tard pour les réaffecter. Choisissez une date antérieure à l’ouverture.',
        en: 'The deadline for reclaiming unassigned tickets must come before the Games open: afterwards it would be too late to reallocate them. Choose a date before the opening.',
      },
      [
        {
          path: 'body.reclaimDeadline',
          message: {
            fr: 'doit précéder l’ouverture des Jeux',
            en: 'must come before the opening of the Games',
          },
        },
      ],
    ),
  deadlineInPast: () =>
    new ProblemError(
      400,
      'deadline-in-past',
      { fr: 'Échéance passée', en: 'Deadline in the past' },
      {
        fr: 'L’échéance de reprise doit être dans le futur : une échéance passée reprendrait les billets aussitôt, sans prévenir les opérateurs. Choisissez une date à venir.',
        en: 'The reclaim deadline must lie in the future: a past deadline would take the tickets back at once, without warning the operators. Choose a date to come.',
      },
      [
        {
          path: 'body.reclaimDeadline',
          message: { fr: 'doit être dans le futur', en: 'must lie in the future' },
        },
      ],
    ),
  reclaimAlreadyDone: (at: Date) =>
    new ProblemError(
      409,
      'reclaim-already-done',
      { fr: 'Reprise déjà faite', en: 'Reclaim already done' },
      {
        fr: `Les billets non attribués de ces Jeux ont déjà été repris le ${parisDateTime(at)} (heure de Paris). Une nouvelle échéance reprendrait aussi les billets réaffectés depuis : si c’est bien voulu, confirmez une nouvelle reprise (newReclaim: true).`,
        en: `The unassigned tickets of these Games were already reclaimed on ${parisDateTime(at)} (Paris time). A new deadline would also take back the tickets reallocated since: if that is intended, confirm a new reclaim (newReclaim: true).`,
      },
    ),
  reclaimInProgress: () =>
    new ProblemError(
      409,
      'reclaim-in-progress',
      { fr: 'Reprise en cours', en: 'Reclaim in progress' },
      {
        fr: 'L’échéance de reprise de ces Jeux est passée : les billets non attribués retournent au pot commun de l’État dans la minute. Réessayez ensuite, depuis le pot commun.',
        en: 'The reclaim deadline of these Games has passed: unassigned tickets go back to the State pool within the minute. Try again afterwards, from the State pool.',
      },
    ),
  gamesMismatch: (programme: string, games: 'olympic' | 'paralympic') =>
    new ProblemError(
      400,
      'games-mismatch',
      { fr: 'Jeux non couverts par le programme', en: 'Games not covered by the programme' },
      {
        fr: `Le programme « ${programme} » ne distribue pas de billets des Jeux ${games === 'olympic' ? 'olympiques' : 'paralympiques'}. Choisissez un événement de ses Jeux, ou modifiez le programme.`,
        en: `The programme "${programme}" gives no tickets for the ${games === 'olympic' ? 'Olympic' : 'Paralympic'} Games. Choose an event of its Games, or change the programme.`,
      },
    ),
  tooManyRows: (max: number) =>
    new ProblemError(
      413,
      'csv-too-many-rows',
      { fr: 'Fichier trop long', en: 'File too long' },
      {
        fr: `Ce fichier dépasse ${frNumber(max)} lignes d’événements. Découpez-le en plusieurs fichiers ; rien n’a été importé.`,
        en: `This file has more than ${enNumber(max)} event lines. Split it into several files; nothing was imported.`,
      },
    ),
  eventInPast: (field = 'body.startsAtParis') =>
    new ProblemError(
      400,
      'event-in-past',
      { fr: 'Événement passé', en: 'Event in the past' },
      {
        fr: 'Cet événement a déjà eu lieu (ou commence maintenant) : on ne peut plus y répartir de billets. Vérifiez la date et l’heure (heure de Paris).',
        en: 'This event has already taken place (or starts now): tickets can no longer be distributed for it. Check the date and time (Paris time).',
      },
      [{ path: field, message: { fr: 'date passée', en: 'date in the past' } }],
    ),
  invalidParisTime: () =>
    new ProblemError(
      400,
      'invalid-date',
      { fr: 'Date invalide', en: 'Invalid date' },
      {
        fr: 'Cette date et heure n’existe pas à Paris (jour inexistant, ou heure sautée au passage à l’heure d’été). Corrigez-la au format AAAA-MM-JJTHH:MM.',
        en: 'This date and time does not exist in Paris (no such day, or an hour skipped when summer time starts). Fix it, as YYYY-MM-DDTHH:MM.',
      },
      [{ path: 'body.startsAtParis', message: { fr: 'date inexistante', en: 'no such date' } }],
    ),
  eventCodeTaken: () =>
    new ProblemError(
      409,
      'event-code-taken',
      { fr: 'Code déjà utilisé', en: 'Code already used' },
      {
        fr: 'Un événement porte déjà ce code. Chaque séance a un code unique : vérifiez qu’elle n’existe pas déjà.',
        en: 'An event already has this code. Each session has a unique code: check that it does not exist already.',
      },
    ),
  notCsv: (contentType: string) =>
    new ProblemError(
      415,
      'unsupported-media-type',
      { fr: 'Fichier CSV attendu', en: 'CSV file expected' },
      {
        fr: `Le contenu envoyé (« ${contentType} ») n’est pas un fichier CSV. Envoyez le fichier avec l’en-tête Content-Type: text/csv.`,
        en: `The content sent ("${contentType}") is not a CSV file. Send the file with the header Content-Type: text/csv.`,
      },
    ),
  duplicateCategory: () =>
    new ProblemError(
      400,
      'duplicate-category',
      { fr: 'Catégorie en double', en: 'Duplicate category' },
      {
        fr: 'Une même catégorie figure deux fois dans le stock de l’événement. Regroupez ses billets sur une seule ligne.',
        en: 'The same category appears twice in the event’s stock. Put its tickets on one line.',
      },
    ),
  movementRefused: (refusal: CascadeRefusal) => {
    const texts: Record<CascadeRefusal, { fr: string; en: string }> = {
      'same-holder': {
        fr: 'l’origine et la destination sont le même niveau.',
        en: 'the origin and the destination are the same level.',
      },
      'skips-a-level': {
        fr: 'les billets passent d’un niveau au suivant : du pot commun de l’État au programme, puis du programme à l’opérateur (et le retour dans l’autre sens).',
        en: 'tickets move one level at a time: from the State pool to a programme, then from the programme to an operator (and back the same way).',
      },
      'across-programmes': {
        fr: 'les billets d’un programme ne passent pas directement à un autre programme : rendez-les au pot commun de l’État, qui les réaffecte.',
        en: 'tickets of a programme do not go straight to another programme: return them to the State pool, which reallocates them.',
      },
      'operator-not-attached': {
        fr: 'cet opérateur n’est pas rattaché à ce programme. Rattachez-le d’abord (page du programme).',
        en: 'this operator is not attached to this programme. Attach it first (programme page).',
      },
      'supplier-only-via-stock': {
        fr: 'le stock fourni par la billetterie s’ajoute ou se retire sur la fiche de l’événement.',
        en: 'the stock supplied by the ticketing is added or removed on the event’s page.',
      },
    };
    return new ProblemError(
      400,
      'movement-refused',
      { fr: 'Mouvement impossible', en: 'Movement refused' },
      {
        fr: `Ce mouvement n’est pas permis : ${texts[refusal].fr}`,
        en: `This movement is not allowed: ${texts[refusal].en}`,
      },
    );
  },
  insufficientBalance: (shortfalls: Shortfall[], codeOf: (eventId: string) => string) =>
    new ProblemError(
      409,
      'insufficient-balance',
      { fr: 'Solde insuffisant', en: 'Insufficient balance' },
      {
        fr: `Aucun billet n’a été déplacé : ce niveau ne détient pas assez de billets. ${shortfalls
          .map(
            (s) =>
              `${codeOf(s.eventId)}, catégorie ${s.category} : ${frNumber(s.requested)} demandé${s.requested > 1 ? 's' : ''}, ${frNumber(s.held)} disponible${s.held > 1 ? 's' : ''}.`,
          )
          .join(' ')} Réduisez les quantités.`,
        en: `No ticket was moved: this level does not hold enough tickets. ${shortfalls
          .map(
            (s) =>
              `${codeOf(s.eventId)}, category ${s.category}: ${enNumber(s.requested)} asked, ${enNumber(s.held)} available.`,
          )
          .join(' ')} Lower the quantities.`,
      },
    ),
  unknownEvents: () =>
    new ProblemError(
      400,
      'unknown-event',
      { fr: 'Événement inconnu', en: 'Unknown event' },
      {
        fr: 'Une ligne désigne un événement qui n’existe pas. Vérifiez les événements choisis.',
        en: 'A line names an event that does not exist. Check the events chosen.',
      },
    ),
  demoAlreadyLoaded: () =>
    new ProblemError(
      409,
      'demo-already-loaded',
      { fr: 'Démonstration déjà chargée', en: 'Demo already loaded' },
      {
        fr: 'Les données de démonstration sont déjà chargées dans cette base. Pour repartir de zéro, arrêtez Gradins et supprimez le dossier de données (./data par défaut), ou utilisez une base PostgreSQL vide.',
        en: 'The demonstration data is already loaded in this database. To start afresh, stop Gradins and delete the data folder (./data by default), or use an empty PostgreSQL database.',
      },
    ),
  databaseNotEmpty: () =>
    new ProblemError(
      409,
      'database-not-empty',
      { fr: 'Base déjà utilisée', en: 'Database already in use' },
      {
        fr: 'Cette base contient déjà des comptes ou des événements : la démonstration ne se charge que dans une installation neuve, pour ne rien mélanger. Utilisez un autre dossier de données (GRADINS_DATA_DIR) ou une base PostgreSQL vide.',
        en: 'This database already holds accounts or events: the demo loads only into a new installation, so nothing gets mixed. Use another data folder (GRADINS_DATA_DIR) or an empty PostgreSQL database.',
      },
    ),
};
