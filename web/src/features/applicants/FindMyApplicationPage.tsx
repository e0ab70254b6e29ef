import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { FollowUpLinkRequest, PersonIdentity } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { fieldState, ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  identityLegend: string;
  birthSurname: string;
  birthSurnameHint: string;
  firstNames: string;
  firstNamesHint: string;
  birthDate: string;
  email: string;
  emailHint: string;
  submit: string;
  sent: string;
  sentSpam: string;
  again: string;
  apply: string;
}> = {
  fr: {
    pageTitle: 'Retrouver ma candidature',
    lead: 'Vous avez candidaté, ou un opérateur vous a inscrit, et vous n’avez pas ou plus le lien de suivi de votre candidature ? Indiquez l’identité de la personne candidate et l’adresse électronique donnée lors de la candidature : un nouveau lien y sera envoyé.',
    identityLegend: 'La personne candidate',
    birthSurname: 'Nom de naissance',
    birthSurnameHint: 'Le nom de naissance, pas le nom d’usage',
    firstNames: 'Prénoms',
    firstNamesHint: 'Tous les prénoms, dans l’ordre de l’état civil',
    birthDate: 'Date de naissance',
    email: 'Adresse électronique',
    emailHint:
      'Celle donnée lors de la candidature ; pour un enfant, celle de son représentant légal. Format attendu : nom@domaine.fr',
    submit: 'Recevoir un nouveau lien',
    sent: 'Si une candidature correspond à ces informations, un nouveau lien de suivi vient d’être envoyé à cette adresse. Il reste valable 180 jours ; le précédent ne fonctionne plus.',
    sentSpam:
      'Pensez à regarder dans les courriers indésirables. Un seul lien est envoyé par heure pour une même candidature.',
    again: 'Faire une autre demande',
    apply: 'Candidater à un programme',
  },
  en: {
    pageTitle: 'Find my application',
    lead: 'You applied, or an operator registered you, and you do not have the follow-up link of your application (or it no longer works)? Enter the applicant’s identity and the e-mail address given when applying: a new link will be sent there.',
    identityLegend: 'The applicant',
    birthSurname: 'Birth surname',
    birthSurnameHint: 'The surname at birth, not the married or usual name',
    firstNames: 'First names',
    firstNamesHint: 'All first names, in the order of the civil register',
    birthDate: 'Date of birth',
    email: 'E-mail address',
    emailHint:
      'The one given when applying; for a child, their legal representative’s. Expected format: name@domain.fr',
    submit: 'Get a new link',
    sent: 'If an application matches this information, a new follow-up link has just been sent to this address. It is valid for 180 days; the previous one no longer works.',
    sentSpam: 'Check your spam folder too. One link at most is sent per hour for the same application.',
    again: 'Make another request',
    apply: 'Apply to a programme',
  },
};

const blank = (): PersonIdentity & { email: string } => ({
  birthSurname: '',
  firstNames: '',
  birthDate: '',
  email: '',
});

/**
 * Anyone asks for their follow-up link again (an imported person never had one, a mail got lost). The server
 * answers the same whether or not an application matches, and so does this page.
 */
export function FindMyApplicationPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const [draft, setDraft] = useState(blank);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const sentRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (sent) sentRef.current?.focus();
  }, [sent]);

  const submit = async (submitted: FormEvent) => {
    submitted.preventDefault();
    setProblem(undefined);
    setSending(true);
    const { email, ...person } = draft;
    const request: FollowUpLinkRequest = { person, email };
    try {
      await api('POST', '/api/v1/my-application/link-requests', request);
      setSent(true);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setSending(false);
    }
  };

  const field = (
    name: keyof typeof draft,
    label: string,
    options: { type: string; autoComplete: string; hint?: string },
  ) => (
    <Input
      label={label}
      {...(options.hint !== undefined && { hintText: options.hint })}
      {...fieldState(problem, name)}
      nativeInputProps={{
        name,
        type: options.type,
        required: true,
        autoComplete: options.autoComplete,
        ...(options.type === 'email' && { spellCheck: false, autoCapitalize: 'off' }),
        value: draft[name],
        onChange: (change) => setDraft((current) => ({ ...current, [name]: change.target.value })),
      }}
    />
  );

  if (sent) {
    return (
      <div className="fr-container fr-py-6w">
        <h1>{t.pageTitle}</h1>
        <div ref={sentRef} tabIndex={-1} role="status" className="fr-mb-3w">
          <p className="fr-text--lead">{t.sent}</p>
          <p>{t.sentSpam}</p>
        </div>
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <Button
              priority="secondary"
              onClick={() => {
                setDraft(blank());
                setSent(false);
              }}
            >
              {t.again}
            </Button>
          </li>
          <li>
            <a className="fr-btn fr-btn--tertiary" href={localizedPath(lang, 'candidater')}>
              {t.apply}
            </a>
          </li>
        </ul>
      </div>
    );
  }

  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <h1>{t.pageTitle}</h1>
          <p>{t.lead}</p>
          <ProblemAlert problem={problem} />
          <form onSubmit={(submitted) => void submit(submitted)}>
            <fieldset className="fr-fieldset">
              <legend className="fr-fieldset__legend">{t.identityLegend}</legend>
              <div className="fr-fieldset__element">
                {field('birthSurname', t.birthSurname, {
                  type: 'text',
                  autoComplete: 'family-name',
                  hint: t.birthSurnameHint,
                })}
              </div>
              <div className="fr-fieldset__element">
                {field('firstNames', t.firstNames, {
                  type: 'text',
                  autoComplete: 'given-name',
                  hint: t.firstNamesHint,
                })}
              </div>
              <div className="fr-fieldset__element">
                {field('birthDate', t.birthDate, { type: 'date', autoComplete: 'bday' })}
              </div>
            </fieldset>
            {field('email', t.email, { type: 'email', autoComplete: 'email', hint: t.emailHint })}
            <Button type="submit" disabled={sending}>
              {t.submit}
            </Button>
          </form>
        </div>
      </div>
    </div>
  );
}
