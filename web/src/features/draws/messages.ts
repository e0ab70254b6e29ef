import type { Dictionary } from '../../app/i18n';
import type { DrawRunning, DrawStatus } from './contracts';

/** What the draws pages share: status names, the charts, the demonstration badge. */
export const drawMessages: Dictionary<{
  statuses: Record<DrawStatus, string>;
  phases: Record<DrawRunning['phase'], string>;
  demonstration: string;
  demonstrationHint: string;
  eventChartTitle: string;
  eventChartSummary: (filled: string, quota: string) => string;
  eventColumn: string;
  filled: string;
  left: string;
  quota: string;
  sizeChartTitle: string;
  sizeChartSummary: (allocated: string, reserve: string) => string;
  sizeColumn: string;
  size: (seats: number) => string;
  allocated: string;
  reserve: string;
  entries: string;
}> = {
  fr: {
    statuses: {
      setup: 'en préparation',
      frozen: 'figé',
      committed: 'engagé',
      run: 'effectué',
      published: 'publié',
      abandoned: 'abandonné',
    },
    phases: {
      reading: 'lecture des entrées',
      numbering: 'numérotation',
      allocating: 'attribution des places',
      writing: 'écriture des résultats',
      signing: 'signature du relevé',
    },
    demonstration: 'Démonstration',
    demonstrationHint:
      'Tirage de démonstration : il peut s’engager sur un tour drand déjà produit, et son relevé le dit.',
    eventChartTitle: 'Places attribuées par événement',
    eventChartSummary: (filled, quota) => `${filled} places attribuées sur ${quota} au quota.`,
    eventColumn: 'Événement',
    filled: 'Places attribuées',
    left: 'Places restées libres',
    quota: 'Quota',
    sizeChartTitle: 'Résultat selon la taille de l’entrée',
    sizeChartSummary: (allocated, reserve) =>
      `${allocated} entrées retenues, ${reserve} sur la liste d’attente.`,
    sizeColumn: 'Taille de l’entrée',
    size: (seats) =>
      seats === 1
        ? '1 place (personne seule)'
        : seats === 2
          ? '2 places (binôme ou groupe)'
          : `${seats} places (groupe)`,
    allocated: 'Retenues',
    reserve: 'Liste d’attente',
    entries: 'Entrées',
  },
  en: {
    statuses: {
      setup: 'in setup',
      frozen: 'frozen',
      committed: 'committed',
      run: 'run',
      published: 'published',
      abandoned: 'abandoned',
    },
    phases: {
      reading: 'reading the entries',
      numbering: 'numbering',
      allocating: 'allocating the seats',
      writing: 'writing the results',
      signing: 'signing the record',
    },
    demonstration: 'Demonstration',
    demonstrationHint:
      'Demonstration draw: it may commit to a drand round already produced, and its record says so.',
    eventChartTitle: 'Seats filled per event',
    eventChartSummary: (filled, quota) => `${filled} seats filled out of a quota of ${quota}.`,
    eventColumn: 'Event',
    filled: 'Seats filled',
    left: 'Seats left',
    quota: 'Quota',
    sizeChartTitle: 'Outcome by entry size',
    sizeChartSummary: (allocated, reserve) =>
      `${allocated} entries selected, ${reserve} on the reserve list.`,
    sizeColumn: 'Entry size',
    size: (seats) =>
      seats === 1
        ? '1 seat (one person)'
        : seats === 2
          ? '2 seats (pair or group)'
          : `${seats} seats (group)`,
    allocated: 'Selected',
    reserve: 'Reserve list',
    entries: 'Entries',
  },
};
