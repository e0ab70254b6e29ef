import { Readable } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { ProblemError } from '../http/problem.js';

// Reading the CSV files people export from a spreadsheet: UTF-8 (with or without BOM), separated by
// semicolons (the French Excel default) or commas, a header line naming the columns. Streams: rows come one at
// a time, so a file of a million rows never sits in memory. Anything else is refused with an explanation of
// what was found and how to export the file again.

export interface CsvRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  /** Values by column name (names as expected, whatever their case or accents in the file). */
  values: Record<string, string>;
  /** Set when the row has a different number of cells than the header. */
  cellCountMismatch?: { expected: number; found: number };
}

export interface CsvOptions {
  /** Column names, lower-case without accents (`categorie`): every one must be in the header. */
  columns: readonly string[];
  /** Columns that may be absent. */
  optionalColumns?: readonly string[];
}

const SEPARATORS: Record<string, { fr: string; en: string }> = {
  '\t': { fr: 'des tabulations', en: 'tabs' },
  '|': { fr: 'des barres verticales « | »', en: 'vertical bars "|"' },
  ':': { fr: 'des deux-points', en: 'colons' },
};

const csvProblem = (detail: { fr: string; en: string }) =>
  new ProblemError(400, 'csv-invalid', { fr: 'Fichier CSV illisible', en: 'Unreadable CSV file' }, detail);

/** `Catégorie`, ` catégorie ` and `CATEGORIE` all name the column `categorie`. */
export function normaliseColumnName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

async function* decodeUtf8(
  source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let first = true;
  let lineCount = 1;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (first && bytes.length >= 2) {
      first = false;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw csvProblem({
          fr: 'Le fichier est encodé en UTF-16 (« Texte Unicode » d’Excel). Enregistrez-le au format « CSV UTF-8 (délimité par des virgules) » et envoyez-le de nouveau.',
          en: 'The file is encoded in UTF-16 (Excel "Unicode Text"). Save it as "CSV UTF-8 (comma delimited)" and send it again.',
        });
      }
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw csvProblem({
        fr: `Le fichier n’est pas encodé en UTF-8 (caractère illisible vers la ligne ${lineCount}) : il a sans doute été enregistré en « CSV (séparateur : point-virgule) » d’Excel, en Windows-1252. Enregistrez-le au format « CSV UTF-8 » et envoyez-le de nouveau ; rien n’a été importé.`,
        en: `The file is not encoded in UTF-8 (unreadable character near line ${lineCount}): it was probably saved as Excel "CSV (semicolon delimited)", in Windows-1252. Save it as "CSV UTF-8" and send it again; nothing was imported.`,
      });
    }
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCount += 1;
    if (text) yield text;
  }
  const rest = (() => {
    try {
      return decoder.decode();
    } catch {
      throw csvProblem({
        fr: 'Le fichier se termine par un caractère UTF-8 incomplet. Enregistrez-le de nouveau au format « CSV UTF-8 ».',
        en: 'The file ends with an incomplete UTF-8 character. Save it again as "CSV UTF-8".',
      });
    }
  })();
  if (rest) yield rest;
}

function chooseSeparator(header: string, options: CsvOptions): ';' | ',' {
  const wanted = options.columns;
  for (const separator of [';', ','] as const) {
    const names = header.split(separator).map((name) => normaliseColumnName(name.replace(/^"|"$/g, '')));
    if (wanted.every((column) => names.includes(column))) return separator;
  }
  const other = Object.keys(SEPARATORS).find((separator) => header.includes(separator));
  if (other) {
    throw csvProblem({
      fr: `Les colonnes semblent séparées par ${SEPARATORS[other]!.fr}. Gradins lit les fichiers séparés par des points-virgules (« ; ») ou des virgules : exportez de nouveau le fichier en CSV avec l’un de ces séparateurs.`,
      en: `The columns seem to be separated by ${SEPARATORS[other]!.en}. Gradins reads files separated by semicolons (";") or commas: export the file again as CSV with one of these separators.`,
    });
  }
  const separator = header.split(';').length >= header.split(',').length ? ';' : ',';
  const found = header.split(separator).map((name) => normaliseColumnName(name.replace(/^"|"$/g, '')));
  const missing = wanted.filter((column) => !found.includes(column));
  throw csvProblem({
    fr: `La première ligne doit nommer les colonnes ; il y manque : ${missing.join(', ')}. Colonnes attendues, séparées par des points-virgules : ${wanted.join(';')}.`,
    en: `The first line must name the columns; missing: ${missing.join(', ')}. Expected columns, separated by semicolons: ${wanted.join(';')}.`,
  });
}

/**
 * The rows of a CSV file, as they arrive. Throws a `csv-invalid` problem, before any row, for a file that is
 * not UTF-8, uses another separator, or lacks a column; and on a broken quote, with its line.
 */
export async function* readCsv(
  source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  options: CsvOptions,
): AsyncGenerator<CsvRow> {
  const text = decodeUtf8(source);
  let buffered = '';
  let next = await text.next();
  while (!next.done) {
    buffered += next.value;
    if (buffered.includes('\n')) break;
    next = await text.next();
  }
  buffered = buffered.replace(/^\uFEFF/, '');
  const header = (buffered.split('\n')[0] ?? '').replace(/\r$/, '');
  if (header.trim() === '') {
    throw csvProblem({
      fr: 'Le fichier est vide : sa première ligne doit nommer les colonnes.',
      en: 'The file is empty: its first line must name the columns.',
    });
  }
  const delimiter = chooseSeparator(header, options);
  const known = new Set([...options.columns, ...(options.optionalColumns ?? [])]);

  async function* rest(): AsyncGenerator<string> {
    yield buffered;
    if (next.done) return;
    for (let chunk = await text.next(); !chunk.done; chunk = await text.next()) yield chunk.value;
  }
  const parserOptions: Options<{ record: string[]; line: number }, string[]> = {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    // The line each record starts on, without the full `info` object csv-parse would copy for every record.
    on_record: (record, context) => ({ record, line: context.lines }),
  };
  // csv-parse types `on_record` only for records with `columns`; ours are arrays of cells.
  const parser = Readable.from(rest()).pipe(parse(parserOptions as unknown as Options));
  let names: string[] | undefined;
  try {
    for await (const { record, line } of parser as AsyncIterable<{ record: string[]; line: number }>) {
      if (!names) {
        names = record.map(normaliseColumnName);
        const unknown = names.filter((name) => !known.has(name));
        if (unknown.length > 0) {
          throw csvProblem({
            fr: `Colonnes inconnues : ${unknown.join(', ')}. Retirez-les (seules ces colonnes sont lues : ${[...known].join(', ')}) et envoyez le fichier de nouveau.`,
            en: `Unknown columns: ${unknown.join(', ')}. Remove them (only these columns are read: ${[...known].join(', ')}) and send the file again.`,
          });
        }
        continue;
      }
      const values: Record<string, string> = {};
      names.forEach((name, index) => {
        values[name] = record[index] ?? '';
      });
      yield {
        line,
        values,
        ...(record.length !== names.length
          ? { cellCountMismatch: { expected: names.length, found: record.length } }
          : {}),
      };
    }
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    const line = (error as { lines?: number }).lines;
    throw csvProblem({
      fr: `Le fichier est mal formé${line ? ` à la ligne ${line}` : ''} (guillemet non refermé ou caractère inattendu). Corrigez cette ligne et envoyez le fichier de nouveau ; rien n’a été importé.`,
      en: `The file is malformed${line ? ` at line ${line}` : ''} (an unclosed quote or an unexpected character). Fix that line and send the file again; nothing was imported.`,
    });
  }
}
