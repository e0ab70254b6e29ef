// Passkeys (WebAuthn) in the browser: the server's options go to the authenticator through
// @simplewebauthn/browser, and its answer back to the server. A refusal or a timeout in the browser's own
// dialog becomes a problem like the server's, in the page's language.
import {
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { api, ApiProblem } from '../../app/api';
import type { PasskeyRegistered, SessionState } from '../../app/contracts';
import { langFromPathname } from '../../app/i18n';

const cancelled = {
  fr: {
    title: 'Clé d’accès non utilisée',
    detail:
      'L’opération a été annulée ou a expiré, ou cet appareil ne propose pas de clé d’accès pour ce compte. Réessayez, ou utilisez un autre second facteur.',
  },
  en: {
    title: 'Passkey not used',
    detail:
      'The operation was cancelled or timed out, or this device offers no passkey for this account. Try again, or use another second factor.',
  },
};

/** Errors of the browser's WebAuthn dialog (cancelled, timed out, no matching key) as a problem to show. */
function asBrowserProblem(error: unknown): unknown {
  if (error instanceof ApiProblem) return error;
  if (!(error instanceof WebAuthnError) && !(error instanceof DOMException)) return error;
  const text = cancelled[langFromPathname(window.location.pathname)];
  return new ApiProblem({ type: 'urn:gradins:problem:passkey-cancelled', status: 0, ...text });
}

/** Creates a passkey on this device and registers it for the signed-in (or enrolling) account. */
export async function createPasskey(label: string): Promise<PasskeyRegistered> {
  try {
    const optionsJSON = await api<PublicKeyCredentialCreationOptionsJSON>(
      'POST',
      '/api/v1/me/passkeys/registration-options',
    );
    const response = await startRegistration({ optionsJSON });
    return await api<PasskeyRegistered>('POST', '/api/v1/me/passkeys', { label, response });
  } catch (error) {
    throw asBrowserProblem(error);
  }
}

/** Asks the authenticator to sign this session's challenge with one of the account's passkeys. */
export async function passkeyAssertion(): Promise<AuthenticationResponseJSON> {
  try {
    const optionsJSON = await api<PublicKeyCredentialRequestOptionsJSON>(
      'POST',
      '/api/v1/session/passkey-options',
    );
    return await startAuthentication({ optionsJSON });
  } catch (error) {
    throw asBrowserProblem(error);
  }
}

/** The second step of a login, answered with a passkey. */
export async function answerWithPasskey(): Promise<SessionState> {
  const response = await passkeyAssertion();
  return api<SessionState>('POST', '/api/v1/session/passkey', { response });
}
