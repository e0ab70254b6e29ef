import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nativeSha256 } from './native-hashing.js';
import { toHex } from './domain/bytes.js';
import { pureSha256 } from './domain/hash.js';

describe('the SHA-256 of the draw rules', () => {
  it('gives the same digests natively (server, CLI) as the pure implementation (browser)', () => {
    for (const length of [0, 1, 40, 55, 56, 63, 64, 65, 1000, 100_000]) {
      const data = randomBytes(length);
      expect(toHex(nativeSha256.digest(data))).toBe(toHex(pureSha256.digest(data)));
      const [native, pure] = [nativeSha256.create(), pureSha256.create()];
      for (let at = 0; at < length; at += 333) {
        native.update(data.subarray(at, at + 333));
        pure.update(data.subarray(at, at + 333));
      }
      expect(toHex(native.digest())).toBe(toHex(pure.digest()));
    }
    expect(toHex(pureSha256.digest(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
