import type { z } from 'zod';
import { BanInput, NOT_ALLOWED_BY_AU42 } from '../../../../contracts/bans.js';
import { banPeriod, isCalendarDay, type BanPeriod, type Localized } from './ban-period.js';

// One check for a ban, whether typed by an officer or read from a prefecture's list: only AU-42's fields,
// a real birth date in the past, real dates in order, a ban still to come or in force, venues and types of
// events the organiser has.

export interface BanFieldError {
  path: string;
  message: Localized;
}

export type BanFailureCode =
  | 'ban-field-not-allowed'
  | 'ban-input-invalid'
  | 'ban-dates-invalid'
  | 'ban-already-ended'
  | 'ban-unknown-venue'
  | 'ban-unknown-event-type';

export type BanVerdict =
  | { ok: true; input: BanInput; period: BanPeriod }
  | { ok: false; code: BanFailureCode; errors: BanFieldError[] };

export interface BanContext {
  /** Paris day of the entry. */
  today: string;
  /** The organiser's venues and sports (types of events), by lower-case name → name as the events write it. */
  venues: ReadonlyMap<string, string>;
  sports: ReadonlyMap<string, string>;
}

const keyOf = (name: string) => name.trim().toLowerCase();

export function validateBan(raw: unknown, context: BanContext): BanVerdict {
  const parsed = BanInput.safeParse(raw);
  if (!parsed.success) return fromIssues(parsed.error.issues);
  const input = parsed.data;
  const birthDate = birthDateProblem(input.identity.birthDate, context.today);
  if (birthDate)
    return {
      ok: false,
      code: 'ban-dates-invalid',
      errors: [{ path: 'identity.birthDate', message: birthDate }],
    };
  const measure = input.measure;
  if (measure.kind === 'administrative') {
    const unknownVenues = measure.forbiddenVenues.filter((venue) => !context.venues.has(keyOf(venue)));
    if (unknownVenues.length > 0) {
      const known = [...context.venues.values()].join(', ') || '—';
      return {
        ok: false,
        code: 'ban-unknown-venue',
        errors: [
          {
            path: 'measure.forbiddenVenues',
            message: {
              fr: `enceinte inconnue : ${unknownVenues.join(', ')} (enceintes des événements de l’organisateur : ${known})`,
              en: `unknown venue: ${unknownVenues.join(', ')} (venues of the organiser's events: ${known})`,
            },
          },
        ],
      };
    }
    const unknownTypes = measure.eventTypes.filter((type) => !context.sports.has(keyOf(type)));
    if (unknownTypes.length > 0) {
      const known = [...context.sports.values()].join(', ') || '—';
      return {
        ok: false,
        code: 'ban-unknown-event-type',
        errors: [
          {
            path: 'measure.eventTypes',
            message: {
              fr: `type de manifestation inconnu : ${unknownTypes.join(', ')} (sports des événements de l’organisateur : ${known})`,
              en: `unknown type of event: ${unknownTypes.join(', ')} (sports of the organiser's events: ${known})`,
            },
          },
        ],
      };
    }
    // Stored as the events write them, each once, so screening compares like with like.
    input.measure = {
      ...measure,
      forbiddenVenues: [
        ...new Set(measure.forbiddenVenues.map((venue) => context.venues.get(keyOf(venue))!)),
      ],
      eventTypes: [...new Set(measure.eventTypes.map((type) => context.sports.get(keyOf(type))!))],
    };
  }
  const period = banPeriod(input.measure, context.today);
  if (!period.ok) return { ok: false, code: period.failure.code, errors: [period.failure] };
  return { ok: true, input, period: period.period };
}

/** Why a birth date cannot be a person's (the contract checks only its shape): not a calendar day, or to come. */
function birthDateProblem(day: string, today: string): Localized | undefined {
  if (!isCalendarDay(day)) return { fr: 'date de naissance impossible', en: 'impossible date of birth' };
  if (day > today)
    return {
      fr: `date de naissance postérieure à aujourd’hui (${today})`,
      en: `date of birth after today (${today})`,
    };
  return undefined;
}

/** Zod's issues as field errors; a field AU-42 does not allow comes first and names the whole failure. */
function fromIssues(issues: readonly z.core.$ZodIssue[]): BanVerdict {
  const notAllowed: BanFieldError[] = [];
  const others: BanFieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        notAllowed.push({
          path: path ? `${path}.${key}` : key,
          message: {
            fr: `${NOT_ALLOWED_BY_AU42} (seuls l’identité, la photographie et la mesure sont enregistrés ; jamais les motifs)`,
            en: 'field not allowed by the CNIL single authorisation AU-42 (only the identity, the photograph and the measure are stored; never the reasons)',
          },
        });
    } else others.push({ path, message: { fr: issue.message, en: issue.message } });
  }
  return notAllowed.length > 0
    ? { ok: false, code: 'ban-field-not-allowed', errors: notAllowed }
    : { ok: false, code: 'ban-input-invalid', errors: others };
}
