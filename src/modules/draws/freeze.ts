import { randomBytes } from 'node:crypto';
import type { DrawView } from '../../../contracts/draws.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { drawEntries, drawEntryApplicants, drawLeafChunks } from '../../platform/db/schema/index.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { toHex } from './domain/bytes.js';
import {
  DrawInputError,
  entriesRoot,
  idAt,
  prepareEntries,
  type DrawEntry,
  type PreparedEntries,
} from './domain/entries.js';
import { LEAF_CHUNK, leafTails, packLeafChunk, packU32 } from './domain/leaf-chunks.js';
import { drawProblems } from './problems.js';
import {
  asQuotaTable,
  auditDrawStep,
  confirmedCandidates,
  drawInScope,
  liveDrawSharingApplicants,
  lockProgrammeDraws,
  otherLiveDraw,
  quotaEventsByStart,
  quotaRows,
  setStatus,
  type CandidateRow,
} from './repository.js';
import { drawView } from './views.js';

const INSERT_BATCH = 2000;

interface FrozenEntry extends DrawEntry {
  kind: 'person' | 'group' | 'carer_pair';
  applicantIds: string[];
  /** Category for the distribution checks (§8.1), of its earliest-confirmed applicant (ties by id). */
  category: { week: string; operator: string };
}

/**
 * Freezes a draw (draw-record.md §1–§3): takes the bucket's confirmed applications now — a person (1 seat), a
 * group (its size, the manager's application), a carer pair (2 seats, both people) —, draws each entry's
 * random 16-byte id, and computes the Merkle root over the leaves. After this, neither the entries nor the
 * quotas change (the database refuses it too).
 *
 * No cherry-picking, no one twice: a bucket has at most one live draw (frozen, committed or run, until
 * published or abandoned; a unique index backs it), and a person frozen in a live draw of the programme (a
 * whole-programme draw and an operator draw overlap) is not frozen again — the freeze is refused, naming the
 * other draw. Both checks run under the programme's draws lock, so two freezes cannot race.
 *
 * Choices: each entry's own ranking, as `entryChoices` keeps it; an application whose ranked events all lack a
 * quota is left out and counted (`entries_without_choice`).
 */
export async function freezeDraw(
  deps: DrawsDeps,
  drawId: string,
  scope: DrawScope,
  who: Acting,
): Promise<DrawView> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const draw = await drawInScope(tx, drawId, scope, { forUpdate: true });
    if (draw.status !== 'setup')
      throw drawProblems.wrongStatus(draw.status, 'setup', { fr: 'figer le tirage', en: 'freeze the draw' });
    // One live draw per bucket, one live draw per person: checked under the programme's draws lock.
    await lockProgrammeDraws(tx, draw.programmeId);
    const live = await otherLiveDraw(tx, draw);
    if (live) throw drawProblems.liveDrawInBucket(live);
    const overlap = await liveDrawSharingApplicants(tx, draw);
    if (overlap) throw drawProblems.entriesInOtherDraw(overlap, overlap.people);
    const quotas = asQuotaTable(await quotaRows(tx, draw.id));
    const choicesOf = entryChoices(await quotaEventsByStart(tx, draw.id), draw.maxChoices);
    const { entries, withoutChoice } = entriesOf(
      await confirmedCandidates(tx, draw.programmeId, draw.operatorId),
      draw.bucket,
      choicesOf,
    );
    if (entries.length === 0) throw drawProblems.noEntries();
    let prepared;
    try {
      prepared = prepareEntries(entries, quotas, draw.maxChoices);
    } catch (error) {
      if (error instanceof DrawInputError) throw drawProblems.invalidInput(error.message);
      throw error;
    }
    const root = toHex(entriesRoot(prepared));
    const positionOf = new Map<string, number>();
    for (let p = 0; p < prepared.count; p++) positionOf.set(toHex(idAt(prepared, p)), p);
    await insertEntries(tx, draw.id, entries, positionOf);
    const categories = entryCategories(entries, positionOf);
    const tails = await insertLeafChunks(tx, draw.id, prepared, categories.ofPosition);
    await setStatus(tx, draw.id, 'setup', 'frozen', now, {
      frozenAt: now,
      entryCategories: categories.list,
      entryTails: tails,
      entriesRoot: root,
      entryCount: entries.length,
      entriesWithoutChoice: withoutChoice,
    });
    await auditDrawStep(tx, who, now, 'draws.draw.frozen', draw.id);
    return drawView(tx, {
      ...draw,
      status: 'frozen',
      frozenAt: now,
      entriesRoot: root,
      entryCount: entries.length,
      entriesWithoutChoice: withoutChoice,
    });
  });
}

/**
 * An entry's choices from its application's ranking (docs/api/draws.md, "Freeze and event choices"): the
 * ranked events that have a quota row in the draw's bucket, in the applicant's order, capped at the draw's
 * limit. An application with no ranking takes the quota table's events by start time, then code (as before
 * rankings existed). Null: nothing it ranked has a quota — the entry is left out of the draw.
 */
