import type { GamesCode, TargetPublic } from '../../../../contracts/programmes.js';

// The demonstration dataset (`npm run demo`): the Paris 2024 calendar as it was (real sessions and venues, Paris
// times), the State's purchase and its split by public (seed 1: 401,220 tickets), and ten ministries as
// operators. Everything about people is fictitious. The loader shifts the calendar so the Games lie ahead.

export const STATE_PURCHASE = {
  olympic: 100_700,
  paralympic: 298_600,
  /** Split equally between the two opening ceremonies. */
  ceremonies: 1_920,
} as const;

export const PROGRAMME_FIGURES: Readonly<Record<TargetPublic, number>> = {
  youth: 258_800,
  sports_volunteers: 100_100,
  disability: 17_400,
  public_agents: 24_920,
};

/** The Games of 2024 (Paris times) and the reclaim deadlines of seed 1 §2. */
export const GAMES_2024: Readonly<
  Record<GamesCode, { opensAt: string; closesAt: string; reclaimDeadline: string }>
> = {
  olympic: { opensAt: '2024-07-26T19:30', closesAt: '2024-08-11T21:00', reclaimDeadline: '2024-05-01T00:00' },
  paralympic: {
    opensAt: '2024-08-28T20:00',
    closesAt: '2024-09-08T20:00',
    reclaimDeadline: '2024-06-01T00:00',
  },
};

/** Ticket categories of every session, and the share of its stock each one takes (PMR: wheelchair places). */
export const CATEGORY_SHARES = [
  { category: 'C', share: 55 },
  { category: 'D', share: 40 },
  { category: 'PMR', share: 5 },
] as const;

/** The operators, and for each programme they distribute, their weight in its allocation. */
export const MINISTRIES: readonly { name: string; programmes: Partial<Record<TargetPublic, number>> }[] = [
  { name: 'Ministère de l’Éducation nationale et de la Jeunesse', programmes: { youth: 60 } },
  {
    name: 'Ministère des Sports et des Jeux olympiques et paralympiques',
    programmes: { youth: 10, sports_volunteers: 100, disability: 30 },
  },
  { name: 'Ministère de l’Enseignement supérieur et de la Recherche', programmes: { youth: 10 } },
  { name: 'Ministère de l’Agriculture et de la Souveraineté alimentaire', programmes: { youth: 8 } },
  { name: 'Ministère des Armées', programmes: { youth: 6, public_agents: 20 } },
  { name: 'Ministère de l’Intérieur et des Outre-mer', programmes: { youth: 6, public_agents: 35 } },
  { name: 'Ministère du Travail, de la Santé et des Solidarités', programmes: { disability: 70 } },
  { name: 'Ministère de la Culture', programmes: { public_agents: 10 } },
  { name: 'Ministère de la Transformation et de la Fonction publiques', programmes: { public_agents: 25 } },
  { name: 'Ministère de la Justice', programmes: { youth: 4, public_agents: 10 } },
];

/** The share of each programme's tickets the demo hands on to its operators (the rest stays to allocate live). */
export const OPERATOR_SHARE_PERCENT = 80;

export interface DemoSession {
  code: string;
  games: GamesCode;
  kind: 'competition' | 'ceremony';
  sport: string;
  discipline: string;
  venue: string;
  /** Paris time, 2024. */
  startsAt: string;
  /** Seats, roughly: the session's weight in the split of the State's purchase. */
  weight: number;
}

const o = (
  code: string,
  startsAt: string,
  sport: string,
  discipline: string,
  venue: string,
  weight: number,
): DemoSession => ({
  code,
  games: 'olympic',
  kind: 'competition',
  sport,
  discipline,
  venue,
  startsAt,
  weight,
});
const p = (
  code: string,
  startsAt: string,
  sport: string,
  discipline: string,
  venue: string,
  weight: number,
): DemoSession => ({
  code,
  games: 'paralympic',
  kind: 'competition',
  sport,
  discipline,
  venue,
  startsAt,
  weight,
});

