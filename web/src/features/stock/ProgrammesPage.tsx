import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type {
  EligibilityRules,
  EligibilityStatus,
  Programme,
  ProgrammeGames,
  TargetPublic,
} from '../../app/contracts';
import { useCurrentRoles } from '../../app/access';
import { useLang, useMessages, type Dictionary, type Lang } from '../../app/i18n';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { gamesNames, publicNames, statusNames } from './labels';
import { ReclaimUndeliveredSetting } from './ReclaimUndeliveredSetting';

const STATUSES: EligibilityStatus[] = [
  'school_pupil',
  'youth_structure_member',
  'sports_volunteer',
  'disability_card',
  'carer',
  'public_agent_category_b',
  'public_agent_category_c',
  'games_involvement',
];

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  loading: string;
  publicLabel: string;
  gamesLabel: string;
  rules: string;
  age: (min: number | undefined, max: number | undefined) => string;
  anyAge: string;
  requirement: (options: string) => string;
  or: string;
  proof: string;
  operators: string;
  noOperator: string;
  choices: (count: number) => string;
  createTitle: string;
  name: string;
  minAge: string;
  maxAge: string;
  ageHint: string;
  statusesLegend: string;
  statusesHint: string;
  proofOf: (status: string) => string;
  create: string;
  created: (name: string) => string;
}> = {
  fr: {
    pageTitle: 'Programmes',
    lead: 'Chaque programme vise un public et a ses critères d’éligibilité. Les critères sont vérifiés à l’inscription (âge le jour de l’événement, statut et justificatif), pas seulement affichés.',
    loading: 'Chargement…',
    publicLabel: 'Public',
    gamesLabel: 'Jeux',
    rules: 'Critères d’éligibilité',
    age: (min, max) =>
      min !== undefined && max !== undefined
        ? `avoir entre ${min} et ${max} ans le jour de l’événement`
        : min !== undefined
          ? `avoir au moins ${min} ans le jour de l’événement`
          : `avoir au plus ${max} ans le jour de l’événement`,
    anyAge: 'pas de condition d’âge',
    requirement: (options) => `être ${options}`,
    or: 'ou',
    proof: 'justificatif',
    operators: 'Opérateurs rattachés',
    noOperator: 'aucun pour le moment',
    choices: (count) => `Jusqu’à ${count} choix d’événements classés par candidat.`,
    createTitle: 'Créer un programme',
    name: 'Nom du programme',
    minAge: 'Âge minimum (facultatif)',
    maxAge: 'Âge maximum (facultatif)',
    ageHint: 'Âge le jour de l’événement, en années révolues.',
    statusesLegend: 'Statuts acceptés (au moins un est exigé du candidat)',
    statusesHint: 'Laissez vide pour n’exiger aucun statut.',
    proofOf: (status) => `Justificatif demandé — ${status}`,
    create: 'Créer le programme',
    created: (name) => `Programme « ${name} » créé.`,
  },
  en: {
    pageTitle: 'Programmes',
    lead: 'Each programme is for one public and has its eligibility criteria. The criteria are checked at intake (age on the day of the event, status and proof), not just displayed.',
    loading: 'Loading…',
    publicLabel: 'Public',
    gamesLabel: 'Games',
    rules: 'Eligibility criteria',
    age: (min, max) =>
      min !== undefined && max !== undefined
        ? `be between ${min} and ${max} on the day of the event`
        : min !== undefined
          ? `be at least ${min} on the day of the event`
          : `be at most ${max} on the day of the event`,
    anyAge: 'no age condition',
    requirement: (options) => `be ${options}`,
    or: 'or',
    proof: 'proof',
    operators: 'Attached operators',
    noOperator: 'none yet',
    choices: (count) => `Up to ${count} ranked event choices per applicant.`,
    createTitle: 'Create a programme',
    name: 'Programme name',
    minAge: 'Minimum age (optional)',
    maxAge: 'Maximum age (optional)',
    ageHint: 'Age on the day of the event, in whole years.',
    statusesLegend: 'Accepted statuses (the applicant must hold at least one)',
    statusesHint: 'Leave empty to require no status.',
    proofOf: (status) => `Proof asked — ${status}`,
    create: 'Create the programme',
    created: (name) => `Programme "${name}" created.`,
  },
};

