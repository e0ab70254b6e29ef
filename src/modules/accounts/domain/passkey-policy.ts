/** A WebAuthn challenge (registration or authentication) is valid for five minutes, once. */
export const PASSKEY_CHALLENGE_MS = 5 * 60_000;

/** How many passkeys one account may register: enough for a spare, not a collection. */
export const MAX_PASSKEYS_PER_ACCOUNT = 10;

/**
 * A signature counter that does not move forward means two authenticators share one key: the passkey was
 * cloned (WebAuthn §6.1.1). Authenticators that do not count (synced passkeys) always report 0, which is
 * allowed as long as the stored value is 0 too.
 */
export function counterRegressed(stored: number, reported: number): boolean {
  return (stored > 0 || reported > 0) && reported <= stored;
}

/**
 * Whether removing one second factor would leave an account that must have one without any: the last
 * passkey of an account without TOTP whose roles require a second factor is refused.
 */
export function removalLeavesNoRequiredFactor(facts: {
  mfaRequired: boolean;
  totpEnabled: boolean;
  passkeysAfterRemoval: number;
}): boolean {
  return facts.mfaRequired && !facts.totpEnabled && facts.passkeysAfterRemoval === 0;
}
