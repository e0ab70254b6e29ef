import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { returnParam } from '../../app/access';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { SessionState } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary, type Lang } from '../../app/i18n';
import { nextStepOf, useSession } from '../../app/session';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import type { LoginNotice } from './InvitationPage';
import { usePageTitle } from '../../ui/usePageTitle';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  email: string;
  emailHint: string;
  password: string;
  submit: string;
  noAccount: string;
  required: string;
}> = {
  fr: {
    pageTitle: 'Connexion à Gradins',
    lead: 'Espace réservé aux agents des programmes, des opérateurs et des organisateurs, avec un compte personnel.',
    email: 'Adresse e-mail',
    emailHint: 'Format attendu\u00a0: prenom.nom@exemple.fr',
    password: 'Mot de passe',
    submit: 'Se connecter',
    noAccount:
      'Pas encore de compte\u00a0? Les comptes sont créés sur invitation\u00a0: adressez-vous à l’administrateur de votre organisation.',
    required: 'Champ obligatoire',
  },
  en: {
    pageTitle: 'Sign in to Gradins',
    lead: 'For the staff of programmes, operators and organisers, with a personal account.',
    email: 'E-mail address',
    emailHint: 'Expected format: firstname.lastname@example.com',
    password: 'Password',
    submit: 'Sign in',
    noAccount: 'No account yet? Accounts are created by invitation: ask your organisation’s administrator.',
    required: 'Required field',
  },
};

/** Where to go once signed in: the page that sent the user here, or their account. */
export function useReturnPath(): string {
  const lang = useLang();
  const [params] = useSearchParams();
  return safeReturnPath(params.get(returnParam), lang);
}

export function safeReturnPath(candidate: string | null, lang: Lang): string {
  if (candidate !== null && candidate.startsWith('/') && !candidate.startsWith('//')) return candidate;
  return localizedPath(lang, 'mon-compte');
}

export function secondFactorPath(lang: Lang, returnPath: string): string {
  return `${localizedPath(lang, 'connexion/double-authentification')}?${returnParam}=${encodeURIComponent(returnPath)}`;
}

export function LoginPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const session = useSession();
  const navigate = useNavigate();
  const returnPath = useReturnPath();
  const notice = (useLocation().state ?? undefined) as LoginNotice | undefined;
  const [email, setEmail] = useState(notice?.email ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  if (!busy && session.signedIn) return <Navigate replace to={returnPath} />;
  if (!busy && session.pending) return <Navigate replace to={secondFactorPath(lang, returnPath)} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const state = await api<SessionState>('POST', '/api/v1/session', { email, password });
      session.update(state);
      await navigate(nextStepOf(state) === 'none' ? returnPath : secondFactorPath(lang, returnPath));
    } catch (error) {
      setProblem(asProblem(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const passwordErrors = problem?.fieldErrors('password') ?? [];
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>{t.pageTitle}</h1>
          <p>{t.lead}</p>
          {problem === undefined && <SuccessAlert message={notice?.notice} />}
          <ProblemAlert problem={problem} />
          <form onSubmit={(event) => void submit(event)} noValidate>
            <Input
              label={t.email}
              hintText={t.emailHint}
              {...fieldState(problem, 'email')}
              nativeInputProps={{
                type: 'email',
                name: 'email',
                autoComplete: 'username',
                required: true,
                value: email,
                onChange: (event) => setEmail(event.target.value),
              }}
            />
            <PasswordInput
              label={t.password}
              messagesHint=""
              messages={passwordErrors.map((message) => ({ severity: 'error', message }))}
              nativeInputProps={{
                name: 'password',
                autoComplete: 'current-password',
                required: true,
                value: password,
                onChange: (event) => setPassword(event.target.value),
              }}
            />
            <Button type="submit" disabled={busy} className="fr-mt-3w">
              {t.submit}
            </Button>
          </form>
          <p className="fr-mt-4w fr-text--sm">{t.noAccount}</p>
        </div>
      </div>
    </div>
  );
}
