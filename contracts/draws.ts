import { z } from 'zod';

/** Verifiable draws (issue [F], docs/formats/draw-record.md, docs/api/draws.md). */

const Hex = (bytes: number, what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(new RegExp(`^[0-9a-f]{${2 * bytes}}$`), {
      error: `${what} : ${2 * bytes} caractères hexadécimaux attendus`,
    });

export const EntryIdHex = Hex(16, 'identifiant d’entrée');

export const DrawStatus = z.enum(['setup', 'frozen', 'committed', 'run', 'published', 'abandoned']);
export type DrawStatus = z.infer<typeof DrawStatus>;

export const QuotaInput = z.object({
  eventId: z.uuid(),
  seats: z.number().int().min(0).max(4_294_967_295),
});

export const DrawSetupRequest = z.object({
  programmeId: z.uuid(),
  /** Only on the programme administrator's route: the operator whose stock is drawn (none: the programme's). */
  operatorId: z.uuid().optional(),
  name: z.string().trim().min(1).max(120),
  /** Demonstration data: the round may be past; the record is marked « démonstration ». */
  demonstration: z.boolean().default(false),
  /** Seats per event; by default the bucket's stock balance of each event it holds. */
  quotas: z.array(QuotaInput).min(1).max(2000).optional(),
});

export const QuotasRequest = z.object({ quotas: z.array(QuotaInput).min(1).max(2000) });

export const Witness = z.object({
  name: z.string().trim().min(1).max(120),
  /** SHA-256 of the witness's 32-byte secret, hex (draw-record.md §6.2). */
  commitment: Hex(32, 'engagement du témoin'),
});

export const CommitRequest = z.object({
  /** A drand quicknet round; by default the first round produced at or after `drawAt`. */
  round: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  /** When the draw may run; by default 15 minutes from now. */
  drawAt: z.iso.datetime({ offset: true }).optional(),
  /** If no valid beacon signature is available by then, the witnesses serve (default: a day after the round). */
  beaconDeadline: z.iso.datetime({ offset: true }).optional(),
  revealDeadline: z.iso.datetime({ offset: true }).optional(),
  witnesses: z.array(Witness).min(1).max(20),
  minReveals: z.number().int().min(1).max(20).optional(),
});

export const BeaconRequest = z.object({
  /** The BLS signature of the committed round, as drand publishes it (48 bytes, hex). */
  signature: Hex(48, 'signature drand'),
});

/** Giving up a frozen or committed draw (never a run one): the reason is public once the draw is committed. */
export const AbandonRequest = z.object({ reason: z.string().trim().min(10).max(1000) });

/** A witness's reveal (draw-record.md §6.2), once the beacon deadline has passed without a beacon value. */
export const RevealRequest = z.object({
  /** The witness's name, as in the commitment. */
  witness: z.string().trim().min(1).max(120),
  /** The 32-byte secret whose SHA-256 the witness committed, hex. */
  secret: Hex(32, 'secret du témoin'),
});

export const DrawAbandonment = z.object({
  at: z.string(),
  reason: z.string(),
  /** Who gave it up: the role acting (`operator` or `programme_admin`) and their organisation. */
  by: z.string(),
});

export const DrawQuota = z.object({
  bucket: z.string(),
  event: z.string(),
  eventId: z.uuid(),
  seats: z.number().int(),
});

/** What a run gave, for the results charts: seats filled per event against its quota, outcome by entry size. */
export const DrawBreakdown = z.object({
  byEvent: z.array(z.object({ event: z.string(), quota: z.number().int(), filled: z.number().int() })),
  bySeats: z.array(
    z.object({ seats: z.number().int(), allocated: z.number().int(), reserve: z.number().int() }),
  ),
});

/** The steps of a run, in order; `done`/`total` count entries within the step. */
export const DrawRunPhase = z.enum(['reading', 'numbering', 'allocating', 'writing', 'signing']);
export type DrawRunPhase = z.infer<typeof DrawRunPhase>;

export const DrawRunProgress = z.object({
  phase: DrawRunPhase,
  done: z.number().int(),
  total: z.number().int(),
  startedAt: z.string(),
});
export type DrawRunProgress = z.infer<typeof DrawRunProgress>;

export const DrawView = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  operatorId: z.uuid().nullable(),
  bucket: z.string(),
  name: z.string(),
  status: DrawStatus,
  specVersion: z.number().int(),
  demonstration: z.boolean(),
  maxChoices: z.number().int(),
  createdAt: z.string(),
  quotas: z.array(DrawQuota),
  frozenAt: z.string().nullable(),
  entriesRoot: z.string().nullable(),
  entryCount: z.number().int().nullable(),
  /**
   * Confirmed applications left out at freeze: every event they ranked lacks a quota in the bucket (null
   * before freeze). See docs/api/draws.md "Freeze and event choices".
   */
  entriesWithoutChoice: z.number().int().nullable(),
  commitment: z
    .object({
      committedAt: z.string(),
      round: z.number().int(),
      /** When drand produces the round (UTC). */
      roundAt: z.string(),
      beaconDeadline: z.string(),
      revealDeadline: z.string(),
      witnesses: z.array(z.string()),
      minReveals: z.number().int(),
      commitmentHash: z.string(),
      beaconEntered: z.boolean(),
      /** The witnesses whose secret was revealed and checked, in commitment order. */
      revealed: z.array(z.string()),
    })
    .nullable(),
  results: z
    .object({
      ranAt: z.string(),
      recordSha256: z.string(),
      resultsHash: z.string(),
      allocatedEntries: z.number().int(),
      reserveEntries: z.number().int(),
      seatsFilled: z.number().int(),
      ...DrawBreakdown.shape,
    })
    .nullable(),
  publishedAt: z.string().nullable(),
  abandonment: DrawAbandonment.nullable(),
  /** While a background run is in progress on this server (`POST …/run` answered 202), else null. */
  running: DrawRunProgress.nullable(),
  /** Why the last background run failed (the draw is still `committed` and may be run again), else null. */
  runError: z.object({ code: z.string(), detail: z.string() }).nullable(),
});
export type DrawView = z.infer<typeof DrawView>;

