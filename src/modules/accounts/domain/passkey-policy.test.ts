import { describe, expect, it } from 'vitest';
import { counterRegressed, removalLeavesNoRequiredFactor } from './passkey-policy.js';

describe('passkey policy', () => {
  it('accepts a counter that moves forward, and authenticators that never count', () => {
    expect(counterRegressed(0, 1)).toBe(false);
    expect(counterRegressed(41, 42)).toBe(false);
    expect(counterRegressed(0, 0)).toBe(false);
  });

  it('sees a cloned authenticator in a counter that stays or goes backwards', () => {
    expect(counterRegressed(5, 5)).toBe(true);
    expect(counterRegressed(5, 2)).toBe(true);
    expect(counterRegressed(5, 0)).toBe(true);
  });

  it('refuses removing the last second factor only when the roles require one', () => {
    const last = { totpEnabled: false, passkeysAfterRemoval: 0 };
    expect(removalLeavesNoRequiredFactor({ ...last, mfaRequired: true })).toBe(true);
    expect(removalLeavesNoRequiredFactor({ ...last, mfaRequired: false })).toBe(false);
    expect(removalLeavesNoRequiredFactor({ ...last, mfaRequired: true, totpEnabled: true })).toBe(false);
    expect(removalLeavesNoRequiredFactor({ ...last, mfaRequired: true, passkeysAfterRemoval: 1 })).toBe(
      false,
    );
  });
});
