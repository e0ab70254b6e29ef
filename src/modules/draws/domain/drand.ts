import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, isHex, u64 } from './bytes.js';

/** A drand chain's public parameters (draw-record.md §6.1). */
export interface DrandChain {
  chainHash: string;
  scheme: 'bls-unchained-g1-rfc9380';
  publicKey: string;
  dst: string;
  genesisTime: number;
  periodSeconds: number;
}

/** League of Entropy mainnet "quicknet" (`../shared/data/drand-quicknet.json`). */
export const DRAND_QUICKNET: DrandChain = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  scheme: 'bls-unchained-g1-rfc9380',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  dst: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
  genesisTime: 1692803367,
  periodSeconds: 3,
};

/** Chains a commitment may name; the verifier uses these keys, never a key taken from a record. */
export const KNOWN_DRAND_CHAINS: ReadonlyMap<string, DrandChain> = new Map([
  [DRAND_QUICKNET.chainHash, DRAND_QUICKNET],
]);

/** The round current at UNIX time t (seconds): ⌊(t − genesis) / period⌋ + 1; 0 before genesis. */
export function drandRoundAt(chain: DrandChain, unixSeconds: number): number {
  if (unixSeconds < chain.genesisTime) return 0;
  return Math.floor((unixSeconds - chain.genesisTime) / chain.periodSeconds) + 1;
}

/** The UNIX time (seconds) at which a round is produced. */
export function drandRoundTime(chain: DrandChain, round: number): number {
  return chain.genesisTime + (round - 1) * chain.periodSeconds;
}

/** The BLS signature of `round` verifies under the chain's public key (unchained, signatures on G1). */
export function verifyDrandSignature(chain: DrandChain, round: number, signatureHex: string): boolean {
  if (!Number.isSafeInteger(round) || round < 1 || !isHex(signatureHex, 48)) return false;
  try {
    const short = bls12_381.shortSignatures;
    const message = short.hash(sha256(u64(round)), chain.dst);
    return short.verify(fromHex(signatureHex), message, fromHex(chain.publicKey, 96));
  } catch {
    // A byte string that is not a point on the curve is simply not a valid signature.
    return false;
  }
}

/** randomness = SHA-256(signature). */
export function drandRandomness(signatureHex: string): Uint8Array {
  return sha256(fromHex(signatureHex, 48));
}
