import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import QRCode from 'qrcode';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api, asProblem, type ApiProblem } from '../../app/api';
import type { RecoveryCodes, SessionState, TotpEnrolment } from '../../app/contracts';
import { localizedPath, useLang, useMessages, type Dictionary } from '../../app/i18n';
import { nextStepOf, useSession } from '../../app/session';
import { fieldState, ProblemAlert } from '../../ui/ProblemAlert';
import { usePageTitle } from '../../ui/usePageTitle';
import { useReturnPath } from './LoginPage';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

const messages: Dictionary<{
  pageTitle: string;
  challengeLead: string;
  code: string;
  codeHint: string;
  verify: string;
  lostPhone: string;
  recoveryLead: string;
  recoveryCode: string;
  recoveryHint: string;
  backToApp: string;
  enrolTitle: string;
  enrolLead: string;
  steps: string[];
  scanTitle: string;
  scanHelp: string;
  qrAlt: string;
  secretLabel: string;
  secretHelp: string;
  confirmLabel: string;
  confirm: string;
  codesTitle: string;
  cancel: string;
}> = {
  fr: {
    pageTitle: 'Double authentification',
    challengeLead:
      'Pour terminer la connexion, saisissez le code à 6\u00a0chiffres affiché par votre application d’authentification.',
    code: 'Code à 6\u00a0chiffres',
    codeHint: 'Le code change toutes les 30\u00a0secondes. Exemple\u00a0: 123456',
    verify: 'Vérifier',
    lostPhone: 'J’ai perdu mon téléphone',
    recoveryLead:
      'Saisissez l’un des codes de secours remis lors de l’activation de la double authentification. Chaque code ne sert qu’une fois.',
    recoveryCode: 'Code de secours',
    recoveryHint: 'Format attendu\u00a0: xxxx-xxxx-xxxx',
    backToApp: 'Utiliser plutôt mon application d’authentification',
    enrolTitle: 'Activer la double authentification',
    enrolLead:
      'Votre compte donne accès à des données sensibles\u00a0: un second facteur est obligatoire. Installez une application d’authentification (par exemple FreeOTP, Aegis ou celle de votre téléphone), puis suivez les étapes.',
    steps: [
      'Ajouter le compte à votre application',
      'Confirmer avec un code',
      'Conserver vos codes de secours',
    ],
    scanTitle: 'Scannez ce QR code avec votre application',
    scanHelp:
      'Vous ne pouvez pas scanner\u00a0? Saisissez cette clé dans votre application (type «\u00a0basé sur le temps\u00a0»)\u00a0:',
    qrAlt: 'QR code à scanner avec votre application d’authentification',
    secretLabel: 'Clé secrète',
    secretHelp: 'Les espaces ne servent qu’à la lecture.',
    confirmLabel: 'Code à 6\u00a0chiffres affiché par l’application',
    confirm: 'Activer',
    codesTitle: 'Vos codes de secours',
    cancel: 'Abandonner et se déconnecter',
  },
  en: {
    pageTitle: 'Two-factor authentication',
    challengeLead: 'To finish signing in, enter the 6-digit code shown by your authenticator app.',
    code: '6-digit code',
    codeHint: 'The code changes every 30 seconds. Example: 123456',
    verify: 'Verify',
    lostPhone: 'I lost my phone',
    recoveryLead:
      'Enter one of the recovery codes you were given when you set up two-factor authentication. Each code works once.',
    recoveryCode: 'Recovery code',
    recoveryHint: 'Expected format: xxxx-xxxx-xxxx',
    backToApp: 'Use my authenticator app instead',
    enrolTitle: 'Set up two-factor authentication',
    enrolLead:
      'Your account gives access to sensitive data: a second factor is mandatory. Install an authenticator app (FreeOTP, Aegis or your phone’s own, for instance), then follow the steps.',
    steps: ['Add the account to your app', 'Confirm with a code', 'Keep your recovery codes'],
    scanTitle: 'Scan this QR code with your app',
    scanHelp: 'Cannot scan? Type this key into your app (time-based type):',
    qrAlt: 'QR code to scan with your authenticator app',
    secretLabel: 'Secret key',
    secretHelp: 'Spaces are only there to help reading.',
    confirmLabel: '6-digit code shown by the app',
    confirm: 'Activate',
    codesTitle: 'Your recovery codes',
    cancel: 'Give up and sign out',
  },
};

