import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAtStride } from './signing-pool.js';

const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
const STRIDE = 121;
const MESSAGE = 57;

function messages(count: number): { buffer: Uint8Array; copy: Uint8Array } {
  const buffer = new Uint8Array(count * STRIDE);
  for (let i = 0; i < count; i++) buffer.set(crypto.randomBytes(MESSAGE), i * STRIDE);
  return { buffer, copy: new Uint8Array(buffer) };
}

/** Each message kept as it was, followed by exactly the signature node:crypto gives in this thread. */
function expectSigned(signed: Uint8Array, original: Uint8Array, count: number) {
  for (let i = 0; i < count; i++) {
    const at = i * STRIDE;
    const message = original.subarray(at, at + MESSAGE);
    expect(Buffer.from(signed.subarray(at, at + MESSAGE)).equals(message)).toBe(true);
    const signature = signed.subarray(at + MESSAGE, at + MESSAGE + 64);
    expect(Buffer.from(signature).equals(crypto.sign(null, message, privateKey))).toBe(true);
    expect(crypto.verify(null, message, publicKey, signature)).toBe(true);
  }
}

describe('signing many messages (signAtStride)', () => {
  it('signs a large job in worker threads, several jobs at once, each signature after its message', async () => {
    const jobs = [messages(600), messages(300), messages(260)];
    const signed = await Promise.all(
      jobs.map(({ buffer }, i) =>
        signAtStride(privateKey, {
          buffer,
          count: [600, 300, 260][i]!,
          stride: STRIDE,
          messageBytes: MESSAGE,
        }),
      ),
    );
    jobs.forEach(({ copy }, i) => expectSigned(signed[i]!, copy, [600, 300, 260][i]!));
    // Sent to a worker: the caller's buffer was transferred, the signed bytes came back in another.
    expect(jobs[0]!.buffer.byteLength).toBe(0);
  }, 30_000);

  it('signs a small job in this thread, in its own buffer, and leaves the bytes past `count` alone', async () => {
    const { buffer, copy } = messages(12);
    const signed = await signAtStride(privateKey, {
      buffer,
      count: 10,
      stride: STRIDE,
      messageBytes: MESSAGE,
    });
    expect(signed).toBe(buffer);
    expectSigned(signed, copy, 10);
    expect(Buffer.from(signed.subarray(10 * STRIDE)).equals(copy.subarray(10 * STRIDE))).toBe(true);
  });

  it('signs a view into a larger buffer (copied for the worker) without touching the caller’s bytes', async () => {
    const { buffer, copy } = messages(400);
    const view = new Uint8Array(buffer.buffer, STRIDE, 300 * STRIDE);
    const signed = await signAtStride(privateKey, {
      buffer: view,
      count: 300,
      stride: STRIDE,
      messageBytes: MESSAGE,
    });
    expectSigned(signed, copy.subarray(STRIDE), 300);
    expect(Buffer.from(buffer).equals(copy)).toBe(true);
  });

  it('refuses a layout where a signature would not fit', async () => {
    const { buffer } = messages(2);
    await expect(
      signAtStride(privateKey, { buffer, count: 2, stride: 100, messageBytes: MESSAGE }),
    ).rejects.toThrow(RangeError);
    await expect(
      signAtStride(privateKey, { buffer, count: 3, stride: STRIDE, messageBytes: MESSAGE }),
    ).rejects.toThrow(RangeError);
  });

  it('reports a key that cannot sign Ed25519 as an error, from a worker too', async () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const { buffer } = messages(300);
    await expect(
      signAtStride(ec, { buffer, count: 300, stride: STRIDE, messageBytes: MESSAGE }),
    ).rejects.toThrow(/signing in a worker failed/);
  });
});
