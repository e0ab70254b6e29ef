import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useState, type FormEvent } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import { useMessages } from '../../app/i18n';
import type { BanDetail, BanInput, BanKind } from './contracts';
import { registryApi } from './BansShell';
import { FieldErrorSummary, messagesAt, stateAt } from './FieldErrors';
import { banMessages } from './messages';

// The form of a ban, entered by hand or changed: exactly AU-42's fields (identity, then a judicial or an
// administrative measure), never the reasons.

interface Draft {
  surname: string;
  firstName: string;
  address: string;
  birthDate: string;
  birthPlace: string;
  kind: BanKind;
  decisionDate: string;
  durationMonths: string;
  forbiddenVenues: string;
  includesSurroundings: boolean;
  eventTypes: string;
  orderDate: string;
  validUntil: string;
  mustAnswerSummons: boolean;
}

const empty: Draft = {
  surname: '',
  firstName: '',
  address: '',
  birthDate: '',
  birthPlace: '',
  kind: 'judicial',
  decisionDate: '',
  durationMonths: '',
  forbiddenVenues: '',
  includesSurroundings: false,
  eventTypes: '',
  orderDate: '',
  validUntil: '',
  mustAnswerSummons: false,
};

function draftOf(detail: BanDetail): Draft {
  const { identity, measure } = detail;
  return {
    ...empty,
    surname: identity.surname,
    firstName: identity.firstName,
    address: identity.address ?? '',
    birthDate: identity.birthDate,
    birthPlace: identity.birthPlace,
    kind: measure.kind,
    ...(measure.kind === 'judicial'
      ? { decisionDate: measure.decisionDate, durationMonths: String(measure.durationMonths) }
      : {
          forbiddenVenues: measure.forbiddenVenues.join('\n'),
          includesSurroundings: measure.includesSurroundings,
          eventTypes: measure.eventTypes.join('\n'),
          orderDate: measure.orderDate,
          validUntil: measure.validUntil,
          mustAnswerSummons: measure.mustAnswerSummons,
        }),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

function inputOf(draft: Draft): BanInput {
  return {
    identity: {
      surname: draft.surname,
      firstName: draft.firstName,
      address: draft.address.trim() === '' ? null : draft.address,
      birthDate: draft.birthDate,
      birthPlace: draft.birthPlace,
    },
    measure:
      draft.kind === 'judicial'
        ? { kind: 'judicial', decisionDate: draft.decisionDate, durationMonths: Number(draft.durationMonths) }
        : {
            kind: 'administrative',
            forbiddenVenues: lines(draft.forbiddenVenues),
            includesSurroundings: draft.includesSurroundings,
            eventTypes: lines(draft.eventTypes),
            orderDate: draft.orderDate,
            validUntil: draft.validUntil,
            mustAnswerSummons: draft.mustAnswerSummons,
          },
  };
}

type TextField = Exclude<keyof Draft, 'kind' | 'includesSurroundings' | 'mustAnswerSummons'>;
const pathOf: Record<TextField, string> = {
  surname: 'identity.surname',
  firstName: 'identity.firstName',
  address: 'identity.address',
  birthDate: 'identity.birthDate',
  birthPlace: 'identity.birthPlace',
  decisionDate: 'measure.decisionDate',
  durationMonths: 'measure.durationMonths',
  forbiddenVenues: 'measure.forbiddenVenues',
  eventTypes: 'measure.eventTypes',
  orderDate: 'measure.orderDate',
  validUntil: 'measure.validUntil',
};
const idOf = (field: string) => `ban-${field}`;

/** Enters a ban (`POST …/bans`) or replaces one (`PUT …/bans/{id}`) and hands back the saved record. */
export function BanForm({
  organiserId,
  existing,
  onSaved,
}: {
  organiserId: string;
  existing?: BanDetail;
  onSaved: (detail: BanDetail) => void;
}) {
  const t = useMessages(banMessages).form;
  const [draft, setDraft] = useState<Draft>(() => (existing ? draftOf(existing) : empty));
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));

  const labels: Record<TextField, string> = {
    surname: t.surname,
    firstName: t.firstName,
    address: t.address,
    birthDate: t.birthDate,
    birthPlace: t.birthPlace,
    decisionDate: t.decisionDate,
    durationMonths: t.durationMonths,
    forbiddenVenues: t.forbiddenVenues,
    eventTypes: t.eventTypes,
    orderDate: t.orderDate,
    validUntil: t.validUntil,
  };
  const shown: TextField[] = [
    'surname',
    'firstName',
    'address',
    'birthDate',
    'birthPlace',
    ...(draft.kind === 'judicial'
      ? (['decisionDate', 'durationMonths'] as const)
      : (['forbiddenVenues', 'eventTypes', 'orderDate', 'validUntil'] as const)),
  ];

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setProblem(undefined);
    setSending(true);
    try {
      const base = `${registryApi(organiserId)}/bans`;
      const saved = existing
        ? await api<BanDetail>('PUT', `${base}/${existing.id}`, inputOf(draft))
        : await api<BanDetail>('POST', base, inputOf(draft));
      onSaved(saved);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setSending(false);
    }
  };

  const check = (name: 'includesSurroundings' | 'mustAnswerSummons') => (
    <div className="fr-fieldset__element">
      <Checkbox
        options={[
          {
            label: t[name],
            nativeInputProps: {
              name,
              checked: draft[name],
              onChange: (change) => set(name, change.target.checked),
            },
          },
        ]}
      />
    </div>
  );
  const invalid = (name: TextField) =>
    messagesAt(problem, pathOf[name]).length > 0 ? { 'aria-invalid': true as const } : {};
  const field = (
    name: TextField,
    extra: { type?: string; hint?: string; required?: boolean; multiline?: boolean } = {},
  ) => (
    <div className="fr-fieldset__element">
      {extra.multiline ? (
        <Input
          textArea
          label={labels[name]}
          {...(extra.hint !== undefined && { hintText: extra.hint })}
          {...stateAt(problem, pathOf[name])}
          nativeTextAreaProps={{
            id: idOf(name),
            ...invalid(name),
            name,
            required: true,
            rows: 3,
            autoComplete: 'off',
            value: draft[name],
            onChange: (change) => set(name, change.target.value),
          }}
        />
      ) : (
        <Input
          label={labels[name]}
          {...(extra.hint !== undefined && { hintText: extra.hint })}
          {...stateAt(problem, pathOf[name])}
          nativeInputProps={{
            id: idOf(name),
            ...invalid(name),
            name,
            type: extra.type ?? 'text',
            required: extra.required ?? true,
            value: draft[name],
            onChange: (change) => set(name, change.target.value),
            ...(extra.type === 'number' && { min: 1, max: 120, step: 1, inputMode: 'numeric' as const }),
            // A banned person's details must not come back as the browser's suggestions.
            autoComplete: 'off',
          }}
        />
      )}
    </div>
  );

  return (
    <form onSubmit={(submitted) => void submit(submitted)} noValidate autoComplete="off" className="fr-mb-6w">
      <p className="fr-text--sm">{t.required}</p>
      <FieldErrorSummary
        problem={problem}
        fields={shown.map((name) => ({ path: pathOf[name], id: idOf(name), label: labels[name] }))}
      />
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h2 fr-h4">{t.identity}</legend>
        {field('surname')}
        {field('firstName')}
        {field('address', { hint: t.addressHint, required: false })}
        {field('birthDate', { type: 'date' })}
        {field('birthPlace')}
      </fieldset>
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend fr-h2 fr-h4">{t.measure}</legend>
        <div className="fr-fieldset__element">
          <RadioButtons
            legend={t.kind}
            name="kind"
            options={(['judicial', 'administrative'] as const).map((kind) => ({
              label: t.kinds[kind],
              nativeInputProps: {
                value: kind,
                checked: draft.kind === kind,
                onChange: () => set('kind', kind),
              },
            }))}
          />
        </div>
        {draft.kind === 'judicial' ? (
          <>
            {field('decisionDate', { type: 'date' })}
            {field('durationMonths', { type: 'number', hint: t.durationHint })}
          </>
        ) : (
          <>
            {field('forbiddenVenues', { multiline: true, hint: t.listHint })}
            {check('includesSurroundings')}
            {field('eventTypes', { multiline: true, hint: t.eventTypesHint })}
            {field('orderDate', { type: 'date' })}
            {field('validUntil', { type: 'date', hint: t.validUntilHint })}
            {check('mustAnswerSummons')}
          </>
        )}
        <div className="fr-fieldset__element">
          <Button type="submit" disabled={sending}>
            {existing ? t.save : t.create}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
