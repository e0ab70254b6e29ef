import { compareBytes, fromHex, isHex } from './bytes.js';
import { leafHash, leafHashInPlace, merkleRootOfFlat } from './merkle.js';
import { sortByKey64 } from './sort64.js';
import { finish, SLICE, type Steps } from './steps.js';

/** An entry of a draw (draw-record.md §1): a person, a group of k seats or a carer pair. */
export interface DrawEntry {
  /** 16 random bytes as 32 lower-case hex, drawn at freeze, never derived from identity. */
  entryId: string;
  bucket: string;
  /** 1 for a person, k for a group, 2 for a carer pair. */
  seats: number;
  /** Event identifiers, best first. */
  choices: string[];
}

export interface QuotaRow {
  bucket: string;
  event: string;
  seats: number;
}

export class DrawInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly entryId?: string,
  ) {
    super(message);
    this.name = 'DrawInputError';
  }
}

const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;

export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && IDENTIFIER.test(value);
}

function byteOrder(a: string, b: string): number {
  // Identifiers are ASCII: UTF-16 code unit order is byte order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The quota table in its canonical order (§3), checked. */
export function canonicalQuotas(quotas: readonly QuotaRow[]): QuotaRow[] {
  const rows = quotas.map(({ bucket, event, seats }) => ({ bucket, event, seats }));
  for (const row of rows) {
    if (!isIdentifier(row.bucket) || !isIdentifier(row.event))
      throw new DrawInputError(
        'quota-identifier',
        `Identifiant de quota invalide : ${row.bucket} / ${row.event}`,
      );
    if (!Number.isInteger(row.seats) || row.seats < 0 || row.seats > 0xffffffff)
      throw new DrawInputError('quota-seats', `Nombre de places invalide pour ${row.bucket} / ${row.event}`);
  }
  rows.sort((a, b) => byteOrder(a.bucket, b.bucket) || byteOrder(a.event, b.event));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.bucket === rows[i - 1]!.bucket && rows[i]!.event === rows[i - 1]!.event)
      throw new DrawInputError('quota-duplicate', `Quota en double : ${rows[i]!.bucket} / ${rows[i]!.event}`);
  }
  return rows;
}

/** The compact, position-ordered form the numbering and the allocation work on. */
export interface PreparedEntries {
  count: number;
  /** Entry ids by position (§2: ascending bytes), 16 bytes each, end to end: one buffer, not n objects. */
  ids: Uint8Array;
  buckets: string[];
  events: string[];
  bucketIndex: Uint32Array;
  seats: Uint32Array;
  /** Choices of position p: `choiceEvents[choiceStart[p] .. choiceStart[p+1])`, event indices, best first. */
  choiceStart: Uint32Array;
  choiceEvents: Uint32Array;
  /** Seats per (bucket, event): `quota[bucket * events.length + event]`, -1 where the table has no row. */
  quota: Float64Array;
}

export function encodeLeaf(entry: DrawEntry): Uint8Array {
  const id = fromHex(entry.entryId, 16);
  const length =
    16 + 1 + entry.bucket.length + 2 + 1 + entry.choices.reduce((sum, c) => sum + 1 + c.length, 0);
  const out = new Uint8Array(length);
  out.set(id, 0);
  let offset = 16;
  const writeIdentifier = (text: string): void => {
    out[offset++] = text.length;
    for (let i = 0; i < text.length; i++) out[offset++] = text.charCodeAt(i);
  };
  writeIdentifier(entry.bucket);
  out[offset++] = entry.seats >>> 8;
  out[offset++] = entry.seats & 0xff;
  out[offset++] = entry.choices.length;
  for (const choice of entry.choices) writeIdentifier(choice);
  return out;
}

