// Writes test/fixtures/draw-vectors.json, the test vectors of docs/formats/draw-record.md §11, and prints them
// as Markdown for that section. Run with `node --import tsx scripts/make-draw-vectors.ts`; the unit tests then
// check the code against the file.
import fs from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { ascii, concatBytes, toHex, u16, u64 } from '../src/modules/draws/domain/bytes.js';
import {
  encodeLeaf,
  leafHashes,
  type DrawEntry,
  type QuotaRow,
} from '../src/modules/draws/domain/entries.js';
import { inclusionProof } from '../src/modules/draws/domain/merkle.js';
import {
  buildCommitment,
  commitmentBytes,
  recordBytes,
  runDraw,
} from '../src/modules/draws/domain/record.js';
import { witnessCommitment } from '../src/modules/draws/domain/witnesses.js';
import {
  distributionChecks,
  rawCountsOf,
  type CategoryCounts,
} from '../src/modules/draws/domain/distribution.js';
import { canonicalBytes } from '../src/modules/draws/domain/canonical-json.js';

const quicknet = JSON.parse(
  fs.readFileSync(new URL('../../shared/data/drand-quicknet.json', import.meta.url), 'utf8'),
);
const beacon = quicknet.vectors[0] as { round: number; signature: string; randomness: string };

// Rows deliberately not in id order: the draw sorts them.
const entries: DrawEntry[] = [
  { entryId: 'c3a1f0e29b7d4c5a8e6f1d2c3b4a5968', bucket: 'b1', seats: 1, choices: ['e1', 'e2'] },
  { entryId: '1f2e3d4c5b6a79881726354453627180', bucket: 'b1', seats: 3, choices: ['e1', 'e2'] },
  { entryId: '7a6b5c4d3e2f10f1e2d3c4b5a6978869', bucket: 'b1', seats: 2, choices: ['e2', 'e1'] },
  { entryId: '0d1c2b3a49586776a5b4c3d2e1f00f1e', bucket: 'b2', seats: 1, choices: ['e3', 'e1'] },
  { entryId: 'e5d4c3b2a1908f7e6d5c4b3a29180716', bucket: 'b2', seats: 2, choices: ['e1'] },
  { entryId: '4b3a29180f7e6d5c4b3a291807f6e5d4', bucket: 'b2', seats: 1, choices: ['e1', 'e3'] },
];
const quotas: QuotaRow[] = [
  { bucket: 'b2', event: 'e3', seats: 1 },
  { bucket: 'b1', event: 'e1', seats: 3 },
  { bucket: 'b1', event: 'e2', seats: 2 },
  { bucket: 'b2', event: 'e1', seats: 2 },
];
const secrets = ['witness-1', 'witness-2', 'witness-3'].map((text) => sha256(ascii(text)));
const witnesses = [
  { name: 'Huissier A', commitment: toHex(witnessCommitment(secrets[0]!)) },
  { name: 'Témoin B', commitment: toHex(witnessCommitment(secrets[1]!)) },
  { name: 'Témoin C', commitment: toHex(witnessCommitment(secrets[2]!)) },
];
const commitment = buildCommitment({
  drawId: 'vectors-1',
  demonstration: false,
  committedAt: new Date('2023-09-15T00:00:00.000Z'),
  entries,
  quotas,
  maxChoices: 3,
  round: beacon.round,
  beaconDeadline: new Date('2023-09-16T00:00:00.000Z'),
  witnesses,
  revealDeadline: new Date('2023-09-17T00:00:00.000Z'),
  minReveals: 2,
});
// Each entry's categories (§8.1), server side only: they never appear per entry in the record.
const categories: Record<string, { week: string; operator: string }> = Object.fromEntries(
  entries.map((entry, index) => [
    entry.entryId,
    { week: index < 4 ? '2023-W36' : '2023-W37', operator: index % 2 ? 'op-b' : 'op-a' },
  ]),
);
const REGION_ABSENT = { dimension: 'region' as const, reason: 'aucune région conservée' };
const withChecks = (run: ReturnType<typeof runDraw>) => {
  run.record.distribution_checks = distributionChecks(
    rawCountsOf(run.record.entries, (id) => categories[id]!, ['week', 'operator']),
    [REGION_ABSENT],
  );
  return run;
};
const drand = withChecks(runDraw(commitment, entries, { source: 'drand', signature: beacon.signature }));
const reveals = [toHex(secrets[0]!), null, toHex(secrets[2]!)];
const fallback = withChecks(runDraw(commitment, entries, { source: 'witnesses', reveals }));

