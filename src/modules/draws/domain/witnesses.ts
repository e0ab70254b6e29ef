import { sha256 } from '@noble/hashes/sha2.js';
import { ascii, concatBytes, equalBytes, fromHex, isHex, u16 } from './bytes.js';

/** Fallback randomness (draw-record.md §6.2): each witness's secret combined in commitment order. */
export interface Witness {
  name: string;
  /** SHA-256 of the witness's 32-byte secret, hex, given before the freeze. */
  commitment: string;
}

export interface WitnessRandomness {
  /** The valid reveals in witness order, null where missing or not matching the commitment. */
  reveals: (string | null)[];
  missing: string[];
  /** null when fewer than `minReveals` secrets were revealed: no seed, the draw is committed again. */
  value: Uint8Array | null;
}

export function witnessCommitment(secret: Uint8Array): Uint8Array {
  return sha256(secret);
}

export function witnessRandomness(
  witnesses: readonly Witness[],
  reveals: readonly (string | null | undefined)[],
  minReveals: number,
): WitnessRandomness {
  const valid: (string | null)[] = witnesses.map((witness, index) => {
    const reveal = reveals[index];
    if (!isHex(reveal, 32) || !isHex(witness.commitment, 32)) return null;
    return equalBytes(sha256(fromHex(reveal)), fromHex(witness.commitment)) ? reveal : null;
  });
  const missing = witnesses.filter((_, index) => valid[index] === null).map((witness) => witness.name);
  const revealed = valid.filter((reveal) => reveal !== null).length;
  if (revealed < minReveals) return { reveals: valid, missing, value: null };
  const parts: Uint8Array[] = [ascii('gradins-draw-witnesses'), u16(witnesses.length)];
  for (const reveal of valid)
    parts.push(reveal === null ? Uint8Array.of(0) : concatBytes(Uint8Array.of(1), fromHex(reveal)));
  return { reveals: valid, missing, value: sha256(concatBytes(...parts)) };
}