/** Checks one entry against §1; returns a French reason, or null when it is well formed. */
export function entryProblem(
  entry: DrawEntry,
  maxChoices: number,
  quotaKeys: ReadonlySet<string>,
): string | null {
  if (!isHex(entry.entryId, 16)) return 'identifiant d’entrée invalide (32 caractères hexadécimaux attendus)';
  if (!isIdentifier(entry.bucket)) return 'lot (bucket) invalide';
  if (!Number.isInteger(entry.seats) || entry.seats < 1 || entry.seats > 65535)
    return 'nombre de places invalide';
  if (!Array.isArray(entry.choices) || entry.choices.length < 1 || entry.choices.length > maxChoices)
    return `entre 1 et ${maxChoices} choix attendus`;
  if (new Set(entry.choices).size !== entry.choices.length) return 'choix en double';
  for (const choice of entry.choices) {
    if (!isIdentifier(choice)) return 'événement invalide';
    if (!quotaKeys.has(`${entry.bucket}\u0000${choice}`))
      return `aucun quota pour ${entry.bucket} / ${choice}`;
  }
  return null;
}

function idKey(id: Uint8Array): [number, number] {
  return [
    ((id[0]! << 24) | (id[1]! << 16) | (id[2]! << 8) | id[3]!) >>> 0,
    ((id[4]! << 24) | (id[5]! << 16) | (id[6]! << 8) | id[7]!) >>> 0,
  ];
}

/**
 * Validates entries and quotas and puts the entries in position order (sorted by id bytes, §2), whatever
 * the order of the rows given. Throws DrawInputError on the first problem.
 */
export function prepareEntries(
  entries: readonly DrawEntry[],
  quotas: readonly QuotaRow[],
  maxChoices: number,
): PreparedEntries {
  return finish(prepareEntrySteps(entries, quotas, maxChoices));
}

/** `prepareEntries`, pausing between slices of entries (see `steps.ts`). */
export function* prepareEntrySteps(
  entries: readonly DrawEntry[],
  quotas: readonly QuotaRow[],
  maxChoices: number,
): Steps<PreparedEntries> {
  if (!Number.isInteger(maxChoices) || maxChoices < 1 || maxChoices > 255)
    throw new DrawInputError('max-choices', 'Le nombre maximal de choix doit être entre 1 et 255');
  if (entries.length < 1) throw new DrawInputError('no-entries', 'Un tirage a au moins une entrée');
  if (entries.length > 0xffffffff) throw new DrawInputError('too-many-entries', 'Trop d’entrées');
  const table = canonicalQuotas(quotas);
  const buckets = [...new Set(table.map((row) => row.bucket))].sort(byteOrder);
  const events = [...new Set(table.map((row) => row.event))].sort(byteOrder);
  const bucketOf = new Map(buckets.map((bucket, index) => [bucket, index]));
  const eventOf = new Map(events.map((event, index) => [event, index]));
  const quota = new Float64Array(buckets.length * events.length).fill(-1);
  for (const row of table)
    quota[bucketOf.get(row.bucket)! * events.length + eventOf.get(row.event)!] = row.seats;
  const quotaKeys = new Set(table.map((row) => `${row.bucket}\u0000${row.event}`));

  const n = entries.length;
  const rawIds: Uint8Array[] = new Array(n);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (i % SLICE === 0) yield { phase: 'numbering', done: i, total: n };
    const entry = entries[i]!;
    const problem = entryProblem(entry, maxChoices, quotaKeys);
    if (problem)
      throw new DrawInputError('entry', `Entrée ${String(entry.entryId)} : ${problem}`, entry.entryId);
    const id = fromHex(entry.entryId, 16);
    rawIds[i] = id;
    [hi[i], lo[i]] = idKey(id);
  }
  const order = sortByKey64(hi, lo, (a, b) => compareBytes(rawIds[a]!, rawIds[b]!));
  let choiceCount = 0;
  for (const entry of entries) choiceCount += entry.choices.length;
  const prepared: PreparedEntries = {
    count: n,
    ids: new Uint8Array(16 * n),
    buckets,
    events,
    bucketIndex: new Uint32Array(n),
    seats: new Uint32Array(n),
    choiceStart: new Uint32Array(n + 1),
    choiceEvents: new Uint32Array(choiceCount),
    quota,
  };
  let cursor = 0;
  for (let position = 0; position < n; position++) {
    if (position % SLICE === 0) yield { phase: 'numbering', done: position, total: n };
    const source = order[position]!;
    const entry = entries[source]!;
    const id = rawIds[source]!;
    if (position > 0 && compareBytes(idAt(prepared, position - 1), id) === 0)
      throw new DrawInputError('duplicate-entry', `Entrée en double : ${entry.entryId}`, entry.entryId);
    prepared.ids.set(id, 16 * position);
    prepared.bucketIndex[position] = bucketOf.get(entry.bucket)!;
    prepared.seats[position] = entry.seats;
    prepared.choiceStart[position] = cursor;
    for (const choice of entry.choices) prepared.choiceEvents[cursor++] = eventOf.get(choice)!;
  }
  prepared.choiceStart[n] = cursor;
  return prepared;
}