// A larger table for the statistic (§8.1): small weeks pooled, one operator flagged.
const counts = (category: string, e: number, s: number, sel: number, selSeats: number): CategoryCounts => ({
  category,
  entries: e,
  seats: s,
  selected: sel,
  selected_seats: selSeats,
});
const checksInput = [
  {
    dimension: 'week' as const,
    raw: [
      counts('2026-W20', 40, 52, 22, 28),
      counts('2026-W21', 25, 30, 6, 8),
      counts('2026-W22', 8, 9, 4, 5),
      counts('2026-W23', 3, 3, 1, 1),
      counts('2026-W24', 30, 41, 17, 22),
    ],
  },
  {
    dimension: 'operator' as const,
    raw: [counts('op-a', 86, 105, 30, 38), counts('op-b', 20, 30, 20, 26)],
  },
];
const checks = distributionChecks(checksInput, [REGION_ABSENT]);

const hashes = leafHashes(drand.prepared);
const sorted = [...entries].sort((a, b) => (a.entryId < b.entryId ? -1 : 1));
const seedInput = concatBytes(
  ascii('gradins-draw-seed'),
  u16(1),
  Buffer.from(commitment.entries.root, 'hex'),
  u64(beacon.round),
  Buffer.from(drand.record.randomness.value, 'hex'),
);
const blocks = [0, 1].map((j) => toHex(sha256(concatBytes(Buffer.from(drand.record.seed, 'hex'), u64(j)))));

