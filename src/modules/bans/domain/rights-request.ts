import type { RightsRequest } from '../../../../contracts/bans.js';
import { addMonths, isCalendarDay } from './ban-period.js';

// The rules of the rights-requests register (BAN-5, AU-42 art. 6). Pure: the day is given.

type Kind = RightsRequest['kind'];
type Outcome = NonNullable<RightsRequest['outcome']>;

/** The answers each kind of request may get: `not_in_registry` when the person is in no ban of the registry. */
export const OUTCOMES_BY_KIND: Record<Kind, readonly Outcome[]> = {
  access: ['data_sent', 'not_in_registry'],
  rectification: ['rectified', 'rectification_refused', 'not_in_registry'],
  opposition: ['opposition_accepted', 'opposition_rejected', 'not_in_registry'],
};

/** How long an answered request is kept after its answer, then deleted by the `ban-purge` job (SEC-4). */
export const ANSWERED_REQUEST_RETENTION_MONTHS = 12;

/**
 * The answer is due one month after receipt (GDPR art. 12(3)), counted as calendar months: the same day of the
 * next month, or its last day when it has no such day (received 31 January → due 28 February, or 29 in a leap
 * year; received 30 April → due 30 May).
 */
export const rightsRequestDueOn = (receivedOn: string): string => addMonths(receivedOn, 1);

/** Open, and today (Paris) after the due day: the answer is late. */
export const isOverdue = (request: { status: string; dueOn: string }, today: string): boolean =>
  request.status === 'open' && today > request.dueOn;

/** The last answer day still kept: answers on or before it are deleted today. */
export const answeredRequestsCutoff = (today: string): string =>
  addMonths(today, -ANSWERED_REQUEST_RETENTION_MONTHS);

export type DayProblem = { path: string; message: string };

/** A real day, not after today (a request is recorded once received, answered once answered). */
export function checkPastDay(path: string, day: string, today: string): DayProblem | undefined {
  if (!isCalendarDay(day)) return { path, message: 'date impossible' };
  if (day > today) return { path, message: 'date à venir : indiquez le jour où c’est arrivé' };
  return undefined;
}

/** Why an outcome does not fit a request, or undefined when it does. */
export function outcomeMisfit(
  request: { kind: Kind; banId: string | null },
  outcome: Outcome,
): 'kind' | 'in-registry' | undefined {
  if (!OUTCOMES_BY_KIND[request.kind].includes(outcome)) return 'kind';
  // The request names a ban of the registry: the person is in it.
  if (outcome === 'not_in_registry' && request.banId !== null) return 'in-registry';
  return undefined;
}
