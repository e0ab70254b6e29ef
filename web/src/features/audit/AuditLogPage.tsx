import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { usePageTitle } from '../../ui/usePageTitle';
import { useReauthentication } from '../accounts/Reauthentication';
import { AuditAlerts } from './AuditAlerts';
import { AuditIntegrity } from './AuditIntegrity';
import { AuditReviews } from './AuditReviews';
import { AuditEntries, AuditSearchForm } from './AuditSearch';
import type { AuditAlert } from './contracts';
import { criteriaFromParams, paramsFromCriteria, periodOf, type AuditCriteria } from './criteria';
import { auditMessages } from './messages';
import { formatLongInstant, lastSevenDays } from './time';

/**
 * The controllers' page on the audit trail (issue [C], docs/api/audit.md): search the log, see the alerts of
 * the period searched, verify the log's integrity, and record a signed review.
 */
export function AuditLogPage() {
  const lang = useLang();
  const t = useMessages(auditMessages);
  usePageTitle(t.pageTitle);
  const reauth = useReauthentication();
  const [params, setParams] = useSearchParams();
  // Computed once: the default period does not move while the page is open.
  const defaultPeriod = useMemo(() => lastSevenDays(), []);
  const paramsKey = params.toString();
  const criteria = useMemo(
    () => criteriaFromParams(new URLSearchParams(paramsKey), defaultPeriod),
    [paramsKey, defaultPeriod],
  );
  const entriesHeading = useRef<HTMLHeadingElement>(null);
  const focusEntries = useRef(false);

  const search = useCallback((next: AuditCriteria) => setParams(paramsFromCriteria(next)), [setParams]);

  // The alerts of the period searched.
  const [alerts, setAlerts] = useState<AuditAlert[] | undefined>(undefined);
  const [alertsProblem, setAlertsProblem] = useState<ApiProblem | undefined>(undefined);
  const period = periodOf(criteria);
  const periodKey = period === undefined ? '' : `${period.from}/${period.to}`;
  useEffect(() => {
    const [from, to] = periodKey.split('/');
    if (from === undefined || to === undefined || from === '') return;
    let cancelled = false;
    setAlerts(undefined);
    setAlertsProblem(undefined);
    api<AuditAlert[]>('GET', `/api/v1/audit/alerts?${new URLSearchParams({ from, to }).toString()}`)
      .then((list) => {
        if (!cancelled) setAlerts(list);
      })
      .catch((error: unknown) => {
        if (!cancelled) setAlertsProblem(asProblem(error));
      });
    return () => {
      cancelled = true;
    };
  }, [periodKey]);

  // After "search their entries", keyboard and screen-reader users land on the results.
  useEffect(() => {
    if (focusEntries.current) {
      focusEntries.current = false;
      entriesHeading.current?.focus();
    }
  }, [criteria]);

  const showEntries = (alert: AuditAlert) => {
    focusEntries.current = true;
    search({
      actor: alert.actor,
      action: '',
      targetTable: '',
      targetId: '',
      result: '',
      from: criteria.from,
      to: criteria.to,
      page: 1,
    });
  };

  const periodLabel = {
    from: formatLongInstant(lang, period?.from ?? ''),
    to: formatLongInstant(lang, period?.to ?? ''),
  };

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p className="fr-text--lead">{t.lead}</p>
      <p className="fr-text--sm">
        <span className="fr-icon-info-line fr-icon--sm fr-mr-1v" aria-hidden="true" />
        {t.selfLogged}
      </p>

      <section aria-labelledby="recherche-journal" className="fr-mt-4w">
        <h2 id="recherche-journal">{t.searchTitle}</h2>
        <AuditSearchForm
          criteria={criteria}
          onSearch={search}
          onReset={() => setParams(new URLSearchParams())}
        />
        <AuditEntries criteria={criteria} headingRef={entriesHeading} />
      </section>

      <AuditAlerts
        alerts={alerts}
        problem={alertsProblem}
        periodLabel={periodLabel}
        onShowEntries={showEntries}
      />

      <AuditIntegrity run={reauth.run} />

      <AuditReviews
        period={{ from: criteria.from, to: criteria.to }}
        alertsCount={alerts?.length}
        run={reauth.run}
      />
      {reauth.modal}
    </div>
  );
}
