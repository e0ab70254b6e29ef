import crypto from 'node:crypto';
import type { Sha256 } from './domain/hash.js';

/** `node:crypto`'s SHA-256 for the draw rules on the server and in the CLI (the domain stays pure). */
export const nativeSha256: Sha256 = {
  digest: (data) => crypto.hash('sha256', data, 'buffer') as unknown as Uint8Array,
  create: () => {
    const hash = crypto.createHash('sha256');
    return {
      update: (data) => void hash.update(data),
      digest: () => hash.digest(),
    };
  },
};
