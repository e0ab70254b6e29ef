import { describe, expect, it } from 'vitest';
import quicknet from '../../../../../shared/data/drand-quicknet.json' with { type: 'json' };
import { toHex } from './bytes.js';
import {
  DRAND_QUICKNET,
  drandRandomness,
  drandRoundAt,
  drandRoundTime,
  verifyDrandSignature,
} from './drand.js';

const vector = quicknet.vectors[0]!;

describe('drand quicknet (§6.1)', () => {
  it('has the parameters of the shared file', () => {
    expect(DRAND_QUICKNET.chainHash).toBe(quicknet.chain_hash);
    expect(DRAND_QUICKNET.publicKey).toBe(quicknet.public_key);
    expect(DRAND_QUICKNET.dst).toBe(quicknet.dst);
    expect(DRAND_QUICKNET.genesisTime).toBe(quicknet.genesis_time);
    expect(DRAND_QUICKNET.periodSeconds).toBe(quicknet.period_seconds);
  });

  it('verifies the real round and refuses a modified one', () => {
    expect(verifyDrandSignature(DRAND_QUICKNET, vector.round, vector.signature)).toBe(true);
    expect(toHex(drandRandomness(vector.signature))).toBe(vector.randomness);
    expect(verifyDrandSignature(DRAND_QUICKNET, vector.round + 1, vector.signature)).toBe(false);
    const flipped =
      vector.signature.slice(0, 60) + (vector.signature[60] === '0' ? '1' : '0') + vector.signature.slice(61);
    expect(verifyDrandSignature(DRAND_QUICKNET, vector.round, flipped)).toBe(false);
    expect(verifyDrandSignature(DRAND_QUICKNET, vector.round, 'zz')).toBe(false);
  });

  it('maps rounds and times', () => {
    const t = drandRoundTime(DRAND_QUICKNET, vector.round);
    expect(t).toBe(1692803367 + 3 * (vector.round - 1));
    expect(drandRoundAt(DRAND_QUICKNET, t)).toBe(vector.round);
    expect(drandRoundAt(DRAND_QUICKNET, t + 2)).toBe(vector.round);
    expect(drandRoundAt(DRAND_QUICKNET, t + 3)).toBe(vector.round + 1);
    expect(drandRoundAt(DRAND_QUICKNET, quicknet.genesis_time)).toBe(1);
  });
});
