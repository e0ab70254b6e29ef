import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
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
import { answerWithPasskey, createPasskey } from './passkeys';
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
  passkeyLead: string;
  usePasskey: string;
  orCode: string;
  lostPasskey: string;
  backToPasskey: string;
  choiceLegend: string;
  choiceApp: string;
  choiceAppHint: string;
  choicePasskey: string;
  choicePasskeyHint: string;
  choose: string;
  changeMethod: string;
  passkeySteps: string[];
  passkeyEnrolLead: string;
  passkeyLabel: string;
  passkeyLabelHint: string;
  passkeyDefaultLabel: string;
  createPasskey: string;
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
      'Choisir votre second facteur',
      'Ajouter le compte à votre application et confirmer',
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
    passkeyLead:
      'Pour terminer la connexion, utilisez la clé d’accès (passkey) enregistrée pour ce compte\u00a0: empreinte, visage ou code de votre appareil, ou clé de sécurité USB.',
    usePasskey: 'Utiliser une clé d’accès (passkey)',
    orCode: 'Ou saisissez le code à 6\u00a0chiffres de votre application d’authentification.',
    lostPasskey: 'Je n’ai plus ma clé d’accès',
    backToPasskey: 'Utiliser plutôt ma clé d’accès',
    choiceLegend: 'Choisissez votre second facteur',
    choiceApp: 'Application d’authentification',
    choiceAppHint:
      'Un code à 6\u00a0chiffres affiché par une application (FreeOTP, Aegis…) à chaque connexion.',
    choicePasskey: 'Clé d’accès (passkey)',
    choicePasskeyHint:
      'L’empreinte, le visage ou le code de cet appareil, ou une clé de sécurité USB. Rien à recopier.',
    choose: 'Continuer',
    changeMethod: 'Choisir une autre méthode',
    passkeySteps: [
      'Choisir votre second facteur',
      'Créer votre clé d’accès',
      'Conserver vos codes de secours',
    ],
    passkeyEnrolLead:
      'Donnez un nom à cette clé pour la reconnaître plus tard, puis suivez les indications de votre navigateur.',
    passkeyLabel: 'Nom de la clé d’accès',
    passkeyLabelHint: 'Par exemple\u00a0: ordinateur du bureau, clé USB',
    passkeyDefaultLabel: 'Ma clé d’accès',
    createPasskey: 'Créer la clé d’accès',
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
    steps: [
      'Choose your second factor',
      'Add the account to your app and confirm',
      'Keep your recovery codes',
    ],
    scanTitle: 'Scan this QR code with your app',
    scanHelp: 'Cannot scan? Type this key into your app (time-based type):',
    qrAlt: 'QR code to scan with your authenticator app',
    secretLabel: 'Secret key',
    secretHelp: 'Spaces are only there to help reading.',
    confirmLabel: '6-digit code shown by the app',
    confirm: 'Activate',
    codesTitle: 'Your recovery codes',
    cancel: 'Give up and sign out',
    passkeyLead:
      'To finish signing in, use the passkey registered for this account: your device’s fingerprint, face or PIN, or a USB security key.',
    usePasskey: 'Use a passkey',
    orCode: 'Or enter the 6-digit code from your authenticator app.',
    lostPasskey: 'I no longer have my passkey',
    backToPasskey: 'Use my passkey instead',
    choiceLegend: 'Choose your second factor',
    choiceApp: 'Authenticator app',
    choiceAppHint: 'A 6-digit code shown by an app (FreeOTP, Aegis…) at every sign-in.',
    choicePasskey: 'Passkey',
    choicePasskeyHint: 'This device’s fingerprint, face or PIN, or a USB security key. Nothing to copy.',
    choose: 'Continue',
    changeMethod: 'Choose another method',
    passkeySteps: ['Choose your second factor', 'Create your passkey', 'Keep your recovery codes'],
    passkeyEnrolLead: 'Name this passkey to recognise it later, then follow your browser’s instructions.',
    passkeyLabel: 'Passkey name',
    passkeyLabelHint: 'For instance: office computer, USB key',
    passkeyDefaultLabel: 'My passkey',
    createPasskey: 'Create the passkey',
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
  const user = session.state?.user;
  const hasPasskeys = (user?.passkeys ?? 0) > 0;
  const hasTotp = user?.totpEnabled ?? !hasPasskeys;
  const [mode, setMode] = useState<'factor' | 'recovery'>('factor');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const finish = async (answer: () => Promise<SessionState>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      session.update(await answer());
      await navigate(returnPath);
    } catch (error) {
      setProblem(asProblem(error));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void finish(() => api<SessionState>('POST', '/api/v1/session/second-factor', { code: code.trim() }));
  };

  const switchMode = () => {
    setMode(mode === 'factor' ? 'recovery' : 'factor');
    setCode('');
    setProblem(undefined);
  };

  const showPasskey = mode === 'factor' && hasPasskeys;
  const showCode = mode === 'recovery' || hasTotp;
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>{t.pageTitle}</h1>
          <p>{mode === 'recovery' ? t.recoveryLead : hasPasskeys ? t.passkeyLead : t.challengeLead}</p>
          <ProblemAlert problem={problem} />
          {showPasskey && (
            <p>
              <Button
                type="button"
                iconId="fr-icon-fingerprint-line"
                disabled={busy}
                onClick={() => void finish(answerWithPasskey)}
              >
                {t.usePasskey}
              </Button>
            </p>
          )}
          {showPasskey && showCode && <p>{t.orCode}</p>}
          {showCode && (
            <form onSubmit={submit} noValidate>
              {mode === 'factor' ? (
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
              <Button type="submit" priority={showPasskey ? 'secondary' : 'primary'} disabled={busy}>
                {t.verify}
              </Button>
            </form>
          )}
          <p className="fr-mt-3w">
            <button
              type="button"
              className="fr-link fr-icon-arrow-right-line fr-link--icon-right"
              onClick={switchMode}
            >
              {mode === 'recovery'
                ? hasTotp
                  ? t.backToApp
                  : t.backToPasskey
                : hasTotp
                  ? t.lostPhone
                  : t.lostPasskey}
            </button>
          </p>
        </div>
      </div>
    </div>
  );
}

