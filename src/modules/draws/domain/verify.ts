import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from './hash.js';
import { isHex, toHex } from './bytes.js';
import { canonicalBytes } from './canonical-json.js';
import {
  canonicalQuotas,
  entriesRoot,
  entryProblem,
  idAt,
  isIdentifier,
  prepareEntries,
  type DrawEntry,
  type PreparedEntries,
} from './entries.js';
import { verifyDistributionChecks, type OutcomeTotals } from './distribution.js';
import {
  DRAND_QUICKNET,
  drandRandomness,
  drandRoundTime,
  KNOWN_DRAND_CHAINS,
  verifyDrandSignature,
} from './drand.js';
import { numberHex } from './numbering.js';
import { computeDraw, resultsHash, type DrawRecord, type RecordRandomness } from './record.js';
import { DRAW_SPEC } from './seed.js';
import { witnessRandomness } from './witnesses.js';

/** One thing that differs (draw-record.md §10): a stable code, a French message, and where. */
export interface Difference {
  code: string;
  message: string;
  entryId?: string;
  field?: string;
}

export interface VerificationReport {
  conforme: boolean;
  differences: Difference[];
  /** Differences beyond the first `limit`, counted but not listed. */
  omitted: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Re-computes a draw from its record alone (and compares its entries with an entries file when given), and
 * reports every difference with the entry and field concerned.
 */
export function verifyRecord(
  record: unknown,
  entriesFile?: readonly DrawEntry[],
  options: { limit?: number } = {},
): VerificationReport {
  const limit = options.limit ?? 200;
  const differences: Difference[] = [];
  let omitted = 0;
  const report = (difference: Difference): void => {
    if (differences.length < limit) differences.push(difference);
    else omitted += 1;
  };
  const done = (): VerificationReport => ({
    conforme: differences.length === 0 && omitted === 0,
    differences,
    omitted,
  });

  // 1. Shape, spec, commitment.
  if (!isObject(record) || record.spec !== DRAW_SPEC) {
    report({ code: 'spec', message: `Ce n’est pas un relevé ${DRAW_SPEC}`, field: 'spec' });
    return done();
  }
  const r = record as unknown as DrawRecord;
  const c = r.commitment;
  if (!commitmentWellFormed(c)) {
    report({ code: 'commitment', message: 'Engagement mal formé', field: 'commitment' });
    return done();
  }
  if (r.commitment_hash !== toHex(sha256(canonicalBytes(c))))
    report({
      code: 'commitment-hash',
      message: 'L’empreinte de l’engagement ne correspond pas',
      field: 'commitment_hash',
    });

  // A round already produced at commitment: its randomness was known, so the commitment chose nothing.
  if (c.demonstration !== true) {
    const roundAt = drandRoundTime(DRAND_QUICKNET, c.beacon.round) * 1000;
    const committedAt = Date.parse(String(c.committed_at));
    if (!(roundAt > committedAt))
      report({
        code: 'past-round',
        message: `Le tour ${c.beacon.round} est produit le ${new Date(roundAt).toISOString()}, pas après l’engagement (${String(c.committed_at)}) : son aléa était connu, or ce relevé n’est pas une démonstration`,
        field: 'commitment.beacon.round',
      });
  }

  // 2. Entries well formed, against the quota table.
  const quotas = canonicalQuotas(c.quotas);
  const buckets = [...new Set(quotas.map((q) => q.bucket))].sort();
  const events = [...new Set(quotas.map((q) => q.event))].sort();
  if (JSON.stringify(r.buckets) !== JSON.stringify(buckets))
    report({ code: 'buckets', message: 'La liste des lots ne correspond pas aux quotas', field: 'buckets' });
  if (JSON.stringify(r.events) !== JSON.stringify(events))
    report({
      code: 'events',
      message: 'La liste des événements ne correspond pas aux quotas',
      field: 'events',
    });
  if (!Array.isArray(r.entries)) {
    report({ code: 'entries', message: 'Liste des entrées absente', field: 'entries' });
    return done();
  }
  const quotaKeys = new Set(quotas.map((q) => `${q.bucket}\u0000${q.event}`));
  const entries: DrawEntry[] = [];
  const seen = new Set<string>();
  let wellFormed = true;
  r.entries.forEach((row, rank) => {
    const entry = rowEntry(row, buckets, events);
    const entryId = Array.isArray(row) && typeof row[0] === 'string' ? row[0] : undefined;
    const problem = entry ? entryProblem(entry, c.entries.max_choices, quotaKeys) : 'ligne mal formée';
    if (problem || !entry) {
      wellFormed = false;
      report({ code: 'entry-malformed', message: `Rang ${rank + 1} : ${problem}`, entryId });
      return;
    }
    if (seen.has(entry.entryId)) {
      wellFormed = false;
      report({
        code: 'entry-duplicate',
        message: `Entrée en double au rang ${rank + 1}`,
        entryId: entry.entryId,
      });
    }
    seen.add(entry.entryId);
    entries.push(entry);
  });
  if (r.entries.length !== c.entries.count)
    report({
      code: 'entry-count',
      message: `${r.entries.length} entrées dans le relevé, ${c.entries.count} dans l’engagement`,
      field: 'commitment.entries.count',
    });
  if (entriesFile) compareWithEntriesFile(entries, entriesFile, report);
  if (!wellFormed || entries.length === 0) return done();

  // 3. Merkle root.
  const prepared = prepareEntries(entries, quotas, c.entries.max_choices);
  const root = entriesRoot(prepared);
  if (toHex(root) !== c.entries.root)
    report({
      code: 'entries-root',
      message:
        'La racine de Merkle des entrées ne correspond pas à l’engagement : une entrée a été ajoutée, retirée ou modifiée',
      field: 'commitment.entries.root',
    });

  // 4. Randomness and seed.
  const randomness = checkRandomness(r, report);
  if (!randomness) return done();
  const { seed, numbers, order, allocation } = computeDraw(prepared, root, randomness);
  if (r.seed !== toHex(seed)) report({ code: 'seed', message: 'La graine ne correspond pas', field: 'seed' });

  // 5–6. Numbers, order, outcomes.
  const positionOf = positions(prepared);
  let orderReported = false;
  r.entries.forEach((row, rank) => {
    const entryId = row[0];
    const p = positionOf.get(entryId)!;
    if (row[4] !== numberHex(numbers, p))
      report({
        code: 'number',
        message: `Numéro faux (attendu ${numberHex(numbers, p)})`,
        entryId,
        field: 'number',
      });
    if (!orderReported && order[rank] !== p) {
      orderReported = true;
      const expected = order.indexOf(p) + 1;
      report({
        code: 'order',
        message: `Hors de l’ordre du tirage : au rang ${rank + 1}, attendue au rang ${expected}`,
        entryId,
        field: 'entries',
      });
    }
    if (row[5] !== allocation.outcome[p])
      report({
        code: 'outcome',
        message: `Attribution fausse : ${row[5]} au lieu de ${allocation.outcome[p]}`,
        entryId,
        field: 'outcome',
      });
    if (row[6] !== allocation.reserveRank[p])
      report({
        code: 'reserve-rank',
        message: `Rang de réserve faux : ${row[6]} au lieu de ${allocation.reserveRank[p]}`,
        entryId,
        field: 'reserve_rank',
      });
  });
  checkQuotasAsRecorded(r, prepared, report);

  // 7. Results hash.
  if (r.results_hash !== toHex(resultsHash(seed, prepared.ids, numbers, order, allocation)))
    report({
      code: 'results-hash',
      message: 'L’empreinte des résultats ne correspond pas',
      field: 'results_hash',
    });

  // 8. Distribution checks: recomputed from the published counts, which must add up to the outcomes.
  for (const difference of verifyDistributionChecks(r.distribution_checks ?? null, outcomeTotals(r)))
    report(difference);
  return done();
}

function outcomeTotals(r: DrawRecord): OutcomeTotals {
  const totals: OutcomeTotals = { entries: 0, seats: 0, selected: 0, selected_seats: 0 };
  for (const row of r.entries) {
    totals.entries += 1;
    totals.seats += row[2];
    if (row[5] > 0) {
      totals.selected += 1;
      totals.selected_seats += row[2];
    }
  }
  return totals;
}

function commitmentWellFormed(c: unknown): c is DrawRecord['commitment'] {
  if (!isObject(c) || c.spec !== DRAW_SPEC || !isIdentifier(c.draw_id)) return false;
  const entries = c.entries;
  const beacon = c.beacon;
  const fallback = c.fallback;
  return (
    isObject(entries) &&
    isHex(entries.root, 32) &&
    Number.isSafeInteger(entries.count) &&
    Number.isInteger(entries.max_choices) &&
    (entries.max_choices as number) >= 1 &&
    (entries.max_choices as number) <= 255 &&
    Array.isArray(c.quotas) &&
    isObject(beacon) &&
    beacon.type === 'drand' &&
    typeof beacon.chain_hash === 'string' &&
    Number.isSafeInteger(beacon.round) &&
    isObject(fallback) &&
    Array.isArray(fallback.witnesses) &&
    Number.isInteger(fallback.min_reveals)
  );
}

function rowEntry(row: unknown, buckets: string[], events: string[]): DrawEntry | null {
  if (!Array.isArray(row) || row.length !== 7) return null;
  const [entryId, bucket, seats, choices] = row as unknown[];
  if (typeof entryId !== 'string' || !Number.isInteger(bucket) || !Array.isArray(choices)) return null;
  if (!choices.every((e) => Number.isInteger(e) && e >= 0 && e < events.length)) return null;
  const bucketId = buckets[bucket as number];
  if (bucketId === undefined) return null;
  return {
    entryId,
    bucket: bucketId,
    seats: seats as number,
    choices: choices.map((e: number) => events[e]!),
  };
}

function positions(prepared: PreparedEntries): Map<string, number> {
  const map = new Map<string, number>();
  for (let p = 0; p < prepared.count; p++) map.set(toHex(idAt(prepared, p)), p);
  return map;
}

function compareWithEntriesFile(
  recorded: readonly DrawEntry[],
  file: readonly DrawEntry[],
  report: (d: Difference) => void,
): void {
  const byId = new Map(file.map((entry) => [entry.entryId, entry]));
  const recordedIds = new Set<string>();
  for (const entry of recorded) {
    recordedIds.add(entry.entryId);
    const expected = byId.get(entry.entryId);
    if (!expected) {
      report({
        code: 'entry-added',
        message: 'Entrée absente du fichier des entrées',
        entryId: entry.entryId,
      });
      continue;
    }
    for (const field of ['bucket', 'seats', 'choices'] as const)
      if (JSON.stringify(entry[field]) !== JSON.stringify(expected[field]))
        report({
          code: 'entry-altered',
          message: `Entrée modifiée : ${field} vaut ${JSON.stringify(entry[field])} au lieu de ${JSON.stringify(expected[field])}`,
          entryId: entry.entryId,
          field,
        });
  }
  for (const entry of file)
    if (!recordedIds.has(entry.entryId))
      report({
        code: 'entry-missing',
        message: 'Entrée du fichier absente du relevé',
        entryId: entry.entryId,
      });
}

function checkRandomness(r: DrawRecord, report: (d: Difference) => void): RecordRandomness | null {
  const c = r.commitment;
  const randomness = r.randomness as unknown;
  if (!isObject(randomness) || !isHex(randomness.value, 32)) {
    report({ code: 'randomness', message: 'Aléa mal formé', field: 'randomness' });
    return null;
  }
  if (randomness.source === 'drand') {
    const chain = KNOWN_DRAND_CHAINS.get(c.beacon.chain_hash);
    if (!chain) {
      report({
        code: 'beacon-chain',
        message: 'Chaîne drand inconnue',
        field: 'commitment.beacon.chain_hash',
      });
      return null;
    }
    if (randomness.round !== c.beacon.round)
      report({
        code: 'beacon-round',
        message: `Tour ${String(randomness.round)} utilisé, tour ${c.beacon.round} engagé`,
        field: 'randomness.round',
      });
    const signature = typeof randomness.signature === 'string' ? randomness.signature : '';
    if (!verifyDrandSignature(chain, c.beacon.round, signature)) {
      report({
        code: 'beacon-signature',
        message: `La signature drand ne vérifie pas pour le tour ${c.beacon.round}`,
        field: 'randomness.signature',
      });
    } else if (randomness.value !== toHex(drandRandomness(signature)))
      report({
        code: 'randomness-value',
        message: 'L’aléa n’est pas SHA-256(signature)',
        field: 'randomness.value',
      });
    // Go on from the committed round and the recorded value, to report what else differs.
    return { source: 'drand', round: c.beacon.round, signature, value: randomness.value };
  }
  if (randomness.source === 'witnesses' && Array.isArray(randomness.reveals)) {
    const reveals = randomness.reveals as (string | null)[];
    const result = witnessRandomness(c.fallback.witnesses, reveals, c.fallback.min_reveals);
    reveals.forEach((reveal, index) => {
      if (reveal !== null && result.reveals[index] === null)
        report({
          code: 'reveal',
          message: `Le secret révélé par ${c.fallback.witnesses[index]?.name ?? index} ne correspond pas à son engagement`,
          field: `randomness.reveals[${index}]`,
        });
    });
    if (!result.value) {
      report({
        code: 'reveals-missing',
        message: 'Trop peu de révélations valides : pas de graine',
        field: 'randomness',
      });
      return null;
    }
    if (randomness.value !== toHex(result.value))
      report({
        code: 'randomness-value',
        message: 'L’aléa des témoins ne correspond pas',
        field: 'randomness.value',
      });
    return { source: 'witnesses', reveals: result.reveals, value: toHex(result.value) };
  }
  report({ code: 'randomness', message: 'Source d’aléa inconnue', field: 'randomness.source' });
  return null;
}

/** Seats taken per (bucket, event) by the outcomes as recorded: none over its quota (TAJ-10). */
function checkQuotasAsRecorded(
  r: DrawRecord,
  prepared: PreparedEntries,
  report: (d: Difference) => void,
): void {
  const used = new Float64Array(prepared.quota.length);
  for (const row of r.entries) {
    const outcome = row[5];
    if (!Number.isInteger(outcome) || outcome < 1 || outcome > row[3].length) continue;
    used[row[1] * prepared.events.length + row[3][outcome - 1]!]! += row[2];
  }
  used.forEach((seats, slot) => {
    if (seats > Math.max(prepared.quota[slot]!, 0)) {
      const bucket = prepared.buckets[Math.floor(slot / prepared.events.length)];
      const event = prepared.events[slot % prepared.events.length];
      report({
        code: 'quota-exceeded',
        message: `${bucket} / ${event} : ${seats} places attribuées pour ${prepared.quota[slot]} disponibles`,
        field: 'entries',
      });
    }
  });
}

/** A key of `/.well-known/gradins/keys.json` (docs/formats/public-keys.md). */
interface PublishedKey {
  kid: string;
  purpose: string;
  x: string;
  not_before: string;
  not_after: string | null;
}

function base64Bytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return null;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  try {
    return Uint8Array.from(atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '=')), (c) =>
      c.charCodeAt(0),
    );
  } catch {
    return null;
  }
}

