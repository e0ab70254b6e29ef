import { describe, expect, it } from 'vitest';
import { afterFailure, describeDeliveryError, MAX_DELIVERY_ATTEMPTS } from './delivery-policy.js';

const now = new Date('2030-05-01T10:00:00.000Z');
const minutesLater = (date: Date) => (date.getTime() - now.getTime()) / 60_000;

describe('afterFailure', () => {
  it('waits 2^attempts minutes before each new attempt', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempts) => {
      const next = afterFailure(attempts, now);
      return next.kind === 'retry' ? minutesLater(next.sendAfter) : undefined;
    });
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128]);
  });

  it('gives up after the eighth attempt', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
    expect(afterFailure(8, now)).toEqual({ kind: 'give-up' });
    expect(afterFailure(9, now)).toEqual({ kind: 'give-up' });
  });
});

describe('describeDeliveryError', () => {
  it('keeps the code, the SMTP command and the reply code, never the reply that echoes the address', () => {
    const refused = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: '550 <jeanne.dupont@example.fr>: unknown user',
      rejected: ['jeanne.dupont@example.fr'],
    });
    expect(describeDeliveryError(refused)).toBe('EENVELOPE RCPT TO 550');
  });

  it('keeps only the code of a system error, whose message names a path', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/srv/data/mail/x.eml'"), {
      code: 'EACCES',
    });
    expect(describeDeliveryError(error)).toBe('EACCES');
  });

  it('falls back to the error name, then to "unknown"', () => {
    expect(describeDeliveryError(new TypeError('jeanne@example.fr'))).toBe('TypeError');
    expect(describeDeliveryError('jeanne@example.fr')).toBe('unknown');
    expect(describeDeliveryError({ code: 'jeanne@example.fr' })).toBe('unknown');
  });
});
