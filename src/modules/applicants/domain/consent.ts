import { ageOn } from '../../programmes/domain/eligibility.js';

// TAJ-5 and article 45 of the French data-protection act (loi Informatique et Libertés): who must consent for
// a person's data to be kept. From 15, a minor consents alone to an online service, but TAJ-5 (and the CNIL's
// recommendation 2 for minors) asks for the legal representative's consent for every minor; under 15, both
// the child's and the representative's.

export type ConsentParty = 'person' | 'representative';

export interface ConsentRule {
  /** The parties whose consent is needed, in the order the form asks them. */
  required: readonly ConsentParty[];
  age: number;
}

/** Who must consent, from the date of birth and the day of the application (ISO dates). */
export function consentRule(birthDate: string, today: string): ConsentRule | undefined {
  const age = ageOn(birthDate, today);
  if (age === undefined || age < 0) return undefined;
  if (age < 15) return { age, required: ['person', 'representative'] };
  if (age < 18) return { age, required: ['representative'] };
  return { age, required: ['person'] };
}

/** The parties missing from what was given, in French words for the message. */
export function missingConsents(rule: ConsentRule, given: readonly ConsentParty[]): ConsentParty[] {
  return rule.required.filter((party) => !given.includes(party));
}
