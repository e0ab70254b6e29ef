import { ProblemError, type Localized } from '../../platform/http/problem.js';
import type { BanFailureCode, BanFieldError } from './domain/ban-validation.js';
import type { PhotoVerdict } from './domain/photo.js';
import { PHOTO_MAX_BYTES } from './domain/photo.js';

const TITLES: Record<BanFailureCode, Localized> = {
  'ban-field-not-allowed': { fr: 'Champ non autorisé par l’AU-42', en: 'Field not allowed by AU-42' },
  'ban-input-invalid': { fr: 'Interdiction incomplète ou mal formée', en: 'Incomplete or malformed ban' },
  'ban-dates-invalid': { fr: 'Dates de l’interdiction incorrectes', en: 'Wrong dates for the ban' },
  'ban-already-ended': { fr: 'Interdiction déjà terminée', en: 'Ban already over' },
  'ban-unknown-venue': { fr: 'Enceinte inconnue', en: 'Unknown venue' },
  'ban-unknown-event-type': { fr: 'Type de manifestation inconnu', en: 'Unknown type of event' },
};

const DETAILS: Record<BanFailureCode, Localized> = {
  'ban-field-not-allowed': {
    fr: 'Le registre ne contient que les champs de l’autorisation unique AU-42 de la CNIL : identité (nom, prénom, adresse, date et lieu de naissance), photographie, et la mesure (décision et durée, ou arrêté : enceintes et abords, manifestations, date et validité, obligation de répondre aux convocations). Les motifs d’une interdiction ne sont jamais enregistrés. Retirez les champs signalés ; rien n’a été enregistré.',
    en: 'The registry holds only the fields of the CNIL single authorisation AU-42: identity (surname, first name, address, date and place of birth), photograph, and the measure (decision and duration, or order: venues and surroundings, events, date and validity, duty to answer summons). The reasons of a ban are never stored. Remove the fields listed; nothing was stored.',
  },
  'ban-input-invalid': {
    fr: 'Des champs de l’interdiction manquent ou sont mal remplis (voir la liste). Corrigez-les ; rien n’a été enregistré.',
    en: 'Some fields of the ban are missing or wrong (see the list). Fix them; nothing was stored.',
  },
  'ban-dates-invalid': {
    fr: 'Les dates de la mesure sont impossibles ou dans le mauvais ordre (voir la liste). Corrigez-les ; rien n’a été enregistré.',
    en: 'The dates of the measure are impossible or in the wrong order (see the list). Fix them; nothing was stored.',
  },
  'ban-already-ended': {
    fr: 'Cette interdiction est déjà terminée : l’AU-42 interdit de conserver une interdiction échue. Rien n’a été enregistré.',
    en: 'This ban is already over: AU-42 forbids keeping an expired ban. Nothing was stored.',
  },
  'ban-unknown-venue': {
    fr: 'Une enceinte interdite n’est celle d’aucun événement de l’organisateur (voir la liste). Écrivez-la comme dans le programme des événements ; rien n’a été enregistré.',
    en: 'A forbidden venue is not that of any of the organiser’s events (see the list). Write it as in the event schedule; nothing was stored.',
  },
  'ban-unknown-event-type': {
    fr: 'Un type de manifestation n’est le sport d’aucun événement de l’organisateur (voir la liste). Rien n’a été enregistré.',
    en: 'A type of event is not the sport of any of the organiser’s events (see the list). Nothing was stored.',
  },
};

