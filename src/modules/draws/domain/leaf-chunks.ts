import {
  canonicalQuotas,
  DrawInputError,
  identifierBytes,
  type PreparedEntries,
  type QuotaRow,
} from './entries.js';
import { SLICE, type Steps } from './steps.js';

/**
 * Frozen leaves packed for storage: the leaf bytes of draw-record.md §1, each preceded by its length as u16
 * (big-endian), end to end in position order. A chunk holds the leaves of positions `firstPosition …
 * firstPosition + count − 1`. The server writes them at freeze and reads them back to run the draw: a few
 * megabytes per chunk instead of millions of rows, parsed straight into the arrays the run works on.
 */
export interface LeafChunk {
  firstPosition: number;
  count: number;
  leaves: Uint8Array;
}

/** Each position's category index (distribution checks, §8.1), u32 big-endian, positions `from … to − 1`. */
export function packCategories(categoryOf: Uint32Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(4 * (to - from));
  const view = new DataView(out.buffer);
  for (let p = from; p < to; p++) view.setUint32(4 * (p - from), categoryOf[p]!);
  return out;
}

/** The category indices of stored chunks, back by position (`count` positions). */
export function unpackCategories(
  chunks: readonly { firstPosition: number; categories: Uint8Array }[],
  count: number,
): Uint32Array {
  const out = new Uint32Array(count);
  for (const chunk of chunks) {
    const view = new DataView(
      chunk.categories.buffer,
      chunk.categories.byteOffset,
      chunk.categories.byteLength,
    );
    for (let i = 0; 4 * i < chunk.categories.byteLength && chunk.firstPosition + i < count; i++)
      out[chunk.firstPosition + i] = view.getUint32(4 * i);
  }
  return out;
}

/** Entries per stored chunk of leaves (about 3 MB at 45 bytes a leaf). */
export const LEAF_CHUNK = 65_536;