function RulesInWords({ rules, lang }: { rules: EligibilityRules; lang: Lang }) {
  const t = messages[lang];
  return (
    <ul>
      <li>{rules.age ? t.age(rules.age.min, rules.age.max) : t.anyAge}</li>
      {rules.requirements.map((requirement, index) => (
        <li key={index}>
          {t.requirement(
            requirement.anyOf.map((option) => statusNames[lang][option.status]).join(` ${t.or} `),
          )}
          <ul>
            {requirement.anyOf.map((option) => (
              <li key={option.status} className="fr-text--sm fr-mb-0">
                {`${t.proof} (${statusNames[lang][option.status]}) : ${option.proof}`}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** The programmes, their publics, rules and operators; the programme administrator creates them (TAJ-1). */
export function ProgrammesPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const canCreate = useCurrentRoles().includes('programme_admin');
  const [programmes, setProgrammes] = useState<Programme[] | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState({
    name: '',
    targetPublic: 'youth' as TargetPublic,
    games: 'both' as ProgrammeGames,
    minAge: '',
    maxAge: '',
    statuses: {} as Partial<Record<EligibilityStatus, string>>,
  });

  const load = useCallback(() => {
    api<Programme[]>('GET', '/api/v1/programmes')
      .then(setProgrammes)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(load, [load]);

  const create = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setProblem(undefined);
    setSuccess(undefined);
    const anyOf = Object.entries(draft.statuses).map(([status, proof]) => ({ status, proof: proof ?? '' }));
    const age = {
      ...(draft.minAge !== '' && { min: Number(draft.minAge) }),
      ...(draft.maxAge !== '' && { max: Number(draft.maxAge) }),
    };
    try {
      const created = await api<Programme>('POST', '/api/v1/programmes', {
        name: draft.name,
        targetPublic: draft.targetPublic,
        games: draft.games,
        eligibility: {
          ...(Object.keys(age).length > 0 && { age }),
          requirements: anyOf.length > 0 ? [{ anyOf }] : [],
        },
      });
      setSuccess(t.created(created.name));
      load();
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

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
          {programmes.map((programme) => (
            <section key={programme.id} className="fr-mb-4w">
              <h2 className="fr-h3">{programme.name}</h2>
              <p className="fr-mb-1w">
                {`${t.publicLabel} : ${publicNames[lang][programme.targetPublic]} — ${t.gamesLabel} : ${gamesNames[lang][programme.games]}`}
              </p>
              <p className="fr-mb-1w">
                <strong>{t.rules}</strong>
              </p>
              <RulesInWords rules={programme.eligibility} lang={lang} />
              <p className="fr-mb-1w">{t.choices(programme.maxEventChoices)}</p>
              {canCreate && <ReclaimUndeliveredSetting programme={programme} onSaved={load} />}
              <p>
                {`${t.operators} : ${
                  programme.operators.length === 0
                    ? t.noOperator
                    : programme.operators.map((operator) => operator.name).join(', ')
                }`}
              </p>
            </section>
          ))}

          {canCreate && (
            <form onSubmit={(submitted) => void create(submitted)}>
              <fieldset className="fr-fieldset">
                <legend className="fr-fieldset__legend fr-h2">{t.createTitle}</legend>
                <div className="fr-fieldset__element">
                  <Input
                    label={t.name}
                    {...fieldState(problem, 'name')}
                    nativeInputProps={{
                      name: 'name',
                      required: true,
                      maxLength: 120,
                      value: draft.name,
                      onChange: (change) =>
                        setDraft((current) => ({ ...current, name: change.target.value })),
                    }}
                  />
                </div>
                <div className="fr-fieldset__element">
                  <Select
                    label={t.publicLabel}
                    nativeSelectProps={{
                      name: 'targetPublic',
                      value: draft.targetPublic,
                      onChange: (change) =>
                        setDraft((current) => ({
                          ...current,
                          targetPublic: change.target.value as TargetPublic,
                        })),
                    }}
                  >
                    {(Object.keys(publicNames[lang]) as TargetPublic[]).map((value) => (
                      <option key={value} value={value}>
                        {publicNames[lang][value]}
                      </option>
                    ))}
                  </Select>
                </div>
                <div className="fr-fieldset__element">
                  <Select
                    label={t.gamesLabel}
                    nativeSelectProps={{
                      name: 'games',
                      value: draft.games,
                      onChange: (change) =>
                        setDraft((current) => ({ ...current, games: change.target.value as ProgrammeGames })),
                    }}
                  >
                    {(['both', 'olympic', 'paralympic'] as const).map((value) => (
                      <option key={value} value={value}>
                        {gamesNames[lang][value]}
                      </option>
                    ))}
                  </Select>
                </div>
                {(['minAge', 'maxAge'] as const).map((field) => (
                  <div className="fr-fieldset__element" key={field}>
                    <Input
                      label={field === 'minAge' ? t.minAge : t.maxAge}
                      hintText={t.ageHint}
                      {...fieldState(problem, 'max')}
                      nativeInputProps={{
                        name: field,
                        type: 'number',
                        min: 0,
                        max: 120,
                        value: draft[field],
                        onChange: (change) =>
                          setDraft((current) => ({ ...current, [field]: change.target.value })),
                      }}
                    />
                  </div>
                ))}
                <div className="fr-fieldset__element">
                  <Checkbox
                    legend={t.statusesLegend}
                    hintText={t.statusesHint}
                    options={STATUSES.map((status) => ({
                      label: statusNames[lang][status],
                      nativeInputProps: {
                        name: 'statuses',
                        value: status,
                        checked: draft.statuses[status] !== undefined,
                        onChange: (change) =>
                          setDraft((current) => {
                            const statuses = { ...current.statuses };
                            if (change.target.checked) statuses[status] = '';
                            else delete statuses[status];
                            return { ...current, statuses };
                          }),
                      },
                    }))}
                  />
                </div>
                {(Object.keys(draft.statuses) as EligibilityStatus[]).map((status) => (
                  <div className="fr-fieldset__element" key={status}>
                    <Input
                      label={t.proofOf(statusNames[lang][status])}
                      nativeInputProps={{
                        name: `proof-${status}`,
                        required: true,
                        maxLength: 200,
                        value: draft.statuses[status] ?? '',
                        onChange: (change) =>
                          setDraft((current) => ({
                            ...current,
                            statuses: { ...current.statuses, [status]: change.target.value },
                          })),
                      }}
                    />
                  </div>
                ))}
                <div className="fr-fieldset__element">
                  <Button type="submit">{t.create}</Button>
                </div>
              </fieldset>
            </form>
          )}
        </>
      )}
    </div>
  );
}
