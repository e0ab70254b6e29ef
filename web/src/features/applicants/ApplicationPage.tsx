import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { ToggleSwitch } from '@codegouvfr/react-dsfr/ToggleSwitch';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type {
  ApplicationForm,
  ApplicationSubmitted,
  EligibilityStatus,
  NoticeVersion,
} from '../../app/contracts';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { statusNames } from '../stock/labels';
import { EventRanking } from './EventRanking';
import { applicantMessages } from './messages';

/** Whole years between two ISO dates (the same rule as the server's). */
export function ageOn(birthDate: string, day: string): number | undefined {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const on = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!birth || !on) return undefined;
  const [by, bm, bd] = birth.slice(1).map(Number) as [number, number, number];
  const [oy, om, od] = on.slice(1).map(Number) as [number, number, number];
  return oy - by - (om > bm || (om === bm && od >= bd) ? 0 : 1);
}

const extra: Dictionary<{ pageTitle: (programme: string) => string }> = {
  fr: { pageTitle: (programme) => `Candidater — ${programme}` },
  en: { pageTitle: (programme) => `Apply — ${programme}` },
};

/** A notice shown in full, in a DSFR accordion-like disclosure that keeps its text in the page. */
export function NoticeText({ notice, title }: { notice: NoticeVersion | undefined; title: string }) {
  if (!notice) return null;
  return (
    <details className="fr-mb-2w">
      <summary>{title}</summary>
      <div className="fr-mt-1w" style={{ whiteSpace: 'pre-line' }}>
        {notice.body}
      </div>
      <p className="fr-text--xs fr-mt-1w">{`Version ${notice.version} — SHA-256 ${notice.sha256.slice(0, 16)}…`}</p>
    </details>
  );
}

/**
 * The public application form of a programme (TAJ-4, TAJ-5, TAJ-6, TAJ-19): the least data, the notice in a
 * plain and an easy-to-read version, the consents a minor needs (under 15: the child and the representative),
 * the charter and the commitment, and the separate opt-in for after the Games.
 */
