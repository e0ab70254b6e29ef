import { describe, expect, it } from 'vitest';
import { ProblemError } from '../http/problem.js';
import { readCsv, type CsvRow } from './read-csv.js';

const options = { columns: ['code', 'categorie', 'billets'] };

async function rows(chunks: (string | Buffer)[], csvOptions = options): Promise<CsvRow[]> {
  const all: CsvRow[] = [];
  const source = (async function* () {
    yield* chunks;
  })();
  for await (const row of readCsv(source, csvOptions)) all.push(row);
  return all;
}

async function problemOf(chunks: (string | Buffer)[]): Promise<ProblemError> {
  try {
    await rows(chunks);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('no problem raised');
}

describe('reading a CSV file', () => {
  it('reads a semicolon file with a BOM, accented header and quoted cells, split across chunks', async () => {
    const file = '\uFEFFCode;Catégorie;Billets\r\nA-1;"C; côté";12\r\nA-2;D;3';
    const bytes = Buffer.from(file, 'utf8');
    // Cut in the middle of the two bytes of « é »: the decoder must wait for the second one.
    const cut = bytes.indexOf(Buffer.from('é')) + 1;
    expect(await rows([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([
      { line: 2, values: { code: 'A-1', categorie: 'C; côté', billets: '12' } },
      { line: 3, values: { code: 'A-2', categorie: 'D', billets: '3' } },
    ]);
  });

  it('reads a comma file and marks a row with a missing cell', async () => {
    expect(await rows(['code,categorie,billets\nA-1,C\n'])).toEqual([
      {
        line: 2,
        values: { code: 'A-1', categorie: 'C', billets: '' },
        cellCountMismatch: { expected: 3, found: 2 },
      },
    ]);
  });

  it('refuses UTF-16, an unknown column and a broken quote, saying what to do', async () => {
    const utf16 = Buffer.from('\uFEFFcode;categorie;billets\n', 'utf16le');
    expect((await problemOf([utf16])).detail.fr).toContain('encodé en UTF-16');
    expect((await problemOf(['code;categorie;billets;motif\n'])).detail.fr).toContain(
      'Colonnes inconnues : motif',
    );
    expect((await problemOf(['code;categorie;billets\nA;"C;1\n'])).detail.fr).toContain('mal formé');
    expect((await problemOf([''])).detail.fr).toContain('Le fichier est vide');
  });

  it('gives the line near a character that is not UTF-8', async () => {
    const problem = await problemOf([
      Buffer.concat([
        Buffer.from('code;categorie;billets\nA;C;1\nB;'),
        Buffer.from([0xe9]),
        Buffer.from(';2\n'),
      ]),
    ]);
    expect(problem.code).toBe('csv-invalid');
    expect(problem.detail.fr).toContain('n’est pas encodé en UTF-8');
  });
});
