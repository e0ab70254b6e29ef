import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * The SHA-256 the draw rules use. One implementation of each rule, whatever computes the hash: by default
 * `@noble/hashes` (pure, runs in a browser); a server or the CLI may install a native one (`useSha256`) with
 * the same answers — `native-hashing.test.ts` checks the server's against this default.
 */
export interface Sha256 {
  digest(data: Uint8Array): Uint8Array;
  create(): Sha256Stream;
}

export interface Sha256Stream {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

export const pureSha256: Sha256 = {
  digest: (data) => nobleSha256(data),
  create: () => {
    const hash = nobleSha256.create();
    return {
      update: (data) => void hash.update(data),
      digest: () => hash.digest(),
    };
  },
};

let current: Sha256 = pureSha256;

/** Installs the SHA-256 the draw rules use from now on in this process (or back to the pure one). */
export function useSha256(implementation: Sha256): void {
  current = implementation;
}

export function sha256(data: Uint8Array): Uint8Array {
  return current.digest(data);
}

export function sha256Stream(): Sha256Stream {
  return current.create();
}
