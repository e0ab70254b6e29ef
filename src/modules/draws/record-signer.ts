import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { DrawComputation, RecordArrays } from './domain/record.js';

/** What the worker thread is sent: the arrays the record is written from, and the key it is signed with. */
export interface RecordJob {
  record: RecordArrays;
  privateKey: KeyObject;
}

export type RecordSignerMessage =
  { kind: 'progress'; done: number } | { kind: 'signed'; recordSha256: string; signature: Uint8Array };

export interface SignedRecord {
  kid: string;
  signature: Buffer;
  recordSha256: string;
}

export interface RecordSigner {
  /**
   * The record's SHA-256 and Ed25519 signature (draw-record.md §8, §9), its bytes written, hashed and signed
   * in the worker thread while this one goes on (writing the results). The per-entry arrays of `run.prepared`,
   * `run.numbers` and `run.order` are moved to the worker, not copied (hundreds of megabytes at national
   * scale): the run cannot read them after this call; the allocation's outcomes and reserve ranks are copied.
   */
  sign(
    run: DrawComputation,
    key: { kid: string; privateKey: KeyObject },
    progress: (done: number) => void,
  ): Promise<SignedRecord>;
  /** Stops the worker (also when `sign` was never called). */
  close(): Promise<void>;
}

/**
 * A worker thread that builds, hashes and signs one run's record: started as the run starts, so that it is
 * ready once the draw is computed. The record's bytes never come back (only their hash and signature); the
 * worker's memory is freed when it is closed.
 */
export function startRecordSigner(): RecordSigner {
  const worker = new Worker(new URL('./record-signer-worker.mjs', import.meta.url));
  let closing = false;
  const stopped = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!closing) reject(new Error(`the record signer's thread stopped (exit code ${code})`));
    });
  });
  // Reported by `sign` when it waits on the worker; a worker closed without a job is no failure.
  stopped.catch(() => undefined);
  return {
    sign(run, key, progress) {
      const { header, prepared, numbers, order, allocation } = run;
      const record: RecordArrays = {
        header,
        prepared,
        numbers,
        order,
        allocation: { outcome: allocation.outcome, reserveRank: allocation.reserveRank },
      };
      const moved = new Set<ArrayBuffer>();
      for (const array of [
        prepared.ids,
        prepared.bucketIndex,
        prepared.seats,
        prepared.choiceStart,
        prepared.choiceEvents,
        numbers.hi,
        numbers.lo,
        order,
      ])
        if (array.buffer instanceof ArrayBuffer) moved.add(array.buffer);
      const signed = new Promise<SignedRecord>((resolve) => {
        const onMessage = (message: RecordSignerMessage) => {
          if (message.kind === 'progress') return progress(message.done);
          worker.off('message', onMessage);
          resolve({
            kid: key.kid,
            signature: Buffer.from(message.signature),
            recordSha256: message.recordSha256,
          });
        };
        worker.on('message', onMessage);
      });
      const job: RecordJob = { record, privateKey: key.privateKey };
      worker.postMessage(job, [...moved]);
      return Promise.race([signed, stopped]);
    },
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}
