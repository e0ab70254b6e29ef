import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson as platformCanonicalJson } from '../../platform/crypto/canonical-json.js';
import { merkleRoot as platformMerkleRoot } from '../../platform/crypto/merkle.js';
import { canonicalJson } from './domain/canonical-json.js';
import { merkleRoot } from './domain/merkle.js';
import { toHex } from './domain/bytes.js';

// The domain re-implements two platform helpers (it may not call platform code): they must agree.
describe('draw domain and platform crypto agree', () => {
  it('on Merkle roots', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 40 }), (leaves) => {
        expect(toHex(merkleRoot(leaves))).toBe(platformMerkleRoot(leaves).toString('hex'));
      }),
    );
  });

  it('on canonical JSON', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => !JSON.stringify(v).match(/\d\.|e/)),
        (value) => {
          let expected: string | Error;
          try {
            expected = platformCanonicalJson(value);
          } catch (error) {
            expected = error as Error;
          }
          if (expected instanceof Error) expect(() => canonicalJson(value)).toThrow();
          else expect(canonicalJson(value)).toBe(expected);
        },
      ),
    );
  });
});
