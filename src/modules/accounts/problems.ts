import { ProblemError } from '../../platform/http/problem.js';
import type { PasswordProblem } from './domain/password-policy.js';

const formatTime = (date: Date, locale: string) =>
  date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

/** The failures of the accounts area, each with a stable code and a French (and English) explanation. */
export const accountProblems = {
  unknownScope: (kind: 'programme' | 'operator' | 'organiser' | 'event', index: number) => {
    const what = {
      programme: { fr: 'aucun programme', en: 'no programme' },
      operator: { fr: 'aucune organisation de type opérateur', en: 'no organisation of kind operator' },
      organiser: { fr: 'aucun organisateur d’événements', en: 'no event organiser' },
      event: { fr: 'aucun événement', en: 'no event' },
    }[kind];
    return new ProblemError(
      400,
      'unknown-scope',
      { fr: 'Portée inconnue', en: 'Unknown scope' },
      {
        fr: `La portée de cette habilitation ne désigne ${what.fr} : vérifiez l’identifiant choisi (scopeId).`,
        en: `This grant’s scope names ${what.en}: check the identifier chosen (scopeId).`,
      },
      [
        {
          path: `body.grants.${index}.scopeId`,
          message: { fr: 'identifiant inconnu', en: 'unknown identifier' },
        },
      ],
    );
  },
  invalidCredentials: () =>
    new ProblemError(
      401,
      'invalid-credentials',
      { fr: 'Identifiants incorrects', en: 'Invalid credentials' },
      {
        fr: 'L’adresse e-mail ou le mot de passe est incorrect. Vérifiez-les et réessayez ; après plusieurs échecs, un délai s’applique.',
        en: 'The e-mail address or the password is wrong. Check them and try again; after several failures, a delay applies.',
      },
    ),
  throttled: (until: Date, now: Date) => {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return new ProblemError(
      429,
      'login-throttled',
      { fr: 'Trop de tentatives', en: 'Too many attempts' },
      {
        fr: `Trop de tentatives de connexion ont échoué. Patientez ${seconds} seconde${seconds > 1 ? 's' : ''} avant de réessayer.`,
        en: `Too many sign-in attempts failed. Wait ${seconds} second${seconds > 1 ? 's' : ''} before trying again.`,
      },
    );
  },
  locked: (until: Date) =>
    new ProblemError(
      423,
      'account-locked',
      { fr: 'Compte verrouillé', en: 'Account locked' },
      {
        fr: `Ce compte est verrouillé après 10 échecs de connexion consécutifs. Il se déverrouillera à ${formatTime(until, 'fr-FR')} (heure de Paris), ou plus tôt si un administrateur le déverrouille.`,
        en: `This account is locked after 10 consecutive failed sign-ins. It will unlock at ${formatTime(until, 'en-GB')} (Paris time), or sooner if an administrator unlocks it.`,
      },
    ),
  secondFactorInvalid: () =>
    new ProblemError(
      401,
      'second-factor-invalid',
      { fr: 'Code incorrect', en: 'Invalid code' },
      {
        fr: 'Ce code n’est pas valable. Saisissez le code à 6 chiffres affiché maintenant par votre application (il change toutes les 30 secondes), ou un code de secours non utilisé.',
        en: 'This code is not valid. Enter the 6-digit code your app shows now (it changes every 30 seconds), or an unused recovery code.',
      },
    ),
  weakPassword: (problems: PasswordProblem[]) =>
    new ProblemError(
      400,
      'weak-password',
      { fr: 'Mot de passe trop faible', en: 'Password too weak' },
      {
        fr: `Ce mot de passe n’est pas assez robuste : ${problems.map((p) => p.fr).join(' ')}`,
        en: `This password is not strong enough: ${problems.map((p) => p.en).join(' ')}`,
      },
      problems.map((p) => ({ path: 'body.password', message: { fr: p.fr, en: p.en } })),
    ),
  linkInvalid: (status: 'expired' | 'used' | 'unknown') =>
    new ProblemError(
      410,
      'link-invalid',
      { fr: 'Lien invalide', en: 'Invalid link' },
      {
        fr: `Ce lien ${status === 'expired' ? 'a expiré' : status === 'used' ? 'a déjà été utilisé' : 'n’existe pas'}. Demandez-en un nouveau à votre administrateur (ou, pour l’installation, redémarrez le serveur ou lancez « npx gradins admin create »).`,
        en: `This link ${status === 'expired' ? 'has expired' : status === 'used' ? 'was already used' : 'does not exist'}. Ask your administrator for a new one (or, for the installation, restart the server or run "npx gradins admin create").`,
      },
    ),
  emailTaken: () =>
    new ProblemError(
      409,
      'email-taken',
      { fr: 'Adresse déjà utilisée', en: 'E-mail already used' },
      {
        fr: 'Un compte existe déjà avec cette adresse e-mail. Chaque personne a un seul compte personnel : ajoutez-lui plutôt une habilitation.',
        en: 'An account already exists with this e-mail address. Each person has one personal account: add a grant to it instead.',
      },
    ),
  notInvited: () =>
    new ProblemError(
      409,
      'not-invited',
      { fr: 'Compte déjà activé', en: 'Account already activated' },
      {
        fr: 'Ce compte n’attend plus d’invitation : la personne a déjà choisi son mot de passe et se connecte avec. Un compte désactivé se réactive d’abord.',
        en: 'This account no longer waits for an invitation: the person already chose a password and signs in with it. A disabled account must be enabled first.',
      },
    ),
  setupAlreadyDone: () =>
    new ProblemError(
      409,
      'setup-already-done',
      { fr: 'Installation déjà faite', en: 'Setup already done' },
      {
        fr: 'Un administrateur existe déjà. Connectez-vous, ou demandez-lui de vous inviter.',
        en: 'An administrator already exists. Sign in, or ask them to invite you.',
      },
    ),
  notFound: (what: { fr: string; en: string }) =>
    new ProblemError(
      404,
      'not-found',
      { fr: 'Ressource introuvable', en: 'Not found' },
      { fr: `${what.fr} est introuvable.`, en: `${what.en} was not found.` },
    ),
  organisationUnknown: () =>
    new ProblemError(
      400,
      'validation-failed',
      { fr: 'Données invalides', en: 'Invalid data' },
      {
        fr: 'L’organisation choisie n’existe pas. Choisissez-en une dans la liste ou créez-la d’abord.',
        en: 'The chosen organisation does not exist. Pick one from the list or create it first.',
      },
      [{ path: 'body.organisationId', message: 'organisation inconnue' }],
    ),
  organisationNameTaken: () =>
    new ProblemError(
      409,
      'organisation-exists',
      { fr: 'Organisation déjà enregistrée', en: 'Organisation already exists' },
      {
        fr: 'Une organisation porte déjà ce nom. Choisissez-la dans la liste plutôt que d’en créer une autre.',
        en: 'An organisation already has this name. Pick it from the list instead of creating another.',
      },
    ),
  mfaAlreadyEnabled: () =>
    new ProblemError(
      409,
      'mfa-already-enabled',
      { fr: 'Double authentification déjà active', en: 'Second factor already enabled' },
      {
        fr: 'Une application d’authentification est déjà associée à ce compte.',
        en: 'An authenticator app is already linked to this account.',
      },
    ),
  secondFactorEnrolmentRefused: () =>
    new ProblemError(
      403,
      'second-factor-enrolment-refused',
      { fr: 'Ajout d’un second facteur refusé', en: 'Adding a second factor refused' },
      {
        fr: 'Ce compte a déjà un second facteur : terminez d’abord la connexion avec lui (application d’authentification, clé d’accès ou code de secours). Vous pourrez ensuite en ajouter un autre depuis « Mon compte ».',
        en: 'This account already has a second factor: first finish signing in with it (authenticator app, passkey or recovery code). You can then add another one from “My account”.',
      },
    ),
  mfaNotStarted: () =>
    new ProblemError(
      409,
      'mfa-enrolment-not-started',
      { fr: 'Configuration non commencée', en: 'Enrolment not started' },
      {
        fr: 'Commencez par demander un nouveau secret de double authentification, puis saisissez le code affiché.',
        en: 'First ask for a new second-factor secret, then enter the code it shows.',
      },
    ),
  cannotRemoveOwnAccess: () =>
    new ProblemError(
      409,
      'own-access',
      { fr: 'Action impossible sur votre propre compte', en: 'Not on your own account' },
      {
        fr: 'Vous ne pouvez pas retirer vos propres habilitations ni désactiver votre propre compte : demandez-le à un autre administrateur.',
        en: 'You cannot remove your own grants or disable your own account: ask another administrator.',
      },
    ),
  passkeyInvalid: () =>
    new ProblemError(
      401,
      'passkey-invalid',
      { fr: 'Clé d’accès non reconnue', en: 'Passkey not recognised' },
      {
        fr: 'La clé d’accès n’a pas pu être vérifiée : elle n’est pas associée à ce compte, ou la demande a expiré (5 minutes). Recommencez, ou utilisez un autre second facteur.',
        en: 'The passkey could not be verified: it is not linked to this account, or the request expired (5 minutes). Try again, or use another second factor.',
      },
    ),
  passkeyCloned: () =>
    new ProblemError(
      401,
      'passkey-cloned',
      { fr: 'Clé d’accès refusée', en: 'Passkey refused' },
      {
        fr: 'Le compteur de cette clé d’accès a reculé : elle a peut-être été copiée. Elle est refusée ; utilisez un autre second facteur, retirez cette clé depuis « Mon compte » et prévenez votre administrateur.',
        en: 'This passkey’s counter went backwards: it may have been copied. It is refused; use another second factor, remove this passkey from “My account” and tell your administrator.',
      },
    ),
  passkeyRegistrationFailed: () =>
    new ProblemError(
      400,
      'passkey-registration-failed',
      { fr: 'Clé d’accès non enregistrée', en: 'Passkey not registered' },
      {
        fr: 'La clé d’accès n’a pas pu être enregistrée : la demande a expiré (5 minutes) ou la réponse de votre appareil n’est pas valable pour ce site. Recommencez l’ajout.',
        en: 'The passkey could not be registered: the request expired (5 minutes) or your device’s answer is not valid for this site. Start again.',
      },
    ),
  passkeyAlreadyRegistered: () =>
    new ProblemError(
      409,
      'passkey-already-registered',
      { fr: 'Clé d’accès déjà enregistrée', en: 'Passkey already registered' },
      {
        fr: 'Cette clé d’accès est déjà enregistrée. Utilisez-en une autre, ou gardez celle-ci.',
        en: 'This passkey is already registered. Use another one, or keep this one.',
      },
    ),
  passkeyLimit: (max: number) =>
    new ProblemError(
      409,
      'passkey-limit',
      { fr: 'Trop de clés d’accès', en: 'Too many passkeys' },
      {
        fr: `Un compte peut avoir au plus ${max} clés d’accès. Retirez-en une que vous n’utilisez plus avant d’en ajouter une autre.`,
        en: `An account may have at most ${max} passkeys. Remove one you no longer use before adding another.`,
      },
    ),
  noPasskey: () =>
    new ProblemError(
      409,
      'no-passkey',
      { fr: 'Aucune clé d’accès', en: 'No passkey' },
      {
        fr: 'Ce compte n’a pas de clé d’accès. Utilisez votre application d’authentification ou un code de secours.',
        en: 'This account has no passkey. Use your authenticator app or a recovery code.',
      },
    ),
  lastSecondFactor: () =>
    new ProblemError(
      409,
      'last-second-factor',
      { fr: 'Dernier second facteur', en: 'Last second factor' },
      {
        fr: 'Vos rôles exigent une double authentification et c’est votre dernier second facteur. Ajoutez d’abord une autre clé d’accès ou une application d’authentification, puis retirez celle-ci.',
        en: 'Your roles require a second factor and this is your last one. First add another passkey or an authenticator app, then remove this one.',
      },
    ),
};