export function idAt(prepared: Pick<PreparedEntries, 'ids'>, position: number): Uint8Array {
  return prepared.ids.subarray(16 * position, 16 * position + 16);
}

/** The entry at a position, back in its readable form. */
export function entryAt(prepared: PreparedEntries, position: number): DrawEntry {
  const choices: string[] = [];
  for (let c = prepared.choiceStart[position]!; c < prepared.choiceStart[position + 1]!; c++)
    choices.push(prepared.events[prepared.choiceEvents[c]!]!);
  let entryId = '';
  for (const byte of idAt(prepared, position)) entryId += byte.toString(16).padStart(2, '0');
  return {
    entryId,
    bucket: prepared.buckets[prepared.bucketIndex[position]!]!,
    seats: prepared.seats[position]!,
    choices,
  };
}

/** Leaf hashes in position order. */
export function leafHashes(prepared: PreparedEntries): Uint8Array[] {
  const hashes: Uint8Array[] = new Array(prepared.count);
  for (let p = 0; p < prepared.count; p++) hashes[p] = leafHash(encodeLeaf(entryAt(prepared, p)));
  return hashes;
}

/**
 * Leaf hashes in position order, laid end to end (32 bytes each): each leaf (§1) encoded straight from the
 * prepared arrays into one scratch buffer, as `encodeLeaf` would encode the entry.
 */
export function leafHashesFlat(prepared: PreparedEntries): Uint8Array {
  const bucketBytes = prepared.buckets.map(identifierBytes);
  const eventBytes = prepared.events.map(identifierBytes);
  let longest = 0;
  for (const bytes of eventBytes) longest = Math.max(longest, bytes.length);
  let scratch = new Uint8Array(64);
  const out = new Uint8Array(32 * prepared.count);
  for (let p = 0; p < prepared.count; p++) {
    const bucket = bucketBytes[prepared.bucketIndex[p]!]!;
    const first = prepared.choiceStart[p]!;
    const end = prepared.choiceStart[p + 1]!;
    const most = 1 + 16 + bucket.length + 3 + (end - first) * longest;
    if (most > scratch.length) scratch = new Uint8Array(2 * most);
    scratch.set(prepared.ids.subarray(16 * p, 16 * p + 16), 1);
    let offset = 17;
    scratch.set(bucket, offset);
    offset += bucket.length;
    const seats = prepared.seats[p]!;
    scratch[offset++] = seats >>> 8;
    scratch[offset++] = seats & 0xff;
    scratch[offset++] = end - first;
    for (let c = first; c < end; c++) {
      const event = eventBytes[prepared.choiceEvents[c]!]!;
      scratch.set(event, offset);
      offset += event.length;
    }
    out.set(leafHashInPlace(scratch, offset), 32 * p);
  }
  return out;
}

/** An identifier as the leaf writes it: its length byte, then its ASCII bytes. */
export function identifierBytes(text: string): Uint8Array {
  const out = new Uint8Array(1 + text.length);
  out[0] = text.length;
  for (let i = 0; i < text.length; i++) out[i + 1] = text.charCodeAt(i);
  return out;
}

export function entriesRoot(prepared: PreparedEntries): Uint8Array {
  return merkleRootOfFlat(leafHashesFlat(prepared));
}
