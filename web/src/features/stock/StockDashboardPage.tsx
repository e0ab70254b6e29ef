import { Table } from '@codegouvfr/react-dsfr/Table';
import { useEffect, useState } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { Games, Movement, ReclaimReport, StockSummary } from '../../app/contracts';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { BarChart } from './BarChart';
import {
  formatCount,
  formatParisDate,
  formatParisDateTime,
  gamesNames,
  holderLabel,
  movementKindNames,
} from './labels';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  loading: string;
  export: string;
  totalsTitle: string;
  totals: { supplied: string; pool: string; programmes: string; operators: string; reclaimed: string };
  byGamesTitle: string;
  gamesColumns: string[];
  byProgrammeTitle: string;
  heldByProgramme: string;
  withOperators: string;
  total: string;
  programme: string;
  byOperatorTitle: string;
  operator: string;
  held: string;
  noOperator: string;
  byEventTitle: string;
  eventColumns: string[];
  timelineTitle: string;
  timelineLead: string;
  day: string;
  noMovement: string;
  deadlinesTitle: string;
  deadlineColumns: string[];
  reclaimed: (at: string) => string;
  pending: string;
  reclaimsTitle: string;
  reclaimColumns: string[];
  noReclaim: string;
  movementsTitle: string;
  movementColumns: string[];
}> = {
  fr: {
    pageTitle: 'Tableau de bord des billets',
    lead: 'Où se trouve chaque billet fourni par la billetterie : au pot commun de l’État, dans un programme ou chez un opérateur. Les soldes sont calculés à partir du registre des mouvements, jamais saisis à la main.',
    loading: 'Chargement…',
    export: 'Exporter les soldes (CSV)',
    totalsTitle: 'Par statut',
    totals: {
      supplied: 'Billets fournis',
      pool: 'Au pot commun de l’État',
      programmes: 'Dans les programmes (non répartis)',
      operators: 'Chez les opérateurs (non attribués)',
      reclaimed: 'Repris à l’échéance',
    },
    byGamesTitle: 'Par Jeux',
    gamesColumns: ['Jeux', 'Fournis', 'Pot commun', 'Programmes', 'Opérateurs'],
    byProgrammeTitle: 'Billets par programme',
    heldByProgramme: 'Détenus par le programme',
    withOperators: 'Répartis chez les opérateurs',
    total: 'Total',
    programme: 'Programme',
    byOperatorTitle: 'Billets par opérateur',
    operator: 'Opérateur (programme)',
    held: 'Détenus',
    noOperator: 'Aucun opérateur n’est encore rattaché à un programme.',
    byEventTitle: 'Par événement',
    eventColumns: [
      'Événement',
      'Jeux',
      'Début (heure de Paris)',
      'Fournis',
      'Pot commun',
      'Programmes',
      'Opérateurs',
    ],
    timelineTitle: 'Chronologie des mouvements',
    timelineLead: 'Billets déplacés chaque jour (heure de Paris), par nature de mouvement.',
    day: 'Jour',
    noMovement: 'Aucun mouvement pour le moment.',
    deadlinesTitle: 'Échéances de reprise',
    deadlineColumns: ['Jeux', 'Ouverture', 'Échéance de reprise', 'État'],
    reclaimed: (at) => `billets non attribués repris le ${at}`,
    pending: 'à venir',
    reclaimsTitle: 'Rapports de reprise',
    reclaimColumns: ['Jeux', 'Exécutée le', 'Programme', 'Opérateur', 'Billets repris'],
    noReclaim: 'Aucune reprise pour le moment.',
    movementsTitle: 'Derniers mouvements',
    movementColumns: ['Date', 'Nature', 'Événement', 'Catégorie', 'Billets', 'De', 'Vers', 'Par', 'Motif'],
  },
  en: {
    pageTitle: 'Ticket dashboard',
    lead: 'Where every ticket supplied by the ticketing is: in the State pool, in a programme or with an operator. Balances are computed from the ledger of movements, never typed in by hand.',
    loading: 'Loading…',
    export: 'Export the balances (CSV)',
    totalsTitle: 'By status',
    totals: {
      supplied: 'Tickets supplied',
      pool: 'In the State pool',
      programmes: 'In programmes (not allocated)',
      operators: 'With operators (not assigned)',
      reclaimed: 'Reclaimed at the deadline',
    },
    byGamesTitle: 'By Games',
    gamesColumns: ['Games', 'Supplied', 'State pool', 'Programmes', 'Operators'],
    byProgrammeTitle: 'Tickets by programme',
    heldByProgramme: 'Held by the programme',
    withOperators: 'Allocated to operators',
    total: 'Total',
    programme: 'Programme',
    byOperatorTitle: 'Tickets by operator',
    operator: 'Operator (programme)',
    held: 'Held',
    noOperator: 'No operator is attached to a programme yet.',
    byEventTitle: 'By event',
    eventColumns: [
      'Event',
      'Games',
      'Start (Paris time)',
      'Supplied',
      'State pool',
      'Programmes',
      'Operators',
    ],
    timelineTitle: 'Timeline of movements',
    timelineLead: 'Tickets moved each day (Paris time), by kind of movement.',
    day: 'Day',
    noMovement: 'No movement yet.',
    deadlinesTitle: 'Reclaim deadlines',
    deadlineColumns: ['Games', 'Opening', 'Reclaim deadline', 'State'],
    reclaimed: (at) => `unassigned tickets reclaimed on ${at}`,
    pending: 'to come',
    reclaimsTitle: 'Reclaim reports',
    reclaimColumns: ['Games', 'Run on', 'Programme', 'Operator', 'Tickets reclaimed'],
    noReclaim: 'No reclaim yet.',
    movementsTitle: 'Latest movements',
    movementColumns: ['Date', 'Kind', 'Event', 'Category', 'Tickets', 'From', 'To', 'By', 'Reason'],
  },
};

