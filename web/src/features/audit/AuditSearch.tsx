import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useEffect, useState, type FormEvent, type Ref } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import type { AuditEntry, AuditResult, AuditSearchResult } from './contracts';
import { entriesQuery, PAGE_SIZE, paramsFromCriteria, type AuditCriteria } from './criteria';
import { auditMessages } from './messages';
import { formatInstant as formatInstantCell, fromParisField } from './time';

const resultSeverity: Record<AuditResult, 'success' | 'error' | 'warning'> = {
  success: 'success',
  denied: 'error',
  failure: 'warning',
};

export function ResultBadge({ result }: { result: AuditResult }) {
  const t = useMessages(auditMessages);
  return (
    <Badge as="span" small noIcon severity={resultSeverity[result]}>
      {t.results[result]}
    </Badge>
  );
}

/** The search form: its fields start from the criteria in the address and change them when sent. */
export function AuditSearchForm(props: {
  criteria: AuditCriteria;
  onSearch(criteria: AuditCriteria): void;
  onReset(): void;
}) {
  const t = useMessages(auditMessages);
  const [draft, setDraft] = useState(props.criteria);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  // A new search from elsewhere (an alert, the back button): the fields show it.
  useEffect(() => {
    setDraft(props.criteria);
    setErrors({});
  }, [props.criteria]);

  const set = (key: keyof AuditCriteria) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = fromParisField(draft.from);
    const to = fromParisField(draft.to);
    const next: typeof errors = {};
    if (from === undefined) next.from = t.invalidDate;
    if (to === undefined) next.to = t.invalidDate;
    else if (from !== undefined && from > to) next.to = t.periodOrder;
    setErrors(next);
    if (next.from !== undefined || next.to !== undefined) return;
    props.onSearch({ ...draft, page: 1 });
  };

  const error = (message: string | undefined) =>
    message === undefined ? {} : { state: 'error' as const, stateRelatedMessage: message };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="recherche-journal">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label={t.actor}
            hintText={t.actorHint}
            nativeInputProps={{
              name: 'actor',
              autoComplete: 'off',
              spellCheck: false,
              maxLength: 100,
              value: draft.actor,
              onChange: (event) => set('actor')(event.target.value),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Input
            label={t.action}
            hintText={t.actionHint}
            nativeInputProps={{
              name: 'action',
              autoComplete: 'off',
              spellCheck: false,
              maxLength: 100,
              value: draft.action,
              onChange: (event) => set('action')(event.target.value),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label={t.targetTable}
            hintText={t.targetTableHint}
            nativeInputProps={{
              name: 'target-table',
              autoComplete: 'off',
              spellCheck: false,
              maxLength: 60,
              value: draft.targetTable,
              onChange: (event) => set('targetTable')(event.target.value),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label={t.targetId}
            hintText={t.targetIdHint}
            nativeInputProps={{
              name: 'target-id',
              autoComplete: 'off',
              spellCheck: false,
              maxLength: 100,
              value: draft.targetId,
              onChange: (event) => set('targetId')(event.target.value),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label={t.result}
            nativeSelectProps={{
              name: 'result',
              value: draft.result,
              onChange: (event) => set('result')(event.target.value),
            }}
          >
            <option value="">{t.anyResult}</option>
            {(['success', 'denied', 'failure'] as const).map((result) => (
              <option key={result} value={result}>
                {t.results[result]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <fieldset className="fr-fieldset fr-mt-2w" aria-describedby="periode-aide">
        <legend className="fr-fieldset__legend fr-fieldset__legend--regular">
          {t.periodLegend}
          <span id="periode-aide" className="fr-hint-text">
            {t.periodHint}
          </span>
        </legend>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <Input
            label={t.from}
            {...error(errors.from)}
            nativeInputProps={{
              type: 'datetime-local',
              name: 'from',
              required: true,
              value: draft.from,
              onChange: (event) => set('from')(event.target.value),
            }}
          />
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <Input
            label={t.to}
            {...error(errors.to)}
            nativeInputProps={{
              type: 'datetime-local',
              name: 'to',
              required: true,
              value: draft.to,
              onChange: (event) => set('to')(event.target.value),
            }}
          />
        </div>
      </fieldset>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button type="submit" iconId="fr-icon-search-line" iconPosition="left">
            {t.search}
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={props.onReset}>
            {t.reset}
          </Button>
        </li>
      </ul>
    </form>
  );
}

function TargetCell({ entry }: { entry: AuditEntry }) {
  const t = useMessages(auditMessages);
  if (entry.targetTable === null && (entry.targetIds ?? []).length === 0) return <>—</>;
  const ids = entry.targetIds ?? [];
  const shown = ids.slice(0, 3);
  return (
    <span className="fr-text--sm">
      <code>{entry.targetTable ?? '—'}</code>
      {shown.length > 0 && ' · '}
      {shown.map((id, index) => (
        <span key={id}>
          {index > 0 && ', '}
          <code>{id}</code>
        </span>
      ))}
      {ids.length > shown.length && ` ${t.andMore(ids.length - shown.length)}`}
    </span>
  );
}

/** The entries matching the criteria, newest first, with DSFR pagination links. */
export function AuditEntries(props: { criteria: AuditCriteria; headingRef?: Ref<HTMLHeadingElement> }) {
  const lang = useLang();
  const t = useMessages(auditMessages);
  const { criteria } = props;
  const [found, setFound] = useState<AuditSearchResult | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    setProblem(undefined);
    api<AuditSearchResult>('GET', `/api/v1/audit/entries?${entriesQuery(criteria)}`)
      .then((result) => {
        if (!cancelled) setFound(result);
      })
      .catch((error: unknown) => {
        if (!cancelled) {
          setFound(undefined);
          setProblem(asProblem(error));
        }
      });
    return () => {
      cancelled = true;
    };
  }, [criteria]);

  const pageCount = found === undefined ? 0 : Math.ceil(found.total / (found.pageSize || PAGE_SIZE));

  return (
    <section aria-labelledby="entrees-journal" className="fr-mt-4w">
      <h3 id="entrees-journal" ref={props.headingRef} tabIndex={-1}>
        {t.entriesTitle}
      </h3>
      <ProblemAlert problem={problem} />
      <p aria-live="polite" className="fr-mb-2w">
        {found === undefined ? (problem === undefined ? t.loading : '') : t.entriesFound(found.total)}
      </p>
      {found !== undefined && found.entries.length === 0 && <p>{t.noEntries}</p>}
      {found !== undefined && found.entries.length > 0 && (
        <Table
          caption={t.entriesCaption}
          noCaption
          headers={t.columns}
          data={found.entries.map((entry) => [
            <span key="at" className="fr-text--sm">
              {formatInstantCell(lang, entry.occurredAt)}
            </span>,
            <span key="actor" className="fr-text--sm">
              {entry.actorLabel}
              {entry.actorLabel !== entry.actor && (
                <>
                  <br />
                  <code className="fr-text--xs">{entry.actor}</code>
                </>
              )}
            </span>,
            <code key="action">{entry.action}</code>,
            <TargetCell key="target" entry={entry} />,
            <ResultBadge key="result" result={entry.result} />,
            entry.requestId === null ? (
              '—'
            ) : (
              <code key="request" className="fr-text--xs">
                {entry.requestId}
              </code>
            ),
          ])}
        />
      )}
      {found !== undefined && pageCount > 1 && (
        <Pagination
          count={pageCount}
          defaultPage={Math.min(criteria.page, pageCount)}
          showFirstLast
          getPageLinkProps={(page) => ({
            to: { search: `?${paramsFromCriteria({ ...criteria, page }).toString()}` },
          })}
        />
      )}
    </section>
  );
}
