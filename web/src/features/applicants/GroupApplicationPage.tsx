import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { ApplicationForm, ApplicationSubmitted, NoticeVersion } from '../../app/contracts';
import { useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { NoticeText } from './ApplicationPage';
import { EventRanking } from './EventRanking';
import { applicantMessages } from './messages';

const NEEDS = ['wheelchair', 'reduced_mobility', 'visual', 'hearing'] as const;

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  groupTitle: string;
  groupName: string;
  groupNameHint: string;
  size: string;
  sizeHint: string;
  needsLegend: string;
  needsHint: string;
  needs: Record<(typeof NEEDS)[number], string>;
  managerTitle: string;
  email: string;
  emailHint: string;
  consents: string;
  received: string;
}> = {
  fr: {
    pageTitle: 'Candidature d’un groupe',
    lead: 'Vous êtes enseignant, responsable de club ou d’association : inscrivez votre groupe. Les billets du groupe vous seront envoyés ; vous saisirez ensuite l’identité des participants depuis le lien reçu par courriel. L’opérateur ne voit que vos données, la taille du groupe et les besoins comptés.',
    groupTitle: 'Le groupe',
    groupName: 'Nom du groupe',
    groupNameHint: 'Par exemple « Collège Jean-Moulin, 5e B ».',
    size: 'Nombre de personnes, vous compris',
    sizeHint: 'De 2 à 200.',
    needsLegend: 'Besoins particuliers pour le transport et l’accueil (facultatif)',
    needsHint: 'Des nombres seulement, sans nom : aucune information de santé n’est liée à une personne.',
    needs: {
      wheelchair: 'Places en fauteuil roulant',
      reduced_mobility: 'Personnes à mobilité réduite (sans fauteuil)',
      visual: 'Personnes avec une déficience visuelle',
      hearing: 'Personnes avec une déficience auditive',
    },
    managerTitle: 'Vous, responsable du groupe',
    email: 'Votre adresse électronique personnelle',
    emailHint: 'Les billets du groupe et le lien pour saisir les participants y seront envoyés.',
    consents: 'Vos consentements et engagements',
    received:
      'Une fois la candidature confirmée, un second courriel vous apportera le lien pour saisir les participants.',
  },
  en: {
    pageTitle: 'Group application',
    lead: 'You are a teacher, a club or association leader: register your group. The group’s tickets will be sent to you; you then enter the participants’ identities from the link sent by e-mail. The operator only sees your data, the group’s size and the counted needs.',
    groupTitle: 'The group',
    groupName: 'Group name',
    groupNameHint: 'For instance "Collège Jean-Moulin, 5e B".',
    size: 'Number of people, you included',
    sizeHint: 'From 2 to 200.',
    needsLegend: 'Particular needs for transport and reception (optional)',
    needsHint: 'Numbers only, no names: no health information is tied to a person.',
    needs: {
      wheelchair: 'Wheelchair places',
      reduced_mobility: 'People with reduced mobility (no wheelchair)',
      visual: 'People with a visual impairment',
      hearing: 'People with a hearing impairment',
    },
    managerTitle: 'You, the group manager',
    email: 'Your personal e-mail address',
    emailHint: 'The group’s tickets and the link to enter the participants will be sent there.',
    consents: 'Your consents and commitments',
    received:
      'Once the application is confirmed, a second e-mail brings you the link to enter the participants.',
  },
};

