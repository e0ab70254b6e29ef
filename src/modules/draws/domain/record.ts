import { sha256, sha256Stream } from './hash.js';
import { blockArray, DRAW_ORDER_BLOCK, gather, gatherChoices, gatherIds } from './draw-order.js';
import { allocate, allocateSteps, type Allocation } from './allocation.js';
import { ascii, fromHex, toHex, u16, u32 } from './bytes.js';
import { canonicalBytes, canonicalJson } from './canonical-json.js';
import type { DistributionChecks } from './distribution.js';
import {
  canonicalQuotas,
  DrawInputError,
  entriesRoot,
  idAt,
  isIdentifier,
  prepareEntries,
  prepareEntrySteps,
  type DrawEntry,
  type PreparedEntries,
  type QuotaRow,
} from './entries.js';
import {
  DRAND_QUICKNET,
  drandRandomness,
  drandRoundTime,
  KNOWN_DRAND_CHAINS,
  verifyDrandSignature,
} from './drand.js';
import { drawOrder, numberEntries, numberEntrySteps, numberHex, type EntryNumbers } from './numbering.js';
import { DRAW_SPEC, DRAW_SPEC_VERSION, deriveSeed } from './seed.js';
import { finish, type Steps } from './steps.js';
import { witnessRandomness, type Witness } from './witnesses.js';

/** The commitment (draw-record.md §4), published and signed before the beacon round exists. */
export interface DrawCommitment {
  spec: typeof DRAW_SPEC;
  draw_id: string;
  demonstration: boolean;
  committed_at: string;
  entries: { root: string; count: number; max_choices: number };
  quotas: QuotaRow[];
  beacon: { type: 'drand'; chain_hash: string; round: number; deadline: string };
  fallback: { type: 'witnesses'; witnesses: Witness[]; reveal_deadline: string; min_reveals: number };
}

export type RecordRandomness =
  | { source: 'drand'; round: number; signature: string; value: string }
  | { source: 'witnesses'; reveals: (string | null)[]; value: string };

/** [entry_id, bucket index, seats, choice event indices, number, outcome, reserve rank] (§8). */
export type RecordEntry = [string, number, number, number[], string, number, number];

export interface DrawRecord {
  spec: typeof DRAW_SPEC;
  commitment: DrawCommitment;
  commitment_hash: string;
  randomness: RecordRandomness;
  seed: string;
  buckets: string[];
  events: string[];
  entries: RecordEntry[];
  results_hash: string;
  /** §8.1; null when the checks were not computed (the pure draw, or records made before them). */
  distribution_checks: DistributionChecks | null;
}

export interface CommitmentInput {
  drawId: string;
  demonstration: boolean;
  committedAt: Date;
  entries: readonly DrawEntry[];
  quotas: readonly QuotaRow[];
  maxChoices: number;
  round: number;
  beaconDeadline: Date;
  witnesses: Witness[];
  revealDeadline: Date;
  minReveals: number;
}

/** Freezes the entries into a commitment; a round already produced at `committedAt` is refused (§6.1). */
export function buildCommitment(input: CommitmentInput): DrawCommitment {
  if (!isIdentifier(input.drawId)) throw new DrawInputError('draw-id', 'Identifiant de tirage invalide');
  const prepared = prepareEntries(input.entries, input.quotas, input.maxChoices);
  const chain = DRAND_QUICKNET;
  if (!Number.isSafeInteger(input.round) || input.round < 1)
    throw new DrawInputError('round', 'Numéro de tour drand invalide');
  if (!input.demonstration && drandRoundTime(chain, input.round) * 1000 <= input.committedAt.getTime())
    throw new DrawInputError('past-round', 'Ce tour drand est déjà passé : choisissez un tour futur');
  const witnessNames = new Set<string>();
  for (const witness of input.witnesses) {
    if (!witness.name || witnessNames.has(witness.name) || !/^[0-9a-f]{64}$/.test(witness.commitment))
      throw new DrawInputError('witness', `Témoin invalide : ${witness.name}`);
    witnessNames.add(witness.name);
  }
  if (
    !Number.isInteger(input.minReveals) ||
    input.minReveals < 1 ||
    input.minReveals > input.witnesses.length
  )
    throw new DrawInputError(
      'min-reveals',
      'Le nombre minimal de révélations doit être entre 1 et le nombre de témoins',
    );
  return {
    spec: DRAW_SPEC,
    draw_id: input.drawId,
    demonstration: input.demonstration,
    committed_at: input.committedAt.toISOString(),
    entries: { root: toHex(entriesRoot(prepared)), count: prepared.count, max_choices: input.maxChoices },
    quotas: canonicalQuotas(input.quotas),
    beacon: {
      type: 'drand',
      chain_hash: chain.chainHash,
      round: input.round,
      deadline: input.beaconDeadline.toISOString(),
    },
    fallback: {
      type: 'witnesses',
      witnesses: input.witnesses.map(({ name, commitment }) => ({ name, commitment })),
      reveal_deadline: input.revealDeadline.toISOString(),
      min_reveals: input.minReveals,
    },
  };
}

