import { sha256 } from '@noble/hashes/sha2.js';
import { allocate, type Allocation } from './allocation.js';
import { ascii, fromHex, toHex, u16, u32 } from './bytes.js';
import { canonicalBytes } from './canonical-json.js';
import type { DistributionChecks } from './distribution.js';
import {
  canonicalQuotas,
  DrawInputError,
  entriesRoot,
  idAt,
  isIdentifier,
  prepareEntries,
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
import { drawOrder, numberEntries, numberHex, type EntryNumbers } from './numbering.js';
import { DRAW_SPEC, DRAW_SPEC_VERSION, deriveSeed } from './seed.js';
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
  const hash = sha256.create();
  hash
    .update(ascii('gradins-draw-results'))
    .update(u16(DRAW_SPEC_VERSION))
    .update(seed)
    .update(u32(order.length));
  const ROW = 16 + 8 + 1 + 4;
  const chunk = new Uint8Array(ROW * 16384);
  let offset = 0;
  const put32 = (value: number): void => {
    chunk[offset++] = value >>> 24;
    chunk[offset++] = (value >>> 16) & 0xff;
    chunk[offset++] = (value >>> 8) & 0xff;
    chunk[offset++] = value & 0xff;
  };
  for (let rank = 0; rank < order.length; rank++) {
    const p = order[rank]!;
    for (let i = 16 * p, end = i + 16; i < end; i++) chunk[offset++] = ids[i]!;
    put32(numbers.hi[p]!);
    put32(numbers.lo[p]!);
    chunk[offset++] = allocation.outcome[p]!;
    put32(allocation.reserveRank[p]!);
    if (offset === chunk.length) {
      hash.update(chunk);
      offset = 0;
    }
  }
  if (offset) hash.update(chunk.subarray(0, offset));
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

/** Runs the draw of a commitment on its entries and builds the record (§5–§8). */
export function runDraw(
  commitment: DrawCommitment,
  entries: readonly DrawEntry[],
  input: RandomnessInput,
): DrawRun {
  const prepared = prepareEntries(entries, commitment.quotas, commitment.entries.max_choices);
  const root = entriesRoot(prepared);
  if (prepared.count !== commitment.entries.count || toHex(root) !== commitment.entries.root)
    throw new DrawInputError('entries-changed', 'Les entrées ne sont plus celles de l’engagement');
  const randomness = resolveRandomness(commitment, input);
  const { seed, numbers, order, allocation } = computeDraw(prepared, root, randomness);
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
  const record: DrawRecord = {
    spec: DRAW_SPEC,
    commitment,
    commitment_hash: toHex(commitmentHash(commitment)),
    randomness,
    seed: toHex(seed),
    buckets: prepared.buckets,
    events: prepared.events,
    entries: rows,
    results_hash: toHex(resultsHash(seed, prepared.ids, numbers, order, allocation)),
    distribution_checks: null,
  };
  return { record, prepared, numbers, order, allocation };
}

/** The bytes the platform's `draw` key signs (§9). */
export function recordBytes(record: DrawRecord): Uint8Array {
  return canonicalBytes(record);
}
