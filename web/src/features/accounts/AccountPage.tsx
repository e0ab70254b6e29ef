import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Tag } from '@codegouvfr/react-dsfr/Tag';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { PasskeySummary, RecoveryCodes, SessionSummary } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { useSession } from '../../app/session';
import { fieldState, ProblemAlert, SuccessAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { formatDate, formatDateTime, organisationKindNames, roleNames, scopeNames } from './labels';
import { NewPasswordInput } from './NewPasswordInput';
import { createPasskey } from './passkeys';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { useReauthentication } from './Reauthentication';

const messages: Dictionary<{
  pageTitle: string;
  identity: string;
  email: string;
  name: string;
  organisation: string;
  grants: string;
  noGrant: string;
  grantColumns: [string, string, string, string];
  runsDraws: string;
  active: string;
  inactive: string;
  sessions: string;
  sessionColumns: [string, string, string, string];
  thisSession: string;
  signOutEverywhere: string;
  password: string;
  currentPassword: string;
  newPassword: string;
  changePassword: string;
  passwordChanged: string;
  mfa: string;
  mfaOn: string;
  mfaOff: string;
  mfaRequired: string;
  regenerate: string;
  regenerateHelp: string;
  codesDone: string;
  passkeys: string;
  passkeysLead: string;
  noPasskey: string;
  passkeyColumns: [string, string, string, string];
  never: string;
  remove: string;
  removeWhich: (label: string) => string;
  removed: (label: string) => string;
  newPasskeyLabel: string;
  newPasskeyHint: string;
  addPasskey: string;
  added: (label: string) => string;
}> = {
  fr: {
    pageTitle: 'Mon compte',
    identity: 'Identité',
    email: 'Adresse e-mail',
    name: 'Nom',
    organisation: 'Organisation',
    grants: 'Mes habilitations',
    noGrant: 'Aucune habilitation.',
    grantColumns: ['Rôle', 'Portée', 'Période', 'État'],
    runsDraws: 'conduit des tirages',
    active: 'active',
    inactive: 'inactive',
    sessions: 'Mes sessions',
    sessionColumns: ['Ouverte le', 'Dernière activité', 'Expire le', ''],
    thisSession: 'cette session',
    signOutEverywhere: 'Se déconnecter partout',
    password: 'Changer mon mot de passe',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    changePassword: 'Changer le mot de passe',
    passwordChanged: 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.',
    mfa: 'Double authentification',
    mfaOn: 'activée',
    mfaOff: 'non activée',
    mfaRequired: 'obligatoire pour vos rôles',
    regenerate: 'Générer de nouveaux codes de secours',
    regenerateHelp: 'Les anciens codes de secours cesseront de fonctionner.',
    codesDone: 'Vos nouveaux codes de secours sont enregistrés.',
    passkeys: 'Mes clés d’accès (passkeys)',
    passkeysLead:
      'Une clé d’accès remplace le code à 6\u00a0chiffres à la connexion\u00a0: empreinte, visage ou code de votre appareil, ou clé de sécurité USB. Votre mot de passe reste demandé.',
    noPasskey: 'Aucune clé d’accès.',
    passkeyColumns: ['Nom', 'Ajoutée le', 'Dernière utilisation', 'Action'],
    never: 'jamais',
    remove: 'Retirer',
    removeWhich: (label) => ` la clé «\u00a0${label}\u00a0»`,
    removed: (label) => `La clé d’accès «\u00a0${label}\u00a0» a été retirée.`,
    newPasskeyLabel: 'Nom de la nouvelle clé d’accès',
    newPasskeyHint: 'Par exemple\u00a0: ordinateur du bureau, clé USB',
    addPasskey: 'Ajouter une clé d’accès',
    added: (label) => `La clé d’accès «\u00a0${label}\u00a0» est enregistrée.`,
  },
  en: {
    pageTitle: 'My account',
    identity: 'Identity',
    email: 'E-mail address',
    name: 'Name',
    organisation: 'Organisation',
    grants: 'My authorisations',
    noGrant: 'No authorisation.',
    grantColumns: ['Role', 'Scope', 'Period', 'Status'],
    runsDraws: 'runs draws',
    active: 'active',
    inactive: 'inactive',
    sessions: 'My sessions',
    sessionColumns: ['Opened', 'Last activity', 'Expires', ''],
    thisSession: 'this session',
    signOutEverywhere: 'Sign out everywhere',
    password: 'Change my password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    changePassword: 'Change the password',
    passwordChanged: 'Your password has been changed. Your other sessions have been closed.',
    mfa: 'Two-factor authentication',
    mfaOn: 'on',
    mfaOff: 'off',
    mfaRequired: 'mandatory for your roles',
    regenerate: 'Generate new recovery codes',
    regenerateHelp: 'The old recovery codes will stop working.',
    codesDone: 'Your new recovery codes are saved.',
    passkeys: 'My passkeys',
    passkeysLead:
      'A passkey replaces the 6-digit code at sign-in: your device’s fingerprint, face or PIN, or a USB security key. Your password is still asked for.',
    noPasskey: 'No passkey.',
    passkeyColumns: ['Name', 'Added', 'Last used', 'Action'],
    never: 'never',
    remove: 'Remove',
    removeWhich: (label) => ` the passkey “${label}”`,
    removed: (label) => `The passkey “${label}” has been removed.`,
    newPasskeyLabel: 'Name of the new passkey',
    newPasskeyHint: 'For instance: office computer, USB key',
    addPasskey: 'Add a passkey',
    added: (label) => `The passkey “${label}” is saved.`,
  },
};

export function AccountPage() {
  const lang = useLang();
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const session = useSession();
  const navigate = useNavigate();
  const reauth = useReauthentication();
  const user = session.state?.user;
  const grants = session.state?.grants ?? [];
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [success, setSuccess] = useState<string | undefined>(undefined);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordProblem, setPasswordProblem] = useState<ApiProblem | undefined>(undefined);
  const [codes, setCodes] = useState<readonly string[] | undefined>(undefined);
  const [passkeys, setPasskeys] = useState<PasskeySummary[]>([]);
  const [passkeyLabel, setPasskeyLabel] = useState('');
  const [passkeyProblem, setPasskeyProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const loadSessions = useCallback(() => {
    api<SessionSummary[]>('GET', '/api/v1/me/sessions')
      .then(setSessions)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(loadSessions, [loadSessions]);

  const loadPasskeys = useCallback(() => {
    api<PasskeySummary[]>('GET', '/api/v1/me/passkeys')
      .then(setPasskeys)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, []);
  useEffect(loadPasskeys, [loadPasskeys]);

  const addPasskey = async (event: FormEvent) => {
    event.preventDefault();
    setPasskeyProblem(undefined);
    setSuccess(undefined);
    setBusy(true);
    try {
      const registered = await createPasskey(passkeyLabel.trim());
      // The first second factor of an account gives the session a new token (and CSRF token).
      await session.refresh();
      setPasskeyLabel('');
      setSuccess(t.added(registered.passkey.label));
      if (registered.recoveryCodes !== undefined) setCodes(registered.recoveryCodes);
      loadPasskeys();
      loadSessions();
    } catch (error) {
      setPasskeyProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const removePasskey = async (passkey: PasskeySummary) => {
    setPasskeyProblem(undefined);
    setSuccess(undefined);
    try {
      await reauth.run(() => api('DELETE', `/api/v1/me/passkeys/${passkey.id}`));
      await session.refresh();
      setSuccess(t.removed(passkey.label));
      loadPasskeys();
    } catch (error) {
      setPasskeyProblem(asProblem(error));
    }
  };

  const signOutEverywhere = async () => {
    try {
      await api('DELETE', '/api/v1/me/sessions');
      await session.refresh();
      await navigate(localizedPath(lang, 'connexion'));
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  const changePassword = async (event: FormEvent) => {
    event.preventDefault();
    setPasswordProblem(undefined);
    setSuccess(undefined);
    try {
      await api('POST', '/api/v1/me/password', { currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setSuccess(t.passwordChanged);
      loadSessions();
    } catch (error) {
      setPasswordProblem(asProblem(error));
    }
  };

  const regenerate = async () => {
    setProblem(undefined);
    setSuccess(undefined);
    try {
      const answer = await reauth.run(() => api<RecoveryCodes>('POST', '/api/v1/me/mfa/recovery-codes'));
      setCodes(answer.recoveryCodes);
    } catch (error) {
      setProblem(asProblem(error));
    }
  };

  if (user === undefined) return null;
  const currentPasswordErrors =
    passwordProblem?.code === 'weak-password' ? [] : (passwordProblem?.fieldErrors('currentPassword') ?? []);

  return (
    <div className="fr-container fr-py-6w">
      <h1>{t.pageTitle}</h1>
      <SuccessAlert message={success} />
      <ProblemAlert problem={problem} />

      <h2 className="fr-mt-4w">{t.identity}</h2>
      <dl>
        <dt className="fr-text--bold">{t.name}</dt>
        <dd className="fr-ml-0 fr-mb-1w">{user.displayName}</dd>
        <dt className="fr-text--bold">{t.email}</dt>
        <dd className="fr-ml-0 fr-mb-1w">{user.email}</dd>
        <dt className="fr-text--bold">{t.organisation}</dt>
        <dd className="fr-ml-0 fr-mb-1w">
          {user.organisation.name} ({organisationKindNames[lang][user.organisation.kind]})
        </dd>
      </dl>

      <h2 className="fr-mt-4w">{t.grants}</h2>
      {grants.length === 0 ? (
        <p>{t.noGrant}</p>
      ) : (
        <Table
          headers={t.grantColumns}
          data={grants.map((grant) => [
            <>
              {roleNames[lang][grant.role]}
              {grant.runsDraws && (
                <>
                  {' '}
                  <Tag small>{t.runsDraws}</Tag>
                </>
              )}
            </>,
            scopeNames[lang][grant.scopeKind],
            `${formatDate(lang, grant.startsAt)} → ${formatDate(lang, grant.endsAt)}`,
            <Badge as="span" key="state" small severity={grant.active ? 'success' : 'warning'}>
              {grant.active ? t.active : t.inactive}
            </Badge>,
          ])}
        />
      )}

      <h2 className="fr-mt-4w">{t.mfa}</h2>
      <p>
        <Badge as="span" severity={user.mfaEnabled ? 'success' : 'warning'}>
          {user.mfaEnabled ? t.mfaOn : t.mfaOff}
        </Badge>{' '}
        {user.mfaRequired && (
          <Badge as="span" severity="info">
            {t.mfaRequired}
          </Badge>
        )}
      </p>
      {user.mfaEnabled &&
        (codes === undefined ? (
          <>
            <p className="fr-text--sm">{t.regenerateHelp}</p>
            <Button type="button" priority="secondary" onClick={() => void regenerate()}>
              {t.regenerate}
            </Button>
          </>
        ) : (
          <RecoveryCodesPanel
            codes={codes}
            onDone={() => {
              setCodes(undefined);
              setSuccess(t.codesDone);
            }}
          />
        ))}

      <h2 className="fr-mt-4w">{t.passkeys}</h2>
      <p>{t.passkeysLead}</p>
      <ProblemAlert problem={passkeyProblem} />
      {passkeys.length === 0 ? (
        <p>{t.noPasskey}</p>
      ) : (
        <Table
          headers={t.passkeyColumns}
          data={passkeys.map((passkey) => [
            passkey.label,
            formatDateTime(lang, passkey.createdAt),
            passkey.lastUsedAt === null ? t.never : formatDateTime(lang, passkey.lastUsedAt),
            <Button
              key="remove"
              type="button"
              size="small"
              priority="tertiary"
              iconId="fr-icon-delete-line"
              onClick={() => void removePasskey(passkey)}
            >
              {t.remove}
              <span className="fr-sr-only">{t.removeWhich(passkey.label)}</span>
            </Button>,
          ])}
        />
      )}
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <form onSubmit={(event) => void addPasskey(event)} noValidate>
            <Input
              label={t.newPasskeyLabel}
              hintText={t.newPasskeyHint}
              {...fieldState(passkeyProblem, 'label')}
              nativeInputProps={{
                name: 'passkey-label',
                autoComplete: 'off',
                maxLength: 60,
                required: true,
                value: passkeyLabel,
                onChange: (event) => setPasskeyLabel(event.target.value),
              }}
            />
            <Button type="submit" priority="secondary" iconId="fr-icon-fingerprint-line" disabled={busy}>
              {t.addPasskey}
            </Button>
          </form>
        </div>
      </div>

      <h2 className="fr-mt-4w">{t.sessions}</h2>
      <Table
        headers={t.sessionColumns}
        data={sessions.map((summary) => [
          formatDateTime(lang, summary.createdAt),
          formatDateTime(lang, summary.lastSeenAt),
          formatDateTime(lang, summary.expiresAt),
          summary.current ? (
            <Badge as="span" key="current" small severity="info">
              {t.thisSession}
            </Badge>
          ) : (
            ''
          ),
        ])}
      />
      <Button
        type="button"
        priority="secondary"
        iconId="fr-icon-logout-box-r-line"
        onClick={() => void signOutEverywhere()}
      >
        {t.signOutEverywhere}
      </Button>

      <h2 className="fr-mt-6w">{t.password}</h2>
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <ProblemAlert problem={passwordProblem} />
          <form onSubmit={(event) => void changePassword(event)} noValidate>
            <input type="hidden" name="username" autoComplete="username" value={user.email} readOnly />
            <PasswordInput
              label={t.currentPassword}
              messagesHint=""
              messages={currentPasswordErrors.map((message) => ({ severity: 'error', message }))}
              nativeInputProps={{
                name: 'currentPassword',
                autoComplete: 'current-password',
                required: true,
                value: currentPassword,
                onChange: (event) => setCurrentPassword(event.target.value),
              }}
            />
            <NewPasswordInput
              label={t.newPassword}
              value={newPassword}
              onChange={setNewPassword}
              problem={passwordProblem}
              field="newPassword"
            />
            <Button type="submit">{t.changePassword}</Button>
          </form>
        </div>
      </div>
      {reauth.modal}
    </div>
  );
}