export function commitmentBytes(commitment: DrawCommitment): Uint8Array {
  return canonicalBytes(commitment);
}

export function commitmentHash(commitment: DrawCommitment): Uint8Array {
  return sha256(commitmentBytes(commitment));
}

export type RandomnessInput =
  { source: 'drand'; signature: string } | { source: 'witnesses'; reveals: (string | null)[] };

/** Checks the beacon value (or the witnesses' reveals) against the commitment and gives the randomness. */
export function resolveRandomness(commitment: DrawCommitment, input: RandomnessInput): RecordRandomness {
  if (input.source === 'drand') {
    const chain = KNOWN_DRAND_CHAINS.get(commitment.beacon.chain_hash);
    if (!chain) throw new DrawInputError('beacon-chain', 'Chaîne drand inconnue');
    if (!verifyDrandSignature(chain, commitment.beacon.round, input.signature))
      throw new DrawInputError(
        'beacon-signature',
        `La signature ne correspond pas au tour ${commitment.beacon.round}`,
      );
    return {
      source: 'drand',
      round: commitment.beacon.round,
      signature: input.signature,
      value: toHex(drandRandomness(input.signature)),
    };
  }
  const { witnesses, min_reveals: minReveals } = commitment.fallback;
  const result = witnessRandomness(witnesses, input.reveals, minReveals);
  if (!result.value)
    throw new DrawInputError(
      'reveals-missing',
      `Seulement ${witnesses.length - result.missing.length} révélations valides sur ${minReveals} requises`,
    );
  return { source: 'witnesses', reveals: result.reveals, value: toHex(result.value) };
}

export function recordRound(randomness: RecordRandomness): number {
  return randomness.source === 'drand' ? randomness.round : 0;
}

/**
 * SHA-256("gradins-draw-results" ‖ u16(1) ‖ seed ‖ u32(n) ‖ per entry in draw order: id ‖ u64(number) ‖
 * u8(outcome) ‖ u32(reserve rank)), fed in chunks so millions of entries need no large buffer.
 */
export function resultsHash(
  seed: Uint8Array,
  ids: Uint8Array,
  numbers: EntryNumbers,
  order: Uint32Array,
  allocation: Pick<Allocation, 'outcome' | 'reserveRank'>,
): Uint8Array {
  return finish(resultsHashSteps(seed, ids, numbers, order, allocation));
}

/** Bytes of an entry in the results hash: id, u64 number, u8 outcome, u32 reserve rank. */
const RESULT_ROW = 16 + 8 + 1 + 4;

/**
 * A block's rows of the results hash into `chunk`; returns their length. A plain function, not the generator's
 * body: V8 optimises a generator's loops poorly (and deoptimises them), so hot loops live outside generators.
 */
function writeResultRows(
  chunk: Uint8Array,
  ids: Uint8Array,
  hi: Uint32Array,
  lo: Uint32Array,
  outcome: Uint32Array,
  reserve: Uint32Array,
  count: number,
): number {
  let offset = 0;
  for (let k = 0; k < count; k++) {
    for (let i = 16 * k, end = i + 16; i < end; i++) chunk[offset++] = ids[i]!;
    const h = hi[k]!;
    const l = lo[k]!;
    const r = reserve[k]!;
    chunk[offset] = h >>> 24;
    chunk[offset + 1] = h >>> 16;
    chunk[offset + 2] = h >>> 8;
    chunk[offset + 3] = h;
    chunk[offset + 4] = l >>> 24;
    chunk[offset + 5] = l >>> 16;
    chunk[offset + 6] = l >>> 8;
    chunk[offset + 7] = l;
    chunk[offset + 8] = outcome[k]!;
    chunk[offset + 9] = r >>> 24;
    chunk[offset + 10] = r >>> 16;
    chunk[offset + 11] = r >>> 8;
    chunk[offset + 12] = r;
    offset += 13;
  }
  return offset;
}

