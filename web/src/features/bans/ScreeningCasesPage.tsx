import { Button } from '@codegouvfr/react-dsfr/Button';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { formatParisDateTime } from '../stock/labels';
import { BansShell, Loading, registryApi } from './BansShell';
import type { ScreeningCase, ScreeningCaseStatus, ScreeningDecision } from './contracts';
import { useConfirmationFocus } from '../../ui/useConfirmationFocus';
import { banMessages, formatDay } from './messages';
import { PhotoOnDemand } from './PhotoOnDemand';

const STATUSES: readonly ScreeningCaseStatus[] = ['pending', 'confirmed', 'dismissed', 'lapsed'];

/** The possible matches for a ban officer to decide (BAN-6): pending first, then those decided. */
export function ScreeningCasesPage() {
  const t = useMessages(banMessages).cases;
  return (
    <BansShell title={t.title} lead={<p>{t.lead}</p>}>
      {(organiserId) => <Cases organiserId={organiserId} />}
    </BansShell>
  );
}

function Cases({ organiserId }: { organiserId: string }) {
  const lang = useLang();
  const t = useMessages(banMessages).cases;
  const [cases, setCases] = useState<ScreeningCase[] | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);

  // One request per status, so the page does not depend on what the list answers without a filter.
  // An answer that comes back after a newer request, or after the page moved on, is dropped.
  const latest = useRef(0);
  const pendingTitle = useRef<HTMLHeadingElement>(null);
  const load = useCallback(() => {
    const request = ++latest.current;
    return Promise.all(
      STATUSES.map((status) =>
        api<ScreeningCase[]>('GET', `${registryApi(organiserId)}/screening-cases?status=${status}`),
      ),
    )
      .then((lists) => {
        if (request === latest.current) setCases(lists.flat());
      })
      .catch((error: unknown) => {
        if (request === latest.current) setProblem(asProblem(error));
      });
  }, [organiserId]);
  useEffect(() => {
    void load();
    return () => {
      latest.current += 1;
    };
  }, [load]);

  if (cases === undefined) return <Loading problem={problem} />;
  const pending = cases
    .filter((one) => one.status === 'pending')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const decided = cases
    .filter((one) => one.status !== 'pending')
    .sort((a, b) => (b.decidedAt ?? b.createdAt).localeCompare(a.decidedAt ?? a.createdAt));
  return (
    <>
      <SuccessAlert message={success} />
      <h2 ref={pendingTitle} tabIndex={-1}>
        {t.pending}
      </h2>
      {pending.length === 0 ? (
        <p>{t.nonePending}</p>
      ) : (
        pending.map((one) => (
          <PendingCase
            key={one.id}
            organiserId={organiserId}
            one={one}
            onDecided={() => {
              // Emptied first, so that a second « Décision enregistrée. » in a row is announced again; the
              // decided case's card is gone, so the focus goes to the list it left.
              setSuccess(undefined);
              void load().then(() => {
                setSuccess(t.done);
                pendingTitle.current?.focus();
              });
            }}
          />
        ))
      )}
      <h2 className="fr-mt-6w">{t.decided}</h2>
      {decided.length === 0 ? (
        <p>{t.noneDecided}</p>
      ) : (
        <ScrollableTable
          caption={t.decidedCaption}
          headers={t.decidedColumns}
          data={decided.map((one) => [
            `${one.event.name}, ${formatParisDateTime(lang, one.event.startsAt)}`,
            one.holder ? `${one.holder.firstNames} ${one.holder.surname}` : t.holderErased,
            `${one.ban.firstName} ${one.ban.surname}`,
            t.statuses[one.status],
            one.decidedAt ? formatParisDateTime(lang, one.decidedAt) : '—',
          ])}
        />
      )}
    </>
  );
}

