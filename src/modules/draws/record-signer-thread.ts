// The record signer's worker thread (record-signer.ts): builds a run's record bytes, hashes and signs them.
import { createHash, sign } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { recordByteSteps } from './domain/record.js';
import type { RecordJob, RecordSignerMessage } from './record-signer.js';

/** Progress is posted every this many blocks of ranks (`DRAW_ORDER_BLOCK`). */
const PROGRESS_EVERY = 16;

const port = parentPort!;
const post = (message: RecordSignerMessage) => port.postMessage(message);

port.on('message', (job: RecordJob) => {
  const steps = recordByteSteps(job.record);
  let blocks = 0;
  for (;;) {
    const next = steps.next();
    if (next.done) {
      const bytes = next.value;
      const recordSha256 = createHash('sha256').update(bytes).digest('hex');
      const signature = sign(null, bytes, job.privateKey);
      post({ kind: 'signed', recordSha256, signature: new Uint8Array(signature) });
      return;
    }
    if (++blocks % PROGRESS_EVERY === 0) post({ kind: 'progress', done: next.value.done });
  }
});
