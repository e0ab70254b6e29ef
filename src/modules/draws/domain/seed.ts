import { sha256 } from './hash.js';
import { ascii, concatBytes, u16, u64 } from './bytes.js';

export const DRAW_SPEC = 'gradins-draw-v1';
export const DRAW_SPEC_VERSION = 1;

/** seed = SHA-256("gradins-draw-seed" ‖ u16(1) ‖ root ‖ u64(round) ‖ randomness); round 0 for witnesses. */
export function deriveSeed(entriesRoot: Uint8Array, round: number, randomness: Uint8Array): Uint8Array {
  if (entriesRoot.length !== 32 || randomness.length !== 32)
    throw new RangeError('root and randomness are 32 bytes');
  return sha256(
    concatBytes(ascii('gradins-draw-seed'), u16(DRAW_SPEC_VERSION), entriesRoot, u64(round), randomness),
  );
}