const vectors = {
  description: 'Test vectors of docs/formats/draw-record.md §11 (gradins-draw-v1).',
  input: {
    entries,
    quotas,
    max_choices: 3,
    beacon,
    witness_secrets: secrets.map(toHex),
    reveals,
    categories,
    region_absent: REGION_ABSENT,
  },
  leaves: sorted.map((entry, position) => ({
    position,
    entry_id: entry.entryId,
    leaf: toHex(encodeLeaf(entry)),
    leaf_hash: toHex(hashes[position]!),
    proof: inclusionProof(hashes, position, entry.entryId),
  })),
  entries_root: commitment.entries.root,
  commitment_bytes_utf8: new TextDecoder().decode(commitmentBytes(commitment)),
  commitment_hash: drand.record.commitment_hash,
  drand: {
    randomness: drand.record.randomness.value,
    seed_input: toHex(seedInput),
    seed: drand.record.seed,
    blocks,
    numbers_by_position: sorted.map(
      (_, p) => drand.record.entries.find((row) => row[0] === sorted[p]!.entryId)![4],
    ),
    record_entries: drand.record.entries,
    results_hash: drand.record.results_hash,
    distribution_checks: drand.record.distribution_checks,
    record_sha256: toHex(sha256(recordBytes(drand.record))),
  },
  witnesses: {
    randomness: fallback.record.randomness.value,
    seed: fallback.record.seed,
    record_entries: fallback.record.entries,
    results_hash: fallback.record.results_hash,
    distribution_checks: fallback.record.distribution_checks,
    record_sha256: toHex(sha256(recordBytes(fallback.record))),
  },
  distribution: {
    input: checksInput,
    checks,
    checks_bytes_utf8: new TextDecoder().decode(canonicalBytes(checks)),
  },
};
fs.writeFileSync(
  new URL('../test/fixtures/draw-vectors.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);

const table = (rows: string[][]): string => rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
const outcome = (row: (typeof drand.record.entries)[number]): string =>
  row[5] ? `choice ${row[5]} (${drand.record.events[row[3][row[5] - 1]!]})` : `reserve ${row[6]}`;
console.log(`Input (rows in this order; the draw sorts them): quota table
${table([['bucket', 'event', 'seats'], ['---', '---', '---'], ...commitment.quotas.map((q) => [q.bucket, q.event, String(q.seats)])])}

Leaves (position order):

${table([['pos', 'entry_id', 'bucket', 'seats', 'choices', 'leaf bytes', 'leaf hash'], ['---', '---', '---', '---', '---', '---', '---'], ...vectors.leaves.map((l, p) => [String(p), l.entry_id, sorted[p]!.bucket, String(sorted[p]!.seats), sorted[p]!.choices.join(' '), l.leaf, l.leaf_hash])])}

- entries root: \`${vectors.entries_root}\`
- inclusion proof of position 4: \`${JSON.stringify(vectors.leaves[4]!.proof)}\`
- commitment bytes (UTF-8):

  \`\`\`
  ${vectors.commitment_bytes_utf8}
  \`\`\`

- commitment hash: \`${vectors.commitment_hash}\`

drand path — round ${beacon.round}, signature \`${beacon.signature}\`:

- randomness = SHA-256(signature): \`${vectors.drand.randomness}\`
- seed input: \`${vectors.drand.seed_input}\`
- seed: \`${vectors.drand.seed}\`
- block 0: \`${blocks[0]}\`; block 1: \`${blocks[1]}\`
- numbers by position: ${vectors.drand.numbers_by_position.map((n) => `\`${n}\``).join(', ')}

${table([['draw rank', 'entry_id', 'number', 'outcome'], ['---', '---', '---', '---'], ...drand.record.entries.map((row, rank) => [String(rank + 1), row[0], row[4], outcome(row)])])}

- results hash: \`${vectors.drand.results_hash}\`
- SHA-256 of the record bytes: \`${vectors.drand.record_sha256}\`

Witness path — secrets are SHA-256 of \`witness-1\`, \`witness-2\`, \`witness-3\` (ASCII); the second is not
revealed (\`min_reveals\` 2):

- randomness: \`${vectors.witnesses.randomness}\`; seed (round 0): \`${vectors.witnesses.seed}\`
- draw order and outcomes: ${fallback.record.entries.map((row) => `\`${row[0].slice(0, 8)}…\` ${row[5] ? `choice ${row[5]}` : `reserve ${row[6]}`}`).join(', ')}
- results hash: \`${vectors.witnesses.results_hash}\`; SHA-256 of the record bytes: \`${vectors.witnesses.record_sha256}\`

Distribution checks (§8.1). In both records, entries at input rows 0–3 registered in week \`2023-W36\`, rows 4–5
in \`2023-W37\`; even rows with operator \`op-a\`, odd rows with \`op-b\`: every category has fewer than 10 entries,
so each dimension publishes one category \`_autres\` (the totals), 0 degrees of freedom, statistic 0/1, no flag.

A larger table (raw counts: category, entries, seats, selected, selected seats):

${table([['dimension', 'category', 'entries', 'seats', 'selected', 'selected seats'], ['---', '---', '---', '---', '---', '---'], ...checksInput.flatMap((d) => d.raw.map((r) => [d.dimension, r.category, String(r.entries), String(r.seats), String(r.selected), String(r.selected_seats)]))])}

gives (weeks W22 and W23 pooled into \`_autres\`, 11 entries):

${checks.dimensions.map((d) => `- ${d.dimension}: ${d.categories.map((c) => c.category).join(', ')}; ${d.degrees_of_freedom} degrees of freedom; χ² = ${d.statistic.numerator}/${d.statistic.denominator}; critical ${d.critical}; flag \`${d.flag}\``).join('\n')}

- bytes (RFC 8785):

  \`\`\`
  ${vectors.distribution.checks_bytes_utf8}
  \`\`\`

The full inputs, every proof and both records' entries are in \`test/fixtures/draw-vectors.json\`.`);
