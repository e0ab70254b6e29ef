import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, apiUpload, asProblem, type ApiProblem } from '../../app/api';
import { localizedPath, useLang, useMessages } from '../../app/i18n';
import { ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { ReasonChoice } from '../../ui/ReasonChoice';
import { useConfirmationFocus } from '../../ui/useConfirmationFocus';
import { formatParisDateTime } from '../stock/labels';
import { BanForm } from './BanForm';
import { BansShell, Loading, registryApi, useRegistryResource } from './BansShell';
import { DownloadLink, parisToday } from './DownloadLink';
import type { BanDetail, BanRemovalCause, InformationLetterSending } from './contracts';
import { stateAt } from './FieldErrors';
import { banMessages, formatDay } from './messages';
import { PhotoOnDemand } from './PhotoOnDemand';

type Say = (message: string | undefined) => void;

/** One ban: its fields and status, the photograph on demand, and what an officer may do with it. */
export function BanDetailPage() {
  const t = useMessages(banMessages);
  const { banId = '' } = useParams();
  const [name, setName] = useState<string | undefined>(undefined);
  return (
    <BansShell title={t.detail.title} {...(name !== undefined && { heading: name })}>
      {(organiserId) => <BanRecord organiserId={organiserId} banId={banId} onName={setName} />}
    </BansShell>
  );
}

function BanRecord({
  organiserId,
  banId,
  onName,
}: {
  organiserId: string;
  banId: string;
  onName: (name: string) => void;
}) {
  const lang = useLang();
  const t = useMessages(banMessages);
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  const { data, problem } = useRegistryResource<BanDetail>(organiserId, `bans/${banId}`);
  const [detail, setDetail] = useState<BanDetail | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(created ? t.form.created : undefined);
  const [editing, setEditing] = useState(false);
  // Into the form when it opens, back to its button when it closes (cancelled or saved).
  const { confirmRef: editTitleRef, openRef: editButtonRef } = useConfirmationFocus(editing);
  useEffect(() => {
    if (data !== undefined) setDetail(data);
  }, [data]);
  useEffect(() => {
    if (detail !== undefined) onName(`${detail.identity.firstName} ${detail.identity.surname}`);
  }, [detail, onName]);

  const back = (
    <p>
      <Link
        className="fr-link fr-icon-arrow-left-line fr-link--icon-left"
        to={localizedPath(lang, 'interdictions')}
      >
        {t.detail.back}
      </Link>
    </p>
  );
  if (detail === undefined)
    return (
      <>
        {back}
        <Loading problem={problem} />
      </>
    );
  const { identity, measure } = detail;
  const yesNo = (value: boolean) => (value ? t.common.yes : t.common.no);
  const day = (value: string) => formatDay(lang, value);
  const facts: [string, string][] = [
    [t.form.surname, identity.surname],
    [t.form.firstName, identity.firstName],
    [t.form.address, identity.address ?? t.detail.none],
    [t.form.birthDate, day(identity.birthDate)],
    [t.form.birthPlace, identity.birthPlace],
  ];
  const measureFacts: [string, string][] =
    measure.kind === 'judicial'
      ? [
          [t.form.kind, t.form.kinds.judicial],
          [t.form.decisionDate, day(measure.decisionDate)],
          [t.form.durationMonths, String(measure.durationMonths)],
        ]
      : [
          [t.form.kind, t.form.kinds.administrative],
          [t.form.forbiddenVenues, measure.forbiddenVenues.join(', ')],
          [t.form.includesSurroundings, yesNo(measure.includesSurroundings)],
          [t.form.eventTypes, measure.eventTypes.join(', ')],
          [t.form.orderDate, day(measure.orderDate)],
          [t.form.validUntil, day(measure.validUntil)],
          [t.form.mustAnswerSummons, yesNo(measure.mustAnswerSummons)],
        ];
  const statusFacts: [string, string][] = [
    [t.detail.status, t.common.statuses[detail.status]],
    [t.detail.period, t.common.period(day(detail.startsOn), day(detail.lastDay))],
    ...(detail.suspendedAt !== null
      ? [[t.detail.suspendedAt, formatParisDateTime(lang, detail.suspendedAt)] as [string, string]]
      : []),
    [t.detail.createdAt, formatParisDateTime(lang, detail.createdAt)],
    [t.detail.updatedAt, formatParisDateTime(lang, detail.updatedAt)],
  ];
  const list = (items: [string, string][]) => (
    <dl className="gradins-facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
  const say: Say = (message) => setSuccess(message);
  const part: PartProps = { organiserId, detail, onChange: setDetail, say };

  return (
    <>
      {back}
      <p className="fr-text--sm">{t.detail.logged}</p>
      <SuccessAlert message={success} />
      <h2>{t.detail.status}</h2>
      {list(statusFacts)}
      <h2>{t.detail.identity}</h2>
      {list(facts)}
      <h2>{t.detail.measure}</h2>
      {list(measureFacts)}
      {editing ? (
        <section aria-labelledby="modifier-interdiction">
          <h2 id="modifier-interdiction" ref={editTitleRef} tabIndex={-1}>
            {t.detail.editTitle}
          </h2>
          <p>{t.detail.editLead}</p>
          <BanForm
            organiserId={organiserId}
            existing={detail}
            onSaved={(saved) => {
              setDetail(saved);
              setEditing(false);
              say(t.form.saved);
            }}
          />
          <Button priority="tertiary" onClick={() => setEditing(false)}>
            {t.common.cancel}
          </Button>
        </section>
      ) : (
        <Button
          ref={editButtonRef}
          priority="secondary"
          iconId="fr-icon-edit-line"
          onClick={() => setEditing(true)}
        >
          {t.detail.edit}
        </Button>
      )}
      <Photo {...part} />
      {measure.kind === 'administrative' && <Suspension {...part} />}
      <InformationLetter {...part} />
      <section className="fr-mt-6w" aria-labelledby="droit-acces">
        <h2 id="droit-acces">{t.detail.exportTitle}</h2>
        <DownloadLink
          href={`${registryApi(organiserId)}/bans/${detail.id}/export`}
          fileName={`export-interdiction-${parisToday()}-${detail.id.slice(0, 8)}.json`}
        >
          {t.detail.exportLink}
        </DownloadLink>
      </section>
      <Removal organiserId={organiserId} detail={detail} />
    </>
  );
}

/** What each part of the record is given: the registry, the ban, how to change it and how to say it went well. */
interface PartProps {
  organiserId: string;
  detail: BanDetail;
  onChange: (detail: BanDetail) => void;
  say: Say;
}

/** Runs one action of a part: its problem, busy meanwhile, success said. */
function useAction(say: Say) {
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>, done: string) => {
    setProblem(undefined);
    say(undefined);
    setBusy(true);
    try {
      await action();
      say(done);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, run };
}

/** The photograph: shown on demand only (PhotoOnDemand), attached, replaced or removed. */
function Photo({ organiserId, detail, onChange, say }: PartProps) {
  const t = useMessages(banMessages).detail;
  const { problem, busy, run } = useAction(say);
  const [version, setVersion] = useState(0);
  const file = useRef<HTMLInputElement>(null);
  const path = `${registryApi(organiserId)}/bans/${detail.id}/photo`;
  const changed = (hasPhoto: boolean) => {
    setVersion((current) => current + 1);
    onChange({ ...detail, hasPhoto });
  };

  const upload = (submitted: FormEvent) => {
    submitted.preventDefault();
    const chosen = file.current?.files?.[0];
    if (chosen === undefined) return;
    void run(async () => {
      await apiUpload(path, chosen, chosen.type === 'image/jpeg' ? 'image/jpeg' : 'image/png', 'PUT');
      if (file.current) file.current.value = '';
      changed(true);
    }, t.photoSaved);
  };
  const remove = () =>
    run(async () => {
      await api('DELETE', path);
      changed(false);
    }, t.photoRemoved);

  return (
    <section className="fr-mt-6w" aria-labelledby="photographie">
      <h2 id="photographie">{t.photoTitle}</h2>
      <p>{t.photoLead}</p>
      <ProblemAlert problem={problem} />
      {detail.hasPhoto ? (
        <PhotoOnDemand
          organiserId={organiserId}
          banId={detail.id}
          name={`${detail.identity.firstName} ${detail.identity.surname}`}
          version={version}
        />
      ) : (
        <p>{t.noPhoto}</p>
      )}
      <form onSubmit={upload} className="fr-mt-3w">
        <Upload
          label={t.photoFile}
          hint={t.photoHint}
          nativeInputProps={{ ref: file, accept: 'image/png,image/jpeg', required: true, name: 'photo' }}
        />
        <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
          <li>
            <Button type="submit" disabled={busy}>
              {detail.hasPhoto ? t.replacePhoto : t.attachPhoto}
            </Button>
          </li>
          {detail.hasPhoto && (
            <li>
              <Button
                type="button"
                priority="tertiary"
                iconId="fr-icon-delete-line"
                disabled={busy}
                onClick={() => void remove()}
              >
                {t.removePhoto}
              </Button>
            </li>
          )}
        </ul>
      </form>
    </section>
  );
}

/** Suspending an administrative order (or lifting the suspension), after a confirmation step. */
function Suspension({ organiserId, detail, onChange, say }: PartProps) {
  const t = useMessages(banMessages);
  const d = t.detail;
  const { problem, busy, run } = useAction(say);
  const [confirming, setConfirming] = useState(false);
  const { confirmRef, openRef } = useConfirmationFocus(confirming);
  const suspended = detail.suspendedAt !== null;
  const toggle = () =>
    run(
      async () => {
        onChange(
          await api<BanDetail>(
            suspended ? 'DELETE' : 'POST',
            `${registryApi(organiserId)}/bans/${detail.id}/suspension`,
          ),
        );
        setConfirming(false);
      },
      suspended ? d.reinstatedDone : d.suspendedDone,
    );
  return (
    <section className="fr-mt-6w" aria-labelledby="suspension">
      <h2 id="suspension">{d.suspensionTitle}</h2>
      <p>{d.suspensionLead}</p>
      <ProblemAlert problem={problem} />
      {!confirming ? (
        <Button ref={openRef} priority="secondary" onClick={() => setConfirming(true)}>
          {suspended ? d.reinstate : d.suspend}
        </Button>
      ) : (
        <div role="group" aria-labelledby="suspension-question" className="fr-p-3w gradins-danger-zone">
          <h3 id="suspension-question" ref={confirmRef} tabIndex={-1}>
            {suspended ? d.reinstateQuestion : d.suspendQuestion}
          </h3>
          <p>{suspended ? d.reinstateConsequence : d.suspendConsequence}</p>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button disabled={busy} onClick={() => void toggle()}>
                {suspended ? d.confirmReinstate : d.confirmSuspend}
              </Button>
            </li>
            <li>
              <Button priority="tertiary" onClick={() => setConfirming(false)}>
                {t.common.cancel}
              </Button>
            </li>
          </ul>
        </div>
      )}
    </section>
  );
}

/** The information letter: its PDF, and recording how it was delivered (or sending it by e-mail). */
function InformationLetter({ organiserId, detail, onChange, say }: PartProps) {
  const t = useMessages(banMessages);
  const lang = useLang();
  const [channel, setChannel] = useState<InformationLetterSending['channel']>('post');
  const [email, setEmail] = useState('');
  const { problem, busy, run } = useAction(say);
  // An e-mail goes at once and cannot be called back: the address is shown for a second look first.
  const [confirming, setConfirming] = useState(false);
  const { confirmRef, openRef } = useConfirmationFocus(confirming);
  const path = `${registryApi(organiserId)}/bans/${detail.id}/information-letter`;
  const submit = (submitted: FormEvent) => {
    submitted.preventDefault();
    if (channel === 'email' && !confirming) {
      setConfirming(true);
      return;
    }
    const sending: InformationLetterSending = channel === 'email' ? { channel, email } : { channel };
    void run(async () => {
      onChange(await api<BanDetail>('POST', path, sending));
      setEmail('');
      setConfirming(false);
    }, t.detail.letterDone);
  };
  return (
    <section className="fr-mt-6w" aria-labelledby="lettre-information">
      <h2 id="lettre-information">{t.detail.letterTitle}</h2>
      <p>{t.detail.letterLead}</p>
      <p>
        {detail.informedAt === null || detail.informedBy === null
          ? t.detail.notInformed
          : t.detail.informed(
              formatParisDateTime(lang, detail.informedAt),
              t.detail.channelPhrases[detail.informedBy],
            )}
      </p>
      <p className="fr-text--sm">
        {t.detail.letterNeedsSettings}{' '}
        <Link to={localizedPath(lang, 'interdictions/droits')}>{t.common.sections.rights}</Link>.
      </p>
      <DownloadLink
        href={`${path}.pdf`}
        fileName={`lettre-information-${parisToday()}-${detail.id.slice(0, 8)}.pdf`}
      >
        {t.detail.downloadLetter}
      </DownloadLink>
      <form onSubmit={submit}>
        <ProblemAlert problem={problem} />
        <RadioButtons
          legend={t.detail.channel}
          name="letter-channel"
          options={(['post', 'email', 'in_person'] as const).map((value) => ({
            label: t.detail.channels[value],
            nativeInputProps: {
              value,
              checked: channel === value,
              onChange: () => {
                setChannel(value);
                setConfirming(false);
              },
            },
          }))}
        />
        {channel === 'email' && (
          <Input
            label={t.detail.email}
            hintText={t.detail.emailHint}
            {...stateAt(problem, 'email')}
            nativeInputProps={{
              type: 'email',
              name: 'email',
              autoComplete: 'off',
              required: true,
              readOnly: confirming,
              value: email,
              onChange: (change) => setEmail(change.target.value),
            }}
          />
        )}
        {channel === 'email' && confirming ? (
          <div role="group" aria-labelledby="lettre-question" className="fr-p-3w gradins-danger-zone">
            <h3 id="lettre-question" ref={confirmRef} tabIndex={-1}>
              {t.detail.sendQuestion(email)}
            </h3>
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <Button type="submit" disabled={busy}>
                  {t.detail.confirmSend}
                </Button>
              </li>
              <li>
                <Button type="button" priority="tertiary" onClick={() => setConfirming(false)}>
                  {t.common.cancel}
                </Button>
              </li>
            </ul>
          </div>
        ) : (
          <Button ref={openRef} type="submit" priority="secondary" disabled={busy}>
            {channel === 'email' ? t.detail.sendLetter : t.detail.recordLetter}
          </Button>
        )}
      </form>
    </section>
  );
}

/** Deleting the ban with its cause, after a confirmation step that says it is final. */
function Removal({ organiserId, detail }: { organiserId: string; detail: BanDetail }) {
  const lang = useLang();
  const t = useMessages(banMessages);
  const navigate = useNavigate();
  const causes: readonly BanRemovalCause[] =
    detail.measure.kind === 'judicial' ? ['overturned', 'amnestied'] : ['annulled'];
  const [confirming, setConfirming] = useState(false);
  const [cause, setCause] = useState<BanRemovalCause | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const { confirmRef, openRef } = useConfirmationFocus(confirming);

  const remove = async (submitted: FormEvent) => {
    submitted.preventDefault();
    if (cause === undefined || sending) return;
    setProblem(undefined);
    setSending(true);
    try {
      await api('DELETE', `${registryApi(organiserId)}/bans/${detail.id}?cause=${cause}`);
      // The record is gone: « back » must not lead to it.
      await navigate(localizedPath(lang, 'interdictions'), { replace: true, state: { removed: true } });
    } catch (error) {
      setProblem(asProblem(error));
      setSending(false);
    }
  };

  return (
    <section className="fr-mt-6w" aria-labelledby="effacer-interdiction">
      <h2 id="effacer-interdiction">{t.detail.removalTitle}</h2>
      <p>{t.detail.removalLead}</p>
      {!confirming ? (
        <Button
          ref={openRef}
          priority="secondary"
          iconId="fr-icon-delete-line"
          onClick={() => setConfirming(true)}
        >
          {t.detail.remove}
        </Button>
      ) : (
        <form onSubmit={(submitted) => void remove(submitted)} className="fr-p-3w gradins-danger-zone">
          <h3 ref={confirmRef} tabIndex={-1}>
            {t.detail.confirmTitle}
          </h3>
          <ProblemAlert problem={problem} />
          <p>{t.detail.consequences}</p>
          <ReasonChoice
            legend={t.detail.cause}
            name="removal-cause"
            options={causes.map((value) => ({ value, label: t.detail.causes[value] }))}
            chosen={cause}
            onChoose={setCause}
            confirmLabel={t.detail.confirmRemoval}
            cancelLabel={t.common.cancel}
            sending={sending}
            onCancel={() => {
              setProblem(undefined);
              setCause(undefined);
              setConfirming(false);
            }}
          />
        </form>
      )}
    </section>
  );
}
