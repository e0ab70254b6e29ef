import { describe, expect, it } from 'vitest';
import { addMonths, banPeriod, banStatus, inForceOn } from './ban-period.js';
import { banInputFromRow, reasonLikeColumns } from './ban-rows.js';
import { validateBan, type BanContext } from './ban-validation.js';
import { checkPhoto, PHOTO_MAX_BYTES } from './photo.js';

const context: BanContext = {
  today: '2026-09-15',
  venues: new Map([['parc des princes', 'Parc des Princes']]),
  sports: new Map([['football', 'Football']]),
};
const identity = { surname: 'Dupont', firstName: 'Jean', birthDate: '1990-01-01', birthPlace: 'Paris' };

describe('the period of a ban (BAN-3)', () => {
  it('counts calendar months, the 31st becoming the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-06-01', 24)).toBe('2028-06-01');
  });

  it('has effect from the first day to the last, never after nor while suspended', () => {
    const ban = { startsOn: '2026-09-01', endsOn: '2026-09-21', suspended: false };
    expect(inForceOn(ban, '2026-08-31')).toBe(false);
    expect(inForceOn(ban, '2026-09-01')).toBe(true);
    expect(inForceOn(ban, '2026-09-20')).toBe(true);
    expect(inForceOn(ban, '2026-09-21')).toBe(false);
    expect(inForceOn({ ...ban, suspended: true }, '2026-09-10')).toBe(false);
    expect(banStatus(ban, '2026-09-21')).toBe('ended');
    expect(banStatus({ ...ban, suspended: true }, '2026-09-10')).toBe('suspended');
    expect(banStatus(ban, '2026-08-01')).toBe('not_yet_in_force');
  });

  it('refuses a ban already over at entry, and an order valid until before its date', () => {
    const judicial = { kind: 'judicial' as const, decisionDate: '2025-09-15', durationMonths: 12 };
    expect(banPeriod(judicial, '2026-09-15')).toMatchObject({
      ok: false,
      failure: { code: 'ban-already-ended' },
    });
    expect(banPeriod(judicial, '2026-09-14')).toMatchObject({
      ok: true,
      period: { startsOn: '2025-09-15', endsOn: '2026-09-15' },
    });
    const order = {
      kind: 'administrative' as const,
      forbiddenVenues: ['x'],
      includesSurroundings: false,
      eventTypes: ['y'],
      orderDate: '2026-09-10',
      validUntil: '2026-09-09',
      mustAnswerSummons: false,
    };
    expect(banPeriod(order, '2026-09-01')).toMatchObject({
      ok: false,
      failure: { code: 'ban-dates-invalid' },
    });
  });
});

describe('validateBan (BAN-2: the AU-42 fields and no others)', () => {
  it('refuses any extra field, the reasons first of all, at any depth', () => {
    const measure = { kind: 'judicial', decisionDate: '2026-09-01', durationMonths: 12 };
    expect(validateBan({ identity, measure, reasons: 'x' }, context)).toMatchObject({
      ok: false,
      code: 'ban-field-not-allowed',
      errors: [{ path: 'reasons' }],
    });
    expect(validateBan({ identity, measure: { ...measure, motif: 'x' } }, context)).toMatchObject({
      ok: false,
      code: 'ban-field-not-allowed',
      errors: [{ path: 'measure.motif' }],
    });
    expect(validateBan({ identity, measure }, context)).toMatchObject({ ok: true });
  });

  it('refuses a birth date that is no calendar day or is after today, naming identity.birthDate', () => {
    const measure = { kind: 'judicial', decisionDate: '2026-09-01', durationMonths: 12 };
    const refused = (birthDate: string) =>
      validateBan({ identity: { ...identity, birthDate }, measure }, context);
    for (const birthDate of ['1990-02-30', '1990-13-01', '2023-02-29', '1990-00-10'])
      expect(refused(birthDate), birthDate).toMatchObject({
        ok: false,
        code: 'ban-dates-invalid',
        errors: [{ path: 'identity.birthDate', message: { fr: 'date de naissance impossible' } }],
      });
    expect(refused('2026-09-16')).toMatchObject({
      ok: false,
      code: 'ban-dates-invalid',
      errors: [
        {
          path: 'identity.birthDate',
          message: { fr: 'date de naissance postérieure à aujourd’hui (2026-09-15)' },
        },
      ],
    });
    // A leap day that exists, and today itself, are days a person may be born on.
    expect(refused('2024-02-29')).toMatchObject({ ok: true });
    expect(refused('2026-09-15')).toMatchObject({ ok: true });
  });

  it('stores venues and sports as the events write them, and refuses unknown ones', () => {
    const measure = {
      kind: 'administrative',
      forbiddenVenues: ['PARC DES PRINCES', 'parc des princes'],
      includesSurroundings: true,
      eventTypes: ['football'],
      orderDate: '2026-09-01',
      validUntil: '2027-08-31',
      mustAnswerSummons: true,
    };
    const verdict = validateBan({ identity, measure }, context);
    expect(verdict.ok && verdict.input.measure).toMatchObject({
      forbiddenVenues: ['Parc des Princes'],
      eventTypes: ['Football'],
    });
    expect(
      validateBan({ identity, measure: { ...measure, forbiddenVenues: ['Vélodrome'] } }, context),
    ).toMatchObject({
      ok: false,
      code: 'ban-unknown-venue',
    });
  });
});

describe('the prefecture CSV', () => {
  it('spots columns that would carry the reasons or comments', () => {
    expect(reasonLikeColumns(['nom', 'motif', 'commentaires', 'raison', 'prenom'])).toEqual([
      'motif',
      'commentaires',
      'raison',
    ]);
  });

  it('reads French dates, yes/no and lists separated by |', () => {
    const read = banInputFromRow({
      type: 'Administrative',
      nom: 'Dupont',
      prenom: 'Jean',
      date_naissance: '01/01/1990',
      lieu_naissance: 'Paris',
      date_arrete: '01/09/2026',
      fin_validite: '2027-08-31',
      enceintes: 'Parc des Princes | Stade de France',
      abords: 'oui',
      types_manifestations: 'Football',
      obligation_convocations: 'non',
    });
    expect(read).toMatchObject({
      ok: true,
      raw: {
        identity: { birthDate: '1990-01-01', address: null },
        measure: {
          orderDate: '2026-09-01',
          forbiddenVenues: ['Parc des Princes', 'Stade de France'],
          includesSurroundings: true,
          mustAnswerSummons: false,
        },
      },
    });
  });
});

describe('checkPhoto (a photograph to look at; its content is never processed)', () => {
  it('accepts PNG and JPEG by their bytes, refuses anything else and anything too large', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.from('IHDR'),
      Buffer.alloc(30),
    ]);
    expect(checkPhoto(png)).toEqual({ ok: true, mediaType: 'image/png' });
    expect(checkPhoto(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0xff, 0xd9]))).toEqual({
      ok: true,
      mediaType: 'image/jpeg',
    });
    expect(checkPhoto(Buffer.from('GIF89a......'))).toEqual({ ok: false, reason: 'not-an-image' });
    expect(checkPhoto(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
    expect(checkPhoto(Buffer.alloc(PHOTO_MAX_BYTES + 1, 0xff))).toEqual({ ok: false, reason: 'too-large' });
  });
});
