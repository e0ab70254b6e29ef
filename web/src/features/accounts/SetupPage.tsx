import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { SessionState } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { nextStepOf, useSession } from '../../app/session';
import { fieldState, ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { LinkGate } from './links';
import { secondFactorPath } from './LoginPage';
import { NewPasswordInput } from './NewPasswordInput';

const messages: Dictionary<{
  pageTitle: string;
  lead: string;
  mfaNotice: string;
  email: string;
  emailHint: string;
  displayName: string;
  displayNameHint: string;
  organisationName: string;
  organisationHint: string;
  password: string;
  submit: string;
}> = {
  fr: {
    pageTitle: 'Installation de Gradins',
    lead: 'Créez le compte du premier administrateur technique. Il pourra ensuite inviter les autres utilisateurs.',
    mfaNotice:
      'Après ce formulaire, vous activerez la double authentification\u00a0: gardez à portée de main un téléphone avec une application d’authentification.',
    email: 'Adresse e-mail professionnelle',
    emailHint: 'Format attendu\u00a0: prenom.nom@exemple.fr',
    displayName: 'Prénom et nom',
    displayNameHint: 'Tels qu’ils apparaîtront aux autres utilisateurs',
    organisationName: 'Nom de votre organisation',
    organisationHint: 'Par exemple\u00a0: Délégation interministérielle aux Jeux olympiques et paralympiques',
    password: 'Mot de passe',
    submit: 'Créer le compte administrateur',
  },
  en: {
    pageTitle: 'Setting up Gradins',
    lead: 'Create the account of the first technical administrator, who will then invite the other users.',
    mfaNotice:
      'After this form you will set up two-factor authentication: keep a phone with an authenticator app at hand.',
    email: 'Work e-mail address',
    emailHint: 'Expected format: firstname.lastname@example.com',
    displayName: 'First name and surname',
    displayNameHint: 'As other users will see them',
    organisationName: 'Name of your organisation',
    organisationHint: 'For instance: Interministerial delegation for the Olympic and Paralympic Games',
    password: 'Password',
    submit: 'Create the administrator account',
  },
};

export function SetupPage() {
  return <LinkGate purpose="first_admin">{(_link, token) => <SetupForm token={token} />}</LinkGate>;
}

function SetupForm({ token }: { token: string }) {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const session = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organisationName, setOrganisationName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', '/api/v1/setup/first-admin', {
        token,
        email,
        displayName,
        organisationName,
        password,
      });
    } catch (error) {
      setProblem(asProblem(error));
      setBusy(false);
      return;
    }
    // The account exists: sign in with what was just typed, straight to the second-factor enrolment.
    const home = localizedPath(lang, 'mon-compte');
    try {
      const state = await api<SessionState>('POST', '/api/v1/session', { email, password });
      session.update(state);
      await navigate(nextStepOf(state) === 'none' ? home : secondFactorPath(lang, home));
    } catch {
      await navigate(localizedPath(lang, 'connexion'));
    }
  };

  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-10 fr-col-lg-7">
          <h1>{t.pageTitle}</h1>
          <p className="fr-text--lead">{t.lead}</p>
          <p>{t.mfaNotice}</p>
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
            <Input
              label={t.displayName}
              hintText={t.displayNameHint}
              {...fieldState(problem, 'displayName')}
              nativeInputProps={{
                name: 'displayName',
                autoComplete: 'name',
                required: true,
                maxLength: 120,
                value: displayName,
                onChange: (event) => setDisplayName(event.target.value),
              }}
            />
            <Input
              label={t.organisationName}
              hintText={t.organisationHint}
              {...fieldState(problem, 'organisationName')}
              nativeInputProps={{
                name: 'organisationName',
                autoComplete: 'organization',
                required: true,
                maxLength: 200,
                value: organisationName,
                onChange: (event) => setOrganisationName(event.target.value),
              }}
            />
            <NewPasswordInput
              label={t.password}
              value={password}
              onChange={setPassword}
              problem={problem}
              field="password"
            />
            <Button type="submit" disabled={busy}>
              {t.submit}
            </Button>
          </form>
        </div>
      </div>
    </div>
  );
}
