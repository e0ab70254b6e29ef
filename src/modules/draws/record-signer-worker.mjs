// Entry of the record signer's worker thread (record-signer.ts). The sources are TypeScript run through tsx,
// which a worker thread does not inherit from the process that `register()`ed it (bin/gradins.js): the worker
// registers it, then loads its TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./record-signer-thread.ts');