/** The results hash's stream, fed its prefix (everything before the entries' rows). */
function resultsHashStream(seed: Uint8Array, count: number) {
  const hash = sha256Stream();
  hash.update(ascii('gradins-draw-results'));
  hash.update(u16(DRAW_SPEC_VERSION));
  hash.update(seed);
  hash.update(u32(count));
  return hash;
}

/** `resultsHash`, pausing every block of ranks (steps.ts). */
export function* resultsHashSteps(
  seed: Uint8Array,
  ids: Uint8Array,
  numbers: EntryNumbers,
  order: Uint32Array,
  allocation: Pick<Allocation, 'outcome' | 'reserveRank'>,
): Steps<Uint8Array> {
  const hash = resultsHashStream(seed, order.length);
  const chunk = new Uint8Array(RESULT_ROW * Math.min(DRAW_ORDER_BLOCK, order.length));
  const [positions, idWords, hi, lo, outcome, reserve] = [
    blockArray(order.length),
    blockArray(order.length, 4),
    blockArray(order.length),
    blockArray(order.length),
    blockArray(order.length),
    blockArray(order.length),
  ];
  for (let from = 0; from < order.length; from += DRAW_ORDER_BLOCK) {
    // A pause, not progress: the allocation this hashes is already done.
    yield { phase: 'allocating', done: order.length, total: order.length };
    const count = Math.min(DRAW_ORDER_BLOCK, order.length - from);
    positions.set(order.subarray(from, from + count));
    const blockIds = gatherIds(idWords, ids, positions, count);
    gather(hi, numbers.hi, positions, count);
    gather(lo, numbers.lo, positions, count);
    gather(outcome, allocation.outcome, positions, count);
    gather(reserve, allocation.reserveRank, positions, count);
    hash.update(chunk.subarray(0, writeResultRows(chunk, blockIds, hi, lo, outcome, reserve, count)));
  }
  return hash.digest();
}

export interface DrawRun {
  record: DrawRecord;
  prepared: PreparedEntries;
  numbers: EntryNumbers;
  order: Uint32Array;
  allocation: Allocation;
}

/** The computation of a draw from already-prepared entries: seed, numbers, order, allocation. */
export function computeDraw(prepared: PreparedEntries, root: Uint8Array, randomness: RecordRandomness) {
  const seed = deriveSeed(root, recordRound(randomness), fromHex(randomness.value, 32));
  const numbers = numberEntries(seed, prepared.count);
  const order = drawOrder(numbers);
  const allocation = allocate(prepared, order);
  return { seed, numbers, order, allocation };
}

/** A computed draw: the record but its entry rows, and the arrays the rows are made of. */
export interface DrawComputation {
  header: Omit<DrawRecord, 'entries'>;
  prepared: PreparedEntries;
  numbers: EntryNumbers;
  order: Uint32Array;
  allocation: Allocation;
}

/** Runs the draw of a commitment on its entries and builds the record (§5–§8). */
export function runDraw(
  commitment: DrawCommitment,
  entries: readonly DrawEntry[],
  input: RandomnessInput,
): DrawRun {
  const computed = finish(computeDrawSteps(commitment, entries, input));
  const { header, prepared, numbers, order, allocation } = computed;
  const rows: RecordEntry[] = new Array(prepared.count);
  for (let rank = 0; rank < order.length; rank++) {
    const p = order[rank]!;
    const choices: number[] = [];
    for (let c = prepared.choiceStart[p]!; c < prepared.choiceStart[p + 1]!; c++)
      choices.push(prepared.choiceEvents[c]!);
    rows[rank] = [
      toHex(idAt(prepared, p)),
      prepared.bucketIndex[p]!,
      prepared.seats[p]!,
      choices,
      numberHex(numbers, p),
      allocation.outcome[p]!,
      allocation.reserveRank[p]!,
    ];
  }
  return { record: { ...header, entries: rows }, prepared, numbers, order, allocation };
}