interface DashboardData {
  summary: StockSummary;
  movements: Movement[];
  reclaims: ReclaimReport[];
  games: Games[];
}

/** The programme administrator's view of the whole stock (issue [D], TAJ-2, TAJ-17). */
export function StockDashboardPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const [data, setData] = useState<DashboardData | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);

  useEffect(() => {
    Promise.all([
      api<StockSummary>('GET', '/api/v1/stock/summary'),
      api<Movement[]>('GET', '/api/v1/stock/movements?limit=50'),
      api<ReclaimReport[]>('GET', '/api/v1/stock/reclaims'),
      api<Games[]>('GET', '/api/v1/games'),
    ])
      .then(([summary, movements, reclaims, games]) => setData({ summary, movements, reclaims, games }))
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);

  const n = (value: number) => formatCount(lang, value);

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <ProblemAlert problem={problem} />
      {data === undefined ? (
        problem === undefined && <p aria-busy="true">{t.loading}</p>
      ) : (
        <>
          <p>
            <a
              className="fr-link fr-icon-download-line fr-link--icon-left"
              href="/api/v1/stock/export.csv"
              download
            >
              {t.export}
            </a>
          </p>

          <h2>{t.totalsTitle}</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            {(['supplied', 'pool', 'programmes', 'operators', 'reclaimed'] as const).map((key) => (
              <div key={key} className="fr-col-12 fr-col-sm-6 fr-col-md">
                <div className="fr-p-2w fr-background-alt--blue-france">
                  <p className="fr-text--sm fr-mb-1v">{t.totals[key]}</p>
                  <p className="fr-h4 fr-mb-0" data-total={key}>
                    {n(data.summary.totals[key])}
                  </p>
                </div>
              </div>
            ))}
          </div>

          <h2 className="fr-mt-6w">{t.byGamesTitle}</h2>
          <Table
            caption={t.byGamesTitle}
            noCaption
            headers={t.gamesColumns}
            data={data.summary.byGames.map((row) => [
              gamesNames[lang][row.games],
              n(row.supplied),
              n(row.pool),
              n(row.programmes),
              n(row.operators),
            ])}
          />

          <h2 className="fr-mt-6w">{t.byProgrammeTitle}</h2>
          <BarChart
            caption={t.byProgrammeTitle}
            rowHeader={t.programme}
            totalLabel={t.total}
            series={[
              { key: 'held', label: t.heldByProgramme, colour: '--background-action-high-blue-france' },
              {
                key: 'withOperators',
                label: t.withOperators,
                colour: '--background-action-high-green-bourgeon',
              },
            ]}
            rows={data.summary.byProgramme.map((row) => ({
              label: row.name,
              values: { held: row.held, withOperators: row.withOperators },
            }))}
          />

          <h2 className="fr-mt-6w">{t.byOperatorTitle}</h2>
          {data.summary.byOperator.length === 0 ? (
            <p>{t.noOperator}</p>
          ) : (
            <BarChart
              caption={t.byOperatorTitle}
              rowHeader={t.operator}
              totalLabel={t.total}
              series={[{ key: 'held', label: t.held, colour: '--background-action-high-green-bourgeon' }]}
              rows={data.summary.byOperator.map((row) => ({
                label: `${row.name} (${row.programmeName})`,
                values: { held: row.held },
              }))}
            />
          )}

          <h2 className="fr-mt-6w">{t.timelineTitle}</h2>
          <p>{t.timelineLead}</p>
          {data.summary.timeline.length === 0 ? (
            <p>{t.noMovement}</p>
          ) : (
            <BarChart
              caption={t.timelineTitle}
              rowHeader={t.day}
              totalLabel={t.total}
              series={(['supply', 'allocation', 'return', 'reclaim', 'supply_removed'] as const).map(
                (kind, index) => ({
                  key: kind,
                  label: movementKindNames[lang][kind],
                  colour: [
                    '--background-action-high-blue-france',
                    '--background-action-high-green-bourgeon',
                    '--background-action-high-purple-glycine',
                    '--background-action-high-red-marianne',
                    '--background-action-high-brown-cafe-creme',
                  ][index]!,
                }),
              )}
              rows={[...new Set(data.summary.timeline.map((row) => row.day))].map((day) => ({
                label: formatParisDate(lang, `${day}T12:00:00Z`),
                values: Object.fromEntries(
                  data.summary.timeline
                    .filter((row) => row.day === day)
                    .map((row) => [row.kind, row.quantity]),
                ),
              }))}
            />
          )}

          <h2 className="fr-mt-6w">{t.deadlinesTitle}</h2>
          <Table
            caption={t.deadlinesTitle}
            noCaption
            headers={t.deadlineColumns}
            data={data.games.map((games) => [
              gamesNames[lang][games.code],
              formatParisDateTime(lang, games.opensAt),
              formatParisDateTime(lang, games.reclaimDeadline),
              games.reclaimedAt ? t.reclaimed(formatParisDateTime(lang, games.reclaimedAt)) : t.pending,
            ])}
          />

          <h2 className="fr-mt-6w">{t.reclaimsTitle}</h2>
          {data.reclaims.length === 0 ? (
            <p>{t.noReclaim}</p>
          ) : (
            <Table
              caption={t.reclaimsTitle}
              noCaption
              headers={t.reclaimColumns}
              data={data.reclaims.flatMap((report) =>
                (report.lines.length > 0 ? report.lines : [undefined]).map((line) => [
                  gamesNames[lang][report.games],
                  formatParisDateTime(lang, report.ranAt),
                  line?.programmeName ?? '—',
                  line?.operatorName ?? '—',
                  n(line?.quantity ?? 0),
                ]),
              )}
            />
          )}

          <h2 className="fr-mt-6w">{t.byEventTitle}</h2>
          <Table
            caption={t.byEventTitle}
            noCaption
            headers={t.eventColumns}
            data={data.summary.byEvent.map((row) => [
              `${row.code} — ${row.sport}`,
              gamesNames[lang][row.games],
              formatParisDateTime(lang, row.startsAt),
              n(row.supplied),
              n(row.pool),
              n(row.programmes),
              n(row.operators),
            ])}
          />

          <h2 className="fr-mt-6w">{t.movementsTitle}</h2>
          {data.movements.length === 0 ? (
            <p>{t.noMovement}</p>
          ) : (
            <Table
              caption={t.movementsTitle}
              noCaption
              headers={t.movementColumns}
              data={data.movements.map((movement) => [
                formatParisDateTime(lang, movement.at),
                movementKindNames[lang][movement.kind],
                movement.eventCode,
                movement.category,
                n(movement.quantity),
                holderLabel(lang, movement.from),
                holderLabel(lang, movement.to),
                movement.actor,
                movement.reason,
              ])}
            />
          )}
        </>
      )}
    </div>
  );
}
