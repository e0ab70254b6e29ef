import { canonicalQuotas, DrawInputError, type PreparedEntries, type QuotaRow } from './entries.js';
import { SLICE, type Steps } from './steps.js';

/**
 * Frozen leaves packed for storage. A leaf (draw-record.md §1) is an entry id and a **tail** — bucket, seats,
 * choices —, and tails repeat (one bucket, a few sizes, rankings among a few events): a draw keeps its
 * distinct tails once (`LeafTail`, in `draws.entry_tails`), and per position only the id (16 bytes) and the
 * index of its tail (u32, big-endian), in chunks of `LEAF_CHUNK` positions. The server writes them at freeze
 * and reads them back to run the draw: 20 bytes an entry instead of a row, parsed straight into the arrays
 * the run works on.
 */
export interface LeafTail {
  bucket: string;
  seats: number;
  /** Event identifiers, best first. */
  choices: string[];
}

export interface LeafChunk {
  firstPosition: number;
  count: number;
  /** 16 bytes per position, end to end. */
  ids: Uint8Array;
  /** u32 big-endian per position: an index into the draw's tails. */
  tails: Uint8Array;
}

/** Entries per stored chunk (1.3 MB of ids and tail indices). */
export const LEAF_CHUNK = 65_536;

/** The distinct tails of prepared entries, in order of first position, and each position's tail index. */
export function leafTails(prepared: PreparedEntries): { list: LeafTail[]; ofPosition: Uint32Array } {
  const list: LeafTail[] = [];
  const indexOf = new Map<string, number>();
  const ofPosition = new Uint32Array(prepared.count);
  for (let p = 0; p < prepared.count; p++) {
    const choices = prepared.choiceEvents.subarray(prepared.choiceStart[p]!, prepared.choiceStart[p + 1]!);
    const key = `${prepared.bucketIndex[p]!}:${prepared.seats[p]!}:${choices.join(',')}`;
    let index = indexOf.get(key);
    if (index === undefined) {
      index = list.length;
      list.push({
        bucket: prepared.buckets[prepared.bucketIndex[p]!]!,
        seats: prepared.seats[p]!,
        choices: [...choices].map((event) => prepared.events[event]!),
      });
      indexOf.set(key, index);
    }
    ofPosition[p] = index;
  }
  return { list, ofPosition };
}

/** Values of positions `from … to − 1` as u32 big-endian (tail or category indices). */
export function packU32(values: Uint32Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(4 * (to - from));
  const view = new DataView(out.buffer);
  for (let p = from; p < to; p++) view.setUint32(4 * (p - from), values[p]!);
  return out;
}

/** Stored u32 big-endian values of chunks, back by position (`count` positions). */
export function unpackU32(
  chunks: readonly { firstPosition: number; values: Uint8Array }[],
  count: number,
): Uint32Array {
  const out = new Uint32Array(count);
  for (const { firstPosition, values } of chunks) {
    const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; 4 * i < values.byteLength && firstPosition + i < count; i++)
      out[firstPosition + i] = view.getUint32(4 * i);
  }
  return out;
}

/** The chunk of positions `from … to − 1`: ids and tail indices. */
export function packLeafChunk(
  prepared: PreparedEntries,
  tailOf: Uint32Array,
  from: number,
  to: number,
): LeafChunk {
  return {
    firstPosition: from,
    count: to - from,
    ids: prepared.ids.slice(16 * from, 16 * to),
    tails: packU32(tailOf, from, to),
  };
}

/**
 * Reads stored chunks (in position order) and the draw's tails into the arrays of `PreparedEntries`, checking
 * them as `prepareEntries` checks entries: ids strictly ascending (so unique, and in position order); each tail
 * once — bucket in the quota table, seats 1…65535, 1…`maxChoices` distinct choices each with a quota row in the
 * bucket; every tail index known. Throws DrawInputError.
 */
export function* preparedFromLeafSteps(
  chunks: readonly LeafChunk[],
  tails: readonly LeafTail[],
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
  const fail = (where: string, reason: string): never => {
    throw new DrawInputError('entry', `${where} : ${reason}`);
  };

  // Each tail checked once.
  const tailBucket = new Uint32Array(tails.length);
  const tailSeats = new Uint32Array(tails.length);
  const tailChoices: Uint32Array[] = [];
  tails.forEach((tail, t) => {
    const where = `Suite de feuille ${t}`;
    const bucket = bucketOf.get(tail.bucket);
    if (bucket === undefined) return fail(where, 'lot (bucket) absent de la table des quotas');
    if (!Number.isInteger(tail.seats) || tail.seats < 1 || tail.seats > 65535)
      return fail(where, 'nombre de places invalide');
    if (!Array.isArray(tail.choices) || tail.choices.length < 1 || tail.choices.length > maxChoices)
      return fail(where, `entre 1 et ${maxChoices} choix attendus`);
    const choices = new Uint32Array(tail.choices.length);
    tail.choices.forEach((choice, c) => {
      const event = eventOf.get(choice);
      if (event === undefined || quota[bucket * events.length + event]! < 0)
        return fail(where, 'choix sans quota dans son lot');
      if (choices.subarray(0, c).includes(event)) return fail(where, 'choix en double');
      choices[c] = event;
    });
    tailBucket[t] = bucket;
    tailSeats[t] = tail.seats;
    tailChoices.push(choices);
  });

  const ids = new Uint8Array(16 * count);
  const bucketIndex = new Uint32Array(count);
  const seats = new Uint32Array(count);
  const choiceStart = new Uint32Array(count + 1);
  let choiceEvents = new Uint32Array(Math.max(1, 3 * count));
  let cursor = 0;
  let position = 0;
  for (const chunk of chunks) {
    const where = `Entrée en position ${position}`;
    if (chunk.firstPosition !== position) fail(where, 'morceau de feuilles manquant');
    if (position + chunk.count > count) fail(where, 'plus d’entrées que l’engagement n’en compte');
    if (chunk.ids.length !== 16 * chunk.count || chunk.tails.length !== 4 * chunk.count)
      fail(where, 'morceau de feuilles de la mauvaise taille');
    ids.set(chunk.ids, 16 * position);
    const view = new DataView(chunk.tails.buffer, chunk.tails.byteOffset, chunk.tails.byteLength);
    for (let i = 0; i < chunk.count; i++, position++) {
      if (position % SLICE === 0) yield { phase: 'numbering', done: position, total: count };
      if (position > 0 && !ascending(ids, position))
        fail(`Entrée en position ${position}`, 'identifiants non strictement croissants');
      const t = view.getUint32(4 * i);
      if (t >= tails.length) fail(`Entrée en position ${position}`, 'suite de feuille inconnue');
      const choices = tailChoices[t]!;
      bucketIndex[position] = tailBucket[t]!;
      seats[position] = tailSeats[t]!;
      choiceStart[position] = cursor;
      if (cursor + choices.length > choiceEvents.length) {
        const grown = new Uint32Array(2 * choiceEvents.length + choices.length);
        grown.set(choiceEvents);
        choiceEvents = grown;
      }
      choiceEvents.set(choices, cursor);
      cursor += choices.length;
    }
  }
  if (position !== count)
    fail(`Entrée en position ${position}`, `${count} entrées attendues, ${position} trouvées`);
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