/**
 * The draw of a commitment on its entries (§5–§7), pausing between slices of work (see `steps.ts`). The
 * entries' Merkle root is recomputed and compared with the commitment's unless `rootChecked` says the caller
 * knows them to be the committed ones (the server: leaves frozen by the database, and every verifier
 * recomputes the root anyway).
 */
export function* computeDrawSteps(
  commitment: DrawCommitment,
  entries: readonly DrawEntry[],
  input: RandomnessInput,
  options: { rootChecked?: boolean } = {},
): Steps<DrawComputation> {
  yield { phase: 'numbering', done: 0, total: entries.length };
  const prepared = yield* prepareEntrySteps(entries, commitment.quotas, commitment.entries.max_choices);
  return yield* computePreparedDrawSteps(commitment, prepared, input, options);
}

/** `computeDrawSteps` on entries already in their prepared form (the server reads them so, `leaf-chunks.ts`). */
export function* computePreparedDrawSteps(
  commitment: DrawCommitment,
  prepared: PreparedEntries,
  input: RandomnessInput,
  options: { rootChecked?: boolean; resultsHashInRecord?: boolean } = {},
): Steps<DrawComputation> {
  const total = prepared.count;
  if (prepared.count !== commitment.entries.count)
    throw new DrawInputError('entries-changed', 'Les entrées ne sont plus celles de l’engagement');
  yield { phase: 'numbering', done: 0, total };
  const root = options.rootChecked ? fromHex(commitment.entries.root, 32) : entriesRoot(prepared);
  if (toHex(root) !== commitment.entries.root)
    throw new DrawInputError('entries-changed', 'Les entrées ne sont plus celles de l’engagement');
  const randomness = resolveRandomness(commitment, input);
  yield { phase: 'numbering', done: 0, total };
  const seed = deriveSeed(root, recordRound(randomness), fromHex(randomness.value, 32));
  const numbers = yield* numberEntrySteps(seed, prepared.count);
  yield { phase: 'numbering', done: total, total };
  const order = drawOrder(numbers);
  const allocation = yield* allocateSteps(prepared, order);
  // The server leaves the results hash to the record's bytes, which gather the same values (`recordByteSteps`).
  const results = options.resultsHashInRecord
    ? undefined
    : yield* resultsHashSteps(seed, prepared.ids, numbers, order, allocation);
  const header: Omit<DrawRecord, 'entries'> = {
    spec: DRAW_SPEC,
    commitment,
    commitment_hash: toHex(commitmentHash(commitment)),
    randomness,
    seed: toHex(seed),
    buckets: prepared.buckets,
    events: prepared.events,
    results_hash: results ? toHex(results) : '',
    distribution_checks: null,
  };
  yield { phase: 'allocating', done: total, total };
  return { header, prepared, numbers, order, allocation };
}

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** A byte's two hex digits, first digit in the low byte: one lookup per byte written. */
const HEX_PAIRS = Uint16Array.from(
  { length: 256 },
  (_, b) => HEX_DIGITS[b >>> 4]! | (HEX_DIGITS[b & 0xf]! << 8),
);
const [QUOTE, COMMA, OPEN, CLOSE] = [0x22, 0x2c, 0x5b, 0x5d];

/** Decimal digits of a non-negative safe integer. */
function decimalLength(value: number): number {
  if (value < 10) return 1;
  if (value < 100) return 2;
  if (value < 1000) return 3;
  if (value < 10000) return 4;
  if (value < 100000) return 5;
  if (value < 1000000) return 6;
  if (value < 10000000) return 7;
  if (value < 100000000) return 8;
  if (value < 1000000000) return 9;
  return String(value).length;
}

/** Writes a non-negative safe integer in decimal ASCII at `at`; returns the next offset. */
function writeDecimal(out: Uint8Array, at: number, value: number): number {
  if (value < 10) {
    out[at] = 0x30 + value;
    return at + 1;
  }
  const digits = decimalLength(value);
  let rest = value;
  if (value < 0x80000000) {
    // Integer division on 31-bit values.
    for (let i = at + digits - 1; i >= at; i--) {
      const quotient = (rest / 10) | 0;
      out[i] = 0x30 + rest - 10 * quotient;
      rest = quotient;
    }
  } else {
    for (let i = at + digits - 1; i >= at; i--, rest = Math.floor(rest / 10)) out[i] = 0x30 + (rest % 10);
  }
  return at + digits;
}

