// `npm run bench [name…]`: runs the benchmarks and reports each as a ratio to a baseline measured in the
// same run, on the same machine (absolute figures vary from machine to machine; ratios much less).
import { applicantImportBenchmark } from './applicant-import.bench.js';
import { auditBenchmark } from './audit.bench.js';
import { checkinBenchmark } from './checkin.bench.js';
import { drawBenchmark } from './draw.bench.js';
import { httpShell } from './http-shell.bench.js';
import { ticketCodeBenchmark } from './ticket-code.bench.js';
import { ticketIssuanceBenchmark } from './ticket-issuance.bench.js';

export interface BenchmarkRow {
  label: string;
  requestsPerSecond?: number;
  p99Milliseconds?: number;
  errors?: number;
  non2xx?: number;
  /** Against the baseline row of the same benchmark (1 for the baseline itself). */
  ratio: number;
}

export interface Benchmark {
  name: string;
  run(options: { seconds: number }): Promise<BenchmarkRow[]>;
}

const benchmarks: Benchmark[] = [
  httpShell,
  auditBenchmark,
  applicantImportBenchmark,
  drawBenchmark,
  ticketCodeBenchmark,
  ticketIssuanceBenchmark,
  checkinBenchmark,
];

const wanted = process.argv.slice(2);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
for (const benchmark of benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  console.log(`\n## ${benchmark.name} (${seconds} s per measure)`);
  const rows = await benchmark.run({ seconds });
  console.table(
    rows.map((row) => ({
      measure: row.label,
      'req/s': row.requestsPerSecond?.toFixed(0),
      'p99 ms': row.p99Milliseconds,
      errors: (row.errors ?? 0) + (row.non2xx ?? 0),
      ratio: row.ratio.toFixed(2),
    })),
  );
}