/** One pending case: the holder beside the ban, and the two decisions, each confirmed before it is sent. */
function PendingCase({
  organiserId,
  one,
  onDecided,
}: {
  organiserId: string;
  one: ScreeningCase;
  onDecided: () => void;
}) {
  const lang = useLang();
  const t = useMessages(banMessages);
  const c = t.cases;
  const [asking, setAsking] = useState<ScreeningDecision['decision'] | undefined>(undefined);
  // The button that opened the question, for the focus to go back to it on « Annuler ».
  const [asked, setAsked] = useState<ScreeningDecision['decision']>('confirm');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const { confirmRef: questionRef, openRef } = useConfirmationFocus(asking !== undefined);
  const ask = (decision: ScreeningDecision['decision']) => {
    setAsked(decision);
    setAsking(decision);
  };
  const titleId = `cas-${one.id}`;

  const decide = async (decision: ScreeningDecision['decision']) => {
    setProblem(undefined);
    setSending(true);
    try {
      const body: ScreeningDecision = { decision };
      await api('POST', `${registryApi(organiserId)}/screening-cases/${one.id}/decision`, body);
      onDecided();
    } catch (error) {
      setProblem(asProblem(error));
      setSending(false);
    }
  };
  const fact = (term: string, value: string) => (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );

  return (
    <article className="fr-card fr-card--no-arrow fr-mb-4w" aria-labelledby={titleId}>
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h3 className="fr-card__title" id={titleId}>
            {c.caseTitle(one.event.name, formatParisDateTime(lang, one.event.startsAt))}
          </h3>
          <p className="fr-card__desc">
            {`${c.atVenue(one.event.venue)}. ${c.trigger[one.trigger]}. ${c.match[one.match]}. ${c.raised} ${formatParisDateTime(lang, one.createdAt)}.`}
          </p>
          <div className="fr-grid-row fr-grid-row--gutters fr-mt-2w">
            <div className="fr-col-12 fr-col-md-6">
              <h4 className="fr-h6">{c.holder}</h4>
              {one.holder === null ? (
                <p>{c.holderErased}</p>
              ) : (
                <dl className="gradins-facts">
                  {fact(c.surname, one.holder.surname)}
                  {fact(c.firstNames, one.holder.firstNames)}
                  {fact(c.birthDate, formatDay(lang, one.holder.birthDate))}
                </dl>
              )}
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <h4 className="fr-h6">{`${c.ban} (${t.common.kinds[one.ban.kind]})`}</h4>
              <dl className="gradins-facts">
                {fact(c.surname, one.ban.surname)}
                {fact(c.firstNames, one.ban.firstName)}
                {fact(c.birthDate, formatDay(lang, one.ban.birthDate))}
                {fact(c.birthPlace, one.ban.birthPlace)}
                {fact(
                  c.period,
                  t.common.period(formatDay(lang, one.ban.startsOn), formatDay(lang, one.ban.lastDay)),
                )}
              </dl>
              {one.ban.hasPhoto ? (
                <PhotoOnDemand
                  organiserId={organiserId}
                  banId={one.ban.id}
                  name={`${one.ban.firstName} ${one.ban.surname}`}
                />
              ) : (
                <p>{t.detail.noPhoto}</p>
              )}
            </div>
          </div>
          <ProblemAlert problem={problem} />
          {asking === undefined ? (
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <Button {...(asked === 'confirm' && { ref: openRef })} onClick={() => ask('confirm')}>
                  {c.confirm}
                </Button>
              </li>
              <li>
                <Button
                  {...(asked === 'dismiss' && { ref: openRef })}
                  priority="secondary"
                  onClick={() => ask('dismiss')}
                >
                  {c.dismiss}
                </Button>
              </li>
            </ul>
          ) : (
            <div role="group" aria-labelledby={`${titleId}-question`} className="fr-p-3w gradins-danger-zone">
              <h4 id={`${titleId}-question`} ref={questionRef} tabIndex={-1}>
                {c.confirmQuestion[asking]}
              </h4>
              <p>{c.consequence[asking]}</p>
              <ul className="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <Button disabled={sending} onClick={() => void decide(asking)}>
                    {c.yes[asking]}
                  </Button>
                </li>
                <li>
                  <Button priority="tertiary" onClick={() => setAsking(undefined)}>
                    {t.common.cancel}
                  </Button>
                </li>
              </ul>
            </div>
          )}
        </div>
      </div>
    </article>
  );
}
