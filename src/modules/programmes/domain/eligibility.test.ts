import { describe, expect, it } from 'vitest';
import type { EligibilityRules } from '../../../../contracts/programmes.js';
import { ageOn, checkEligibility } from './eligibility.js';

const publicAgents: EligibilityRules = {
  age: { min: 18 },
  requirements: [
    {
      anyOf: [
        { status: 'public_agent_category_b', proof: 'Attestation de l’employeur (B)' },
        { status: 'public_agent_category_c', proof: 'Attestation de l’employeur (C)' },
      ],
    },
    { anyOf: [{ status: 'games_involvement', proof: 'Attestation du service' }] },
  ],
};
const youth: EligibilityRules = {
  age: { max: 25 },
  requirements: [{ anyOf: [{ status: 'school_pupil', proof: 'Certificat de scolarité' }] }],
};

describe('age on the day of the event', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2006-07-26', '2024-07-26')).toBe(18);
    expect(ageOn('2006-07-27', '2024-07-26')).toBe(17);
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
  });
  it('refuses dates that do not exist', () => {
    expect(ageOn('2006-02-30', '2024-07-26')).toBeUndefined();
    expect(ageOn('17/05/2010', '2024-07-26')).toBeUndefined();
  });
});

describe('eligibility rules', () => {
  it('accepts a category C agent involved in the Games, with both proofs', () => {
    expect(
      checkEligibility(
        publicAgents,
        {
          birthDate: '1980-01-01',
          statuses: [
            { status: 'public_agent_category_c', proofProvided: true },
            { status: 'games_involvement', proofProvided: true },
          ],
        },
        '2024-08-01',
      ),
    ).toEqual({ eligible: true });
  });

  it('gives every reason at once: too young, a status missing', () => {
    const verdict = checkEligibility(
      publicAgents,
      { birthDate: '2008-01-01', statuses: [{ status: 'games_involvement', proofProvided: true }] },
      '2024-08-01',
    );
    expect(verdict.eligible).toBe(false);
    if (verdict.eligible) return;
    expect(verdict.reasons.map((reason) => reason.code)).toEqual(['too-young', 'status-missing']);
    expect(verdict.reasons[0]!.fr).toBe(
      'il faut avoir au moins 18 ans le jour de l’événement (16 ans ce jour-là)',
    );
    expect(verdict.reasons[1]!.fr).toBe(
      'ce programme est réservé à : agent public de catégorie B ou agent public de catégorie C',
    );
  });

  it('names the proof that is missing for a status held', () => {
    const verdict = checkEligibility(
      youth,
      { birthDate: '2010-05-17', statuses: [{ status: 'school_pupil', proofProvided: false }] },
      '2024-07-30',
    );
    expect(verdict).toEqual({
      eligible: false,
      reasons: [
        {
          code: 'proof-missing',
          fr: 'justificatif manquant : Certificat de scolarité',
          en: 'missing proof: Certificat de scolarité',
        },
      ],
    });
  });

  it('checks the maximum age on the event date, not today', () => {
    const claim = {
      birthDate: '1999-08-02',
      statuses: [{ status: 'school_pupil' as const, proofProvided: true }],
    };
    expect(checkEligibility(youth, claim, '2024-08-01').eligible).toBe(true);
    expect(checkEligibility(youth, claim, '2025-08-02').eligible).toBe(false);
  });

  it('refuses an invalid date of birth with its own reason', () => {
    const verdict = checkEligibility(youth, { birthDate: '2030-01-01', statuses: [] }, '2024-08-01');
    expect(verdict.eligible === false && verdict.reasons[0]!.code).toBe('invalid-birth-date');
  });
});
