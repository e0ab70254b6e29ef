import type { Dictionary } from '../../app/i18n';
import type { AlertKind, AuditResult } from './contracts';

const nb = '\u00a0';

export interface AuditMessages {
  pageTitle: string;
  lead: string;
  selfLogged: string;
  loading: string;

  searchTitle: string;
  actor: string;
  actorHint: string;
  action: string;
  actionHint: string;
  targetTable: string;
  targetTableHint: string;
  targetId: string;
  targetIdHint: string;
  result: string;
  anyResult: string;
  results: Record<AuditResult, string>;
  periodLegend: string;
  periodHint: string;
  parisTime: string;
  from: string;
  to: string;
  periodOrder: string;
  invalidDate: string;
  search: string;
  reset: string;

  entriesTitle: string;
  entriesCaption: string;
  entriesFound: (total: number) => string;
  columns: string[];
  noEntries: string;
  andMore: (count: number) => string;

  alertsTitle: string;
  alertsLead: (from: string, to: string) => string;
  alertsCaption: string;
  alertColumns: string[];
  alertKinds: Record<AlertKind, string>;
  alertDescriptions: Record<AlertKind, string>;
  noAlerts: string;
  alertsFound: (count: number) => string;
  showEntries: string;

  integrityTitle: string;
  integrityLead: string;
  verify: string;
  verifying: string;
  conforme: (entries: number, heads: number) => string;
  nonConformeTitle: string;
  nonConformeLead: (entries: number, heads: number) => string;
  finding: (finding: { shard: string; leafIndex?: number; entryId?: number; headSize?: number }) => string;
  signHead: string;
  signing: string;
  headSignedTitle: string;
  headSigned: (head: { shard: string; size: number; root: string; at: string; kind: string }) => string;
  headKinds: Record<'checkpoint' | 'final', string>;

  reviewTitle: string;
  reviewLead: string;
  reviewPeriodLegend: string;
  reviewFrom: string;
  reviewTo: string;
  findings: string;
  findingsHint: string;
  findingsRequired: string;
  alertsSeen: string;
  alertsSeenHint: string;
  submitReview: string;
  reviewRecorded: string;

  pastReviewsTitle: string;
  pastReviewsCaption: string;
  reviewColumns: string[];
  noReviews: string;
  periodRange: (from: string, to: string) => string;
}

