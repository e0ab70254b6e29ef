import { describe, expect, it } from 'vitest';
import { parseApplicantRow, parseDate } from './applicant-rows.js';

const row = {
  nom_de_naissance: 'Lefèvre',
  prenoms: 'Zoé Marie',
  date_de_naissance: '17/05/2014',
  courriel: 'Parent.Lefevre@exemple.fr',
  statuts: 'eleve',
  justificatifs: 'oui',
  consentement_le: '02/11/2026',
  representant_legal: 'Claire Lefèvre',
};

describe('a line of an applicants file', () => {
  it('reads French dates, status codes and the representative', () => {
    expect(parseApplicantRow(row)).toEqual({
      ok: true,
      row: {
        birthSurname: 'Lefèvre',
        firstNames: 'Zoé Marie',
        birthDate: '2014-05-17',
        email: 'parent.lefevre@exemple.fr',
        statuses: [{ status: 'school_pupil', proofProvided: true }],
        consentedOn: '2026-11-02',
        representative: 'Claire Lefèvre',
        eventCodes: [],
      },
    });
  });

  it('reads the optional ranking of event codes, best first, and refuses a code twice without repeating it', () => {
    const ranked = parseApplicantRow({ ...row, choix_epreuves: ' NAT-200 | esc-sab ' });
    expect(ranked.ok && ranked.row.eventCodes).toEqual(['NAT-200', 'esc-sab']);
    const twice = parseApplicantRow({ ...row, choix_epreuves: 'NAT-200|nat-200' });
    expect(twice).toEqual({
      ok: false,
      reason: 'choix_epreuves : une épreuve ne peut être classée qu’une fois',
    });
  });

  it('refuses a formula in a cell, an impossible date and an unknown status, without repeating values', () => {
    const result = parseApplicantRow({
      ...row,
      nom_de_naissance: "=cmd|' /C calc'!A0",
      date_de_naissance: '31/02/2014',
      statuts: 'astronaute',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain('date_de_naissance : date illisible ou inexistante');
    expect(result.reason).toContain('statuts : code inconnu');
    expect(result.reason).toContain('nom_de_naissance : lettres, espaces, tirets et apostrophes seulement');
    expect(result.reason).not.toContain('cmd');
    expect(result.reason).not.toContain('astronaute');
  });

  it('parses dates strictly', () => {
    expect(parseDate('2014-05-17')).toBe('2014-05-17');
    expect(parseDate('29/02/2013')).toBeUndefined();
    expect(parseDate('2014-13-01')).toBeUndefined();
    expect(parseDate('17.05.2014')).toBeUndefined();
  });
});
