import { describe, expect, it } from 'vitest';
import { parseCount, parseEventRow, parseParisDateTime } from './event-rows.js';

const row = {
  code: 'ATH-0802-M',
  jeux: 'Olympiques',
  nature: 'Compétition',
  sport: 'Athlétisme',
  discipline: '100 m hommes, séries',
  site: 'Stade de France',
  debut: '02/08/2024 10:05',
  categorie: 'C',
  billets: '1 500',
};

describe('an events import row', () => {
  it('reads French spreadsheet values: accents, capitals, French dates, spaced thousands', () => {
    expect(parseEventRow(row)).toEqual({
      ok: true,
      row: {
        code: 'ATH-0802-M',
        games: 'olympic',
        kind: 'competition',
        sport: 'Athlétisme',
        discipline: '100 m hommes, séries',
        venue: 'Stade de France',
        startsAtParis: '2024-08-02T10:05',
        category: 'C',
        count: 1500,
      },
    });
  });

  it('says everything that is wrong with a row, in French', () => {
    const result = parseEventRow({ ...row, jeux: 'hiver', debut: 'demain', billets: 'beaucoup' });
    expect(result).toEqual({
      ok: false,
      reason:
        'jeux « hiver » inconnus (olympiques ou paralympiques) ; début « demain » illisible (AAAA-MM-JJ HH:MM ou JJ/MM/AAAA HH:MM, heure de Paris) ; billets « beaucoup » : un nombre entier est attendu',
    });
  });

  it('refuses a zero count, an empty sport and a code with spaces, naming the column', () => {
    expect(parseEventRow({ ...row, billets: '0' })).toEqual({
      ok: false,
      reason: 'billets : au moins 1 billet par ligne',
    });
    const empty = parseEventRow({ ...row, sport: '', code: 'ATH 1' });
    expect(empty.ok).toBe(false);
    expect(!empty.ok && empty.reason).toMatch(/^code : .*; sport : /);
  });

  it('reads ISO dates and counts with no-break spaces', () => {
    expect(parseParisDateTime('2024-08-28 20:00')).toBe('2024-08-28T20:00');
    expect(parseParisDateTime('28/08/2024 20h00')).toBe('2024-08-28T20:00');
    expect(parseParisDateTime('2024-08-28')).toBeUndefined();
    expect(parseCount('12\u00a0000')).toBe(12000);
    expect(parseCount('-3')).toBeUndefined();
    expect(parseCount('1,5')).toBeUndefined();
  });
});
