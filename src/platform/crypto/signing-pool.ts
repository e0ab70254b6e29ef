import crypto from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

// Ed25519 signing of many messages in worker threads (node:crypto in each): a large job, such as the codes of
// a draw's tickets, runs on the other cores while this thread and the database write the rows already signed.
// The key is the key store's `KeyObject`, posted to the worker with each job: it stays in this process.

/**
 * Messages laid out in one buffer at a fixed stride, each followed by room for its 64-byte signature (a ticket
 * code is its 57-byte payload then its signature, 121 bytes): `count` messages of `messageBytes` bytes.
 */
export interface StridedMessages {
  buffer: Uint8Array;
  count: number;
  stride: number;
  messageBytes: number;
}

const SIGNATURE_BYTES = 64;
/** Below this, signing here costs less than a round trip to a worker (and starting it, the first time). */
const INLINE_BELOW = 256;

/**
 * Signs each message of `job` with `privateKey` (Ed25519) and writes its signature right after it. Resolves
 * with the buffer holding the signed messages: `job.buffer` itself when signed in this thread, otherwise the
 * same bytes come back from the worker and `job.buffer` is detached (transferred) — use the result.
 */
export function signAtStride(privateKey: crypto.KeyObject, job: StridedMessages): Promise<Uint8Array> {
  const { buffer, count, stride, messageBytes } = job;
  if (messageBytes + SIGNATURE_BYTES > stride || count * stride > buffer.length)
    return Promise.reject(new RangeError('each message and its signature must fit in its stride'));
  if (count < INLINE_BELOW) {
    signHere(privateKey, job);
    return Promise.resolve(buffer);
  }
  // Its own ArrayBuffer, whole, so that it can be transferred (a pooled Buffer shares one with others).
  const owned =
    buffer.byteOffset === 0 &&
    buffer.byteLength === buffer.buffer.byteLength &&
    buffer.buffer instanceof ArrayBuffer
      ? buffer
      : new Uint8Array(buffer);
  return pool().run({ privateKey, buffer: owned.buffer as ArrayBuffer, count, stride, messageBytes });
}

function signHere(privateKey: crypto.KeyObject, { buffer, count, stride, messageBytes }: StridedMessages) {
  for (let i = 0, at = 0; i < count; i++, at += stride)
    buffer.set(crypto.sign(null, buffer.subarray(at, at + messageBytes), privateKey), at + messageBytes);
}

// The worker's code, CommonJS, evaluated: it needs no file of its own (nor TypeScript loading in the worker).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { sign } = require('node:crypto');
parentPort.on('message', ({ privateKey, buffer, count, stride, messageBytes }) => {
  try {
    const bytes = new Uint8Array(buffer);
    for (let i = 0, at = 0; i < count; i++, at += stride)
      bytes.set(sign(null, bytes.subarray(at, at + messageBytes), privateKey), at + messageBytes);
    parentPort.postMessage({ buffer }, [buffer]);
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});
`;

interface WorkerJob {
  privateKey: crypto.KeyObject;
  buffer: ArrayBuffer;
  count: number;
  stride: number;
  messageBytes: number;
}

interface Pending {
  job: WorkerJob;
  resolve: (signed: Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
}

/** As many workers as cores, 4 at most; each signs one job at a time, the others wait in order. */
class SigningPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly size = Math.max(1, Math.min(os.availableParallelism(), 4));

  run(job: WorkerJob): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.current === null);
      if (!slot && this.slots.length < this.size) slot = this.start();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.current = pending;
      // A worker with work keeps the process alive until it answers; an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage(pending.job, [pending.job.buffer]);
    }
  }

  private start(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const slot: Slot = { worker, current: null };
    worker.on('message', (answer: { buffer?: ArrayBuffer; error?: string }) => {
      const done = slot.current;
      slot.current = null;
      worker.unref();
      if (done) {
        if (answer.buffer) done.resolve(new Uint8Array(answer.buffer));
        else done.reject(new Error(`signing in a worker failed: ${answer.error}`));
      }
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.current?.reject(error);
      slot.current = null;
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a signing worker stopped (exit code ${code})`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

let shared: SigningPool | undefined;
const pool = (): SigningPool => (shared ??= new SigningPool());
