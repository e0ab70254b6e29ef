import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiProblem, asProblem } from '../../app/api';
import { useLang, useMessages } from '../../app/i18n';
import { SuccessAlert } from '../../ui/ProblemAlert';
import { ScrollableTable } from '../../ui/ScrollableTable';
import { BansShell, Loading, registryApi, useRegistryResource } from './BansShell';
import type {
  BanRegistrySettings,
  BanSummary,
  RightsRequest,
  RightsRequestAnswer,
  RightsRequestInput,
  RightsRequestKind,
  RightsRequestOutcome,
} from './contracts';
import { FieldErrorSummary, stateAt } from './FieldErrors';
import { banMessages, formatDay } from './messages';

const KINDS: readonly RightsRequestKind[] = ['access', 'rectification', 'opposition'];
const OUTCOMES: Record<RightsRequestKind, readonly RightsRequestOutcome[]> = {
  access: ['data_sent', 'not_in_registry'],
  rectification: ['rectified', 'rectification_refused', 'not_in_registry'],
  opposition: ['opposition_accepted', 'opposition_rejected', 'not_in_registry'],
};

/** Today in Paris, `YYYY-MM-DD` (the default day of a request or an answer). */
const parisToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/** The rights-requests register (BAN-5) and what the information letter names. */
export function RightsRequestsPage() {
  const t = useMessages(banMessages).rights;
  return (
    <BansShell title={t.title} lead={<p>{t.lead}</p>}>
      {(organiserId) => (
        <>
          <Register organiserId={organiserId} />
          <Settings organiserId={organiserId} />
        </>
      )}
    </BansShell>
  );
}

/** Submits a form's body and says how it went. */
function useSubmission() {
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  /** A problem found before sending (a field left empty), shown as one the API would have answered. */
  const refuse = (detail: string, path: string, message: string) =>
    setProblem(
      new ApiProblem({
        type: 'urn:gradins:problem:invalid-form',
        status: 0,
        title: '',
        detail,
        errors: [{ path, message }],
      }),
    );
  const submit = async (send: () => Promise<unknown>, done: string): Promise<boolean> => {
    setProblem(undefined);
    setSuccess(undefined);
    try {
      await send();
      setSuccess(done);
      return true;
    } catch (error) {
      setProblem(asProblem(error));
      return false;
    }
  };
  return { problem, success, submit, refuse };
}

function Register({ organiserId }: { organiserId: string }) {
  const lang = useLang();
  const t = useMessages(banMessages);
  const r = t.rights;
  const requests = useRegistryResource<RightsRequest[]>(organiserId, 'rights-requests');
  const bans = useRegistryResource<BanSummary[]>(organiserId, 'bans');

  if (requests.data === undefined) return <Loading problem={requests.problem} />;
  const list = [...requests.data].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  return (
    <>
      {list.length === 0 ? (
        <p>{r.none}</p>
      ) : (
        <ScrollableTable
          caption={r.caption}
          headers={r.columns}
          data={list.map((request) => [
            formatDay(lang, request.receivedOn),
            r.kinds[request.kind],
            request.requester,
            request.overdue && request.status === 'open' ? (
              <strong key="due">{`${formatDay(lang, request.dueOn)} — ${r.overdue}`}</strong>
            ) : (
              formatDay(lang, request.dueOn)
            ),
            r.statuses[request.status],
            request.outcome === null
              ? '—'
              : `${r.outcomes[request.outcome]}${request.answeredOn ? `, ${formatDay(lang, request.answeredOn)}` : ''}`,
          ])}
        />
      )}
      <RecordRequest organiserId={organiserId} bans={bans.data ?? []} onDone={requests.reload} />
      <AnswerRequest
        organiserId={organiserId}
        open={list.filter((request) => request.status === 'open')}
        onDone={requests.reload}
      />
    </>
  );
}