/** Writes the 8 lower-case hex digits of a 32-bit word at `at`. */
function writeHex32(out: Uint8Array, at: number, word: number): void {
  for (let i = 7; i >= 0; i--, word >>>= 4) out[at + i] = HEX_DIGITS[word & 0xf]!;
}

/**
 * The bytes of the rows of positions `from` to `to` (exclusive) but their separating commas: `[` `"` 32 hex `"`
 * `,` bucket `,` seats `,[` choices `],"` 16 hex `",` outcome `,` reserve `]`. A plain function (see
 * `writeResultRows`).
 */
function rowsSize(
  prepared: PreparedEntries,
  allocation: Pick<Allocation, 'outcome' | 'reserveRank'>,
  bucketDigits: readonly number[],
  choiceDigits: readonly number[],
  from: number,
  to: number,
): number {
  const { bucketIndex, seats, choiceStart, choiceEvents } = prepared;
  const { outcome, reserveRank } = allocation;
  let size = 0;
  for (let p = from; p < to; p++) {
    const first = choiceStart[p]!;
    const end = choiceStart[p + 1]!;
    size += 62 + bucketDigits[bucketIndex[p]!]! + decimalLength(seats[p]!) + (end - first - 1);
    for (let c = first; c < end; c++) size += choiceDigits[choiceEvents[c]!]!;
    size += outcome[p]! < 10 ? 1 : decimalLength(outcome[p]!);
    size += decimalLength(reserveRank[p]!);
  }
  return size;
}

/** The gathered values of a block of ranks (`recordByteSteps`), one array each. */
interface RowBlock {
  bucket: Uint32Array;
  seats: Uint32Array;
  hi: Uint32Array;
  lo: Uint32Array;
  outcome: Uint32Array;
  reserve: Uint32Array;
  /** Rank k's choices are `choices[starts[k]]` to `choices[starts[k + 1]]` (`gatherChoices`). */
  starts: Uint32Array;
  choices: Uint32Array;
}

/**
 * Writes the rows of a block of `count` ranks from rank `from` at `at`; returns the next offset. A plain
 * function, not the generator's body (see `writeResultRows`).
 */
function writeRows(
  out: Uint8Array,
  at: number,
  block: RowBlock,
  idBytes: Uint8Array,
  from: number,
  count: number,
): number {
  for (let k = 0; k < count; k++) {
    if (from + k > 0) out[at++] = COMMA;
    out[at++] = OPEN;
    out[at++] = QUOTE;
    for (let i = 16 * k, last = i + 16; i < last; i++, at += 2) {
      const pair = HEX_PAIRS[idBytes[i]!]!;
      out[at] = pair & 0xff;
      out[at + 1] = pair >>> 8;
    }
    out[at++] = QUOTE;
    out[at++] = COMMA;
    at = writeDecimal(out, at, block.bucket[k]!);
    out[at++] = COMMA;
    at = writeDecimal(out, at, block.seats[k]!);
    out[at++] = COMMA;
    out[at++] = OPEN;
    const first = block.starts[k]!;
    for (let c = first, end = block.starts[k + 1]!; c < end; c++) {
      if (c > first) out[at++] = COMMA;
      at = writeDecimal(out, at, block.choices[c]!);
    }
    out[at++] = CLOSE;
    out[at++] = COMMA;
    out[at++] = QUOTE;
    writeHex32(out, at, block.hi[k]!);
    writeHex32(out, at + 8, block.lo[k]!);
    at += 16;
    out[at++] = QUOTE;
    out[at++] = COMMA;
    at = writeDecimal(out, at, block.outcome[k]!);
    out[at++] = COMMA;
    at = writeDecimal(out, at, block.reserve[k]!);
    out[at++] = CLOSE;
  }
  return at;
}

/**
 * The record bytes (§8, RFC 8785) of a computed draw, written from its arrays straight into one buffer of the
 * exact size (measured first), instead of through an object per entry: the same bytes as `recordBytes` of
 * `runDraw`'s record (record-bytes.test.ts). Keys sort as `buckets, commitment, commitment_hash,
 * distribution_checks, entries, events, randomness, results_hash, seed, spec`, so the rows go between the
 * canonical JSON of the keys before and after them. A row is
 * `["<id hex>",bucket,seats,[choice,…],"<number hex>",outcome,reserve_rank]`: ASCII only, no escapes.
 */
