import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import type { AuditReview, AuditReviewRequest } from './contracts';
import { periodOf } from './criteria';
import { auditMessages } from './messages';
import { formatLongInstant, fromParisField, shorten } from './time';

/**
 * The review form (period covered, findings, alerts seen), prefilled from the search, then the reviews already
 * recorded. Recording a review needs a recent re-authentication: `run` asks for it when the server does.
 */
export function AuditReviews(props: {
  period: { from: string; to: string };
  alertsCount: number | undefined;
  run<T>(action: () => Promise<T>): Promise<T>;
}) {
  const lang = useLang();
  const t = useMessages(auditMessages);
  const [from, setFrom] = useState(props.period.from);
  const [to, setTo] = useState(props.period.to);
  const [findings, setFindings] = useState('');
  const [alertsSeen, setAlertsSeen] = useState(String(props.alertsCount ?? 0));
  const [errors, setErrors] = useState<{ from?: string; to?: string; findings?: string }>({});
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [reviews, setReviews] = useState<AuditReview[] | undefined>(undefined);
  const [listProblem, setListProblem] = useState<ApiProblem | undefined>(undefined);

  useEffect(() => {
    setFrom(props.period.from);
    setTo(props.period.to);
  }, [props.period.from, props.period.to]);
  useEffect(() => {
    if (props.alertsCount !== undefined) setAlertsSeen(String(props.alertsCount));
  }, [props.alertsCount]);

  const load = useCallback(() => {
    api<AuditReview[]>('GET', '/api/v1/audit/reviews')
      .then((list) => {
        setReviews(list);
        setListProblem(undefined);
      })
      .catch((error: unknown) => setListProblem(asProblem(error)));
  }, []);
  useEffect(load, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    setSuccess(undefined);
    const next: typeof errors = {};
    if (fromParisField(from) === undefined) next.from = t.invalidDate;
    if (fromParisField(to) === undefined) next.to = t.invalidDate;
    const period = periodOf({ from, to });
    if (next.from === undefined && next.to === undefined && period === undefined) next.to = t.periodOrder;
    if (findings.trim().length < 3) next.findings = t.findingsRequired;
    setErrors(next);
    if (period === undefined || Object.keys(next).length > 0) return;
    const body: AuditReviewRequest = {
      periodFrom: period.from,
      periodTo: period.to,
      findings: findings.trim(),
      alertsSeen: Math.max(0, Number.parseInt(alertsSeen, 10) || 0),
    };
    setBusy(true);
    try {
      await props.run(() => api<AuditReview>('POST', '/api/v1/audit/reviews', body));
      setFindings('');
      setSuccess(t.reviewRecorded);
      load();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const local = (message: string | undefined) =>
    message === undefined ? {} : { state: 'error' as const, stateRelatedMessage: message };
  const state = (field: 'from' | 'to' | 'findings', server: string) =>
    errors[field] !== undefined ? local(errors[field]) : fieldState(problem, server);

  return (
    <section aria-labelledby="revue-journal" className="fr-mt-6w">
      <h2 id="revue-journal">{t.reviewTitle}</h2>
      <p>{t.reviewLead}</p>
      <SuccessAlert message={success} />
      <ProblemAlert problem={problem} />
      <form onSubmit={(event) => void submit(event)} noValidate className="fr-col-12 fr-col-lg-8">
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-fieldset__legend--regular">
            {t.reviewPeriodLegend}
            <span className="fr-hint-text">{t.parisTime}</span>
          </legend>
          <div className="fr-fieldset__element fr-fieldset__element--inline">
            <Input
              label={t.reviewFrom}
              {...state('from', 'periodFrom')}
              nativeInputProps={{
                type: 'datetime-local',
                name: 'review-from',
                required: true,
                value: from,
                onChange: (event) => setFrom(event.target.value),
              }}
            />
          </div>
          <div className="fr-fieldset__element fr-fieldset__element--inline">
            <Input
              label={t.reviewTo}
              {...state('to', 'periodTo')}
              nativeInputProps={{
                type: 'datetime-local',
                name: 'review-to',
                required: true,
                value: to,
                onChange: (event) => setTo(event.target.value),
              }}
            />
          </div>
        </fieldset>
        <Input
          textArea
          label={t.findings}
          hintText={t.findingsHint}
          {...state('findings', 'findings')}
          nativeTextAreaProps={{
            name: 'findings',
            required: true,
            rows: 5,
            maxLength: 5000,
            value: findings,
            onChange: (event) => setFindings(event.target.value),
          }}
        />
        <Input
          label={t.alertsSeen}
          hintText={t.alertsSeenHint}
          {...fieldState(problem, 'alertsSeen')}
          nativeInputProps={{
            type: 'number',
            name: 'alerts-seen',
            min: 0,
            max: 1_000_000,
            step: 1,
            inputMode: 'numeric',
            value: alertsSeen,
            onChange: (event) => setAlertsSeen(event.target.value),
          }}
        />
        <Button type="submit" disabled={busy} iconId="fr-icon-draft-line" iconPosition="left">
          {t.submitReview}
        </Button>
      </form>

      <h3 className="fr-mt-6w" id="revues-enregistrees">
        {t.pastReviewsTitle}
      </h3>
      <ProblemAlert problem={listProblem} />
      {reviews === undefined && listProblem === undefined && <p aria-busy="true">{t.loading}</p>}
      {reviews !== undefined && reviews.length === 0 && <p>{t.noReviews}</p>}
      {reviews !== undefined && reviews.length > 0 && (
        <Table
          caption={t.pastReviewsCaption}
          noCaption
          headers={t.reviewColumns}
          data={reviews.map((review) => [
            review.reviewerLabel,
            <span key="period" className="fr-text--sm">
              {t.periodRange(
                formatLongInstant(lang, review.periodFrom),
                formatLongInstant(lang, review.periodTo),
              )}
            </span>,
            <span key="findings" className="fr-text--sm" style={{ whiteSpace: 'pre-line' }}>
              {review.findings}
            </span>,
            String(review.alertsSeen),
            <span key="signed" className="fr-text--sm">
              {formatLongInstant(lang, review.signedAt)}
            </span>,
            <code key="key" className="fr-text--xs">
              {review.keyId}
            </code>,
            <code key="signature" className="fr-text--xs">
              {shorten(review.signature)}
            </code>,
          ])}
        />
      )}
    </section>
  );
}