function RecordRequest({
  organiserId,
  bans,
  onDone,
}: {
  organiserId: string;
  bans: BanSummary[];
  onDone: () => void;
}) {
  const r = useMessages(banMessages).rights;
  const [kind, setKind] = useState<RightsRequestKind>('access');
  const [receivedOn, setReceivedOn] = useState(parisToday);
  const [requester, setRequester] = useState('');
  const [banId, setBanId] = useState('');
  const { problem, success, submit } = useSubmission();
  const send = async (submitted: FormEvent) => {
    submitted.preventDefault();
    const body: RightsRequestInput = { kind, receivedOn, requester, banId: banId === '' ? null : banId };
    if (await submit(() => api('POST', `${registryApi(organiserId)}/rights-requests`, body), r.recorded)) {
      setRequester('');
      setBanId('');
      onDone();
    }
  };
  return (
    <section className="fr-mt-6w" aria-labelledby="enregistrer-demande">
      <h2 id="enregistrer-demande">{r.recordTitle}</h2>
      <SuccessAlert message={success} />
      <form onSubmit={(submitted) => void send(submitted)} noValidate>
        <FieldErrorSummary
          problem={problem}
          fields={[
            { path: 'receivedOn', id: 'demande-recue', label: r.receivedOn },
            { path: 'requester', id: 'demande-demandeur', label: r.requester },
            { path: 'banId', id: 'demande-interdiction', label: r.ban },
          ]}
        />
        <RadioButtons
          legend={r.kind}
          name="request-kind"
          options={KINDS.map((value) => ({
            label: r.kinds[value],
            nativeInputProps: { value, checked: kind === value, onChange: () => setKind(value) },
          }))}
        />
        <Input
          label={r.receivedOn}
          {...stateAt(problem, 'receivedOn')}
          nativeInputProps={{
            id: 'demande-recue',
            type: 'date',
            required: true,
            value: receivedOn,
            onChange: (change) => setReceivedOn(change.target.value),
          }}
        />
        <Input
          label={r.requester}
          hintText={r.requesterHint}
          {...stateAt(problem, 'requester')}
          nativeInputProps={{
            id: 'demande-demandeur',
            required: true,
            autoComplete: 'off',
            value: requester,
            onChange: (change) => setRequester(change.target.value),
          }}
        />
        <Select
          label={r.ban}
          {...stateAt(problem, 'banId')}
          nativeSelectProps={{
            id: 'demande-interdiction',
            value: banId,
            onChange: (change) => setBanId(change.target.value),
          }}
        >
          <option value="">{r.noBan}</option>
          {bans.map((ban) => (
            <option key={ban.id} value={ban.id}>
              {`${ban.surname} ${ban.firstName} (${ban.birthDate})`}
            </option>
          ))}
        </Select>
        <Button type="submit">{r.record}</Button>
      </form>
    </section>
  );
}

function AnswerRequest({
  organiserId,
  open,
  onDone,
}: {
  organiserId: string;
  open: RightsRequest[];
  onDone: () => void;
}) {
  const lang = useLang();
  const r = useMessages(banMessages).rights;
  const [requestId, setRequestId] = useState('');
  const [outcome, setOutcome] = useState<RightsRequestOutcome | undefined>(undefined);
  const [answeredOn, setAnsweredOn] = useState(parisToday);
  const { problem, success, submit, refuse } = useSubmission();
  const chosen = open.find((request) => request.id === requestId) ?? open[0];
  const outcomes = chosen ? OUTCOMES[chosen.kind] : [];
  const send = async (submitted: FormEvent) => {
    submitted.preventDefault();
    if (chosen === undefined) return;
    if (outcome === undefined) {
      refuse(r.outcomeMissing, 'outcome', r.chooseOutcome);
      return;
    }
    const body: RightsRequestAnswer = { outcome, answeredOn };
    const path = `${registryApi(organiserId)}/rights-requests/${chosen.id}/answer`;
    if (await submit(() => api('POST', path, body), r.answered)) {
      setOutcome(undefined);
      onDone();
    }
  };
  return (
    <section className="fr-mt-6w" aria-labelledby="repondre-demande">
      <h2 id="repondre-demande">{r.answerTitle}</h2>
      <SuccessAlert message={success} />
      {chosen === undefined ? (
        <p>{r.noOpen}</p>
      ) : (
        <form onSubmit={(submitted) => void send(submitted)} noValidate>
          <FieldErrorSummary
            problem={problem}
            fields={[
              { path: 'outcome', id: 'reponse-issue-0', label: r.outcome },
              { path: 'answeredOn', id: 'reponse-date', label: r.answeredOn },
            ]}
          />
          <Select
            label={r.request}
            nativeSelectProps={{
              value: chosen.id,
              onChange: (change) => {
                setRequestId(change.target.value);
                setOutcome(undefined);
              },
            }}
          >
            {open.map((request) => (
              <option key={request.id} value={request.id}>
                {r.requestOption(
                  formatDay(lang, request.receivedOn),
                  r.kinds[request.kind],
                  request.requester,
                )}
              </option>
            ))}
          </Select>
          <RadioButtons
            legend={r.outcome}
            // DSFR names the radios after it: the first is `reponse-issue-0`, which the error summary links to.
            id="reponse-issue"
            name="answer-outcome"
            {...stateAt(problem, 'outcome')}
            options={outcomes.map((value) => ({
              label: r.outcomes[value],
              nativeInputProps: {
                value,
                required: true,
                checked: outcome === value,
                onChange: () => setOutcome(value),
              },
            }))}
          />
          <Input
            label={r.answeredOn}
            {...stateAt(problem, 'answeredOn')}
            nativeInputProps={{
              id: 'reponse-date',
              type: 'date',
              required: true,
              value: answeredOn,
              onChange: (change) => setAnsweredOn(change.target.value),
            }}
          />
          <Button type="submit">{r.answer}</Button>
        </form>
      )}
    </section>
  );
}