export function* recordByteSteps(run: DrawComputation): Steps<Uint8Array> {
  const { header, prepared, numbers, order, allocation } = run;
  const { buckets, commitment, commitment_hash, distribution_checks } = header;
  const before = canonicalJson({ buckets, commitment, commitment_hash, distribution_checks });
  // The results hash is computed here, from the rows' gathered values, when the draw left it ('').
  const hash =
    header.results_hash === '' ? resultsHashStream(fromHex(header.seed, 32), order.length) : undefined;
  const chunk = hash ? new Uint8Array(RESULT_ROW * Math.min(DRAW_ORDER_BLOCK, order.length)) : undefined;
  const tailOf = (results_hash: string) => {
    const { events, randomness, seed, spec } = header;
    return encoder.encode(`],${canonicalJson({ events, randomness, results_hash, seed, spec }).slice(1)}`);
  };
  const encoder = new TextEncoder();
  const head = encoder.encode(`${before.slice(0, -1)},"entries":[`);
  // A hash still to compute has the length of any other (64 hex digits).
  let tail = tailOf(hash ? '0'.repeat(64) : header.results_hash);
  const total = order.length;
  const { ids, bucketIndex, seats, choiceStart, choiceEvents } = prepared;
  const { outcome, reserveRank } = allocation;

  // Sizes first: `[` `"` 32 hex `"` `,` bucket `,` seats `,[` choices `],"` 16 hex `",` outcome `,` reserve `]`.
  const choiceDigits = prepared.events.map((_, index) => decimalLength(index));
  const bucketDigits = prepared.buckets.map((_, index) => decimalLength(index));
  let size = head.length + tail.length + Math.max(0, total - 1);
  for (let from = 0; from < total; from += DRAW_ORDER_BLOCK) {
    yield { phase: 'allocating', done: 0, total };
    size += rowsSize(
      prepared,
      allocation,
      bucketDigits,
      choiceDigits,
      from,
      Math.min(total, from + DRAW_ORDER_BLOCK),
    );
  }
  const out = new Uint8Array(size);
  out.set(head, 0);
  let at = head.length;
  // Rows go in draw order: each block's values are gathered first (`DRAW_ORDER_BLOCK`).
  const block: RowBlock & { position: Uint32Array; ids: Uint32Array; firsts: Uint32Array } = {
    position: blockArray(total),
    ids: blockArray(total, 4),
    bucket: blockArray(total),
    seats: blockArray(total),
    hi: blockArray(total),
    lo: blockArray(total),
    outcome: blockArray(total),
    reserve: blockArray(total),
    starts: new Uint32Array(Math.min(DRAW_ORDER_BLOCK, total) + 1),
    firsts: blockArray(total),
    choices: blockArray(total, 4),
  };
  for (let from = 0; from < total; from += DRAW_ORDER_BLOCK) {
    yield { phase: 'allocating', done: from, total };
    const count = Math.min(DRAW_ORDER_BLOCK, total - from);
    const positions = block.position;
    positions.set(order.subarray(from, from + count));
    const idBytes = gatherIds(block.ids, ids, positions, count);
    gather(block.bucket, bucketIndex, positions, count);
    gather(block.seats, seats, positions, count);
    gather(block.hi, numbers.hi, positions, count);
    gather(block.lo, numbers.lo, positions, count);
    gather(block.outcome, outcome, positions, count);
    gather(block.reserve, reserveRank, positions, count);
    block.choices = gatherChoices(
      block.starts,
      block.firsts,
      block.choices,
      choiceStart,
      choiceEvents,
      positions,
      count,
    );
    at = writeRows(out, at, block, idBytes, from, count);
    if (hash)
      hash.update(
        chunk!.subarray(
          0,
          writeResultRows(chunk!, idBytes, block.hi, block.lo, block.outcome, block.reserve, count),
        ),
      );
  }
  if (hash) {
    header.results_hash = toHex(hash.digest());
    tail = tailOf(header.results_hash);
  }
  out.set(tail, at);
  if (at + tail.length !== size) throw new Error('record size miscounted');
  yield { phase: 'allocating', done: total, total };
  return out;
}

/** The bytes the platform's `draw` key signs (§9). */
export function recordBytes(record: DrawRecord): Uint8Array {
  return canonicalBytes(record);
}
