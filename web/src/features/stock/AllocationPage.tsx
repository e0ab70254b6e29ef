import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type {
  OperatorSummary,
  Programme,
  SportEvent,
  StockHolderRef,
  StockSummary,
} from '../../app/contracts';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { countOf, formatCount, formatParisDateTime, levelNames } from './labels';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  loading: string;
  transferTitle: string;
  from: string;
  to: string;
  choose: string;
  event: string;
  category: string;
  available: (count: string) => string;
  quantity: string;
  reason: string;
  reasonHint: string;
  submit: string;
  moved: (count: number, from: string, to: string) => string;
  attachTitle: string;
  attachLead: string;
  programme: string;
  operator: string;
  attach: string;
  attached: (operator: string, programme: string) => string;
}> = {
  fr: {
    pageTitle: 'Répartition des billets',
    lead: 'Les billets descendent d’un niveau à la fois : du pot commun de l’État vers un programme, puis du programme vers un opérateur rattaché. Ils remontent de la même façon. Aucun niveau ne peut céder plus qu’il ne détient ; chaque mouvement est inscrit au registre avec son motif.',
    loading: 'Chargement…',
    transferTitle: 'Déplacer des billets',
    from: 'Depuis',
    to: 'Vers',
    choose: 'Choisir',
    event: 'Événement',
    category: 'Catégorie',
    available: (count) => `Disponibles à l’origine pour cet événement et cette catégorie : ${count}`,
    quantity: 'Nombre de billets',
    reason: 'Motif',
    reasonHint: 'Inscrit au registre avec le mouvement, par exemple « Quota de l’académie de Lille ».',
    submit: 'Déplacer les billets',
    moved: (count, from, to) =>
      `${countOf('fr', count, 'billet déplacé', 'billets déplacés')} de « ${from} » vers « ${to} ».`,
    attachTitle: 'Rattacher un opérateur à un programme',
    attachLead: 'Un opérateur ne reçoit les billets d’un programme qu’une fois rattaché à ce programme.',
    programme: 'Programme',
    operator: 'Opérateur',
    attach: 'Rattacher',
    attached: (operator, programme) => `${operator} est rattaché au programme « ${programme} ».`,
  },
  en: {
    pageTitle: 'Ticket allocation',
    lead: 'Tickets go down one level at a time: from the State pool to a programme, then from the programme to an attached operator. They go back up the same way. No level can give more than it holds; every movement is written to the ledger with its reason.',
    loading: 'Loading…',
    transferTitle: 'Move tickets',
    from: 'From',
    to: 'To',
    choose: 'Choose',
    event: 'Event',
    category: 'Category',
    available: (count) => `Available at the origin for this event and category: ${count}`,
    quantity: 'Number of tickets',
    reason: 'Reason',
    reasonHint: 'Written to the ledger with the movement, e.g. "Quota of the Lille education authority".',
    submit: 'Move the tickets',
    moved: (count, from, to) =>
      `${countOf('en', count, 'ticket moved', 'tickets moved')} from "${from}" to "${to}".`,
    attachTitle: 'Attach an operator to a programme',
    attachLead: 'An operator receives a programme’s tickets only once attached to that programme.',
    programme: 'Programme',
    operator: 'Operator',
    attach: 'Attach',
    attached: (operator, programme) => `${operator} is attached to the programme "${programme}".`,
  },
};

/** A DSFR select of required choices, starting on a disabled « Choisir ». */
function ChoiceSelect({
  label,
  name,
  value,
  onChange,
  placeholder,
  choices,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  choices: readonly { value: string; label: string }[];
}) {
  return (
    <Select
      label={label}
      nativeSelectProps={{ name, required: true, value, onChange: (change) => onChange(change.target.value) }}
    >
      <option value="" disabled>
        {placeholder}
      </option>
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </Select>
  );
}

interface HolderOption {
  value: string;
  label: string;
  ref: StockHolderRef;
}