export const banProblems = {
  refused: (code: BanFailureCode, errors: BanFieldError[]) =>
    new ProblemError(
      400,
      code,
      TITLES[code],
      DETAILS[code],
      errors.map((error) => ({ path: `body.${error.path}`, message: error.message })),
    ),
  notFound: () =>
    new ProblemError(
      404,
      'ban-not-found',
      { fr: 'Interdiction introuvable', en: 'Ban not found' },
      {
        fr: 'Aucune interdiction de ce registre ne porte cet identifiant : elle a peut-être pris fin et été effacée.',
        en: 'No ban of this registry has this id: it may have ended and been erased.',
      },
    ),
  alreadyRecorded: () =>
    new ProblemError(
      409,
      'ban-already-recorded',
      { fr: 'Interdiction déjà enregistrée', en: 'Ban already recorded' },
      {
        fr: 'La même mesure (même personne, même nature, même date) est déjà au registre. Modifiez-la plutôt ; rien n’a été enregistré.',
        en: 'The same measure (same person, kind and date) is already in the registry. Change it instead; nothing was stored.',
      },
    ),
  notSuspendable: () =>
    new ProblemError(
      409,
      'ban-not-suspendable',
      { fr: 'Suspension impossible', en: 'Cannot be suspended' },
      {
        fr: 'Seul un arrêté préfectoral (interdiction administrative) peut être suspendu par le juge administratif. Une peine infirmée ou amnistiée s’efface (« infirmée », « amnistiée »).',
        en: 'Only a prefect’s order (administrative ban) can be suspended by an administrative court. An overturned or amnestied penalty is erased ("overturned", "amnestied").',
      },
    ),
  suspensionState: (suspended: boolean) =>
    new ProblemError(
      409,
      suspended ? 'ban-already-suspended' : 'ban-not-suspended',
      suspended
        ? { fr: 'Déjà suspendue', en: 'Already suspended' }
        : { fr: 'Pas suspendue', en: 'Not suspended' },
      suspended
        ? { fr: 'Cette interdiction est déjà suspendue.', en: 'This ban is already suspended.' }
        : { fr: 'Cette interdiction n’est pas suspendue.', en: 'This ban is not suspended.' },
    ),
  causeDoesNotFit: (kind: 'judicial' | 'administrative') =>
    new ProblemError(
      400,
      'ban-removal-cause-invalid',
      { fr: 'Cause d’effacement inadaptée', en: 'Removal cause does not fit' },
      kind === 'judicial'
        ? {
            fr: 'Une interdiction judiciaire s’efface quand la peine est infirmée (overturned) ou amnistiée (amnestied).',
            en: 'A judicial ban is erased when the penalty is overturned or amnestied.',
          }
        : {
            fr: 'Une interdiction administrative s’efface quand l’arrêté est annulé (annulled).',
            en: 'An administrative ban is erased when the order is annulled.',
          },
    ),
  photo: (reason: Exclude<PhotoVerdict, { ok: true }>['reason']) =>
    new ProblemError(
      reason === 'too-large' ? 413 : 400,
      'ban-photo-invalid',
      { fr: 'Photographie refusée', en: 'Photograph refused' },
      {
        empty: {
          fr: 'Aucune image reçue. Envoyez le fichier PNG ou JPEG de la photographie.',
          en: 'No image received. Send the PNG or JPEG file of the photograph.',
        },
        'too-large': {
          fr: `La photographie dépasse ${PHOTO_MAX_BYTES / 1024 / 1024} Mio. Réduisez-la ; rien n’a été enregistré.`,
          en: `The photograph is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MiB. Make it smaller; nothing was stored.`,
        },
        'not-an-image': {
          fr: 'Le fichier n’est pas une image PNG ou JPEG (d’après son contenu). Envoyez une photographie PNG ou JPEG ; rien n’a été enregistré.',
          en: 'The file is not a PNG or JPEG image (judging by its content). Send a PNG or JPEG photograph; nothing was stored.',
        },
      }[reason],
    ),
  noPhoto: () =>
    new ProblemError(
      404,
      'ban-photo-not-found',
      { fr: 'Pas de photographie', en: 'No photograph' },
      { fr: 'Cette interdiction n’a pas de photographie.', en: 'This ban has no photograph.' },
    ),
  reasonsColumn: (columns: string[]) =>
    new ProblemError(400, 'ban-field-not-allowed', TITLES['ban-field-not-allowed'], {
      fr: `Le fichier a une colonne qui porterait les motifs ou des commentaires (${columns.join(', ')}) : l’AU-42 interdit de traiter les motifs d’une interdiction. Supprimez cette colonne et envoyez le fichier de nouveau ; rien n’a été importé.`,
      en: `The file has a column that would carry the reasons or comments (${columns.join(', ')}): AU-42 forbids processing the reasons of a ban. Delete that column and send the file again; nothing was imported.`,
    }),
  caseNotFound: () =>
    new ProblemError(
      404,
      'case-not-found',
      { fr: 'Dossier de vérification introuvable', en: 'Screening case not found' },
      {
        fr: 'Aucun dossier de vérification de cet organisateur ne porte cet identifiant : l’interdiction en cause a peut-être été effacée, et son dossier avec elle.',
        en: 'No screening case of this organiser has this id: the ban concerned may have been erased, and its case with it.',
      },
    ),
  caseAlreadyDecided: (status: string) =>
    new ProblemError(
      409,
      'case-already-decided',
      { fr: 'Dossier déjà clos', en: 'Case already closed' },
      {
        fr: `Ce dossier n’attend plus de décision (statut : ${status}). Rien n’a changé ; rechargez la liste des dossiers en attente.`,
        en: `This case no longer awaits a decision (status: ${status}). Nothing changed; reload the list of pending cases.`,
      },
    ),
  caseLapsed: () =>
    new ProblemError(
      409,
      'case-lapsed',
      { fr: 'Dossier caduc', en: 'Case lapsed' },
      {
        fr: 'L’interdiction n’est plus en vigueur pour cet événement (terminée, suspendue, sans effet ce jour-là, ou l’événement ne relève plus de cet organisateur) : aucune décision n’est possible. Le dossier est clos comme caduc et le billet suit son cours comme si la correspondance avait été écartée.',
        en: 'The ban is no longer in force for this event (over, suspended, without effect on that day, or the event no longer belongs to this organiser): no decision is possible. The case is closed as lapsed and the ticket goes ahead as if the match had been dismissed.',
      },
    ),
};