/** The packed leaves of positions `from … to − 1` of prepared entries. */
export function packLeaves(prepared: PreparedEntries, from: number, to: number): Uint8Array {
  const bucketBytes = prepared.buckets.map(identifierBytes);
  const eventBytes = prepared.events.map(identifierBytes);
  let size = 0;
  for (let p = from; p < to; p++) {
    size += 2 + 16 + bucketBytes[prepared.bucketIndex[p]!]!.length + 3;
    for (let c = prepared.choiceStart[p]!; c < prepared.choiceStart[p + 1]!; c++)
      size += eventBytes[prepared.choiceEvents[c]!]!.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (let p = from; p < to; p++) {
    const start = at;
    at += 2;
    out.set(prepared.ids.subarray(16 * p, 16 * p + 16), at);
    at += 16;
    const bucket = bucketBytes[prepared.bucketIndex[p]!]!;
    out.set(bucket, at);
    at += bucket.length;
    const seats = prepared.seats[p]!;
    out[at++] = seats >>> 8;
    out[at++] = seats & 0xff;
    out[at++] = prepared.choiceStart[p + 1]! - prepared.choiceStart[p]!;
    for (let c = prepared.choiceStart[p]!; c < prepared.choiceStart[p + 1]!; c++) {
      const event = eventBytes[prepared.choiceEvents[c]!]!;
      out.set(event, at);
      at += event.length;
    }
    const length = at - start - 2;
    out[start] = length >>> 8;
    out[start + 1] = length & 0xff;
  }
  return out;
}

/** What a leaf says after its id (bucket, seats, choices), checked once however many leaves repeat it. */
interface LeafTail {
  bucket: number;
  seats: number;
  choices: Uint32Array;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/**
 * Reads packed leaves (in position order) into the arrays of `PreparedEntries`, checking them as
 * `prepareEntries` checks entries: ids strictly ascending (so unique, and in position order), seats 1…65535,
 * 1…`maxChoices` distinct choices, each with a quota row in the entry's bucket. Throws DrawInputError.
 */
export function* preparedFromLeafSteps(
  chunks: readonly LeafChunk[],
  quotas: readonly QuotaRow[],
  maxChoices: number,
  count: number,
): Steps<PreparedEntries> {
  const table = canonicalQuotas(quotas);
  const buckets = [...new Set(table.map((row) => row.bucket))].sort();
  const events = [...new Set(table.map((row) => row.event))].sort();
  const bucketOf = new Map(buckets.map((bucket, index) => [bucket, index]));
  const eventOf = new Map(events.map((event, index) => [event, index]));
  const quota = new Float64Array(buckets.length * events.length).fill(-1);
  for (const row of table)
    quota[bucketOf.get(row.bucket)! * events.length + eventOf.get(row.event)!] = row.seats;

  const ids = new Uint8Array(16 * count);
  const bucketIndex = new Uint32Array(count);
  const seats = new Uint32Array(count);
  const choiceStart = new Uint32Array(count + 1);
  let choiceEvents = new Uint32Array(Math.max(1, 3 * count));
  let cursor = 0;
  // Tails repeat (a bucket, a size, a few rankings): each distinct one is checked once, found again by a hash
  // of its bytes and a byte comparison, without building a string per entry.
  const tails = new Map<number, { bytes: Uint8Array; tail: LeafTail }[]>();
  const fail = (position: number, reason: string): never => {
    throw new DrawInputError('entry', `Entrée en position ${position} : ${reason}`);
  };
  const tailOf = (bytes: Uint8Array, from: number, to: number, position: number): LeafTail => {
    let hash = 0x811c9dc5;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const known = tails.get(hash);
    if (known)
      for (const candidate of known) {
        if (candidate.bytes.length !== to - from) continue;
        let same = true;
        for (let i = 0; same && i < candidate.bytes.length; i++)
          same = candidate.bytes[i] === bytes[from + i];
        if (same) return candidate.tail;
      }
    const tail = checkedTail(bytes, from, to, position);
    const entry = { bytes: bytes.slice(from, to), tail };
    if (known) known.push(entry);
    else tails.set(hash, [entry]);
    return tail;
  };
  const checkedTail = (bytes: Uint8Array, from: number, to: number, position: number): LeafTail => {
    let at = from;
    const bucketLength = bytes[at++]!;
    const bucket = bucketOf.get(ascii(bytes, at, at + bucketLength));
    at += bucketLength;
    if (bucket === undefined) return fail(position, 'lot (bucket) absent de la table des quotas');
    const entrySeats = (bytes[at]! << 8) | bytes[at + 1]!;
    at += 2;
    if (entrySeats < 1) return fail(position, 'nombre de places invalide');
    const choiceCount = bytes[at++]!;
    if (choiceCount < 1 || choiceCount > maxChoices)
      return fail(position, `entre 1 et ${maxChoices} choix attendus`);
    const choices = new Uint32Array(choiceCount);
    for (let c = 0; c < choiceCount; c++) {
      const length = bytes[at++]!;
      const event = eventOf.get(ascii(bytes, at, at + length));
      at += length;
      if (event === undefined || quota[bucket * events.length + event]! < 0)
        return fail(position, 'choix sans quota dans son lot');
      if (choices.subarray(0, c).includes(event)) return fail(position, 'choix en double');
      choices[c] = event;
    }
    if (at !== to) return fail(position, 'feuille mal formée');
    return { bucket, seats: entrySeats, choices };
  };

  let position = 0;
  for (const chunk of chunks) {
    if (chunk.firstPosition !== position) fail(position, 'morceau de feuilles manquant');
    const bytes = chunk.leaves;
    let at = 0;
    for (let i = 0; i < chunk.count; i++, position++) {
      if (position % SLICE === 0) yield { phase: 'numbering', done: position, total: count };
      if (position >= count) fail(position, 'plus d’entrées que l’engagement n’en compte');
      if (at + 2 > bytes.length) fail(position, 'feuille tronquée');
      const length = (bytes[at]! << 8) | bytes[at + 1]!;
      const start = at + 2;
      const end = start + length;
      if (length < 16 + 1 + 2 + 1 || end > bytes.length) fail(position, 'feuille tronquée');
      ids.set(bytes.subarray(start, start + 16), 16 * position);
      if (position > 0 && !ascending(ids, position))
        fail(position, 'identifiants non strictement croissants');
      const tail = tailOf(bytes, start + 16, end, position);
      bucketIndex[position] = tail.bucket;
      seats[position] = tail.seats;
      choiceStart[position] = cursor;
      if (cursor + tail.choices.length > choiceEvents.length) {
        const grown = new Uint32Array(2 * choiceEvents.length + tail.choices.length);
        grown.set(choiceEvents);
        choiceEvents = grown;
      }
      choiceEvents.set(tail.choices, cursor);
      cursor += tail.choices.length;
      at = end;
    }
    if (at !== bytes.length) fail(position, 'octets en trop après les feuilles');
  }
  if (position !== count) fail(position, `${count} entrées attendues, ${position} trouvées`);
  choiceStart[count] = cursor;
  return {
    count,
    ids,
    buckets,
    events,
    bucketIndex,
    seats,
    choiceStart,
    choiceEvents: choiceEvents.subarray(0, cursor),
    quota,
  };
}

/** Whether the id at `position` is greater than the one before it (bytes, big-endian). */
function ascending(ids: Uint8Array, position: number): boolean {
  for (let i = 16 * position, j = i - 16, end = i + 16; i < end; i++, j++) {
    if (ids[i]! !== ids[j]!) return ids[i]! > ids[j]!;
  }
  return false;
}
