import type { BanMeasure, BanStatus } from '../../../../contracts/bans.js';

// When a ban has effect (AU-42 art. 4, BAN-3): from its first day to its last, Paris days, never while
// suspended. Pure: the day is given.

export type Localized = { fr: string; en: string };
export type PeriodFailure = {
  code: 'ban-dates-invalid' | 'ban-already-ended';
  path: string;
  message: Localized;
};

/** The longest an administrative order may run (code du sport L. 332-16: 36 months for a repeat). */
export const ADMINISTRATIVE_MAX_MONTHS = 36;

/** A real calendar day `YYYY-MM-DD` (the contract checks only the shape). */
export function isCalendarDay(day: string): boolean {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/** `day` plus `months` calendar months; the 31st of a shorter month becomes its last day. */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastOfMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastOfMonth));
  return target.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface BanPeriod {
  startsOn: string;
  /** The first day without effect: the day after the last one. */
  endsOn: string;
}

type PeriodVerdict = { ok: true; period: BanPeriod } | { ok: false; failure: PeriodFailure };

const invalid = (path: string, message: Localized): PeriodVerdict => ({
  ok: false,
  failure: { code: 'ban-dates-invalid', path, message },
});
const IMPOSSIBLE = { fr: 'date impossible', en: 'impossible date' };

/** The days a measure covers as written, or why its dates are wrong. */
function periodAsWritten(measure: BanMeasure): PeriodVerdict {
  if (measure.kind === 'judicial') {
    if (!isCalendarDay(measure.decisionDate)) return invalid('measure.decisionDate', IMPOSSIBLE);
    const endsOn = addMonths(measure.decisionDate, measure.durationMonths);
    return { ok: true, period: { startsOn: measure.decisionDate, endsOn } };
  }
  if (!isCalendarDay(measure.orderDate)) return invalid('measure.orderDate', IMPOSSIBLE);
  if (!isCalendarDay(measure.validUntil)) return invalid('measure.validUntil', IMPOSSIBLE);
  if (measure.validUntil < measure.orderDate)
    return invalid('measure.validUntil', {
      fr: `fin de validité (${measure.validUntil}) antérieure à la date de l’arrêté (${measure.orderDate})`,
      en: `end of validity (${measure.validUntil}) before the order's date (${measure.orderDate})`,
    });
  if (measure.validUntil >= addMonths(measure.orderDate, ADMINISTRATIVE_MAX_MONTHS))
    return invalid('measure.validUntil', {
      fr: `un arrêté d’interdiction vaut ${ADMINISTRATIVE_MAX_MONTHS} mois au plus (code du sport, art. L. 332-16)`,
      en: `a ban order is valid for ${ADMINISTRATIVE_MAX_MONTHS} months at most (code du sport, art. L. 332-16)`,
    });
  return { ok: true, period: { startsOn: measure.orderDate, endsOn: addDays(measure.validUntil, 1) } };
}

/**
 * The period of a measure, or why it cannot be entered: impossible or misordered dates, a ban already over
 * (AU-42 forbids keeping it), an order longer than the law allows. A ban yet to start is accepted.
 */
export function banPeriod(measure: BanMeasure, today: string): PeriodVerdict {
  const verdict = periodAsWritten(measure);
  if (!verdict.ok || verdict.period.endsOn > today) return verdict;
  const lastDay = addDays(verdict.period.endsOn, -1);
  return {
    ok: false,
    failure: {
      code: 'ban-already-ended',
      path: measure.kind === 'judicial' ? 'measure.durationMonths' : 'measure.validUntil',
      message: {
        fr: `interdiction terminée le ${lastDay} : l’AU-42 interdit de la conserver`,
        en: `ban ended on ${lastDay}: AU-42 forbids keeping it`,
      },
    },
  };
}

/** Whether a ban has effect on a Paris day: started, not ended, not suspended. */
export function inForceOn(
  ban: { startsOn: string; endsOn: string; suspended: boolean },
  day: string,
): boolean {
  return !ban.suspended && ban.startsOn <= day && day < ban.endsOn;
}

export function banStatus(
  ban: { startsOn: string; endsOn: string; suspended: boolean },
  day: string,
): BanStatus {
  if (day >= ban.endsOn) return 'ended';
  if (ban.suspended) return 'suspended';
  return day < ban.startsOn ? 'not_yet_in_force' : 'in_force';
}