type EnrolmentMethod = 'app' | 'passkey';

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
  const [choice, setChoice] = useState<EnrolmentMethod>('app');
  const [method, setMethod] = useState<EnrolmentMethod | undefined>(undefined);

  const cancel = () => {
    void session.signOut().finally(() => navigate(localizedPath(lang, 'connexion')));
  };

  const done = props.recoveryCodes !== undefined;
  const step = done ? 3 : method === undefined ? 1 : 2;
  const steps = method === 'passkey' ? t.passkeySteps : t.steps;
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>{t.enrolTitle}</h1>
          <Stepper
            currentStep={step}
            stepCount={3}
            title={steps[step - 1] ?? ''}
            {...(step < 3 && { nextTitle: steps[step] })}
          />
          {done ? (
            <RecoveryCodesPanel codes={props.recoveryCodes ?? []} onDone={props.onDone} />
          ) : (
            <>
              <p>{t.enrolLead}</p>
              {method === undefined && (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    setMethod(choice);
                  }}
                >
                  <RadioButtons
                    legend={t.choiceLegend}
                    name="second-factor-method"
                    options={[
                      { value: 'app' as const, label: t.choiceApp, hintText: t.choiceAppHint },
                      { value: 'passkey' as const, label: t.choicePasskey, hintText: t.choicePasskeyHint },
                    ].map((option) => ({
                      label: option.label,
                      hintText: option.hintText,
                      nativeInputProps: {
                        value: option.value,
                        checked: choice === option.value,
                        onChange: () => setChoice(option.value),
                      },
                    }))}
                  />
                  <Button type="submit">{t.choose}</Button>
                </form>
              )}
              {method === 'app' && <AppEnrolment onConfirmed={props.onConfirmed} />}
              {method === 'passkey' && (
                <PasskeyEnrolment onConfirmed={props.onConfirmed} onDone={props.onDone} />
              )}
              <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
                {method !== undefined && (
                  <li>
                    <Button type="button" priority="tertiary" onClick={() => setMethod(undefined)}>
                      {t.changeMethod}
                    </Button>
                  </li>
                )}
                <li>
                  <Button type="button" priority="tertiary" onClick={cancel}>
                    {t.cancel}
                  </Button>
                </li>
              </ul>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

/** An authenticator app: a new TOTP secret as a QR code, confirmed by a first code. */
function AppEnrolment(props: { onConfirmed(codes: readonly string[]): void }) {
  const t = useMessages(messages);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | undefined>(undefined);
  const [qr, setQr] = useState<string | undefined>(undefined);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
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
  }, []);

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

  return (
    <>
      <ProblemAlert problem={problem} />
      {enrolment !== undefined && (
        <>
          <h2 className="fr-h5">{t.scanTitle}</h2>
          {qr !== undefined && <img src={qr} alt={t.qrAlt} width={200} height={200} className="fr-mb-2w" />}
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
    </>
  );
}

/** A passkey created on this device (or a security key) as the account's second factor. */
function PasskeyEnrolment(props: { onConfirmed(codes: readonly string[]): void; onDone(): void }) {
  const t = useMessages(messages);
  const [label, setLabel] = useState(t.passkeyDefaultLabel);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const registered = await createPasskey(label.trim());
      if (registered.recoveryCodes !== undefined) props.onConfirmed(registered.recoveryCodes);
      else props.onDone();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ProblemAlert problem={problem} />
      <p>{t.passkeyEnrolLead}</p>
      <form onSubmit={(event) => void create(event)} noValidate>
        <Input
          label={t.passkeyLabel}
          hintText={t.passkeyLabelHint}
          {...fieldState(problem, 'label')}
          nativeInputProps={{
            name: 'passkey-label',
            autoComplete: 'off',
            maxLength: 60,
            required: true,
            value: label,
            onChange: (event) => setLabel(event.target.value),
          }}
        />
        <Button type="submit" iconId="fr-icon-fingerprint-line" disabled={busy}>
          {t.createPasskey}
        </Button>
      </form>
    </>
  );
}
