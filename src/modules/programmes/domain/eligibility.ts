import type { EligibilityRules, EligibilityStatus } from '../../../../contracts/programmes.js';

// TAJ-1: a programme's eligibility criteria are checked, not just displayed. The rules are data (stored with
// the programme); this is the code that checks them, for intake (issue [E]) and for anyone who asks why.

export const STATUS_LABELS: Readonly<Record<EligibilityStatus, { fr: string; en: string }>> = {
  school_pupil: { fr: 'élève scolarisé en France', en: 'pupil at a school in France' },
  youth_structure_member: {
    fr: 'membre d’une structure jeunesse',
    en: 'member of a youth organisation',
  },
  sports_volunteer: {
    fr: 'bénévole du mouvement sportif',
    en: 'volunteer of the sports movement',
  },
  disability_card: { fr: 'personne en situation de handicap', en: 'person with a disability' },
  carer: { fr: 'aidant d’une personne en situation de handicap', en: 'carer of a person with a disability' },
  public_agent_category_b: { fr: 'agent public de catégorie B', en: 'category B public agent' },
  public_agent_category_c: { fr: 'agent public de catégorie C', en: 'category C public agent' },
  games_involvement: {
    fr: 'impliqué dans la préparation des Jeux',
    en: 'involved in preparing the Games',
  },
};

/** What an applicant declares: a date of birth, and the statuses they hold with whether the proof is given. */
export interface EligibilityClaim {
  /** ISO date, `2010-05-17`. */
  birthDate: string;
  statuses: readonly { status: EligibilityStatus; proofProvided: boolean }[];
}

export interface IneligibilityReason {
  code: 'too-young' | 'too-old' | 'status-missing' | 'proof-missing' | 'invalid-birth-date';
  fr: string;
  en: string;
}

export type EligibilityVerdict = { eligible: true } | { eligible: false; reasons: IneligibilityReason[] };

/** Whole years between a birth date and a day (both ISO dates), in integers only. */
export function ageOn(birthDate: string, day: string): number | undefined {
  const parse = (value: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return undefined;
    const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const check = new Date(Date.UTC(year, month - 1, date));
    return check.getUTCMonth() === month - 1 && check.getUTCDate() === date
      ? { year, month, date }
      : undefined;
  };
  const birth = parse(birthDate);
  const on = parse(day);
  if (!birth || !on) return undefined;
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.date >= birth.date);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

const or = (labels: string[], word: string) =>
  labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} ${word} ${labels.at(-1)}`;

/**
 * Checks a claim against a programme's rules for an event on `eventDay` (ISO date, Paris). Every reason is
 * given, not only the first, so an applicant learns at once all that is missing.
 */
export function checkEligibility(
  rules: EligibilityRules,
  claim: EligibilityClaim,
  eventDay: string,
): EligibilityVerdict {
  const reasons: IneligibilityReason[] = [];
  const age = ageOn(claim.birthDate, eventDay);
  if (age === undefined || age < 0) {
    reasons.push({
      code: 'invalid-birth-date',
      fr: 'la date de naissance n’est pas une date valide (AAAA-MM-JJ) antérieure à l’événement',
      en: 'the date of birth is not a valid date (YYYY-MM-DD) before the event',
    });
  } else {
    if (rules.age?.min !== undefined && age < rules.age.min) {
      reasons.push({
        code: 'too-young',
        fr: `il faut avoir au moins ${rules.age.min} ans le jour de l’événement (${age} ans ce jour-là)`,
        en: `applicants must be at least ${rules.age.min} on the day of the event (${age} on that day)`,
      });
    }
    if (rules.age?.max !== undefined && age > rules.age.max) {
      reasons.push({
        code: 'too-old',
        fr: `il faut avoir au plus ${rules.age.max} ans le jour de l’événement (${age} ans ce jour-là)`,
        en: `applicants must be at most ${rules.age.max} on the day of the event (${age} on that day)`,
      });
    }
  }
  for (const requirement of rules.requirements) {
    const accepted = requirement.anyOf;
    const held = accepted.filter((option) => claim.statuses.some((s) => s.status === option.status));
    if (held.length === 0) {
      reasons.push({
        code: 'status-missing',
        fr: `ce programme est réservé à : ${or(
          accepted.map((option) => STATUS_LABELS[option.status].fr),
          'ou',
        )}`,
        en: `this programme is for: ${or(
          accepted.map((option) => STATUS_LABELS[option.status].en),
          'or',
        )}`,
      });
      continue;
    }
    const proven = held.some((option) =>
      claim.statuses.some((s) => s.status === option.status && s.proofProvided),
    );
    if (!proven) {
      reasons.push({
        code: 'proof-missing',
        fr: `justificatif manquant : ${or(
          held.map((option) => option.proof),
          'ou',
        )}`,
        en: `missing proof: ${or(
          held.map((option) => option.proof),
          'or',
        )}`,
      });
    }
  }
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}