export function ApplicationPage() {
  const lang = useLang();
  const t = useMessages(applicantMessages);
  const { programmeId = '' } = useParams();
  const [form, setForm] = useState<ApplicationForm | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [receipt, setReceipt] = useState<ApplicationSubmitted | undefined>(undefined);
  const [easyRead, setEasyRead] = useState(false);
  const [eventChoices, setEventChoices] = useState<string[]>([]);
  const submissionId = useRef(crypto.randomUUID());
  const receiptRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState({
    operatorId: '',
    birthSurname: '',
    firstNames: '',
    birthDate: '',
    email: '',
    representative: '',
    statuses: {} as Partial<Record<EligibilityStatus, boolean>>,
    withCarer: false,
    carerSurname: '',
    carerFirstNames: '',
    carerBirthDate: '',
    carerConsents: false,
    carerProof: false,
    person: false,
    representativeConsents: false,
    usageCharter: false,
    attendance: false,
    postGamesContact: false,
  });
  usePageTitle(extra[lang].pageTitle(form?.programme.name ?? t.applyTitle));

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
  const today = new Date().toISOString().slice(0, 10);
  const age = ageOn(draft.birthDate, today);
  const minor = age !== undefined && age < 18;
  const underFifteen = age !== undefined && age < 15;
  const isDisability = form?.programme.targetPublic === 'disability';
  // The statuses the programme's rules accept, with the proof each needs: the form asks exactly those.
  const accepted = (form?.programme.eligibility.requirements ?? []).flatMap(
    (requirement) => requirement.anyOf,
  );
  const askedStatuses = [...new Set(accepted.map((option) => option.status))];
  const proofOf = (status: EligibilityStatus) => accepted.find((option) => option.status === status)?.proof;

  const set = <K extends keyof typeof draft>(field: K, value: (typeof draft)[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    if (!form) return;
    setProblem(undefined);
    try {
      const result = await api<ApplicationSubmitted>(
        'POST',
        `/api/v1/programmes/${programmeId}/applications`,
        {
          submissionId: submissionId.current,
          operatorId: draft.operatorId,
          person: {
            birthSurname: draft.birthSurname,
            firstNames: draft.firstNames,
            birthDate: draft.birthDate,
          },
          email: draft.email,
          statuses: askedStatuses
            .filter((status) => draft.statuses[status] !== undefined)
            .map((status) => ({
              status,
              proofProvided: draft.statuses[status] === true,
            })),
          ...(minor &&
            draft.representative.trim() !== '' && { representative: { fullName: draft.representative } }),
          ...(isDisability &&
            draft.withCarer && {
              carer: {
                birthSurname: draft.carerSurname,
                firstNames: draft.carerFirstNames,
                birthDate: draft.carerBirthDate,
                proofProvided: draft.carerProof,
                consents: draft.carerConsents,
              },
            }),
          eventChoices,
          consents: {
            person: !minor || underFifteen ? draft.person : false,
            representative: minor ? draft.representativeConsents : false,
            usageCharter: draft.usageCharter,
            attendance: draft.attendance,
            postGamesContact: draft.postGamesContact,
          },
          notices: {
            privacy: notice(easyRead ? 'privacy_notice_easy' : 'privacy_notice')!.id,
            usageCharter: notice('usage_charter')!.id,
            attendance: notice('attendance_commitment')!.id,
            ...(draft.postGamesContact && { postGamesContact: notice('post_games_contact')!.id }),
          },
        },
      );
      setReceipt(result);
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const text = (
    field: 'birthSurname' | 'firstNames' | 'email' | 'representative' | 'carerSurname' | 'carerFirstNames',
    label: string,
    options: { hint?: string; type?: string; autoComplete?: string; errorPath?: string } = {},
  ) => (
    <div className="fr-fieldset__element">
      <Input
        label={label}
        {...(options.hint !== undefined && { hintText: options.hint })}
        {...fieldState(problem, options.errorPath ?? field)}
        nativeInputProps={{
          name: field,
          type: options.type ?? 'text',
          required: true,
          autoComplete: options.autoComplete ?? 'off',
          value: draft[field],
          onChange: (change) => set(field, change.target.value),
        }}
      />
    </div>
  );

  if (receipt) {
    return (
      <div className="fr-container fr-py-6w">
        <h1>{t.checkMailboxTitle}</h1>
        <div ref={receiptRef} tabIndex={-1} role="status">
          <p className="fr-text--lead">{t.checkMailbox(receipt.confirmWithinHours)}</p>
          <p>{t.checkMailboxSpam}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="fr-container fr-py-6w">
      <h1>{form ? extra[lang].pageTitle(form.programme.name) : t.applyTitle}</h1>
      <p>{t.applyLead}</p>
      <ProblemAlert problem={problem} />
      {form && (
        <form onSubmit={(submitted) => void submit(submitted)} noValidate={false}>
          <ToggleSwitch
            label={t.easyRead}
            helperText={t.easyReadHint}
            checked={easyRead}
            onChange={setEasyRead}
            showCheckedHint={false}
          />
          <NoticeText
            notice={notice(easyRead ? 'privacy_notice_easy' : 'privacy_notice')}
            title={easyRead ? t.noticeEasyTitle : t.noticeTitle}
          />

          {form.operators.length > 1 && (
            <Select
              label={t.operator}
              hint={t.operatorHint}
              nativeSelectProps={{
                name: 'operator',
                required: true,
                value: draft.operatorId,
                onChange: (change) => set('operatorId', change.target.value),
              }}
            >
              <option value="" disabled>
                {t.choose}
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
              <h2 className="fr-h4 fr-mb-0">{t.whoTitle}</h2>
            </legend>
            {text('birthSurname', t.birthSurname, {
              hint: t.birthSurnameHint,
              autoComplete: 'family-name',
              errorPath: 'birthSurname',
            })}
            {text('firstNames', t.firstNames, { hint: t.firstNamesHint, autoComplete: 'given-name' })}
            <div className="fr-fieldset__element">
              <Input
                label={t.birthDate}
                {...fieldState(problem, 'birthDate')}
                nativeInputProps={{
                  name: 'birthDate',
                  type: 'date',
                  required: true,
                  value: draft.birthDate,
                  onChange: (change) => set('birthDate', change.target.value),
                }}
              />
            </div>
            {text('email', minor ? t.emailOfRepresentative : t.email, {
              type: 'email',
              autoComplete: 'email',
              hint: t.emailHint,
            })}
          </fieldset>

          {askedStatuses.length > 0 && (
            <fieldset className="fr-fieldset">
              <legend className="fr-fieldset__legend">
                <h2 className="fr-h4 fr-mb-0">{t.statusTitle}</h2>
              </legend>
              {askedStatuses.map((status) => (
                <div className="fr-fieldset__element" key={status}>
                  <Checkbox
                    options={[
                      {
                        label: statusNames[lang][status],
                        nativeInputProps: {
                          name: `status-${status}`,
                          checked: draft.statuses[status] !== undefined,
                          onChange: (change) =>
                            setDraft((current) => {
                              const statuses = { ...current.statuses };
                              if (change.target.checked) statuses[status] = false;
                              else delete statuses[status];
                              return { ...current, statuses };
                            }),
                        },
                      },
                      ...(draft.statuses[status] !== undefined
                        ? [
                            {
                              label: t.proofProvided(statusNames[lang][status]),
                              hintText: proofOf(status),
                              nativeInputProps: {
                                name: `proof-${status}`,
                                checked: draft.statuses[status] === true,
                                onChange: (change: { target: { checked: boolean } }) =>
                                  setDraft((current) => ({
                                    ...current,
                                    statuses: { ...current.statuses, [status]: change.target.checked },
                                  })),
                              },
                            },
                          ]
                        : []),
                    ]}
                  />
                </div>
              ))}
            </fieldset>
          )}

          {isDisability && (
            <fieldset className="fr-fieldset">
              <legend className="fr-fieldset__legend">
                <h2 className="fr-h4 fr-mb-0">{t.carerTitle}</h2>
              </legend>
              <div className="fr-fieldset__element">
                <Checkbox
                  options={[
                    {
                      label: t.withCarer,
                      hintText: t.withCarerHint,
                      nativeInputProps: {
                        name: 'withCarer',
                        checked: draft.withCarer,
                        onChange: (change) => set('withCarer', change.target.checked),
                      },
                    },
                  ]}
                />
              </div>
              {draft.withCarer && (
                <>
                  {text('carerSurname', t.carerSurname, { errorPath: 'carer.birthSurname' })}
                  {text('carerFirstNames', t.carerFirstNames)}
                  <div className="fr-fieldset__element">
                    <Input
                      label={t.carerBirthDate}
                      nativeInputProps={{
                        type: 'date',
                        required: true,
                        name: 'carerBirthDate',
                        value: draft.carerBirthDate,
                        onChange: (change) => set('carerBirthDate', change.target.value),
                      }}
                    />
                  </div>
                  <div className="fr-fieldset__element">
                    <Checkbox
                      options={[
                        {
                          label: t.carerProof,
                          nativeInputProps: {
                            name: 'carerProof',
                            checked: draft.carerProof,
                            onChange: (change) => set('carerProof', change.target.checked),
                          },
                        },
                        {
                          label: t.carerConsents,
                          nativeInputProps: {
                            name: 'carerConsents',
                            checked: draft.carerConsents,
                            onChange: (change) => set('carerConsents', change.target.checked),
                          },
                        },
                      ]}
                    />
                  </div>
                </>
              )}
            </fieldset>
          )}

          <EventRanking
            events={form.events}
            max={form.programme.maxEventChoices}
            value={eventChoices}
            onChange={setEventChoices}
            pair={isDisability && draft.withCarer}
          />

          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">
              <h2 className="fr-h4 fr-mb-0">{t.consentTitle}</h2>
            </legend>
            {minor && (
              <>
                <p className="fr-fieldset__element">{underFifteen ? t.underFifteen : t.minor}</p>
                {text('representative', t.representativeName, {
                  autoComplete: 'name',
                  hint: t.representativeHint,
                })}
              </>
            )}
            <div className="fr-fieldset__element">
              <Checkbox
                options={[
                  ...(!minor || underFifteen
                    ? [
                        {
                          label: underFifteen ? t.childConsents : t.personConsents,
                          nativeInputProps: {
                            name: 'consentPerson',
                            checked: draft.person,
                            onChange: (change: { target: { checked: boolean } }) =>
                              set('person', change.target.checked),
                          },
                        },
                      ]
                    : []),
                  ...(minor
                    ? [
                        {
                          label: t.representativeConsents,
                          nativeInputProps: {
                            name: 'consentRepresentative',
                            checked: draft.representativeConsents,
                            onChange: (change: { target: { checked: boolean } }) =>
                              set('representativeConsents', change.target.checked),
                          },
                        },
                      ]
                    : []),
                ]}
              />
            </div>
            <div className="fr-fieldset__element">
              <NoticeText notice={notice('usage_charter')} title={t.charterTitle} />
              <NoticeText notice={notice('attendance_commitment')} title={t.attendanceTitle} />
              <Checkbox
                options={[
                  {
                    label: t.acceptCharter,
                    nativeInputProps: {
                      name: 'usageCharter',
                      checked: draft.usageCharter,
                      onChange: (change) => set('usageCharter', change.target.checked),
                    },
                  },
                  {
                    label: t.commitAttendance,
                    nativeInputProps: {
                      name: 'attendance',
                      checked: draft.attendance,
                      onChange: (change) => set('attendance', change.target.checked),
                    },
                  },
                ]}
              />
            </div>
            <div className="fr-fieldset__element">
              <NoticeText notice={notice('post_games_contact')} title={t.postGamesTitle} />
              <Checkbox
                options={[
                  {
                    label: t.postGamesOptIn,
                    hintText: t.postGamesHint,
                    nativeInputProps: {
                      name: 'postGamesContact',
                      checked: draft.postGamesContact,
                      onChange: (change) => set('postGamesContact', change.target.checked),
                    },
                  },
                ]}
              />
            </div>
          </fieldset>
          <Button type="submit">{t.submit}</Button>
        </form>
      )}
    </div>
  );
}