/** A base32 secret in groups of four letters, easier to copy by hand. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

export function SecondFactorPage() {
  const session = useSession();
  const lang = useLang();
  const returnPath = useReturnPath();
  const [recoveryCodes, setRecoveryCodes] = useState<readonly string[] | undefined>(undefined);
  const navigate = useNavigate();

  if (session.state === undefined) return <div className="fr-container fr-py-6w" aria-busy="true" />;
  if (recoveryCodes !== undefined || nextStepOf(session.state) === 'mfa_enrol')
    return (
      <Enrolment
        recoveryCodes={recoveryCodes}
        onConfirmed={setRecoveryCodes}
        onDone={() => {
          void session.refresh().then(() => navigate(returnPath));
        }}
      />
    );
  if (session.signedIn) return <Navigate replace to={returnPath} />;
  if (!session.pending) return <Navigate replace to={localizedPath(lang, 'connexion')} />;
  return <Challenge />;
}

function Challenge() {
  const t = useMessages(messages);
  usePageTitle(t.pageTitle);
  const session = useSession();
  const navigate = useNavigate();
  const returnPath = useReturnPath();
  const [mode, setMode] = useState<'app' | 'recovery'>('app');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const state = await api<SessionState>('POST', '/api/v1/session/second-factor', { code: code.trim() });
      session.update(state);
      await navigate(returnPath);
    } catch (error) {
      setProblem(asProblem(error));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const switchMode = () => {
    setMode(mode === 'app' ? 'recovery' : 'app');
    setCode('');
    setProblem(undefined);
  };

  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>{t.pageTitle}</h1>
          <p>{mode === 'app' ? t.challengeLead : t.recoveryLead}</p>
          <ProblemAlert problem={problem} />
          <form onSubmit={(event) => void submit(event)} noValidate>
            {mode === 'app' ? (
              <Input
                key="app"
                label={t.code}
                hintText={t.codeHint}
                {...fieldState(problem, 'code')}
                nativeInputProps={{
                  name: 'code',
                  autoComplete: 'one-time-code',
                  inputMode: 'numeric',
                  maxLength: 6,
                  required: true,
                  value: code,
                  onChange: (event) => setCode(event.target.value),
                }}
              />
            ) : (
              <Input
                key="recovery"
                label={t.recoveryCode}
                hintText={t.recoveryHint}
                {...fieldState(problem, 'code')}
                nativeInputProps={{
                  name: 'recovery-code',
                  autoComplete: 'off',
                  spellCheck: false,
                  required: true,
                  value: code,
                  onChange: (event) => setCode(event.target.value),
                }}
              />
            )}
            <Button type="submit" disabled={busy}>
              {t.verify}
            </Button>
          </form>
          <p className="fr-mt-3w">
            <button
              type="button"
              className="fr-link fr-icon-arrow-right-line fr-link--icon-right"
              onClick={switchMode}
            >
              {mode === 'app' ? t.lostPhone : t.backToApp}
            </button>
          </p>
        </div>
      </div>
    </div>
  );
}

function Enrolment(props: {
  recoveryCodes: readonly string[] | undefined;
  onConfirmed(codes: readonly string[]): void;
  onDone(): void;
}) {
  const t = useMessages(messages);
  usePageTitle(t.enrolTitle);
  const session = useSession();
  const lang = useLang();
  const navigate = useNavigate();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | undefined>(undefined);
  const [qr, setQr] = useState<string | undefined>(undefined);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (started.current || props.recoveryCodes !== undefined) return;
    started.current = true;
    api<TotpEnrolment>('POST', '/api/v1/me/mfa/totp')
      .then(async (next) => {
        setEnrolment(next);
        const svg = await QRCode.toString(next.otpauthUri, {
          type: 'svg',
          margin: 2,
          errorCorrectionLevel: 'M',
        });
        setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [props.recoveryCodes]);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await api<RecoveryCodes>('POST', '/api/v1/me/mfa/totp/confirm', { code: code.trim() });
      props.onConfirmed(answer.recoveryCodes);
    } catch (error) {
      setProblem(asProblem(error));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    void session.signOut().finally(() => navigate(localizedPath(lang, 'connexion')));
  };

  const step = props.recoveryCodes === undefined ? (enrolment === undefined ? 1 : 2) : 3;
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>{t.enrolTitle}</h1>
          <Stepper
            currentStep={step}
            stepCount={3}
            title={t.steps[step - 1] ?? ''}
            {...(step < 3 && { nextTitle: t.steps[step] })}
          />
          <ProblemAlert problem={problem} />
          {props.recoveryCodes !== undefined ? (
            <RecoveryCodesPanel codes={props.recoveryCodes} onDone={props.onDone} />
          ) : (
            <>
              <p>{t.enrolLead}</p>
              {enrolment !== undefined && (
                <>
                  <h3 className="fr-h5">{t.scanTitle}</h3>
                  {qr !== undefined && (
                    <img src={qr} alt={t.qrAlt} width={200} height={200} className="fr-mb-2w" />
                  )}
                  <p className="fr-mb-1w">{t.scanHelp}</p>
                  <p className="fr-mb-1w">
                    <span className="fr-sr-only">{t.secretLabel}&nbsp;: </span>
                    <code id="cle-totp" className="fr-text--lg" data-secret={enrolment.secret}>
                      {groupSecret(enrolment.secret)}
                    </code>
                  </p>
                  <p className="fr-text--xs">{t.secretHelp}</p>
                  <form onSubmit={(event) => void confirm(event)} noValidate>
                    <Input
                      label={t.confirmLabel}
                      hintText={t.codeHint}
                      {...fieldState(problem, 'code')}
                      nativeInputProps={{
                        name: 'code',
                        autoComplete: 'one-time-code',
                        inputMode: 'numeric',
                        maxLength: 6,
                        required: true,
                        value: code,
                        onChange: (event) => setCode(event.target.value),
                      }}
                    />
                    <Button type="submit" disabled={busy}>
                      {t.confirm}
                    </Button>
                  </form>
                </>
              )}
              <p className="fr-mt-4w">
                <Button type="button" priority="tertiary" onClick={cancel}>
                  {t.cancel}
                </Button>
              </p>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