const SETTING_FIELDS = [
  'controllerName',
  'controllerAddress',
  'recipients',
  'rightsServiceAddress',
  'rightsServiceEmail',
] as const satisfies readonly (keyof BanRegistrySettings)[];
const emptySettings: BanRegistrySettings = {
  controllerName: '',
  controllerAddress: '',
  recipients: '',
  rightsServiceAddress: '',
  rightsServiceEmail: '',
};

/** `GET`/`PUT …/ban-registry`: the controller, the recipients and the rights service the letter names. */
function Settings({ organiserId }: { organiserId: string }) {
  const t = useMessages(banMessages);
  const r = t.rights;
  const [settings, setSettings] = useState<BanRegistrySettings | undefined>(undefined);
  const [loadProblem, setLoadProblem] = useState<ApiProblem | undefined>(undefined);
  const { problem, success, submit } = useSubmission();
  useEffect(() => {
    // Another organiser's settings are never shown, nor saved, here: the form waits for this organiser's, and
    // an answer that comes back after the organiser changed is dropped.
    let current = true;
    setSettings(undefined);
    setLoadProblem(undefined);
    api<BanRegistrySettings>('GET', `${registryApi(organiserId)}/ban-registry`)
      .then((found) => {
        if (current) setSettings({ ...emptySettings, ...found });
      })
      .catch((error: unknown) => {
        if (!current) return;
        const found = asProblem(error);
        // Not set yet: an empty form.
        if (found.code === 'ban-registry-not-set') setSettings(emptySettings);
        else setLoadProblem(found);
      });
    return () => {
      current = false;
    };
  }, [organiserId]);

  const save = async (submitted: FormEvent) => {
    submitted.preventDefault();
    if (settings === undefined) return;
    await submit(() => api('PUT', `${registryApi(organiserId)}/ban-registry`, settings), r.settingsSaved);
  };

  return (
    <section className="fr-mt-6w" aria-labelledby="parametres-lettre">
      <h2 id="parametres-lettre">{r.settingsTitle}</h2>
      <p>{r.settingsLead}</p>
      {settings === undefined ? (
        <Loading problem={loadProblem} />
      ) : (
        <form onSubmit={(submitted) => void save(submitted)} noValidate>
          <SuccessAlert message={success} />
          <FieldErrorSummary
            problem={problem}
            fields={SETTING_FIELDS.map((field) => ({
              path: field,
              id: `registre-${field}`,
              label: r[field],
            }))}
          />
          {SETTING_FIELDS.map((field) => {
            const common = {
              id: `registre-${field}`,
              required: true,
              value: settings[field],
            };
            const change = (value: string) => setSettings({ ...settings, [field]: value });
            return field === 'rightsServiceEmail' || field === 'controllerName' ? (
              <Input
                key={field}
                label={r[field]}
                {...stateAt(problem, field)}
                nativeInputProps={{
                  ...common,
                  type: field === 'rightsServiceEmail' ? 'email' : 'text',
                  onChange: (event) => change(event.target.value),
                }}
              />
            ) : (
              <Input
                key={field}
                textArea
                label={r[field]}
                {...stateAt(problem, field)}
                nativeTextAreaProps={{ ...common, rows: 2, onChange: (event) => change(event.target.value) }}
              />
            );
          })}
          <Button type="submit">{r.saveSettings}</Button>
        </form>
      )}
    </section>
  );
}
