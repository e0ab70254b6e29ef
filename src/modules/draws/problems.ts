import { ProblemError } from '../../platform/http/problem.js';
import type { DrawStatus } from '../../../contracts/draws.js';

const STATUS_WORDS: Record<DrawStatus, { fr: string; en: string }> = {
  setup: { fr: 'en préparation', en: 'in setup' },
  frozen: { fr: 'figé', en: 'frozen' },
  committed: { fr: 'engagé', en: 'committed' },
  run: { fr: 'effectué', en: 'run' },
  published: { fr: 'publié', en: 'published' },
  abandoned: { fr: 'abandonné', en: 'abandoned' },
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
  liveDrawInBucket: (other: { id: string; name: string; status: DrawStatus }) =>
    new ProblemError(
      409,
      'live-draw-in-bucket',
      { fr: 'Un autre tirage est en cours dans ce lot', en: 'Another draw is live in this bucket' },
      {
        fr: `Le tirage « ${other.name} » (${other.id}) est ${STATUS_WORDS[other.status].fr} pour ce lot : un lot n’a qu’un tirage en cours à la fois, pour qu’on ne puisse pas en faire plusieurs et garder le meilleur. Publiez-le, ou abandonnez-le (motif public) s’il n’a pas été effectué.`,
        en: `Draw “${other.name}” (${other.id}) is ${STATUS_WORDS[other.status].en} for this bucket: a bucket has one live draw at a time, so that nobody can run several and keep the best. Publish it, or abandon it (public reason) if it has not been run.`,
      },
    ),
  entriesInOtherDraw: (other: { id: string; name: string }, people: number) =>
    new ProblemError(
      409,
      'entries-in-other-draw',
      { fr: 'Candidats déjà dans un autre tirage', en: 'Applicants already in another draw' },
      {
        fr: `${people} candidature(s) de ce lot sont déjà figées dans le tirage en cours « ${other.name} » (${other.id}) du même programme (tirage du programme entier et tirage d’opérateur) : une personne ne peut être dans deux tirages en cours. Publiez ou abandonnez d’abord l’autre tirage.`,
        en: `${people} application(s) of this bucket are already frozen in the live draw “${other.name}” (${other.id}) of the same programme (a whole-programme draw and an operator draw): one person cannot be in two live draws. Publish or abandon the other draw first.`,
      },
    ),
  demonstrationNotAllowed: () =>
    new ProblemError(
      422,
      'demonstration-not-allowed',
      { fr: 'Démonstration interdite ici', en: 'Demonstration not allowed here' },
      {
        fr: 'Seule une installation de démonstration (chargée par « npm run demo ») peut préparer un tirage de démonstration, qui peut s’engager sur un tour drand passé. Préparez un tirage réel.',
        en: 'Only a demonstration installation (loaded by “npm run demo”) may set up a demonstration draw, which may commit to a past drand round. Set up a real draw.',
      },
    ),
  roundTooSoon: (round: number, roundAt: string, minutes: number) =>
    new ProblemError(
      422,
      'round-too-soon',
      { fr: 'Tour drand trop proche', en: 'drand round too soon' },
      {
        fr: `Le tour drand ${round} est produit le ${roundAt} (UTC), moins de ${minutes} minutes après l’engagement : il faut laisser le temps de publier l’engagement avant que l’aléa existe. Choisissez un tour plus lointain.`,
        en: `drand round ${round} is produced at ${roundAt} (UTC), less than ${minutes} minutes after the commitment: the commitment must be public before the randomness exists. Choose a later round.`,
      },
    ),
  deadlinesOutOfOrder: (roundAt: string, beaconDeadline: string, revealDeadline: string) =>
    new ProblemError(
      422,
      'deadlines-out-of-order',
      { fr: 'Échéances dans le désordre', en: 'Deadlines out of order' },
      {
        fr: `Il faut : production du tour (${roundAt}) < date limite de l’aléa (${beaconDeadline}) < date limite des révélations des témoins (${revealDeadline}), toutes en UTC. Corrigez les dates.`,
        en: `Required: round produced (${roundAt}) < beacon deadline (${beaconDeadline}) < witnesses’ reveal deadline (${revealDeadline}), all UTC. Fix the dates.`,
      },
    ),
  cannotAbandonRun: () =>
    new ProblemError(
      409,
      'draw-wrong-status',
      { fr: 'Tirage effectué', en: 'Draw already run' },
      {
        fr: 'Un tirage effectué ne s’abandonne pas : son résultat est connu, il doit être publié tel quel.',
        en: 'A draw that has run cannot be abandoned: its result is known and must be published as it is.',
      },
    ),
  unknownWitness: (name: string) =>
    new ProblemError(
      422,
      'unknown-witness',
      { fr: 'Témoin inconnu', en: 'Unknown witness' },
      {
        fr: `« ${name} » n’est pas un témoin nommé dans l’engagement de ce tirage.`,
        en: `“${name}” is not a witness named in this draw’s commitment.`,
      },
    ),
  revealNotYet: (beaconDeadline: string) =>
    new ProblemError(
      409,
      'reveal-not-yet',
      { fr: 'Révélations pas encore ouvertes', en: 'Reveals not open yet' },
      {
        fr: `Les témoins ne révèlent leur secret qu’une fois passée la date limite de l’aléa (${beaconDeadline}, UTC) sans aléa drand saisi : plus tôt, on pourrait choisir entre deux aléas.`,
        en: `Witnesses reveal their secret only once the beacon deadline (${beaconDeadline}, UTC) has passed with no drand value entered: earlier, one could choose between two randomness sources.`,
      },
    ),
  revealAlreadyEntered: (name: string) =>
    new ProblemError(
      409,
      'reveal-already-entered',
      { fr: 'Secret déjà révélé', en: 'Secret already revealed' },
      {
        fr: `Le secret de « ${name} » est déjà saisi et vérifié.`,
        en: `The secret of “${name}” is already entered and checked.`,
      },
    ),
  revealInvalid: (name: string) =>
    new ProblemError(
      422,
      'reveal-invalid',
      { fr: 'Secret refusé', en: 'Secret refused' },
      {
        fr: `Ce secret ne correspond pas à l’engagement de « ${name} » (son SHA-256 n’est pas l’empreinte publiée). Rien n’a été enregistré ; le refus est journalisé.`,
        en: `This secret does not match the commitment of “${name}” (its SHA-256 is not the published hash). Nothing was recorded; the refusal is logged.`,
      },
    ),
  revealDeadlinePassed: (revealDeadline: string) =>
    new ProblemError(
      409,
      'reveal-deadline-passed',
      { fr: 'Révélations closes', en: 'Reveals closed' },
      {
        fr: `La date limite des révélations (${revealDeadline}, UTC) est passée : aucun secret n’est plus accepté.`,
        en: `The reveal deadline (${revealDeadline}, UTC) has passed: no secret is accepted any more.`,
      },
    ),
  witnessesNotReady: (revealed: number, minReveals: number, revealDeadline: string) =>
    new ProblemError(
      409,
      'witnesses-not-ready',
      { fr: 'Témoins pas encore prêts', en: 'Witnesses not ready' },
      {
        fr: `Sans aléa drand, le tirage se fait sur les témoins quand ${minReveals} secrets au moins sont révélés (${revealed} pour l’instant), ou à la date limite des révélations (${revealDeadline}, UTC).`,
        en: `Without a drand value, the draw runs on the witnesses once at least ${minReveals} secrets are revealed (${revealed} so far), or at the reveal deadline (${revealDeadline}, UTC).`,
      },
    ),
  tooFewReveals: (revealed: number, minReveals: number) =>
    new ProblemError(
      409,
      'too-few-reveals',
      { fr: 'Trop peu de révélations', en: 'Too few reveals' },
      {
        fr: `La date limite des révélations est passée avec ${revealed} secret(s) sur les ${minReveals} requis : comme l’engagement le dit, il n’y a pas de graine. Abandonnez ce tirage (motif public) et engagez-en un nouveau.`,
        en: `The reveal deadline has passed with ${revealed} secret(s) of the ${minReveals} required: as the commitment says, there is no seed. Abandon this draw (public reason) and commit a new one.`,
      },
    ),
  beaconDeadlinePassed: (beaconDeadline: string) =>
    new ProblemError(
      409,
      'beacon-deadline-passed',
      { fr: 'Date limite de l’aléa passée', en: 'Beacon deadline passed' },
      {
        fr: `La date limite de l’aléa drand (${beaconDeadline}, UTC) est passée : comme l’engagement le dit, ce sont maintenant les témoins qui révèlent leur secret.`,
        en: `The drand beacon deadline (${beaconDeadline}, UTC) has passed: as the commitment says, the witnesses now reveal their secrets.`,
      },
    ),
};
