import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import {
  RightsRequestAnswer,
  RightsRequestInput,
  type BanDataExport,
  type RightsRequest,
} from '../../../contracts/bans.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { banRightsRequests } from '../../platform/db/schema/index.js';
import type { Acting, BansDeps } from './deps.js';
import {
  checkPastDay,
  isOverdue,
  OUTCOMES_BY_KIND,
  outcomeMisfit,
  rightsRequestDueOn,
  type DayProblem,
} from './domain/rights-request.js';
import { registrySettings } from './information.js';
import { banProblems } from './problems.js';
import { auditChange, today } from './registry.js';
import { detailView, findBan, hasPhoto, keyIdOf } from './repository.js';
import { parsedBody, rightsProblems } from './rights-problems.js';

// The register of rights requests (BAN-5, AU-42 art. 6): access, rectification, opposition on legitimate
// grounds, each with its due date (one month) and outcome. The requester is encrypted like ban data (SEC-1);
// neither the grounds of an opposition nor any comment is kept. Answered requests are deleted 12 months after
// their answer by the `ban-purge` job (`purge.ts`).

type RequestRow = typeof banRightsRequests.$inferSelect;

/** Bound to its column and row, as ban data: copied elsewhere, it does not decrypt. */
const requesterContext = (id: string) => `ban_rights_requests.requester_encrypted:${id}`;

export const encryptRequester = (cipher: FieldCipher, id: string, requester: string) =>
  cipher.encrypt(requester, requesterContext(id));
export const decryptRequester = (cipher: FieldCipher, row: Pick<RequestRow, 'id' | 'requesterEncrypted'>) =>
  cipher.decrypt(row.requesterEncrypted, requesterContext(row.id));

function requestView(cipher: FieldCipher, row: RequestRow, day: string): RightsRequest {
  return {
    id: row.id,
    kind: row.kind,
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    overdue: isOverdue(row, day),
    requester: decryptRequester(cipher, row),
    banId: row.banId,
    status: row.status,
    outcome: row.outcome,
    answeredOn: row.answeredOn,
    createdAt: row.createdAt.toISOString(),
  };
}

function refuseDays(problems: (DayProblem | undefined)[]) {
  const errors = problems.filter((problem) => problem !== undefined);
  if (errors.length > 0)
    throw rightsProblems.requestInvalid(
      errors.map((error) => ({ path: `body.${error.path}`, message: error.message })),
    );
}

async function findRequest(db: Db | Tx, organiserId: string, requestId: string, forUpdate = false) {
  const query = db
    .select()
    .from(banRightsRequests)
    .where(and(eq(banRightsRequests.id, requestId), eq(banRightsRequests.organiserId, organiserId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function createRightsRequest(
  deps: BansDeps,
  organiserId: string,
  raw: unknown,
  who: Acting,
): Promise<RightsRequest> {
  const input = parsedBody(RightsRequestInput, raw, rightsProblems.requestInvalid);
  const day = today(deps);
  refuseDays([checkPastDay('receivedOn', input.receivedOn, day)]);
  const id = randomUUID();
  const row = await deps.database.transaction(async (tx) => {
    if (input.banId !== null && !(await findBan(tx, organiserId, input.banId))) throw banProblems.notFound();
    const requesterEncrypted = encryptRequester(deps.cipher, id, input.requester);
    const [row] = await tx
      .insert(banRightsRequests)
      .values({
        id,
        organiserId,
        banId: input.banId,
        kind: input.kind,
        receivedOn: input.receivedOn,
        dueOn: rightsRequestDueOn(input.receivedOn),
        requesterEncrypted,
        keyId: keyIdOf(requesterEncrypted),
        createdBy: who.actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    await auditChange(tx, deps, who, 'bans.rights.created', 'ban_rights_requests', [id]);
    return row!;
  });
  return requestView(deps.cipher, row, day);
}

/** The register, the earliest due first; `status` keeps only open or answered requests. */
export async function listRightsRequests(
  deps: BansDeps,
  organiserId: string,
  status?: 'open' | 'answered',
): Promise<RightsRequest[]> {
  const rows = await deps.database.db
    .select()
    .from(banRightsRequests)
    .where(
      and(
        eq(banRightsRequests.organiserId, organiserId),
        status ? eq(banRightsRequests.status, status) : undefined,
      ),
    )
    .orderBy(asc(banRightsRequests.dueOn), asc(banRightsRequests.createdAt), asc(banRightsRequests.id));
  const day = today(deps);
  return rows.map((row) => requestView(deps.cipher, row, day));
}

export async function rightsRequest(
  deps: BansDeps,
  organiserId: string,
  requestId: string,
): Promise<RightsRequest> {
  const row = await findRequest(deps.database.db, organiserId, requestId);
  if (!row) throw rightsProblems.requestNotFound();
  return requestView(deps.cipher, row, today(deps));
}

/** Records the answer once: an outcome that fits the kind, on a day between receipt and today. */
export async function answerRightsRequest(
  deps: BansDeps,
  organiserId: string,
  requestId: string,
  raw: unknown,
  who: Acting,
): Promise<RightsRequest> {
  const answer = parsedBody(RightsRequestAnswer, raw, rightsProblems.requestInvalid);
  const day = today(deps);
  refuseDays([checkPastDay('answeredOn', answer.answeredOn, day)]);
  const row = await deps.database.transaction(async (tx) => {
    const current = await findRequest(tx, organiserId, requestId, true);
    if (!current) throw rightsProblems.requestNotFound();
    if (current.status === 'answered') throw rightsProblems.alreadyAnswered();
    if (outcomeMisfit(current, answer.outcome))
      throw rightsProblems.outcomeDoesNotFit(current.kind, OUTCOMES_BY_KIND[current.kind]);
    if (answer.answeredOn < current.receivedOn)
      refuseDays([
        { path: 'answeredOn', message: `avant la réception de la demande (${current.receivedOn})` },
      ]);
    const [row] = await tx
      .update(banRightsRequests)
      .set({
        status: 'answered',
        outcome: answer.outcome,
        answeredOn: answer.answeredOn,
        answeredBy: who.actor.userId,
      })
      .where(eq(banRightsRequests.id, requestId))
      .returning();
    await auditChange(tx, deps, who, 'bans.rights.answered', 'ban_rights_requests', [requestId]);
    return row!;
  });
  return requestView(deps.cipher, row, day);
}

/** The right of access: everything the registry holds on the person of a ban, as one JSON document. */
export async function exportBanData(
  deps: BansDeps,
  organiserId: string,
  banId: string,
): Promise<BanDataExport> {
  const db = deps.database.db;
  const row = await findBan(db, organiserId, banId);
  if (!row) throw banProblems.notFound();
  const day = today(deps);
  const requests = await db
    .select()
    .from(banRightsRequests)
    .where(and(eq(banRightsRequests.organiserId, organiserId), eq(banRightsRequests.banId, banId)))
    .orderBy(asc(banRightsRequests.receivedOn), asc(banRightsRequests.id));
  return {
    exportedAt: deps.clock.now().toISOString(),
    controller: (await registrySettings(db, organiserId)) ?? null,
    ban: detailView(deps.cipher, row, await hasPhoto(db, banId), day),
    rightsRequests: requests.map((request) => requestView(deps.cipher, request, day)),
  };
}