/** The keys of a keys.json document, or null when it is not one. */
export function publishedKeys(document: unknown): PublishedKey[] | null {
  if (!isObject(document) || !Array.isArray(document.keys)) return null;
  return document.keys.filter(
    (key): key is PublishedKey =>
      isObject(key) &&
      typeof key.kid === 'string' &&
      typeof key.purpose === 'string' &&
      typeof key.x === 'string' &&
      typeof key.not_before === 'string' &&
      (key.not_after === null || typeof key.not_after === 'string'),
  );
}

/**
 * The earliest instant the record can have been signed: after the commitment, and after its randomness
 * existed (the drand round's time; for the witnesses, the beacon deadline after which they reveal). The record
 * carries no signing instant of its own (§9).
 */
function recordSignedNoEarlierThan(record: DrawRecord): number {
  const committed = Date.parse(record.commitment.committed_at);
  if (isObject(record.randomness) && record.randomness.source === 'witnesses')
    return Math.max(committed, Date.parse(record.commitment.beacon.deadline));
  return Math.max(committed, drandRoundTime(DRAND_QUICKNET, record.commitment.beacon.round) * 1000);
}

/**
 * The signatures of a record file (§9) against the published keys (docs/formats/public-keys.md): each names a
 * key of purpose `draw` whose id matches its public key, valid at the signing instant — the commitment's
 * `committed_at`; for the record, an instant no earlier than the commitment and the randomness — and the
 * Ed25519 signature verifies over the RFC 8785 bytes of `commitment` (resp. `record`).
 */