export const auditMessages: Dictionary<AuditMessages> = {
  fr: {
    pageTitle: 'Journal d’audit',
    lead: 'Toute consultation, modification ou suppression de données personnelles et tout événement de sécurité laissent une entrée dans ce journal, protégé contre l’effacement et la falsification.',
    selfLogged: `Votre consultation du journal est elle-même enregistrée${nb}: chaque recherche et chaque lecture des alertes ou des revues y laisse une entrée à votre nom.`,
    loading: 'Chargement…',

    searchTitle: 'Rechercher dans le journal',
    actor: 'Auteur',
    actorHint: `Identifiant du compte (UUID), system:<tâche> ou anonymous`,
    action: 'Action',
    actionHint: `Action exacte (accounts.login.failed) ou début d’action terminé par un point (accounts.)`,
    targetTable: 'Table concernée',
    targetTableHint: 'Par exemple users ou role_grants',
    targetId: 'Identifiant de l’enregistrement concerné',
    targetIdHint: 'Identifiant d’une ligne de la table',
    result: 'Résultat',
    anyResult: 'Tous les résultats',
    results: { success: 'réussite', denied: 'refus', failure: 'échec' },
    periodLegend: 'Période',
    periodHint: `Heure de Paris. Par défaut, les 7${nb}derniers jours.`,
    parisTime: 'Heure de Paris.',
    from: 'Début de la période',
    to: 'Fin de la période',
    periodOrder: 'La fin de la période doit être postérieure à son début.',
    invalidDate: `Saisissez une date et une heure, par exemple 23/11/2026 08${nb}:30.`,
    search: 'Rechercher',
    reset: 'Réinitialiser',

    entriesTitle: 'Entrées',
    entriesCaption: 'Entrées du journal, de la plus récente à la plus ancienne',
    entriesFound: (total) =>
      total === 0
        ? 'Aucune entrée trouvée.'
        : total === 1
          ? '1 entrée trouvée.'
          : `${total}${nb}entrées trouvées.`,
    columns: ['Date et heure (Paris)', 'Auteur', 'Action', 'Données concernées', 'Résultat', 'Requête'],
    noEntries: 'Aucune entrée ne correspond à ces critères.',
    andMore: (count) => `et ${count}${nb}autre${count > 1 ? 's' : ''}`,

    alertsTitle: 'Alertes de la période',
    alertsLead: (from, to) => `Du ${from} au ${to} (heure de Paris).`,
    alertsCaption: 'Alertes de la période',
    alertColumns: ['Type d’alerte', 'Auteur', 'Nombre', 'Première', 'Dernière', 'Recherche'],
    alertKinds: {
      bulk_reads: 'Lecture massive',
      export: 'Export de données',
      outside_working_hours: 'Accès hors heures ouvrées',
      repeated_denials: 'Refus répétés',
      ban_data_read: 'Lecture de données d’interdiction de stade',
      grant_change: 'Modification d’habilitation',
    },
    alertDescriptions: {
      bulk_reads: `au moins 50${nb}lectures en une heure`,
      export: 'export de données personnelles',
      outside_working_hours: `avant 7${nb}h, après 20${nb}h ou le week-end`,
      repeated_denials: `au moins 5${nb}refus ou échecs en une heure`,
      ban_data_read: 'consultation de données d’interdiction de stade',
      grant_change: 'habilitation accordée, modifiée ou retirée',
    },
    noAlerts: 'Aucune alerte sur cette période.',
    alertsFound: (count) =>
      count === 0 ? 'Aucune alerte.' : count === 1 ? '1 alerte.' : `${count}${nb}alertes.`,
    showEntries: 'Rechercher ses entrées',

    integrityTitle: 'Intégrité du journal',
    integrityLead:
      'Les entrées forment un arbre de Merkle dont la racine est signée régulièrement («\u00a0têtes signées\u00a0»). La vérification recalcule l’arbre et contrôle chaque signature, comme la commande npx gradins audit verify.',
    verify: 'Vérifier l’intégrité du journal',
    verifying: 'Vérification en cours…',
    conforme: (entries, heads) =>
      `Journal conforme${nb}: ${entries}${nb}entrée${entries > 1 ? 's' : ''}, ${heads}${nb}tête${heads > 1 ? 's' : ''} signée${heads > 1 ? 's' : ''}.`,
    nonConformeTitle: 'Journal non conforme',
    nonConformeLead: (entries, heads) =>
      `${entries}${nb}entrée${entries > 1 ? 's' : ''} et ${heads}${nb}tête${heads > 1 ? 's' : ''} signée${heads > 1 ? 's' : ''} examinées. Anomalies relevées${nb}:`,
    finding: ({ shard, leafIndex, entryId, headSize }) =>
      [
        `tranche ${shard}`,
        leafIndex !== undefined && `feuille ${leafIndex}`,
        entryId !== undefined && `entrée ${entryId}`,
        headSize !== undefined && `tête de taille ${headSize}`,
      ]
        .filter(Boolean)
        .join(', '),
    signHead: 'Signer une tête maintenant',
    signing: 'Signature en cours…',
    headSignedTitle: 'Tête signée',
    headSigned: ({ shard, size, root, at, kind }) =>
      `Tranche ${shard} (${kind})${nb}: ${size}${nb}entrée${size > 1 ? 's' : ''}, racine ${root}, signée le ${at}.`,
    headKinds: { checkpoint: 'point de contrôle', final: 'définitive' },

    reviewTitle: 'Enregistrer une revue',
    reviewLead:
      'La revue atteste que vous avez examiné le journal sur une période. Elle est signée par la clé d’audit de la plateforme et demande de confirmer votre identité.',
    reviewPeriodLegend: 'Période couverte',
    reviewFrom: 'Début de la période couverte',
    reviewTo: 'Fin de la période couverte',
    findings: 'Constats',
    findingsHint: 'Ce que vous avez examiné, les anomalies relevées et les suites données.',
    findingsRequired: `Décrivez vos constats (au moins 3${nb}caractères).`,
    alertsSeen: 'Nombre d’alertes examinées',
    alertsSeenHint: 'Prérempli avec le nombre d’alertes de la période recherchée.',
    submitReview: 'Signer et enregistrer la revue',
    reviewRecorded: 'Revue enregistrée et signée.',

    pastReviewsTitle: 'Revues enregistrées',
    pastReviewsCaption: 'Revues enregistrées',
    reviewColumns: [
      'Relecteur',
      'Période couverte',
      'Constats',
      'Alertes examinées',
      'Signée le',
      'Clé',
      'Signature',
    ],
    noReviews: 'Aucune revue enregistrée pour le moment.',
    periodRange: (from, to) => `du ${from} au ${to}`,
  },
  en: {
    pageTitle: 'Audit log',
    lead: 'Every read, change or deletion of personal data and every security event leaves an entry in this log, protected against erasure and tampering.',
    selfLogged:
      'Reading the log is itself recorded: each search and each look at the alerts or the reviews leaves an entry in your name.',
    loading: 'Loading…',

    searchTitle: 'Search the log',
    actor: 'Actor',
    actorHint: 'Account identifier (UUID), system:<job> or anonymous',
    action: 'Action',
    actionHint:
      'Exact action (accounts.login.failed) or the start of an action ending with a dot (accounts.)',
    targetTable: 'Table concerned',
    targetTableHint: 'For example users or role_grants',
    targetId: 'Identifier of the record concerned',
    targetIdHint: 'Identifier of a row of the table',
    result: 'Result',
    anyResult: 'All results',
    results: { success: 'success', denied: 'denied', failure: 'failure' },
    periodLegend: 'Period',
    periodHint: 'Paris time. By default, the last 7 days.',
    parisTime: 'Paris time.',
    from: 'Start of the period',
    to: 'End of the period',
    periodOrder: 'The end of the period must come after its start.',
    invalidDate: 'Enter a date and a time, for example 23/11/2026 08:30.',
    search: 'Search',
    reset: 'Reset',

    entriesTitle: 'Entries',
    entriesCaption: 'Log entries, newest first',
    entriesFound: (total) =>
      total === 0 ? 'No entry found.' : total === 1 ? '1 entry found.' : `${total} entries found.`,
    columns: ['Date and time (Paris)', 'Actor', 'Action', 'Data concerned', 'Result', 'Request'],
    noEntries: 'No entry matches these criteria.',
    andMore: (count) => `and ${count} more`,

    alertsTitle: 'Alerts for the period',
    alertsLead: (from, to) => `From ${from} to ${to} (Paris time).`,
    alertsCaption: 'Alerts for the period',
    alertColumns: ['Kind of alert', 'Actor', 'Count', 'First', 'Last', 'Search'],
    alertKinds: {
      bulk_reads: 'Bulk reads',
      export: 'Data export',
      outside_working_hours: 'Access outside working hours',
      repeated_denials: 'Repeated denials',
      ban_data_read: 'Read of stadium-ban data',
      grant_change: 'Change of authorisation',
    },
    alertDescriptions: {
      bulk_reads: 'at least 50 reads within an hour',
      export: 'export of personal data',
      outside_working_hours: 'before 7 am, after 8 pm or at the weekend',
      repeated_denials: 'at least 5 denials or failures within an hour',
      ban_data_read: 'read of stadium-ban data',
      grant_change: 'authorisation granted, changed or revoked',
    },
    noAlerts: 'No alert for this period.',
    alertsFound: (count) => (count === 0 ? 'No alert.' : count === 1 ? '1 alert.' : `${count} alerts.`),
    showEntries: 'Search their entries',

    integrityTitle: 'Integrity of the log',
    integrityLead:
      'Entries form a Merkle tree whose root is signed regularly (“signed heads”). The verification recomputes the tree and checks every signature, as the command npx gradins audit verify does.',
    verify: 'Verify the integrity of the log',
    verifying: 'Verifying…',
    conforme: (entries, heads) =>
      `Log intact: ${entries} entr${entries === 1 ? 'y' : 'ies'}, ${heads} signed head${heads === 1 ? '' : 's'}.`,
    nonConformeTitle: 'Log not intact',
    nonConformeLead: (entries, heads) =>
      `${entries} entr${entries === 1 ? 'y' : 'ies'} and ${heads} signed head${heads === 1 ? '' : 's'} examined. Problems found:`,
    finding: ({ shard, leafIndex, entryId, headSize }) =>
      [
        `shard ${shard}`,
        leafIndex !== undefined && `leaf ${leafIndex}`,
        entryId !== undefined && `entry ${entryId}`,
        headSize !== undefined && `head of size ${headSize}`,
      ]
        .filter(Boolean)
        .join(', '),
    signHead: 'Sign a head now',
    signing: 'Signing…',
    headSignedTitle: 'Head signed',
    headSigned: ({ shard, size, root, at, kind }) =>
      `Shard ${shard} (${kind}): ${size} entr${size === 1 ? 'y' : 'ies'}, root ${root}, signed on ${at}.`,
    headKinds: { checkpoint: 'checkpoint', final: 'final' },

    reviewTitle: 'Record a review',
    reviewLead:
      'A review states that you examined the log over a period. It is signed with the platform’s audit key and asks you to confirm your identity.',
    reviewPeriodLegend: 'Period covered',
    reviewFrom: 'Start of the period covered',
    reviewTo: 'End of the period covered',
    findings: 'Findings',
    findingsHint: 'What you examined, the anomalies found and what was done about them.',
    findingsRequired: 'Describe your findings (at least 3 characters).',
    alertsSeen: 'Number of alerts examined',
    alertsSeenHint: 'Prefilled with the number of alerts for the period searched.',
    submitReview: 'Sign and record the review',
    reviewRecorded: 'Review recorded and signed.',

    pastReviewsTitle: 'Recorded reviews',
    pastReviewsCaption: 'Recorded reviews',
    reviewColumns: [
      'Reviewer',
      'Period covered',
      'Findings',
      'Alerts examined',
      'Signed on',
      'Key',
      'Signature',
    ],
    noReviews: 'No review recorded yet.',
    periodRange: (from, to) => `from ${from} to ${to}`,
  },
};