/**
 * Every draw from its commitment on (no cherry-picking: a draw committed and not published stays in sight):
 * committed, run (with its results hash, before publication), published (with its record), abandoned (when,
 * by whom, why).
 */
export const PublicDraw = z.object({
  id: z.uuid(),
  name: z.string(),
  programme: z.string(),
  operator: z.string().nullable(),
  bucket: z.string(),
  status: z.enum(['committed', 'run', 'published', 'abandoned']),
  demonstration: z.boolean(),
  entryCount: z.number().int(),
  committedAt: z.string(),
  commitmentHash: z.string(),
  commitmentUrl: z.string(),
  /** From the run on: the hash of the results (§7) and of the signed record bytes. */
  ranAt: z.string().nullable(),
  resultsHash: z.string().nullable(),
  recordSha256: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Once published. */
  recordUrl: z.string().nullable(),
  abandonment: DrawAbandonment.nullable(),
});
export type PublicDraw = z.infer<typeof PublicDraw>;

/** A published draw's public page: its commitment, beacon round, seed and counts (no personal data). */
export const PublicDrawDetail = z.object({
  id: z.uuid(),
  name: z.string(),
  programme: z.string(),
  operator: z.string().nullable(),
  bucket: z.string(),
  demonstration: z.boolean(),
  entryCount: z.number().int(),
  publishedAt: z.string(),
  /** SHA-256 of the signed record bytes, and where to download the record file (§9). */
  recordSha256: z.string(),
  recordUrl: z.string(),
  specVersion: z.number().int(),
  committedAt: z.string(),
  entriesRoot: z.string(),
  commitmentHash: z.string(),
  round: z.number().int(),
  /** When drand produced the round (UTC). */
  roundAt: z.string(),
  witnesses: z.array(z.string()),
  /** The beacon's randomness (SHA-256 of its signature) and the seed (draw-record.md §6, §5); null if none. */
  randomness: z.string().nullable(),
  seed: z.string().nullable(),
  ranAt: z.string(),
  resultsHash: z.string(),
  allocatedEntries: z.number().int(),
  reserveEntries: z.number().int(),
  seatsFilled: z.number().int(),
  commitmentUrl: z.string(),
  ...DrawBreakdown.shape,
});
export type PublicDrawDetail = z.infer<typeof PublicDrawDetail>;

/** An entry as its leaf says it (§1), in the snake case of the published formats. */
export const PublicEntry = z.object({
  entry_id: z.string(),
  bucket: z.string(),
  seats: z.number().int(),
  choices: z.array(z.string()),
});

export const InclusionProofView = z.object({
  draw_id: z.uuid(),
  entries_root: z.string(),
  commitment_hash: z.string(),
  entry: PublicEntry,
  /** The leaf bytes (§1), hex. */
  leaf: z.string(),
  proof: z.object({
    entry_id: z.string(),
    leaf_index: z.number().int(),
    tree_size: z.number().int(),
    path: z.array(z.string()),
  }),
});
export type InclusionProofView = z.infer<typeof InclusionProofView>;
