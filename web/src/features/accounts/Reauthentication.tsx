import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { createModal } from '@codegouvfr/react-dsfr/Modal';
import { useIsModalOpen } from '@codegouvfr/react-dsfr/Modal/useIsModalOpen';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { useCallback, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiProblem, asProblem } from '../../app/api';
import { useLang, useMessages, type Dictionary } from '../../app/i18n';
import { useSession } from '../../app/session';
import { fieldState, ProblemAlert } from '../../ui/ProblemAlert';
import { passkeyAssertion } from './passkeys';

const modal = createModal({ id: 'reauthentification', isOpenedByDefault: false });

const messages: Dictionary<{
  title: string;
  lead: string;
  password: string;
  code: string;
  codeHint: string;
  submit: string;
  cancelled: string;
  passkeyLead: string;
  recoveryOnly: string;
  recoveryHint: string;
  withPasskey: string;
}> = {
  fr: {
    title: 'Confirmez votre identité',
    lead: 'Cette action est sensible\u00a0: saisissez à nouveau votre mot de passe et un code de votre application d’authentification. Vous n’aurez pas à le refaire pendant 5\u00a0minutes.',
    password: 'Mot de passe',
    code: 'Code à 6\u00a0chiffres ou code de secours',
    codeHint: 'Affiché par votre application d’authentification',
    submit: 'Confirmer',
    cancelled: 'Action annulée\u00a0: votre identité n’a pas été confirmée.',
    passkeyLead:
      'Cette action est sensible\u00a0: saisissez à nouveau votre mot de passe, puis utilisez votre clé d’accès (ou un code). Vous n’aurez pas à le refaire pendant 5\u00a0minutes.',
    recoveryOnly: 'Code de secours',
    recoveryHint: 'Si vous n’avez pas votre clé d’accès. Format attendu\u00a0: xxxx-xxxx-xxxx',
    withPasskey: 'Confirmer avec ma clé d’accès',
  },
  en: {
    title: 'Confirm your identity',
    lead: 'This action is sensitive: enter your password again and a code from your authenticator app. You will not be asked again for 5 minutes.',
    password: 'Password',
    code: '6-digit code or recovery code',
    codeHint: 'Shown by your authenticator app',
    submit: 'Confirm',
    cancelled: 'Action cancelled: your identity was not confirmed.',
    passkeyLead:
      'This action is sensitive: enter your password again, then use your passkey (or a code). You will not be asked again for 5 minutes.',
    recoveryOnly: 'Recovery code',
    recoveryHint: 'If you do not have your passkey. Expected format: xxxx-xxxx-xxxx',
    withPasskey: 'Confirm with my passkey',
  },
};

interface Pending {
  retry(): void;
  cancel(): void;
}

/**
 * Runs a sensitive action; when the server answers 403 `reauthentication-required`, asks for the password (and a
 * second-factor code) in a DSFR modal, re-authenticates, then runs the action again. Render `modal` in the page.
 */
export function useReauthentication(): {
  run<T>(action: () => Promise<T>): Promise<T>;
  modal: ReactNode;
} {
  const pending = useRef<Pending | undefined>(undefined);
  const lang = useLang();
  const t = messages[lang];

  const run = useCallback(
    <T,>(action: () => Promise<T>): Promise<T> =>
      action().catch((error: unknown) => {
        if (!(error instanceof ApiProblem) || error.code !== 'reauthentication-required') throw error;
        return new Promise<T>((resolve, reject) => {
          pending.current = {
            retry: () => {
              action().then(resolve, reject);
            },
            cancel: () =>
              reject(
                new ApiProblem({
                  type: 'urn:gradins:problem:cancelled',
                  status: 0,
                  title: '',
                  detail: t.cancelled,
                }),
              ),
          };
          modal.open();
        });
      }),
    [t.cancelled],
  );

  return {
    run,
    modal: (
      <ReauthenticationModal
        onConfirmed={() => {
          const current = pending.current;
          pending.current = undefined;
          modal.close();
          current?.retry();
        }}
        onDismissed={() => {
          const current = pending.current;
          pending.current = undefined;
          current?.cancel();
        }}
      />
    ),
  };
}

function ReauthenticationModal(props: { onConfirmed(): void; onDismissed(): void }) {
  const t = useMessages(messages);
  const session = useSession();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const user = session.state?.user;
  const mfa = user?.mfaEnabled === true;
  const hasPasskeys = (user?.passkeys ?? 0) > 0;
  const hasTotp = user?.totpEnabled === true;

  useIsModalOpen(modal, { onConceal: props.onDismissed });

  const confirm = async (second: () => Promise<{ code?: string; passkey?: unknown }>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', '/api/v1/session/reauthenticate', { password, ...(await second()) });
      setPassword('');
      setCode('');
      props.onConfirmed();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void confirm(async () => (mfa ? { code: code.trim() } : {}));
  };

  return (
    <modal.Component title={t.title} titleAs="h2">
      <p>{hasPasskeys ? t.passkeyLead : t.lead}</p>
      <ProblemAlert problem={problem} />
      <form onSubmit={(event) => void submit(event)} noValidate>
        <PasswordInput
          label={t.password}
          messagesHint=""
          messages={(problem?.fieldErrors('password') ?? []).map((message) => ({
            severity: 'error',
            message,
          }))}
          nativeInputProps={{
            name: 'reauth-password',
            autoComplete: 'current-password',
            required: true,
            value: password,
            onChange: (event) => setPassword(event.target.value),
          }}
        />
        {hasPasskeys && (
          <p>
            <Button
              type="button"
              iconId="fr-icon-fingerprint-line"
              disabled={busy}
              onClick={() => void confirm(async () => ({ passkey: await passkeyAssertion() }))}
            >
              {t.withPasskey}
            </Button>
          </p>
        )}
        {mfa && (
          <Input
            label={hasTotp ? t.code : t.recoveryOnly}
            hintText={hasTotp ? t.codeHint : t.recoveryHint}
            {...fieldState(problem, 'code')}
            nativeInputProps={{
              name: 'reauth-code',
              autoComplete: 'one-time-code',
              inputMode: 'numeric',
              required: true,
              value: code,
              onChange: (event) => setCode(event.target.value),
            }}
          />
        )}
        <Button type="submit" priority={hasPasskeys ? 'secondary' : 'primary'} disabled={busy}>
          {t.submit}
        </Button>
      </form>
    </modal.Component>
  );
}
