import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import type { OperatorStock } from '../../app/contracts';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useOperatorResource } from '../../app/useOperatorIds';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import {
  countOf,
  formatCount,
  formatParisDateTime,
  gamesNames,
  holderLabel,
  movementKindNames,
} from './labels';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  loading: string;
  none: string;
  chooseOperator: string;
  held: (count: string) => string;
  programmeHeld: (name: string, count: number) => string;
  eventColumns: string[];
  nothingHeld: string;
  reclaimsTitle: string;
  reclaimed: (count: number, games: string, at: string) => string;
  movementsTitle: string;
  movementColumns: string[];
  noMovement: string;
}> = {
  fr: {
    pageTitle: 'Mes billets à attribuer',
    lead: 'Les billets que les programmes ont confiés à votre organisation, par événement. Ceux qui ne sont pas attribués à l’échéance de reprise retournent au pot commun de l’État.',
    loading: 'Chargement…',
    none: 'Votre compte n’est rattaché à aucun opérateur. Demandez une habilitation « opérateur » à votre administrateur.',
    chooseOperator: 'Opérateur',
    held: (count) => `Billets détenus au total : ${count}`,
    programmeHeld: (name, count) => `${name} — ${countOf('fr', count, 'billet', 'billets')}`,
    eventColumns: ['Événement', 'Site', 'Début (heure de Paris)', 'Catégorie', 'Billets'],
    nothingHeld: 'Aucun billet de ce programme pour le moment.',
    reclaimsTitle: 'Reprises à l’échéance',
    reclaimed: (count, games, at) =>
      `${countOf('fr', count, 'billet', 'billets')} des ${games} repris le ${at}.`,
    movementsTitle: 'Mouvements de mon allocation',
    movementColumns: ['Date', 'Nature', 'Événement', 'Catégorie', 'Billets', 'De', 'Vers', 'Motif'],
    noMovement: 'Aucun mouvement pour le moment.',
  },
  en: {
    pageTitle: 'My tickets to assign',
    lead: 'The tickets programmes entrusted to your organisation, by event. Those not assigned at the reclaim deadline go back to the State pool.',
    loading: 'Loading…',
    none: 'Your account is attached to no operator. Ask your administrator for an "operator" authorisation.',
    chooseOperator: 'Operator',
    held: (count) => `Tickets held in all: ${count}`,
    programmeHeld: (name, count) => `${name} — ${countOf('en', count, 'ticket', 'tickets')}`,
    eventColumns: ['Event', 'Venue', 'Start (Paris time)', 'Category', 'Tickets'],
    nothingHeld: 'No ticket of this programme for now.',
    reclaimsTitle: 'Reclaimed at the deadline',
    reclaimed: (count, games, at) =>
      `${countOf('en', count, 'ticket', 'tickets')} of the ${games} reclaimed on ${at}.`,
    movementsTitle: 'Movements of my allocation',
    movementColumns: ['Date', 'Kind', 'Event', 'Category', 'Tickets', 'From', 'To', 'Reason'],
    noMovement: 'No movement yet.',
  },
};

/** An operator's own allocation (issue [D]): only its own, the server refuses any other. */
export function OperatorStockPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const session = useSession();
  const {
    operatorIds,
    chosen,
    setOperatorId,
    data: stock,
    problem,
  } = useOperatorResource<OperatorStock>('stock');

  const n = (value: number) => formatCount(lang, value);

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
              {operatorIds.map((id) => (
                <option key={id} value={id}>
                  {id === stock?.operator.id
                    ? stock.operator.name
                    : id === session.state?.user?.organisation.id
                      ? session.state.user.organisation.name
                      : `${t.chooseOperator} ${operatorIds.indexOf(id) + 1}`}
                </option>
              ))}
            </Select>
          )}
          {stock === undefined ? (
            problem === undefined && <p aria-busy="true">{t.loading}</p>
          ) : (
            <>
              <h2>{stock.operator.name}</h2>
              <p className="fr-text--lead" data-testid="total-operateur">
                {t.held(n(stock.programmes.reduce((sum, programme) => sum + programme.held, 0)))}
              </p>
              {stock.programmes.map((programme) => (
                <section key={programme.programmeId} className="fr-mb-4w">
                  <h3>{t.programmeHeld(programme.name, programme.held)}</h3>
                  {programme.byEvent.length === 0 ? (
                    <p>{t.nothingHeld}</p>
                  ) : (
                    <Table
                      caption={programme.name}
                      noCaption
                      headers={t.eventColumns}
                      data={programme.byEvent.map((row) => [
                        `${row.code} — ${row.sport}, ${row.discipline}`,
                        row.venue,
                        formatParisDateTime(lang, row.startsAt),
                        row.category,
                        n(row.quantity),
                      ])}
                    />
                  )}
                </section>
              ))}
              {stock.reclaims.length > 0 && (
                <>
                  <h2>{t.reclaimsTitle}</h2>
                  <ul>
                    {stock.reclaims.map((reclaim) => (
                      <li key={`${reclaim.games}-${reclaim.at}`}>
                        {t.reclaimed(
                          reclaim.quantity,
                          gamesNames[lang][reclaim.games],
                          formatParisDateTime(lang, reclaim.at),
                        )}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <h2>{t.movementsTitle}</h2>
              {stock.movements.length === 0 ? (
                <p>{t.noMovement}</p>
              ) : (
                <Table
                  caption={t.movementsTitle}
                  noCaption
                  headers={t.movementColumns}
                  data={stock.movements.map((movement) => [
                    formatParisDateTime(lang, movement.at),
                    movementKindNames[lang][movement.kind],
                    movement.eventCode,
                    movement.category,
                    n(movement.quantity),
                    holderLabel(lang, movement.from),
                    holderLabel(lang, movement.to),
                    movement.reason,
                  ])}
                />
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}
