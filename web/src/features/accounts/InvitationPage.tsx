import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { LinkState } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { LinkGate } from './links';
import { NewPasswordInput } from './NewPasswordInput';

const messages: Dictionary<{
  pageTitle: string;
  welcome: (name: string | undefined) => string;
  account: (email: string) => string;
  mfaNotice: string;
  password: string;
  submit: string;
  done: string;
}> = {
  fr: {
    pageTitle: 'Activer votre compte',
    welcome: (name) => (name ? `Bienvenue, ${name}.` : 'Bienvenue.'),
    account: (email) => `Choisissez le mot de passe du compte ${email}.`,
    mfaNotice:
      'Votre compte exige la double authentification\u00a0: à la première connexion, vous l’activerez avec une application d’authentification.',
    password: 'Mot de passe',
    submit: 'Enregistrer mon mot de passe',
    done: 'Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.',
  },
  en: {
    pageTitle: 'Activate your account',
    welcome: (name) => (name ? `Welcome, ${name}.` : 'Welcome.'),
    account: (email) => `Choose the password of the account ${email}.`,
    mfaNotice:
      'Your account requires two-factor authentication: you will set it up with an authenticator app when you first sign in.',
    password: 'Password',
    submit: 'Save my password',
    done: 'Your password is saved. You can now sign in.',
  },
};

/** What the login page shows after an activation: a success message and the e-mail filled in. */
export interface LoginNotice {
  notice: string;
  email?: string;
}

export function InvitationPage() {
  return (
    <LinkGate purpose="invitation">{(link, token) => <InvitationForm link={link} token={token} />}</LinkGate>
  );
}

function InvitationForm({ link, token }: { link: LinkState; token: string }) {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', '/api/v1/invitations/accept', { token, password });
      const state: LoginNotice = { notice: t.done, ...(link.email !== undefined && { email: link.email }) };
      await navigate(localizedPath(lang, 'connexion'), { state });
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-10 fr-col-lg-7">
          <h1>{t.pageTitle}</h1>
          <p className="fr-text--lead">{t.welcome(link.displayName)}</p>
          {link.email !== undefined && <p>{t.account(link.email)}</p>}
          {link.mfaRequired === true && <p>{t.mfaNotice}</p>}
          <ProblemAlert problem={problem} />
          <form onSubmit={(event) => void submit(event)} noValidate>
            {/* Lets password managers store the new password with the right account. */}
            <input type="hidden" name="username" autoComplete="username" value={link.email ?? ''} readOnly />
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
