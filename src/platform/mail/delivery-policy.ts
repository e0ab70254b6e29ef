/**
 * When to try a mail again, and what to remember of a failure. Pure: the sender passes `now` in.
 */

/** Delivery attempts before a mail is given up: 2 + 4 + … + 128 minutes, about 4 hours of back-off. */
export const MAX_DELIVERY_ATTEMPTS = 8;

export type AfterFailure = { kind: 'retry'; sendAfter: Date } | { kind: 'give-up' };

/** After the `attempts`-th failed attempt: wait 2^attempts minutes, or give up after the last one. */
export function afterFailure(attempts: number, now: Date): AfterFailure {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { kind: 'give-up' };
  const waitMinutes = 2 ** Math.max(attempts, 0);
  return { kind: 'retry', sendAfter: new Date(now.getTime() + waitMinutes * 60_000) };
}

/**
 * A short, stable description of a delivery failure for `last_error` and the logs. SMTP servers echo the
 * address in their replies ("550 <jeanne@…>: unknown user"), so the reply text is never kept: only the
 * error code, the SMTP command and the reply code.
 */
export function describeDeliveryError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { code, command, responseCode, name } = error as {
    code?: unknown;
    command?: unknown;
    responseCode?: unknown;
    name?: unknown;
  };
  const parts = [
    typeof code === 'string' && isToken(code) ? code : undefined,
    typeof command === 'string' && isToken(command.replace(/ /g, '_')) ? command : undefined,
    typeof responseCode === 'number' ? String(responseCode) : undefined,
  ].filter((part): part is string => part !== undefined);
  if (parts.length > 0) return parts.join(' ');
  return typeof name === 'string' && isToken(name) ? name : 'unknown';
}

/** Codes and command names look like `EENVELOPE`, `RCPT TO`, `ECONNREFUSED`: nothing else gets through. */
function isToken(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]{0,40}$/.test(value);
}
