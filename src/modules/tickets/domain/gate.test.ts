import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { GATE_REASONS, gateDecision, holderCheckText, type GateLists } from './gate.js';
import { signTicketCode } from './ticket-code.js';
import type { TicketVerificationKey } from './ticket-keys.js';
import { pureEd25519 } from './ticket-keys.js';

const secret = ed25519.utils.randomSecretKey();
const publicKey = ed25519.getPublicKey(secret);
const keyId = sha256(publicKey).subarray(0, 8);
const kid = `ticket-${Array.from(keyId, (b) => b.toString(16).padStart(2, '0')).join('')}`;
const key: TicketVerificationKey = {
  kid,
  keyId,
  notBefore: 0,
  notAfter: null,
  verify: pureEd25519(publicKey),
};
const eventId = '0190a3c1-1111-4222-8333-444455556666';
const now = new Date('2024-07-26T18:00:00Z');
const at = Math.floor(now.getTime() / 1000);
const code = (ticketId: string) =>
  signTicketCode(
    {
      ticketId,
      eventId,
      holder: { initials: 'CD', birthYear: 2005 },
      issuedAt: at - 60,
      notBefore: at - 3600,
      notAfter: at + 3600,
    },
    { kid, sign: (message) => ed25519.sign(message, secret) },
  ).text;
const lists = (over: Partial<GateLists> = {}): GateLists => ({
  keys: [key],
  eventId,
  ended: new Set(),
  entered: new Map(),
  ...over,
});

describe('the gate decision (pure, shared by the server and the offline page)', () => {
  const id = 'a'.repeat(32);

  it('admits a genuine code of the event, with its holder check', () => {
    const decision = gateDecision(code(id), lists(), now);
    expect(decision).toMatchObject({ accepted: true, ticket: { ticketId: id, holder: { initials: 'CD' } } });
  });

  it('refuses an ended ticket as revoked and an entered one as already entered, with the first entry', () => {
    expect(gateDecision(code(id), lists({ ended: new Set([id]) }), now)).toMatchObject({
      accepted: false,
      reason: 'revoked',
    });
    const first = { at: '2024-07-26T17:50:00.000Z', gateId: 'Porte A' };
    expect(gateDecision(code(id), lists({ entered: new Map([[id, first]]) }), now)).toEqual({
      accepted: false,
      reason: 'already-entered',
      ticket: expect.objectContaining({ ticketId: id }),
      firstEntry: first,
    });
  });

  it('refuses without a throw whatever the input, the code’s own reason first', () => {
    for (const input of [undefined, 42, '', 'GT1:', code(id).slice(0, 60), `${code(id)}x`])
      expect(gateDecision(input, lists(), now).accepted).toBe(false);
    expect(gateDecision(code(id), lists({ keys: [] }), now)).toMatchObject({ reason: 'unknown-key' });
    expect(
      gateDecision(code(id), lists({ eventId: '0190a3c1-1111-4222-8333-444455556667' }), now),
    ).toMatchObject({
      reason: 'other-event',
    });
  });

  it('words every reason in French and English, unreadable codes as « illisible »', () => {
    expect(GATE_REASONS.truncated.fr).toBe('illisible : tronqué');
    expect(GATE_REASONS['invalid-signature'].fr).toBe('invalide');
    expect(GATE_REASONS['already-entered']).toEqual({ fr: 'déjà entré', en: 'already entered' });
    for (const words of Object.values(GATE_REASONS)) expect(words.fr && words.en).toBeTruthy();
    expect(holderCheckText({ initials: 'C-', birthYear: 2005 })).toBe('C. ? — 2005');
  });
});
