import { ProblemError } from '../../platform/http/problem.js';
import type { IneligibilityReason } from '../programmes/domain/eligibility.js';

/** The failures of applicants and groups, each with a stable code and a French explanation. */
export const applicantProblems = {
  tooManyEventChoices: (limit: number, given: number) =>
    new ProblemError(
      400,
      'too-many-event-choices',
      { fr: 'Trop d’épreuves classées', en: 'Too many events ranked' },
      {
        fr: `Ce programme permet de classer ${limit} épreuve${limit > 1 ? 's' : ''} au plus ; ${given} ont été classées. Retirez les dernières de votre classement.`,
        en: `This programme lets you rank at most ${limit} event${limit > 1 ? 's' : ''}; ${given} were ranked. Remove the last ones from your ranking.`,
      },
      [{ path: 'body.eventChoices', message: { fr: `${limit} au plus`, en: `at most ${limit}` } }],
    ),
  eventNotChoosable: () =>
    new ProblemError(
      400,
      'event-not-choosable',
      { fr: 'Épreuve non proposée', en: 'Event not on offer' },
      {
        fr: 'Une épreuve classée n’est pas proposée par ce programme, ou a déjà commencé. Classez seulement les épreuves de la liste du formulaire.',
        en: 'A ranked event is not offered by this programme, or has already started. Rank only the events listed on the form.',
      },
      [{ path: 'body.eventChoices', message: { fr: 'épreuve non proposée', en: 'event not on offer' } }],
    ),
  eventChoicesFrozen: () =>
    new ProblemError(
      409,
      'event-choices-frozen',
      { fr: 'Classement figé', en: 'Ranking fixed' },
      {
        fr: 'Un tirage comprenant cette candidature a été figé : son classement des épreuves ne change plus. Rien n’a été modifié.',
        en: 'A draw including this application has been frozen: its ranking of events no longer changes. Nothing was changed.',
      },
    ),
  identityKeyRotating: () =>
    new ProblemError(
      503,
      'maintenance',
      { fr: 'Maintenance en cours', en: 'Maintenance under way' },
      {
        fr: 'Les clés d’identité sont en cours de renouvellement : aucune candidature ne peut être enregistrée pendant quelques minutes. Réessayez un peu plus tard ; rien n’a été enregistré.',
        en: 'The identity keys are being renewed: no application can be recorded for a few minutes. Try again a little later; nothing was recorded.',
      },
    ),
  notFound: (what: { fr: string; en: string }) =>
    new ProblemError(
      404,
      'not-found',
      { fr: 'Introuvable', en: 'Not found' },
      {
        fr: `${what.fr} n’existe pas ou n’est pas de votre ressort.`,
        en: `${what.en} does not exist or is not yours to see.`,
      },
    ),
  operatorNotInProgramme: () =>
    new ProblemError(
      400,
      'operator-not-in-programme',
      { fr: 'Opérateur inconnu pour ce programme', en: 'Operator not in this programme' },
      {
        fr: 'Cet opérateur ne distribue pas les billets de ce programme. Choisissez un opérateur dans la liste du formulaire.',
        en: 'This operator does not distribute this programme’s tickets. Choose an operator from the form’s list.',
      },
    ),
  notEligible: (reasons: IneligibilityReason[]) =>
    new ProblemError(
      400,
      'not-eligible',
      { fr: 'Candidature non recevable', en: 'Not eligible' },
      {
        fr: `Cette candidature ne remplit pas les conditions du programme : ${reasons.map((r) => r.fr).join(' ; ')}.`,
        en: `This application does not meet the programme’s conditions: ${reasons.map((r) => r.en).join('; ')}.`,
      },
      reasons.map((reason) => ({ path: 'body', message: { fr: reason.fr, en: reason.en } })),
    ),
  invalidBirthDate: () =>
    new ProblemError(
      400,
      'invalid-birth-date',
      { fr: 'Date de naissance invalide', en: 'Invalid date of birth' },
      {
        fr: 'La date de naissance n’existe pas ou est dans le futur. Vérifiez-la (JJ/MM/AAAA).',
        en: 'The date of birth does not exist or lies in the future. Check it.',
      },
      [{ path: 'body.person.birthDate', message: { fr: 'date invalide', en: 'invalid date' } }],
    ),
  consentMissing: (missing: ('person' | 'representative' | 'usageCharter' | 'attendance')[], age: number) => {
    const words = {
      person: {
        fr:
          age < 15
            ? 'le consentement de l’enfant lui-même (moins de 15 ans : le sien et celui du représentant)'
            : 'le consentement de la personne',
        en:
          age < 15
            ? 'the child’s own consent (under 15: both the child and the representative)'
            : 'the person’s consent',
      },
      representative: {
        fr: 'le consentement et le nom du représentant légal (la personne est mineure)',
        en: 'the legal representative’s consent and name (the person is a minor)',
      },
      usageCharter: { fr: 'l’acceptation de la charte d’utilisation', en: 'acceptance of the usage charter' },
      attendance: {
        fr: 'l’engagement d’être disponible le jour de l’événement',
        en: 'the commitment to attend',
      },
    };
    return new ProblemError(
      400,
      'consent-missing',
      { fr: 'Consentement manquant', en: 'Consent missing' },
      {
        fr: `Rien n’a été enregistré : il manque ${missing.map((m) => words[m].fr).join(', ')}.`,
        en: `Nothing was recorded: missing ${missing.map((m) => words[m].en).join(', ')}.`,
      },
      missing.map((m) => ({ path: `body.consents.${m}`, message: { fr: 'requis', en: 'required' } })),
    );
  },
  noticeOutdated: () =>
    new ProblemError(
      409,
      'notice-outdated',
      { fr: 'Texte modifié entre-temps', en: 'Text changed meanwhile' },
      {
        fr: 'Un des textes affichés (information, charte ou engagement) n’est pas la version en vigueur. Rechargez la page, relisez les textes et envoyez de nouveau le formulaire.',
        en: 'One of the texts shown (notice, charter or commitment) is not the current version. Reload the page, read the texts again and send the form again.',
      },
    ),
  alreadyApplied: () =>
    new ProblemError(
      409,
      'already-applied',
      { fr: 'Candidature déjà enregistrée', en: 'Already applied' },
      {
        fr: 'Une candidature est déjà enregistrée pour cette personne dans ce programme : une personne ne candidate qu’une fois. Le lien de suivi est renvoyé (une fois par jour au plus) à l’adresse donnée la première fois.',
        en: 'An application is already recorded for this person in this programme: a person applies once. The follow-up link is sent again (once a day at most) to the address given the first time.',
      },
    ),
  confirmationInvalid: () =>
    new ProblemError(
      410,
      'confirmation-invalid',
      { fr: 'Lien de confirmation invalide', en: 'Invalid confirmation link' },
      {
        fr: 'Ce lien de confirmation a expiré (il est valable 48 heures) ou n’existe pas. Rien n’a été enregistré : envoyez de nouveau le formulaire de candidature.',
        en: 'This confirmation link has expired (it is valid for 48 hours) or does not exist. Nothing was recorded: send the application form again.',
      },
    ),
  alreadyConfirmed: () =>
    new ProblemError(
      409,
      'already-confirmed',
      { fr: 'Candidature déjà confirmée', en: 'Already confirmed' },
      {
        fr: 'Ce lien a déjà servi : votre candidature est confirmée, rien n’a été modifié. Le lien de suivi vous a été envoyé par courriel lors de la confirmation.',
        en: 'This link has already been used: your application is confirmed and nothing was changed. The follow-up link was sent to you by e-mail when you confirmed.',
      },
    ),
  cannotConfirm: () =>
    new ProblemError(
      409,
      'cannot-confirm',
      { fr: 'Candidature non confirmée', en: 'Application not confirmed' },
      {
        fr: 'Cette candidature ne peut pas être confirmée : une personne ne candidate qu’une fois par programme. Rien n’a été enregistré. Si une candidature a déjà été faite pour cette personne, son lien de suivi a été renvoyé à l’adresse donnée alors.',
        en: 'This application cannot be confirmed: a person applies once per programme. Nothing was recorded. If someone already applied for this person, the follow-up link was sent again to the address given then.',
      },
    ),
  linkInvalid: () =>
    new ProblemError(
      410,
      'link-invalid',
      { fr: 'Lien invalide', en: 'Invalid link' },
      {
        fr: 'Ce lien de suivi a expiré ou n’existe pas (la candidature a peut-être été retirée). Si vous avez encore une candidature, demandez un nouveau lien sur la page « Retrouver ma candidature ».',
        en: 'This follow-up link has expired or does not exist (the application may have been withdrawn). If you still have an application, ask for a new link on the page “Find my application”.',
      },
    ),
  groupFull: (size: number) =>
    new ProblemError(
      409,
      'group-full',
      { fr: 'Groupe complet', en: 'Group full' },
      {
        fr: `Le groupe compte ${size} personnes, responsable compris : vous ne pouvez pas saisir plus de ${size - 1} participants. Retirez-en ou demandez à l’opérateur d’agrandir le groupe.`,
        en: `The group has ${size} people, manager included: you cannot enter more than ${size - 1} participants.`,
      },
    ),
  importNotAttested: () =>
    new ProblemError(
      422,
      'import-not-attested',
      { fr: 'Attestation manquante', en: 'Attestation missing' },
      {
        fr: 'Cochez l’attestation : un import ne peut enregistrer des personnes que si leur consentement (et celui du représentant légal d’un mineur) a été recueilli sur les textes en vigueur. Rien n’a été importé.',
        en: 'Tick the attestation: an import may record people only if their consent (and a minor’s legal representative’s) was collected on the texts in force. Nothing was imported.',
      },
    ),
  importAlreadySent: () =>
    new ProblemError(
      409,
      'import-already-sent',
      { fr: 'Fichier déjà envoyé', en: 'File already sent' },
      {
        fr: 'Le fichier de cet import a déjà été envoyé. Pour importer de nouveau, commencez un nouvel import : les personnes déjà présentes ne seront pas dupliquées.',
        en: 'This import’s file was already sent. To import again, start a new import: people already there will not be duplicated.',
      },
    ),
  fileTooLarge: (maxMiB: number) =>
    new ProblemError(
      413,
      'file-too-large',
      { fr: 'Fichier trop volumineux', en: 'File too large' },
      {
        fr: `Le fichier dépasse ${maxMiB} Mo. Un million de candidats tiennent en une centaine de mégaoctets : vérifiez qu’il s’agit du bon fichier, ou découpez-le en plusieurs imports.`,
        en: `The file is larger than ${maxMiB} MB. A million applicants fit in about a hundred megabytes: check it is the right file, or split it into several imports.`,
      },
    ),
  carerMustBeAdult: () =>
    new ProblemError(
      400,
      'carer-must-be-adult',
      { fr: 'Aidant mineur', en: 'Carer under 18' },
      {
        fr: 'L’aidant qui accompagne la personne doit être majeur. Vérifiez sa date de naissance.',
        en: 'The carer who comes with the person must be an adult. Check their date of birth.',
      },
      [{ path: 'body.carer.birthDate', message: { fr: 'aidant majeur requis', en: 'adult carer required' } }],
    ),
  carerConsentMissing: () =>
    new ProblemError(
      400,
      'consent-missing',
      { fr: 'Consentement manquant', en: 'Consent missing' },
      {
        fr: 'Rien n’a été enregistré : il manque le consentement de l’aidant à l’enregistrement de ses données.',
        en: 'Nothing was recorded: the carer’s consent to the recording of their data is missing.',
      },
      [{ path: 'body.carer.consents', message: { fr: 'requis', en: 'required' } }],
    ),
  managerMustBeAdult: () =>
    new ProblemError(
      400,
      'manager-must-be-adult',
      { fr: 'Responsable mineur', en: 'Manager under 18' },
      {
        fr: 'Le responsable du groupe doit être majeur : c’est lui qui reçoit les billets et répond du groupe.',
        en: 'The group manager must be an adult: they receive the tickets and answer for the group.',
      },
      [
        {
          path: 'body.manager.birthDate',
          message: { fr: 'responsable majeur requis', en: 'adult required' },
        },
      ],
    ),
  notAGroup: () =>
    new ProblemError(
      403,
      'not-a-group-manager',
      { fr: 'Réservé au responsable du groupe', en: 'For the group manager only' },
      {
        fr: 'Seul le responsable d’un groupe saisit ses participants, depuis le lien reçu par courriel.',
        en: 'Only a group’s manager enters its participants, from the link received by e-mail.',
      },
    ),
  participantInvalid: (index: number, why: 'date' | 'age' | 'twice' | 'taken') => {
    const words = {
      date: {
        fr: 'sa date de naissance n’existe pas ou est dans le futur',
        en: 'their date of birth does not exist or lies in the future',
      },
      age: {
        fr: 'son âge ne correspond pas à celui que demande le programme',
        en: 'their age is outside the programme’s range',
      },
      twice: {
        fr: 'cette personne figure deux fois dans la liste',
        en: 'this person appears twice in the list',
      },
      // Says neither where nor how: only that the programme already counts this person once.
      taken: {
        fr: 'cette personne est déjà inscrite à ce programme par une autre candidature, et une personne n’y figure qu’une fois. Retirez-la de la liste ; en cas d’erreur, l’intéressé peut s’adresser à l’opérateur',
        en: 'this person is already registered in this programme by another application, and a person counts once. Remove them from the list; if this is a mistake, the person may contact the operator',
      },
    }[why];
    return new ProblemError(
      400,
      'participant-invalid',
      { fr: 'Participant à corriger', en: 'Participant to fix' },
      {
        fr: `Rien n’a été enregistré : participant n° ${index + 1}, ${words.fr}.`,
        en: `Nothing was recorded: participant no. ${index + 1}, ${words.en}.`,
      },
      [{ path: `body.participants.${index}`, message: words }],
    );
  },
  participantConsentMissing: (index: number, missing: ('person' | 'representative')[], age: number) => {
    const words = {
      person: {
        fr:
          age < 15
            ? 'l’accord de l’enfant lui-même (moins de 15 ans : le sien et celui de son représentant légal)'
            : 'le consentement du participant',
        en:
          age < 15
            ? 'the child’s own agreement (under 15: both the child’s and the legal representative’s)'
            : 'the participant’s consent',
      },
      representative: {
        fr: 'le consentement de son représentant légal (le participant est mineur)',
        en: 'their legal representative’s consent (the participant is a minor)',
      },
    };
    return new ProblemError(
      400,
      'participant-consent-missing',
      { fr: 'Consentement d’un participant manquant', en: 'A participant’s consent is missing' },
      {
        fr: `Rien n’a été enregistré : pour le participant n° ${index + 1}, attestez ${missing.map((m) => words[m].fr).join(' et ')}, donné sur l’information en vigueur.`,
        en: `Nothing was recorded: for participant no. ${index + 1}, attest ${missing.map((m) => words[m].en).join(' and ')}, given on the notice in force.`,
      },
      missing.map((m) => ({
        path: `body.participants.${index}.consent.${m}`,
        message: { fr: 'attestation requise', en: 'attestation required' },
      })),
    );
  },
  alreadyInProgramme: () =>
    new ProblemError(
      409,
      'already-in-programme',
      { fr: 'Personne déjà inscrite', en: 'Already registered' },
      {
        fr: 'Rien n’a été enregistré : cette personne est déjà inscrite à ce programme par une autre candidature, et une personne n’y figure qu’une fois. En cas d’erreur, adressez-vous à l’opérateur.',
        en: 'Nothing was recorded: this person is already registered in this programme by another application, and a person counts once. If this is a mistake, contact the operator.',
      },
    ),
  mobilityExceedsSize: () =>
    new ProblemError(
      400,
      'mobility-exceeds-size',
      { fr: 'Besoins supérieurs à la taille du groupe', en: 'Needs exceed the group size' },
      {
        fr: 'Le nombre de places à besoins particuliers dépasse la taille du groupe. Vérifiez les nombres.',
        en: 'The number of places with particular needs exceeds the group size. Check the numbers.',
      },
    ),
};
