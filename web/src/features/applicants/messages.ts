import type { Dictionary } from '../../app/i18n';

export interface ApplicantMessages {
  applyTitle: string;
  applyLead: string;
  easyRead: string;
  easyReadHint: string;
  noticeTitle: string;
  noticeEasyTitle: string;
  operator: string;
  operatorHint: string;
  choose: string;
  whoTitle: string;
  birthSurname: string;
  birthSurnameHint: string;
  firstNames: string;
  firstNamesHint: string;
  birthDate: string;
  email: string;
  emailOfRepresentative: string;
  emailHint: string;
  statusTitle: string;
  proofProvided: (status: string) => string;
  carerTitle: string;
  withCarer: string;
  withCarerHint: string;
  carerSurname: string;
  carerFirstNames: string;
  carerBirthDate: string;
  carerConsents: string;
  carerProof: string;
  consentTitle: string;
  minor: string;
  underFifteen: string;
  representativeName: string;
  representativeHint: string;
  personConsents: string;
  childConsents: string;
  representativeConsents: string;
  charterTitle: string;
  attendanceTitle: string;
  acceptCharter: string;
  commitAttendance: string;
  postGamesTitle: string;
  postGamesOptIn: string;
  postGamesHint: string;
  submit: string;
  receivedTitle: string;
  received: string;
  alreadyRecorded: string;
  entryRefLabel: string;
  entryRefExplained: string;
  followUpMail: string;
  checkMailboxTitle: string;
  checkMailbox: (hours: number) => string;
  checkMailboxSpam: string;
}