/** A group manager registers a group (TAJ-7, TAJ-8): counts only for mobility, participants come later. */
export function GroupApplicationPage() {
  const t = useMessages(messages);
  const a = useMessages(applicantMessages);
  usePageTitle(t.pageTitle);
  const { programmeId = '' } = useParams();
  const [form, setForm] = useState<ApplicationForm | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [receipt, setReceipt] = useState<ApplicationSubmitted | undefined>(undefined);
  const [eventChoices, setEventChoices] = useState<string[]>([]);
  const submissionId = useRef(crypto.randomUUID());
  const receiptRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState({
    operatorId: '',
    groupName: '',
    size: '',
    needs: { wheelchair: '', reduced_mobility: '', visual: '', hearing: '' } as Record<
      (typeof NEEDS)[number],
      string
    >,
    birthSurname: '',
    firstNames: '',
    birthDate: '',
    email: '',
    person: false,
    usageCharter: false,
    attendance: false,
  });

  useEffect(() => {
    api<ApplicationForm>('GET', `/api/v1/programmes/${programmeId}/application-form`)
      .then((loaded) => {
        setForm(loaded);
        if (loaded.operators.length === 1)
          setDraft((current) => ({ ...current, operatorId: loaded.operators[0]!.id }));
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [programmeId]);
  useEffect(() => {
    if (receipt) receiptRef.current?.focus();
  }, [receipt]);

  const notice = (kind: NoticeVersion['kind']) => form?.notices.find((candidate) => candidate.kind === kind);
  const set = <K extends keyof typeof draft>(field: K, value: (typeof draft)[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setProblem(undefined);
    try {
      setReceipt(
        await api<ApplicationSubmitted>('POST', `/api/v1/programmes/${programmeId}/group-applications`, {
          submissionId: submissionId.current,
          operatorId: draft.operatorId,
          groupName: draft.groupName,
          size: Number(draft.size),
          mobilityNeeds: Object.fromEntries(
            NEEDS.filter((need) => draft.needs[need] !== '').map((need) => [need, Number(draft.needs[need])]),
          ),
          manager: {
            birthSurname: draft.birthSurname,
            firstNames: draft.firstNames,
            birthDate: draft.birthDate,
          },
          email: draft.email,
          eventChoices,
          consents: { person: draft.person, usageCharter: draft.usageCharter, attendance: draft.attendance },
          notices: {
            privacy: notice('privacy_notice')!.id,
            usageCharter: notice('usage_charter')!.id,
            attendance: notice('attendance_commitment')!.id,
          },
        }),
      );
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const input = (
    field: 'groupName' | 'size' | 'birthSurname' | 'firstNames' | 'birthDate' | 'email',
    label: string,
    options: { hint?: string; type?: string; autoComplete?: string } = {},
  ) => (
    <div className="fr-fieldset__element">
      <Input
        label={label}
        {...(options.hint !== undefined && { hintText: options.hint })}
        {...fieldState(problem, field)}
        nativeInputProps={{
          name: field,
          required: true,
          type: options.type ?? 'text',
          autoComplete: options.autoComplete ?? 'off',
          ...(field === 'size' && { min: 2, max: 200, inputMode: 'numeric' as const }),
          value: draft[field],
          onChange: (change) => set(field, change.target.value),
        }}
      />
    </div>
  );

  if (receipt) {
    return (
      <div className="fr-container fr-py-6w">
        <h1>{a.checkMailboxTitle}</h1>
        <div ref={receiptRef} tabIndex={-1} role="status">
          <p className="fr-text--lead">{a.checkMailbox(receipt.confirmWithinHours)}</p>
          <p>{t.received}</p>
          <p>{a.checkMailboxSpam}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="fr-container fr-py-6w">
      <h1>{form ? `${t.pageTitle} — ${form.programme.name}` : t.pageTitle}</h1>
      <p>{t.lead}</p>
      <ProblemAlert problem={problem} />
      {form && (
        <form onSubmit={(submitted) => void submit(submitted)}>
          <NoticeText notice={notice('privacy_notice')} title={a.noticeTitle} />
          {form.operators.length > 1 && (
            <Select
              label={a.operator}
              nativeSelectProps={{
                name: 'operator',
                required: true,
                value: draft.operatorId,
                onChange: (change) => set('operatorId', change.target.value),
              }}
            >
              <option value="" disabled>
                {a.choose}
              </option>
              {form.operators.map((operator) => (
                <option key={operator.id} value={operator.id}>
                  {operator.name}
                </option>
              ))}
            </Select>
          )}
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">
              <h2 className="fr-h4 fr-mb-0">{t.groupTitle}</h2>
            </legend>
            {input('groupName', t.groupName, { hint: t.groupNameHint })}
            {input('size', t.size, { hint: t.sizeHint, type: 'number' })}
          </fieldset>
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">
              <h2 className="fr-h4 fr-mb-0">{t.needsLegend}</h2>
              <span className="fr-hint-text">{t.needsHint}</span>
            </legend>
            {NEEDS.map((need) => (
              <div className="fr-fieldset__element" key={need}>
                <Input
                  label={t.needs[need]}
                  nativeInputProps={{
                    name: `need-${need}`,
                    type: 'number',
                    min: 0,
                    max: 200,
                    inputMode: 'numeric',
                    value: draft.needs[need],
                    onChange: (change) =>
                      setDraft((current) => ({
                        ...current,
                        needs: { ...current.needs, [need]: change.target.value },
                      })),
                  }}
                />
              </div>
            ))}
          </fieldset>
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">
              <h2 className="fr-h4 fr-mb-0">{t.managerTitle}</h2>
            </legend>
            {input('birthSurname', a.birthSurname, { hint: a.birthSurnameHint, autoComplete: 'family-name' })}
            {input('firstNames', a.firstNames, { autoComplete: 'given-name' })}
            {input('birthDate', a.birthDate, { type: 'date' })}
            {input('email', t.email, { type: 'email', hint: t.emailHint, autoComplete: 'email' })}
          </fieldset>
          <EventRanking
            events={form.events}
            max={form.programme.maxEventChoices}
            value={eventChoices}
            onChange={setEventChoices}
          />
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">
              <h2 className="fr-h4 fr-mb-0">{t.consents}</h2>
            </legend>
            <div className="fr-fieldset__element">
              <NoticeText notice={notice('usage_charter')} title={a.charterTitle} />
              <NoticeText notice={notice('attendance_commitment')} title={a.attendanceTitle} />
              <Checkbox
                options={[
                  {
                    label: a.personConsents,
                    nativeInputProps: {
                      name: 'consentPerson',
                      checked: draft.person,
                      onChange: (change) => set('person', change.target.checked),
                    },
                  },
                  {
                    label: a.acceptCharter,
                    nativeInputProps: {
                      name: 'usageCharter',
                      checked: draft.usageCharter,
                      onChange: (change) => set('usageCharter', change.target.checked),
                    },
                  },
                  {
                    label: a.commitAttendance,
                    nativeInputProps: {
                      name: 'attendance',
                      checked: draft.attendance,
                      onChange: (change) => set('attendance', change.target.checked),
                    },
                  },
                ]}
              />
            </div>
          </fieldset>
          <Button type="submit">{a.submit}</Button>
        </form>
      )}
    </div>
  );
}
