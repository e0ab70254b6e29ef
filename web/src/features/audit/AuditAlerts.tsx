import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import type { ApiProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import type { AuditAlert } from './contracts';
import { auditMessages } from './messages';
import { formatInstant } from './time';

/** The alerts of the period searched, one row each, with a button that searches the actor's entries. */
export function AuditAlerts(props: {
  alerts: AuditAlert[] | undefined;
  problem: ApiProblem | undefined;
  periodLabel: { from: string; to: string };
  onShowEntries(alert: AuditAlert): void;
}) {
  const lang = useLang();
  const t = useMessages(auditMessages);
  const { alerts } = props;
  return (
    <section aria-labelledby="alertes-journal" className="fr-mt-6w">
      <h2 id="alertes-journal">{t.alertsTitle}</h2>
      <p>
        {t.alertsLead(props.periodLabel.from, props.periodLabel.to)}{' '}
        <span aria-live="polite">{alerts === undefined ? '' : t.alertsFound(alerts.length)}</span>
      </p>
      <ProblemAlert problem={props.problem} />
      {alerts === undefined && props.problem === undefined && <p aria-busy="true">{t.loading}</p>}
      {alerts !== undefined && alerts.length === 0 && <p>{t.noAlerts}</p>}
      {alerts !== undefined && alerts.length > 0 && (
        <Table
          caption={t.alertsCaption}
          noCaption
          headers={t.alertColumns}
          data={alerts.map((alert, index) => [
            <span key="kind" data-alert-kind={alert.kind}>
              <strong>{t.alertKinds[alert.kind]}</strong>
              <br />
              <span className="fr-text--xs">{t.alertDescriptions[alert.kind]}</span>
            </span>,
            <span key="actor" className="fr-text--sm">
              {alert.actorLabel}
              {alert.actorLabel !== alert.actor && (
                <>
                  <br />
                  <code className="fr-text--xs">{alert.actor}</code>
                </>
              )}
            </span>,
            String(alert.count),
            <span key="first" className="fr-text--sm">
              {formatInstant(lang, alert.firstAt)}
            </span>,
            <span key="last" className="fr-text--sm">
              {formatInstant(lang, alert.lastAt)}
            </span>,
            <Button
              key={`search-${index}`}
              size="small"
              priority="secondary"
              iconId="fr-icon-search-line"
              iconPosition="left"
              onClick={() => props.onShowEntries(alert)}
            >
              {t.showEntries}
              <span className="fr-sr-only">
                {' '}
                — {alert.actorLabel}, {t.alertKinds[alert.kind]}
              </span>
            </Button>,
          ])}
        />
      )}
    </section>
  );
}