export const SESSIONS: readonly DemoSession[] = [
  {
    code: 'JO-CER-OUV',
    games: 'olympic',
    kind: 'ceremony',
    sport: 'Cérémonie',
    discipline: 'Cérémonie d’ouverture des Jeux olympiques',
    venue: 'La Seine — Trocadéro',
    startsAt: '2024-07-26T19:30',
    weight: 1,
  },
  o('NAT-0727-S', '2024-07-27T11:00', 'Natation', 'Séries', 'Paris La Défense Arena', 15_000),
  o('NAT-0727-F', '2024-07-27T20:30', 'Natation', 'Finales', 'Paris La Défense Arena', 15_000),
  o('R7-0727-F', '2024-07-27T19:00', 'Rugby à 7', 'Demi-finales et finale hommes', 'Stade de France', 69_000),
  o('TEN-0728-1', '2024-07-28T11:00', 'Tennis', 'Premier tour', 'Stade Roland-Garros', 15_000),
  o('JUD-0728-E', '2024-07-28T10:00', 'Judo', 'Éliminatoires', 'Champ-de-Mars Arena', 8_000),
  o(
    'GAR-0729-F',
    '2024-07-29T17:30',
    'Gymnastique artistique',
    'Finale par équipes hommes',
    'Bercy Arena',
    15_000,
  ),
  o('TRI-0731-H', '2024-07-31T08:00', 'Triathlon', 'Épreuve individuelle', 'Pont Alexandre-III', 1_500),
  o('ARC-0730-E', '2024-07-30T14:00', 'Tir à l’arc', 'Éliminatoires', 'Esplanade des Invalides', 8_000),
  o('ESC-0731-S', '2024-07-31T09:30', 'Escrime', 'Sabre, épreuve par équipes', 'Grand Palais', 7_000),
  o('HAN-0801-P', '2024-08-01T13:00', 'Handball', 'Tour préliminaire', 'Stade Pierre-Mauroy', 27_000),
  o('ATH-0802-M', '2024-08-02T10:05', 'Athlétisme', 'Séance du matin', 'Stade de France', 69_000),
  o('ATH-0802-S', '2024-08-02T19:00', 'Athlétisme', 'Séance du soir, finales', 'Stade de France', 69_000),
  o('BAS-0803-P', '2024-08-03T21:00', 'Basketball', 'Tour préliminaire', 'Stade Pierre-Mauroy', 27_000),
  o('AVI-0803-F', '2024-08-03T09:30', 'Aviron', 'Finales', 'Stade nautique de Vaires-sur-Marne', 14_000),
  o('CYR-0804-L', '2024-08-04T11:00', 'Cyclisme sur route', 'Course en ligne femmes', 'Trocadéro', 5_000),
  o(
    'CYP-0805-F',
    '2024-08-05T17:00',
    'Cyclisme sur piste',
    'Finales',
    'Vélodrome de Saint-Quentin-en-Yvelines',
    5_000,
  ),
  o(
    'EQU-0806-S',
    '2024-08-06T10:00',
    'Sports équestres',
    'Saut d’obstacles',
    'Château de Versailles',
    20_000,
  ),
  o(
    'VBP-0805-Q',
    '2024-08-05T10:00',
    'Volley-ball de plage',
    'Quarts de finale',
    'Stade Tour Eiffel',
    12_860,
  ),
  o('VOI-0806-R', '2024-08-06T12:00', 'Voile', 'Régates', 'Marina de Marseille', 5_000),
  o('ESL-0807-B', '2024-08-07T10:00', 'Escalade', 'Bloc et difficulté', 'Site d’escalade du Bourget', 7_000),
  o(
    'GRY-0808-Q',
    '2024-08-08T10:00',
    'Gymnastique rythmique',
    'Qualifications',
    'Porte de La Chapelle Arena',
    6_700,
  ),
  o('HOC-0808-F', '2024-08-08T12:00', 'Hockey sur gazon', 'Finales', 'Stade Yves-du-Manoir', 15_000),
  o('FOO-0809-F', '2024-08-09T18:00', 'Football', 'Finale hommes', 'Parc des Princes', 45_000),
  o('BRE-0809-B', '2024-08-09T16:00', 'Breaking', 'Épreuve femmes', 'La Concorde', 10_000),
  o('TTA-0810-F', '2024-08-10T10:00', 'Tennis de table', 'Finales par équipes', 'South Paris Arena 4', 6_600),
  o('MAR-0810-H', '2024-08-10T08:00', 'Athlétisme', 'Marathon hommes', 'Hôtel de Ville — Invalides', 2_000),
  {
    code: 'JP-CER-OUV',
    games: 'paralympic',
    kind: 'ceremony',
    sport: 'Cérémonie',
    discipline: 'Cérémonie d’ouverture des Jeux paralympiques',
    venue: 'Place de la Concorde',
    startsAt: '2024-08-28T20:00',
    weight: 1,
  },
  p('PNA-0829-S', '2024-08-29T10:00', 'Para natation', 'Séries', 'Paris La Défense Arena', 15_000),
  p('PNA-0829-F', '2024-08-29T17:30', 'Para natation', 'Finales', 'Paris La Défense Arena', 15_000),
  p('PAT-0830-M', '2024-08-30T10:00', 'Para athlétisme', 'Séance du matin', 'Stade de France', 69_000),
  p(
    'PAT-0830-S',
    '2024-08-30T19:00',
    'Para athlétisme',
    'Séance du soir, finales',
    'Stade de France',
    69_000,
  ),
  p(
    'PCY-0830-P',
    '2024-08-30T09:00',
    'Para cyclisme sur piste',
    'Poursuite',
    'Vélodrome de Saint-Quentin-en-Yvelines',
    5_000,
  ),
  p('BFA-0831-P', '2024-08-31T11:00', 'Basketball fauteuil', 'Tour préliminaire', 'Bercy Arena', 15_000),
  p('TFA-0831-1', '2024-08-31T10:00', 'Tennis fauteuil', 'Premier tour', 'Stade Roland-Garros', 15_000),
  p('PAV-0831-F', '2024-08-31T09:30', 'Para aviron', 'Finales', 'Stade nautique de Vaires-sur-Marne', 14_000),
  p('BOC-0901-P', '2024-09-01T10:00', 'Boccia', 'Phase de poules', 'South Paris Arena 1', 6_000),
  p('GOA-0901-P', '2024-09-01T09:00', 'Goalball', 'Phase de poules', 'South Paris Arena 6', 6_000),
  p('RFA-0901-P', '2024-09-01T12:00', 'Rugby fauteuil', 'Phase de poules', 'Champ-de-Mars Arena', 8_000),
  p('CEC-0902-P', '2024-09-02T11:00', 'Cécifoot', 'Phase de poules', 'Stade Tour Eiffel', 12_000),
  p('PTA-0902-E', '2024-09-02T09:00', 'Para tir à l’arc', 'Éliminatoires', 'Esplanade des Invalides', 8_000),
  p(
    'PTR-0902-F',
    '2024-09-02T08:30',
    'Para triathlon',
    'Épreuves individuelles',
    'Pont Alexandre-III',
    1_500,
  ),
  p(
    'PBA-0903-P',
    '2024-09-03T09:00',
    'Para badminton',
    'Phase de groupes',
    'Porte de La Chapelle Arena',
    6_700,
  ),
  p('PEQ-0903-D', '2024-09-03T09:00', 'Para équitation', 'Dressage', 'Château de Versailles', 20_000),
  p('PJU-0905-E', '2024-09-05T10:00', 'Para judo', 'Éliminatoires', 'Champ-de-Mars Arena', 8_000),
  p('EFA-0904-E', '2024-09-04T10:00', 'Escrime fauteuil', 'Épée', 'Grand Palais', 7_000),
  p('PTT-0904-E', '2024-09-04T10:00', 'Para tennis de table', 'Simples', 'South Paris Arena 4', 6_600),
  p('VBA-0905-P', '2024-09-05T10:00', 'Volley-ball assis', 'Phase de poules', 'Paris Nord Arena', 6_000),
  p('PCA-0906-F', '2024-09-06T09:30', 'Para canoë', 'Finales', 'Stade nautique de Vaires-sur-Marne', 14_000),
  p('PHA-0907-F', '2024-09-07T10:00', 'Para haltérophilie', 'Finales', 'Porte de La Chapelle Arena', 6_700),
  p('PTK-0829-E', '2024-08-29T10:00', 'Para taekwondo', 'Éliminatoires', 'Grand Palais', 7_000),
];
