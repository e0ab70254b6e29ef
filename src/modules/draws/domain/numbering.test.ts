import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex, u64 } from './bytes.js';
import { drawOrder, numberEntries, numberHex } from './numbering.js';
import { sortByKey64 } from './sort64.js';

describe('numbering (§5)', () => {
  it('is SHA-256(seed ‖ u64(j)) cut into four big-endian 64-bit numbers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 40 }),
        (seed, count) => {
          const numbers = numberEntries(seed, count);
          const stream = concatBytes(
            ...Array.from({ length: Math.ceil(count / 4) }, (_, j) => sha256(concatBytes(seed, u64(j)))),
          );
          for (let p = 0; p < count; p++)
            expect(numberHex(numbers, p)).toBe(toHex(stream.subarray(8 * p, 8 * p + 8)));
        },
      ),
    );
  });

  it('orders by number as unsigned integers, ties by position', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1, 0x80000000, 0xffffffff), fc.nat({ max: 3 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (keys) => {
          const hi = Uint32Array.from(keys.map(([h]) => h));
          const lo = Uint32Array.from(keys.map(([, l]) => l));
          const expected = keys.map((_, p) => p).sort((a, b) => hi[a]! - hi[b]! || lo[a]! - lo[b]! || a - b);
          expect([...drawOrder({ hi, lo })]).toEqual(expected);
        },
      ),
    );
  });

  it('sorts keys that share their top bits by the full key', () => {
    // 8 positions use 3 low bits for the position: these keys differ only there.
    const lo = Uint32Array.from([7, 6, 5, 4, 3, 2, 1, 0]);
    const hi = new Uint32Array(8);
    expect([...sortByKey64(hi, lo)]).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
  });
});