export const applicantMessages: Dictionary<ApplicantMessages> = {
  fr: {
    applyTitle: 'Candidater',
    applyLead:
      'Demandez un billet gratuit offert par l’État. Nous ne demandons que ce qui est nécessaire, et rien n’est enregistré sans votre accord. Les champs sont tous obligatoires, sauf mention contraire.',
    easyRead: 'Version facile à lire',
    easyReadHint: 'Affiche l’information en phrases courtes et simples.',
    noticeTitle: 'Lire l’information sur vos données',
    noticeEasyTitle: 'Lire l’information sur vos données (facile à lire)',
    operator: 'Organisme qui distribue les billets',
    operatorHint: 'Par exemple votre académie, votre fédération ou votre ministère.',
    choose: 'Choisir',
    whoTitle: 'La personne qui assistera à l’événement',
    birthSurname: 'Nom de naissance',
    birthSurnameHint: 'Le nom inscrit à l’état civil à la naissance, pas le nom d’usage.',
    firstNames: 'Prénoms',
    firstNamesHint: 'Dans l’ordre de l’état civil, séparés par des espaces.',
    birthDate: 'Date de naissance',
    email: 'Adresse électronique',
    emailOfRepresentative: 'Adresse électronique du représentant légal',
    emailHint: 'Le lien de suivi et, si la personne est tirée au sort, le billet y seront envoyés.',
    statusTitle: 'Ce qui rend la personne éligible',
    proofProvided: (status) => `J’ai le justificatif (${status})`,
    carerTitle: 'Aidant',
    withCarer: 'La personne vient avec son aidant',
    withCarerHint: 'La personne et son aidant sont toujours tirés au sort ensemble.',
    carerSurname: 'Nom de naissance de l’aidant',
    carerFirstNames: 'Prénoms de l’aidant',
    carerBirthDate: 'Date de naissance de l’aidant',
    carerConsents: 'L’aidant accepte l’enregistrement de ses données pour ce programme',
    carerProof: 'J’ai le justificatif d’aidant (attestation, avec la CMI de la personne accompagnée)',
    consentTitle: 'Consentements et engagements',
    minor: 'La personne est mineure : son représentant légal (parent ou tuteur) doit donner son accord.',
    underFifteen:
      'La personne a moins de 15 ans : son accord et celui de son représentant légal sont tous deux nécessaires.',
    representativeName: 'Nom et prénom du représentant légal',
    representativeHint: 'Parent ou tuteur, qui donne son accord.',
    personConsents:
      'J’accepte l’enregistrement de mes données pour ce programme, selon l’information ci-dessus',
    childConsents: 'L’enfant est d’accord pour participer et pour que ses données soient enregistrées',
    representativeConsents:
      'En tant que représentant légal, j’accepte l’enregistrement des données de l’enfant pour ce programme',
    charterTitle: 'Lire la charte d’utilisation des billets',
    attendanceTitle: 'Lire l’engagement de disponibilité',
    acceptCharter: 'J’accepte la charte d’utilisation (pas de revente ni de cession du billet)',
    commitAttendance:
      'Je m’engage à être disponible le jour de l’événement, ou à prévenir au plus tard la veille',
    postGamesTitle: 'Lire la proposition de contact après les Jeux (facultatif)',
    postGamesOptIn: 'J’accepte d’être recontacté après les Jeux (facultatif)',
    postGamesHint: 'Indépendant de la candidature : vous pourrez vous y opposer à tout moment.',
    submit: 'Envoyer la candidature',
    receivedTitle: 'Candidature enregistrée',
    received: 'Votre candidature est enregistrée.',
    alreadyRecorded: 'Ce formulaire avait déjà été envoyé : votre candidature était déjà enregistrée.',
    entryRefLabel: 'Votre référence :',
    entryRefExplained:
      'C’est elle que publiera le tirage au sort : elle ne dit rien de vous. Gardez-la pour vérifier le résultat.',
    followUpMail:
      'Un courriel vous a été envoyé avec un lien personnel pour suivre la candidature, voir ou retirer vos consentements.',
    checkMailboxTitle: 'Consultez votre messagerie',
    checkMailbox: (hours) =>
      `Un courriel va arriver à l’adresse indiquée. Ouvrez le lien qu’il contient dans les ${hours} heures pour confirmer la candidature : elle ne compte qu’une fois confirmée, et sans confirmation elle est effacée.`,
    checkMailboxSpam: 'Rien reçu après quelques minutes ? Regardez dans les courriers indésirables.',
  },
  en: {
    applyTitle: 'Apply',
    applyLead:
      'Ask for a free ticket given by the State. We only ask what is needed, and nothing is recorded without your consent. All fields are required unless stated otherwise.',
    easyRead: 'Easy-to-read version',
    easyReadHint: 'Shows the information in short, simple sentences (in French).',
    noticeTitle: 'Read the information about your data',
    noticeEasyTitle: 'Read the information about your data (easy to read)',
    operator: 'Organisation that distributes the tickets',
    operatorHint: 'For instance your education authority, federation or ministry.',
    choose: 'Choose',
    whoTitle: 'The person who will attend the event',
    birthSurname: 'Birth surname',
    birthSurnameHint: 'The surname registered at birth, not a married or usage name.',
    firstNames: 'First names',
    firstNamesHint: 'In the order of the civil register, separated by spaces.',
    birthDate: 'Date of birth',
    email: 'E-mail address',
    emailOfRepresentative: 'E-mail address of the legal representative',
    emailHint: 'The follow-up link and, if drawn, the ticket will be sent there.',
    statusTitle: 'What makes the person eligible',
    proofProvided: (status) => `I have the proof (${status})`,
    carerTitle: 'Carer',
    withCarer: 'The person comes with their carer',
    withCarerHint: 'The person and their carer are always drawn together.',
    carerSurname: 'Carer’s birth surname',
    carerFirstNames: 'Carer’s first names',
    carerBirthDate: 'Carer’s date of birth',
    carerConsents: 'The carer agrees to the recording of their data for this programme',
    carerProof: 'I have the carer’s proof (certificate, with the disability card of the person accompanied)',
    consentTitle: 'Consents and commitments',
    minor: 'The person is a minor: their legal representative (parent or guardian) must agree.',
    underFifteen: 'The person is under 15: both their agreement and their legal representative’s are needed.',
    representativeName: 'Full name of the legal representative',
    representativeHint: 'Parent or guardian, who agrees.',
    personConsents: 'I agree to the recording of my data for this programme, as described above',
    childConsents: 'The child agrees to take part and to the recording of their data',
    representativeConsents:
      'As legal representative, I agree to the recording of the child’s data for this programme',
    charterTitle: 'Read the ticket usage charter',
    attendanceTitle: 'Read the attendance commitment',
    acceptCharter: 'I accept the usage charter (no resale or transfer of the ticket)',
    commitAttendance: 'I commit to being available on the day, or to warn at the latest the day before',
    postGamesTitle: 'Read the offer of contact after the Games (optional)',
    postGamesOptIn: 'I agree to be contacted after the Games (optional)',
    postGamesHint: 'Separate from the application: you can object at any time.',
    submit: 'Send the application',
    receivedTitle: 'Application recorded',
    received: 'Your application is recorded.',
    alreadyRecorded: 'This form had already been sent: your application was already recorded.',
    entryRefLabel: 'Your reference:',
    entryRefExplained: 'The draw will publish it: it says nothing about you. Keep it to check the result.',
    followUpMail:
      'An e-mail was sent to you with a personal link to follow the application, see or withdraw your consents.',
    checkMailboxTitle: 'Check your mailbox',
    checkMailbox: (hours) =>
      `An e-mail is on its way to the address given. Open its link within ${hours} hours to confirm the application: it counts only once confirmed, and without confirmation it is erased.`,
    checkMailboxSpam: 'Nothing after a few minutes? Look in your spam folder.',
  },
};