export function entryChoices(
  quotaEvents: { event: string; event_id: string }[],
  maxChoices: number,
): (ranking: string) => string[] | null {
  const byStart = quotaEvents.map((row) => row.event).slice(0, maxChoices);
  const codeOf = new Map(quotaEvents.map((row) => [row.event_id, row.event]));
  return (ranking) => {
    if (ranking === '') return byStart;
    const kept: string[] = [];
    for (const eventId of ranking.split(',')) {
      const code = codeOf.get(eventId);
      if (code !== undefined && !kept.includes(code)) kept.push(code);
      if (kept.length === maxChoices) break;
    }
    return kept.length > 0 ? kept : null;
  };
}

/**
 * Applications into entries: one per person, per group (its manager), per carer pair (the person's ranking),
 * with their choices; those left with none are counted, not entered.
 */
function entriesOf(
  rows: CandidateRow[],
  bucket: string,
  choicesOf: (ranking: string) => string[] | null,
): { entries: FrozenEntry[]; withoutChoice: number } {
  const pairs = new Map<string, { applicantIds: string[]; ranking: string; earliest: CandidateRow }>();
  const entries: FrozenEntry[] = [];
  let withoutChoice = 0;
  const ids = new Set<string>();
  const newId = (): string => {
    for (;;) {
      const id = randomBytes(16).toString('hex');
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  for (const row of rows) {
    if (row.carer_pair_id) {
      const pair = pairs.get(row.carer_pair_id) ?? {
        applicantIds: [],
        ranking: row.event_choices,
        earliest: row,
      };
      pair.applicantIds.push(row.id);
      if (row.carer_role === 'person') pair.ranking = row.event_choices;
      if (
        row.confirmed_key < pair.earliest.confirmed_key ||
        (row.confirmed_key === pair.earliest.confirmed_key && row.id < pair.earliest.id)
      )
        pair.earliest = row;
      pairs.set(row.carer_pair_id, pair);
      continue;
    }
    const choices = choicesOf(row.event_choices);
    if (!choices) {
      withoutChoice += 1;
      continue;
    }
    const group = row.group_id !== null && row.group_size !== null;
    entries.push({
      entryId: newId(),
      bucket,
      seats: group ? row.group_size! : 1,
      choices,
      kind: group ? 'group' : 'person',
      applicantIds: [row.id],
      category: { week: row.week, operator: row.operator },
    });
  }
  for (const { applicantIds, ranking, earliest } of pairs.values()) {
    const choices = choicesOf(ranking);
    if (!choices) {
      withoutChoice += 1;
      continue;
    }
    entries.push({
      entryId: newId(),
      bucket,
      seats: applicantIds.length,
      choices,
      kind: applicantIds.length === 2 ? 'carer_pair' : 'person',
      applicantIds,
      category: { week: earliest.week, operator: earliest.operator },
    });
  }
  return { entries, withoutChoice };
}

async function insertEntries(
  tx: Tx,
  drawId: string,
  entries: FrozenEntry[],
  positionOf: Map<string, number>,
): Promise<void> {
  for (let start = 0; start < entries.length; start += INSERT_BATCH) {
    const batch = entries.slice(start, start + INSERT_BATCH);
    await tx.insert(drawEntries).values(
      batch.map((entry) => ({
        drawId,
        entryId: entry.entryId,
        position: positionOf.get(entry.entryId)!,
        kind: entry.kind,
        bucket: entry.bucket,
        seats: entry.seats,
        choices: entry.choices,
      })),
    );
    await tx
      .insert(drawEntryApplicants)
      .values(
        batch.flatMap((entry) =>
          entry.applicantIds.map((applicantId) => ({ drawId, entryId: entry.entryId, applicantId })),
        ),
      );
  }
}

/** The distinct categories of the entries (§8.1), and each position's index into them. */
function entryCategories(entries: FrozenEntry[], positionOf: Map<string, number>) {
  const list: FrozenEntry['category'][] = [];
  const indexOf = new Map<string, number>();
  const ofPosition = new Uint32Array(entries.length);
  for (const entry of entries) {
    const key = `${entry.category.week}\u0000${entry.category.operator}`;
    let index = indexOf.get(key);
    if (index === undefined) {
      index = list.length;
      list.push(entry.category);
      indexOf.set(key, index);
    }
    ofPosition[positionOf.get(entry.entryId)!] = index;
  }
  return { list, ofPosition };
}

/**
 * The same leaves packed for the run (`leaf-chunks.ts`), in chunks of `LEAF_CHUNK` positions: ids, tail
 * indices and category indices. Returns the distinct tails, which the draw keeps (`entry_tails`).
 */
export async function insertLeafChunks(
  tx: Db | Tx,
  drawId: string,
  prepared: PreparedEntries,
  categoryOf: Uint32Array,
): Promise<ReturnType<typeof leafTails>['list']> {
  const tails = leafTails(prepared);
  for (let first = 0; first < prepared.count; first += LEAF_CHUNK) {
    const end = Math.min(prepared.count, first + LEAF_CHUNK);
    const chunk = packLeafChunk(prepared, tails.ofPosition, first, end);
    await tx.insert(drawLeafChunks).values({
      drawId,
      firstPosition: first,
      count: chunk.count,
      ids: chunk.ids,
      tails: chunk.tails,
      categories: packU32(categoryOf, first, end),
    });
  }
  return tails.list;
}
