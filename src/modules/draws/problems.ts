import { ProblemError } from '../../platform/http/problem.js';
import type { DrawStatus } from '../../../contracts/draws.js';

const STATUS_WORDS: Record<DrawStatus, { fr: string; en: string }> = {
  setup: { fr: 'en préparation', en: 'in setup' },
  frozen: { fr: 'figé', en: 'frozen' },
  committed: { fr: 'engagé', en: 'committed' },
  run: { fr: 'effectué', en: 'run' },
  published: { fr: 'publié', en: 'published' },
};

/** The failures of draws, each with a stable code and a French explanation (English second). */
export const drawProblems = {
  notFound: () =>
    new ProblemError(
      404,
      'not-found',
      { fr: 'Tirage introuvable', en: 'Draw not found' },
      {
        fr: 'Ce tirage n’existe pas ou n’est pas de votre ressort.',
        en: 'This draw does not exist or is not yours to see.',
      },
    ),
  notPublished: () =>
    new ProblemError(
      404,
      'not-found',
      { fr: 'Tirage non publié', en: 'Draw not published' },
      {
        fr: 'Aucun tirage publié ne porte cet identifiant. Un tirage est public une fois son engagement signé (preuves d’inclusion) et son relevé une fois publié.',
        en: 'No published draw has this id. A draw is public once its commitment is signed (inclusion proofs), its record once published.',
      },
    ),
  entryNotFound: () =>
    new ProblemError(
      404,
      'entry-not-found',
      { fr: 'Entrée absente du tirage', en: 'Entry not in the draw' },
      {
        fr: 'Aucune entrée de ce tirage ne porte cet identifiant. Vérifiez l’identifiant de 32 caractères affiché sur votre candidature.',
        en: 'No entry of this draw has this id. Check the 32-character id shown with your application.',
      },
    ),
  wrongStatus: (status: DrawStatus, expected: DrawStatus, action: { fr: string; en: string }) =>
    new ProblemError(
      409,
      status === 'setup' ? 'draw-not-frozen' : expected === 'setup' ? 'draw-frozen' : 'draw-wrong-status',
      { fr: 'Étape impossible à ce stade', en: 'Step not possible now' },
      {
        fr: `Impossible de ${action.fr} : le tirage est ${STATUS_WORDS[status].fr}, il doit être ${STATUS_WORDS[expected].fr}.${expected === 'setup' ? ' Une fois figé, un tirage ne change plus : créez-en un autre.' : ''}`,
        en: `Cannot ${action.en}: the draw is ${STATUS_WORDS[status].en}, it must be ${STATUS_WORDS[expected].en}.${expected === 'setup' ? ' Once frozen, a draw never changes: create another one.' : ''}`,
      },
    ),
  operatorNotInProgramme: () =>
    new ProblemError(
      400,
      'operator-not-in-programme',
      { fr: 'Opérateur hors du programme', en: 'Operator not in the programme' },
      {
        fr: 'Cet opérateur ne distribue pas les billets de ce programme : il ne peut pas y tirer au sort.',
        en: 'This operator does not distribute this programme’s tickets: it cannot run a draw in it.',
      },
    ),
  noStock: () =>
    new ProblemError(
      409,
      'no-stock',
      { fr: 'Aucun billet à tirer', en: 'No tickets to draw' },
      {
        fr: 'Ce lot ne détient aucun billet : faites-lui attribuer du stock avant de préparer le tirage, ou donnez les quotas.',
        en: 'This bucket holds no tickets: have stock allocated to it before setting up the draw, or give the quotas.',
      },
    ),
  quotaOverStock: (event: string, asked: number, held: number) =>
    new ProblemError(
      409,
      'quota-over-stock',
      { fr: 'Quota supérieur au stock', en: 'Quota above the stock' },
      {
        fr: `Le quota de ${event} (${asked} places) dépasse les billets que détient le lot (${held}). Réduisez-le.`,
        en: `The quota of ${event} (${asked} seats) exceeds the tickets the bucket holds (${held}). Reduce it.`,
      },
    ),
  unknownEvent: () =>
    new ProblemError(
      400,
      'unknown-event',
      { fr: 'Événement inconnu', en: 'Unknown event' },
      {
        fr: 'Un des événements des quotas n’existe pas, ou figure deux fois.',
        en: 'One of the quota events does not exist, or appears twice.',
      },
    ),
  noEntries: () =>
    new ProblemError(
      409,
      'no-entries',
      { fr: 'Aucune candidature', en: 'No applications' },
      {
        fr: 'Aucune candidature confirmée dans ce lot : rien à figer. Un tirage a au moins une entrée.',
        en: 'No confirmed application in this bucket: nothing to freeze. A draw has at least one entry.',
      },
    ),
  pastRound: (round: number, roundAt: string) =>
    new ProblemError(
      422,
      'past-round',
      { fr: 'Tour drand déjà passé', en: 'drand round already past' },
      {
        fr: `Le tour drand ${round} a été produit le ${roundAt} (UTC), avant l’engagement : son aléa est déjà connu, il ne peut pas servir. Choisissez un tour futur (ou laissez Gradins le calculer). Seule une démonstration peut utiliser un tour passé.`,
        en: `drand round ${round} was produced at ${roundAt} (UTC), before the commitment: its randomness is already known and cannot be used. Choose a future round (or let Gradins compute it). Only a demonstration may use a past round.`,
      },
    ),
  beaconInvalid: (round: number) =>
    new ProblemError(
      422,
      'beacon-signature-invalid',
      { fr: 'Signature drand refusée', en: 'drand signature refused' },
      {
        fr: `Cette signature n’est pas celle du tour ${round} de la chaîne drand quicknet : elle ne vérifie pas avec la clé publique de la chaîne. Copiez la valeur « signature » du tour ${round} (https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/${round}), sans la modifier. Rien n’a été enregistré.`,
        en: `This signature is not that of round ${round} of the drand quicknet chain: it does not verify with the chain’s public key. Copy the “signature” value of round ${round}, unchanged. Nothing was recorded.`,
      },
    ),
  beaconAlreadyEntered: () =>
    new ProblemError(
      409,
      'beacon-already-entered',
      { fr: 'Aléa déjà saisi', en: 'Beacon already entered' },
      {
        fr: 'La signature du tour engagé est déjà saisie et vérifiée : lancez le tirage.',
        en: 'The committed round’s signature is already entered and verified: run the draw.',
      },
    ),
  beaconMissing: () =>
    new ProblemError(
      409,
      'beacon-missing',
      { fr: 'Aléa non saisi', en: 'Beacon not entered' },
      {
        fr: 'Saisissez d’abord la signature drand du tour engagé : le tirage ne se fait qu’avec elle.',
        en: 'First enter the drand signature of the committed round: the draw runs only with it.',
      },
    ),
  running: () =>
    new ProblemError(
      409,
      'draw-running',
      { fr: 'Tirage en cours', en: 'Draw running' },
      {
        fr: 'Ce tirage est déjà en cours d’exécution : suivez son avancement sur la page du tirage.',
        en: 'This draw is already running: follow its progress on the draw’s page.',
      },
    ),
  invalidInput: (message: string) =>
    new ProblemError(
      400,
      'draw-input-invalid',
      { fr: 'Données du tirage invalides', en: 'Invalid draw data' },
      { fr: `${message}.`, en: `The draw data is invalid (${message}).` },
    ),
};