/** The programme administrator moves tickets down and up the cascade (issue [D], TAJ-2). */
export function AllocationPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const [programmes, setProgrammes] = useState<Programme[] | undefined>(undefined);
  const [operators, setOperators] = useState<OperatorSummary[]>([]);
  const [events, setEvents] = useState<SportEvent[]>([]);
  const [summary, setSummary] = useState<StockSummary | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  const [form, setForm] = useState({ from: '', to: '', eventId: '', category: '', quantity: '', reason: '' });
  const [attach, setAttach] = useState({ programmeId: '', operatorId: '' });

  const load = useCallback(() => {
    Promise.all([
      api<Programme[]>('GET', '/api/v1/programmes'),
      api<OperatorSummary[]>('GET', '/api/v1/operators'),
      api<SportEvent[]>('GET', '/api/v1/events'),
      api<StockSummary>('GET', '/api/v1/stock/summary'),
    ])
      .then(([programmeList, operatorList, eventList, stock]) => {
        setProgrammes(programmeList);
        setOperators(operatorList);
        setEvents(eventList.filter((event) => new Date(event.startsAt) > new Date()));
        setSummary(stock);
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(load, [load]);

  const holders = useMemo((): HolderOption[] => {
    const list: HolderOption[] = [{ value: 'pool', label: levelNames[lang].pool, ref: { level: 'pool' } }];
    for (const programme of programmes ?? []) {
      list.push({
        value: `programme:${programme.id}`,
        label: programme.name,
        ref: { level: 'programme', programmeId: programme.id },
      });
    }
    for (const programme of programmes ?? []) {
      for (const operator of programme.operators) {
        list.push({
          value: `operator:${programme.id}:${operator.id}`,
          label: `${operator.name} (${programme.name})`,
          ref: { level: 'operator', programmeId: programme.id, operatorId: operator.id },
        });
      }
    }
    return list;
  }, [programmes, lang]);

  const event = events.find((candidate) => candidate.id === form.eventId);
  const origin = holders.find((holder) => holder.value === form.from);
  const available =
    origin && event && form.category
      ? (summary?.balances.find(
          (row) =>
            row.eventId === event.id &&
            row.category === form.category &&
            row.level === origin.ref.level &&
            row.programmeId === ('programmeId' in origin.ref ? origin.ref.programmeId : null) &&
            row.operatorId === ('operatorId' in origin.ref ? origin.ref.operatorId : null),
        )?.quantity ?? 0)
      : undefined;

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setProblem(undefined);
    setSuccess(undefined);
    const from = holders.find((holder) => holder.value === form.from);
    const to = holders.find((holder) => holder.value === form.to);
    try {
      await api('POST', '/api/v1/stock/transfers', {
        from: from?.ref ?? { level: 'pool' },
        to: to?.ref ?? { level: 'pool' },
        lines: [{ eventId: form.eventId, category: form.category, quantity: Number(form.quantity) }],
        reason: form.reason,
      });
      setSuccess(t.moved(Number(form.quantity), from?.label ?? '', to?.label ?? ''));
      setForm((current) => ({ ...current, quantity: '', reason: '' }));
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const submitAttach = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setProblem(undefined);
    setSuccess(undefined);
    try {
      const programme = await api<Programme>('POST', `/api/v1/programmes/${attach.programmeId}/operators`, {
        operatorId: attach.operatorId,
      });
      const operator = operators.find((candidate) => candidate.id === attach.operatorId);
      setSuccess(t.attached(operator?.name ?? '', programme.name));
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const set = (field: keyof typeof form) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <p>{t.lead}</p>
      <SuccessAlert message={success} />
      <ProblemAlert problem={problem} />
      {programmes === undefined ? (
        problem === undefined && <p aria-busy="true">{t.loading}</p>
      ) : (
        <>
          <h2>{t.transferTitle}</h2>
          <form onSubmit={(submitted) => void submit(submitted)} className="fr-mb-6w">
            <fieldset className="fr-fieldset">
              <legend className="fr-fieldset__legend fr-sr-only">{t.transferTitle}</legend>
              <div className="fr-fieldset__element">
                <ChoiceSelect
                  label={t.from}
                  name="from"
                  value={form.from}
                  onChange={set('from')}
                  placeholder={t.choose}
                  choices={holders}
                />
              </div>
              <div className="fr-fieldset__element">
                <ChoiceSelect
                  label={t.to}
                  name="to"
                  value={form.to}
                  onChange={set('to')}
                  placeholder={t.choose}
                  choices={holders}
                />
              </div>
              <div className="fr-fieldset__element">
                <Select
                  label={t.event}
                  nativeSelectProps={{
                    name: 'event',
                    required: true,
                    value: form.eventId,
                    onChange: (change) =>
                      setForm((current) => ({
                        ...current,
                        eventId: change.target.value,
                        category:
                          events.find((candidate) => candidate.id === change.target.value)?.stock[0]
                            ?.category ?? '',
                      })),
                  }}
                >
                  <option value="" disabled>
                    {t.choose}
                  </option>
                  {events.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {`${candidate.code} — ${candidate.sport}, ${candidate.discipline} (${formatParisDateTime(lang, candidate.startsAt)})`}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="fr-fieldset__element">
                <Select
                  label={t.category}
                  nativeSelectProps={{
                    name: 'category',
                    required: true,
                    value: form.category,
                    onChange: (change) => set('category')(change.target.value),
                  }}
                >
                  {(event?.stock ?? []).map((line) => (
                    <option key={line.category} value={line.category}>
                      {line.category}
                    </option>
                  ))}
                </Select>
                {available !== undefined && (
                  <p className="fr-hint-text" role="status">
                    {t.available(formatCount(lang, available))}
                  </p>
                )}
              </div>
              <div className="fr-fieldset__element">
                <Input
                  label={t.quantity}
                  {...fieldState(problem, 'quantity')}
                  nativeInputProps={{
                    name: 'quantity',
                    type: 'number',
                    inputMode: 'numeric',
                    min: 1,
                    step: 1,
                    required: true,
                    value: form.quantity,
                    onChange: (change) => set('quantity')(change.target.value),
                  }}
                />
              </div>
              <div className="fr-fieldset__element">
                <Input
                  label={t.reason}
                  hintText={t.reasonHint}
                  {...fieldState(problem, 'reason')}
                  nativeInputProps={{
                    name: 'reason',
                    required: true,
                    maxLength: 500,
                    value: form.reason,
                    onChange: (change) => set('reason')(change.target.value),
                  }}
                />
              </div>
              <div className="fr-fieldset__element">
                <Button type="submit">{t.submit}</Button>
              </div>
            </fieldset>
          </form>

          <h2>{t.attachTitle}</h2>
          <form onSubmit={(submitted) => void submitAttach(submitted)}>
            <fieldset className="fr-fieldset">
              <legend className="fr-fieldset__legend fr-sr-only">{t.attachTitle}</legend>
              <p className="fr-fieldset__element">{t.attachLead}</p>
              <div className="fr-fieldset__element">
                <ChoiceSelect
                  label={t.programme}
                  name="attach-programme"
                  value={attach.programmeId}
                  onChange={(value) => setAttach((current) => ({ ...current, programmeId: value }))}
                  placeholder={t.choose}
                  choices={programmes.map((one) => ({ value: one.id, label: one.name }))}
                />
              </div>
              <div className="fr-fieldset__element">
                <ChoiceSelect
                  label={t.operator}
                  name="attach-operator"
                  value={attach.operatorId}
                  onChange={(value) => setAttach((current) => ({ ...current, operatorId: value }))}
                  placeholder={t.choose}
                  choices={operators.map((one) => ({ value: one.id, label: one.name }))}
                />
              </div>
              <div className="fr-fieldset__element">
                <Button type="submit" priority="secondary">
                  {t.attach}
                </Button>
              </div>
            </fieldset>
          </form>
        </>
      )}
    </div>
  );
}
