import { Select } from '@codegouvfr/react-dsfr/Select';
import type { z } from 'zod';
import type * as tickets from '../../../../contracts/tickets';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useOperatorResource } from '../../app/useOperatorIds';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { BarChart, type BarSeries } from '../stock/BarChart';
import { formatParisDateTime } from '../stock/labels';

type TicketSummary = z.output<typeof tickets.TicketSummary>;
type TicketStatus = z.output<typeof tickets.TicketStatus>;

const colours: Record<TicketStatus, string> = {
  screening: '--background-action-high-orange-terre-battue',
  issued: '--background-action-high-blue-france',
  delivered: '--background-action-high-green-emeraude',
  withdrawn: '--background-action-high-yellow-tournesol',
  revoked: '--background-action-high-red-marianne',
  reassigned: '--background-action-high-purple-glycine',
  scanned: '--background-action-high-green-bourgeon',
  returned_to_pool: '--background-action-high-brown-cafe-creme',
  refused: '--background-action-high-pink-tuile',
};
const STATUSES = Object.keys(colours) as TicketStatus[];

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  loading: string;
  none: string;
  chooseOperator: string;
  download: string;
  noTicket: string;
  event: string;
  total: string;
  allEvents: string;
  fromReassignment: (count: number) => string;
  caption: string;
  statuses: Record<TicketStatus, string>;
}> = {
  fr: {
    pageTitle: 'Billets par événement',
    lead: 'Pour chaque événement, le nombre de vos billets dans chaque statut : émis, remis, désistés, révoqués, réattribués, scannés à l’entrée, rendus au pot commun. Des nombres seulement, aucune donnée personnelle.',
    loading: 'Chargement…',
    none: 'Votre compte n’est rattaché à aucun opérateur. Demandez une habilitation « opérateur » à votre administrateur.',
    chooseOperator: 'Opérateur',
    download: 'Télécharger (CSV)',
    noTicket: 'Aucun billet émis pour le moment.',
    event: 'Événement',
    total: 'Total',
    allEvents: 'Tous les événements',
    fromReassignment: (count) =>
      `Billets issus d’une réattribution (place reprise d’un désistement) : ${count}`,
    caption: 'Billets par événement et par statut',
    statuses: {
      screening: 'En attente de vérification',
      issued: 'Émis',
      delivered: 'Remis',
      withdrawn: 'Désistés',
      revoked: 'Révoqués',
      reassigned: 'Réattribués',
      scanned: 'Scannés',
      returned_to_pool: 'Rendus au pot commun',
      refused: 'Refusés après vérification',
    },
  },
  en: {
    pageTitle: 'Tickets per event',
    lead: 'For each event, how many of your tickets are in each status: issued, delivered, withdrawn, revoked, reassigned, scanned at the gate, returned to the pool. Numbers only, no personal data.',
    loading: 'Loading…',
    none: 'Your account is attached to no operator. Ask your administrator for an "operator" authorisation.',
    chooseOperator: 'Operator',
    download: 'Download (CSV)',
    noTicket: 'No ticket issued yet.',
    event: 'Event',
    total: 'Total',
    allEvents: 'All events',
    fromReassignment: (count) => `Tickets from a reassignment (seat taken over after a withdrawal): ${count}`,
    caption: 'Tickets per event and status',
    statuses: {
      screening: 'Awaiting verification',
      issued: 'Issued',
      delivered: 'Delivered',
      withdrawn: 'Withdrawn',
      revoked: 'Revoked',
      reassigned: 'Reassigned',
      scanned: 'Scanned',
      returned_to_pool: 'Returned to the pool',
      refused: 'Refused after verification',
    },
  },
};

/** An operator's tickets per event and status (issue [G]): a table with bars, and its CSV. */
export function TicketSummaryPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const session = useSession();
  const {
    operatorIds,
    chosen,
    setOperatorId,
    data: summary,
    problem,
  } = useOperatorResource<TicketSummary>('tickets/summary');

  const series: BarSeries[] = STATUSES.map((status) => ({
    key: status,
    label: t.statuses[status],
    colour: colours[status],
  }));

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <ProblemAlert problem={problem} />
      {chosen === undefined ? (
        <p>{t.none}</p>
      ) : (
        <>
          {operatorIds.length > 1 && (
            <Select
              label={t.chooseOperator}
              nativeSelectProps={{ value: chosen, onChange: (change) => setOperatorId(change.target.value) }}
            >
              {operatorIds.map((id, index) => (
                <option key={id} value={id}>
                  {id === session.state?.user?.organisation.id
                    ? session.state.user.organisation.name
                    : `${t.chooseOperator} ${index + 1}`}
                </option>
              ))}
            </Select>
          )}
          <p>
            <a
              className="fr-link fr-icon-download-line fr-link--icon-left"
              href={`/api/v1/operators/${chosen}/tickets/summary.csv`}
              download
            >
              {t.download}
            </a>
          </p>
          {summary === undefined ? (
            problem === undefined && <p aria-busy="true">{t.loading}</p>
          ) : summary.events.length === 0 ? (
            <p>{t.noTicket}</p>
          ) : (
            <>
              <BarChart
                caption={t.caption}
                rowHeader={t.event}
                series={series}
                totalLabel={t.total}
                rows={[
                  ...summary.events.map((event) => ({
                    label: `${event.code} — ${event.name}, ${formatParisDateTime(lang, event.startsAt)}`,
                    values: event.counts,
                  })),
                  { label: t.allEvents, values: summary.totals.counts },
                ]}
              />
              <p data-testid="from-reassignment">{t.fromReassignment(summary.totals.fromReassignment)}</p>
            </>
          )}
        </>
      )}
    </div>
  );
}
