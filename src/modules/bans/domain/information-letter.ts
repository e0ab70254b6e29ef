import type { BanIdentity, BanMeasure, BanRegistrySettings } from '../../../../contracts/bans.js';
import { addDays } from './ban-period.js';

// The information letter (BAN-5, AU-42 art. 6): the controller's identity, the purpose, the recipients, how
// to exercise the rights of access, rectification and opposition on legitimate grounds, and the retention.
// The same words in the PDF and in the e-mail. Never the reasons of the ban: the registry has none.

export interface LetterBan {
  identity: BanIdentity;
  measure: BanMeasure;
  startsOn: string;
  lastDay: string;
  suspended: boolean;
  hasPhoto: boolean;
}

export interface LetterSection {
  heading?: string;
  paragraphs: string[];
}

export interface InformationLetter {
  title: string;
  subject: string;
  /** Sender, date and addressee, at the head of the letter. */
  head: string[];
  sections: LetterSection[];
  signature: string;
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** `2026-04-01` → « 1er avril 2026 ». */
export function frenchDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date === 1 ? '1er' : date} ${MONTHS[month - 1]} ${year}`;
}

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;

function measureText(measure: BanMeasure): string {
  if (measure.kind === 'judicial')
    return `une interdiction judiciaire de stade (peine complémentaire) prononcée le ${frenchDay(measure.decisionDate)} pour ${measure.durationMonths} mois`;
  const venues = `${list(measure.forbiddenVenues)}${measure.includesSurroundings ? ', et leurs abords' : ''}`;
  return [
    `une interdiction administrative de stade (arrêté préfectoral du ${frenchDay(measure.orderDate)}, valable jusqu’au ${frenchDay(measure.validUntil)} inclus)`,
    `visant les enceintes suivantes : ${venues}`,
    `pour les manifestations de type : ${list(measure.eventTypes)}`,
    measure.mustAnswerSummons
      ? 'avec l’obligation de répondre aux convocations des autorités'
      : 'sans obligation de répondre aux convocations',
  ].join(', ');
}

export function informationLetter(
  settings: BanRegistrySettings,
  ban: LetterBan,
  today: string,
): InformationLetter {
  const { identity } = ban;
  const person = `${identity.firstName} ${identity.surname.toUpperCase()}`;
  const data = [
    'vos nom et prénom',
    ...(identity.address ? ['votre adresse'] : []),
    'vos date et lieu de naissance',
    ...(ban.hasPhoto ? ['une photographie'] : []),
    'les éléments de la mesure (dates, durée ou validité, enceintes et manifestations concernées)',
  ];
  return {
    title: 'Information sur votre inscription au registre des interdictions de stade',
    subject: `Information sur votre inscription au registre des interdictions de stade — ${settings.controllerName}`,
    head: [
      settings.controllerName,
      settings.controllerAddress,
      '',
      `Le ${frenchDay(today)}`,
      '',
      `À l’attention de ${person}`,
      ...(identity.address ? [identity.address] : []),
      `né(e) le ${frenchDay(identity.birthDate)} à ${identity.birthPlace}`,
    ],
    sections: [
      {
        paragraphs: [
          'Madame, Monsieur,',
          `${settings.controllerName} vous informe que vous êtes inscrit(e) dans son traitement de données relatif aux interdictions de stade, en raison de ${measureText(ban.measure)}. Cette mesure a effet du ${frenchDay(ban.startsOn)} au ${frenchDay(ban.lastDay)} inclus${ban.suspended ? ' ; elle est actuellement suspendue par une décision de justice et n’a pas d’effet pendant la suspension' : ''}.`,
        ],
      },
      {
        heading: 'Responsable du traitement',
        paragraphs: [`${settings.controllerName}, ${settings.controllerAddress}.`],
      },
      {
        heading: 'Finalité',
        paragraphs: [
          'Ce traitement a pour seule finalité de ne pas fournir de titre d’accès aux personnes faisant l’objet d’une interdiction de stade en vigueur, prononcée par une juridiction ou un préfet, et de pouvoir leur refuser l’accès à une enceinte où se déroule une manifestation sportive à laquelle il leur est interdit d’assister (autorisation unique AU-42 de la CNIL, article 2). Vos données ne servent à aucun autre usage.',
        ],
      },
      {
        heading: 'Données enregistrées',
        paragraphs: [
          `Le registre contient ${list(data)}. Les motifs de l’interdiction ne sont pas enregistrés. Une photographie, s’il y en a une, sert seulement à être regardée par une personne : aucun dispositif de reconnaissance faciale ni autre procédé biométrique n’est utilisé.`,
        ],
      },
      {
        heading: 'Destinataires des données',
        paragraphs: [settings.recipients],
      },
      {
        heading: 'Durée de conservation',
        paragraphs: [
          `Vos données sont effacées automatiquement à la fin de l’interdiction, le ${frenchDay(addDays(ban.lastDay, 1))}, et sans délai si la peine est infirmée ou amnistiée, ou si l’arrêté est annulé par une juridiction.`,
        ],
      },
      {
        heading: 'Vos droits',
        paragraphs: [
          'Vous disposez d’un droit d’accès aux données qui vous concernent, d’un droit de rectification, et d’un droit d’opposition pour un motif légitime (loi n° 78-17 du 6 janvier 1978 modifiée et règlement général sur la protection des données ; AU-42, article 6).',
          `Ces droits s’exercent auprès du service désigné : ${settings.rightsServiceAddress} — courriel : ${settings.rightsServiceEmail}. Une réponse vous est adressée dans un délai d’un mois à compter de la réception de votre demande.`,
        ],
      },
      {
        heading: 'Réclamation',
        paragraphs: [
          'Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la Commission nationale de l’informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr.',
        ],
      },
    ],
    signature: settings.controllerName,
  };
}

/** The letter as plain text, for the body of the e-mail (the PDF goes with it). */
export function letterText(letter: InformationLetter): string {
  return [
    ...letter.head,
    '',
    `Objet : ${letter.title}`,
    '',
    ...letter.sections.flatMap((section) => [
      ...(section.heading ? [section.heading] : []),
      ...section.paragraphs,
      '',
    ]),
    letter.signature,
    '',
  ].join('\n');
}