export function verifySignatures(file: unknown, keysDocument: unknown): Difference[] {
  const differences: Difference[] = [];
  const keys = publishedKeys(keysDocument);
  if (!keys)
    return [
      { code: 'keys', message: 'Le fichier des clés n’est pas un keys.json de Gradins', field: 'keys' },
    ];
  if (!isObject(file) || !isObject(file.record))
    return [
      {
        code: 'signature-missing',
        message: 'Relevé sans ses signatures : donnez le fichier publié (format gradins-draw-record-file-v1)',
        field: 'record_signature',
      },
    ];
  const record = file.record as unknown as DrawRecord;
  if (!isObject(record.commitment) || typeof record.commitment.committed_at !== 'string')
    return [{ code: 'commitment', message: 'Engagement mal formé', field: 'record.commitment' }];
  const signed = [
    {
      field: 'commitment_signature',
      what: 'l’engagement',
      code: 'commitment-signature',
      bytes: canonicalBytes(record.commitment),
      window: (key: PublishedKey) => {
        const at = Date.parse(record.commitment.committed_at);
        return (
          Date.parse(key.not_before) <= at && (key.not_after === null || at <= Date.parse(key.not_after))
        );
      },
      when: `à l’engagement (${record.commitment.committed_at})`,
    },
    {
      field: 'record_signature',
      what: 'le relevé',
      code: 'record-signature',
      bytes: canonicalBytes(record),
      window: (key: PublishedKey) =>
        key.not_after === null || recordSignedNoEarlierThan(record) <= Date.parse(key.not_after),
      when: `après l’engagement et l’aléa (${new Date(recordSignedNoEarlierThan(record)).toISOString()})`,
    },
  ];
  for (const item of signed) {
    const signature = file[item.field];
    if (
      !isObject(signature) ||
      typeof signature.key_id !== 'string' ||
      typeof signature.signature !== 'string'
    ) {
      differences.push({
        code: 'signature-missing',
        message: `Signature de ${item.what} absente`,
        field: item.field,
      });
      continue;
    }
    const key = keys.find((candidate) => candidate.kid === signature.key_id);
    const keyField = `${item.field}.key_id`;
    if (!key) {
      differences.push({
        code: 'signature-key-unknown',
        message: `La clé ${signature.key_id} qui signe ${item.what} n’est pas dans le fichier des clés`,
        field: keyField,
      });
      continue;
    }
    const raw = base64Bytes(key.x);
    if (key.purpose !== 'draw') {
      differences.push({
        code: 'signature-key-purpose',
        message: `La clé ${key.kid} qui signe ${item.what} sert à « ${key.purpose} », pas aux tirages (draw)`,
        field: keyField,
      });
      continue;
    }
    if (!raw || raw.length !== 32 || key.kid !== `${key.purpose}-${toHex(sha256(raw)).slice(0, 16)}`) {
      differences.push({
        code: 'signature-key-id',
        message: `L’identifiant ${key.kid} ne correspond pas à sa clé publique`,
        field: keyField,
      });
      continue;
    }
    if (!item.window(key))
      differences.push({
        code: 'signature-key-window',
        message: `La clé ${key.kid} n’était pas valide ${item.when} : elle signe du ${key.not_before} au ${key.not_after ?? '(sans fin)'}`,
        field: keyField,
      });
    const bytes = base64Bytes(signature.signature);
    let valid = false;
    try {
      valid = bytes !== null && bytes.length === 64 && ed25519.verify(bytes, item.bytes, raw);
    } catch {
      valid = false;
    }
    if (!valid)
      differences.push({
        code: item.code,
        message: `La signature Ed25519 de ${item.what} ne vérifie pas avec la clé ${key.kid}`,
        field: `${item.field}.signature`,
      });
  }
  return differences;
}
