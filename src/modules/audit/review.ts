import { and, count, desc, eq, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AlertKind, AuditSearchQuery } from '../../../contracts/audit.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Clock } from '../../platform/clock.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Database } from '../../platform/db/database.js';
import { auditEvents, auditReviews, users } from '../../platform/db/schema/index.js';
import type { Actor } from '../../platform/http/actor.js';

export interface AuditDeps {
  database: Database;
  keys: KeyStore;
  clock: Clock;
}

type Row = typeof auditEvents.$inferSelect;

export async function actorLabels(deps: AuditDeps, actors: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors)].filter((actor) => /^[0-9a-f-]{36}$/.test(actor));
  const rows = ids.length
    ? await deps.database.db
        .select({ id: users.id, name: users.displayName, email: users.email })
        .from(users)
        .where(inArray(users.id, ids))
    : [];
  return new Map(rows.map((row) => [row.id, `${row.name} <${row.email}>`]));
}

function view(row: Row, labels: Map<string, string>) {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: row.actor,
    actorLabel: labels.get(row.actor) ?? row.actor,
    organisationId: row.organisationId,
    action: row.action,
    targetTable: row.targetTable,
    targetIds: row.targetIds,
    result: row.result,
    requestId: row.requestId,
    sourceIp: row.sourceIp,
  };
}

/** The controller's search (issue [C]): by user, data, action and period, newest first. */
export async function searchAuditLog(deps: AuditDeps, query: z.infer<typeof AuditSearchQuery>) {
  const conditions: SQL[] = [];
  if (query.actor) conditions.push(eq(auditEvents.actor, query.actor));
  if (query.action) {
    conditions.push(
      query.action.endsWith('.')
        ? like(auditEvents.action, `${escapeLike(query.action)}%`)
        : eq(auditEvents.action, query.action),
    );
  }
  if (query.targetTable) conditions.push(eq(auditEvents.targetTable, query.targetTable));
  if (query.targetId) conditions.push(sql`${query.targetId} = any(${auditEvents.targetIds})`);
  if (query.result) conditions.push(eq(auditEvents.result, query.result));
  if (query.from) conditions.push(gte(auditEvents.occurredAt, new Date(query.from)));
  if (query.to) conditions.push(lt(auditEvents.occurredAt, new Date(query.to)));
  const where = conditions.length ? and(...conditions) : undefined;
  const [total] = await deps.database.db.select({ value: count() }).from(auditEvents).where(where);
  const rows = await deps.database.db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const labels = await actorLabels(
    deps,
    rows.map((row) => row.actor),
  );
  return {
    total: total?.value ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    entries: rows.map((row) => view(row, labels)),
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

const BULK_READS_PER_HOUR = 50;
const BULK_RECORDS_PER_HOUR = 1000;
const DENIALS_PER_HOUR = 5;
const PARIS_HOUR = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});

/** Outside 07:00–20:00 on a weekday, Paris time (public offices' hours). */
export function outsideWorkingHours(instant: Date): boolean {
  const parts = PARIS_HOUR.formatToParts(instant);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  const weekday = parts.find((part) => part.type === 'weekday')?.value ?? '';
  return hour < 7 || hour >= 20 || weekday.startsWith('sam') || weekday.startsWith('dim');
}

/** The same rule in SQL, so that alerts are computed by the database over any number of entries. */
const PARIS = sql`(e.occurred_at at time zone 'Europe/Paris')`;
const OUTSIDE_WORKING_HOURS = sql`(extract(hour from ${PARIS}) < 7 or extract(hour from ${PARIS}) >= 20 or extract(isodow from ${PARIS}) >= 6)`;
const PEOPLE = sql`(e.actor <> 'anonymous' and e.actor not like 'system:%')`;
const READ = sql`(e.action ~ '\.(read|listed|viewed)$')`;
/** The records an entry concerns: its target ids (at least one). */
const RECORDS = sql`greatest(coalesce(cardinality(e.target_ids), 0), 1)`;

interface AlertRow {
  actor: string;
  count: string | number;
  records: string | number;
  first_at: string | Date;
  last_at: string | Date;
  entry_ids: (string | number)[] | string;
}

/**
 * The alerts of a period (issue [C]): bulk reads (by requests or by records read), exports, access outside
 * working hours, repeated denials, reads of ban data, and any change to grants. Computed by the database from
 * every entry of the period (no row limit); each alert lists its first entries.
 */
export async function auditAlerts(deps: AuditDeps, period: { from: Date; to: Date }) {
  const inPeriod = sql`e.occurred_at >= ${period.from.toISOString()}::timestamptz and e.occurred_at < ${period.to.toISOString()}::timestamptz`;
  const grouped = (condition: SQL, having: SQL = sql`true`) => sql`
    with selected as (
      select e.id, e.actor, e.occurred_at, ${RECORDS} as records,
        count(*) over hour as hour_requests, sum(${RECORDS}) over hour as hour_records
      from audit_events e
      where ${inPeriod} and ${condition}
      window hour as (partition by e.actor order by e.occurred_at range between interval '1 hour' preceding and current row)
    )
    select actor, count(*) as count, sum(records) as records, min(occurred_at) as first_at,
      max(occurred_at) as last_at, (array_agg(id order by occurred_at, id))[1:20] as entry_ids
    from selected group by actor having ${having} order by actor`;
  const kinds: [AlertKind, SQL][] = [
    [
      'bulk_reads',
      grouped(
        sql`${PEOPLE} and ${READ}`,
        sql`max(hour_requests) >= ${BULK_READS_PER_HOUR} or max(hour_records) >= ${BULK_RECORDS_PER_HOUR}`,
      ),
    ],
    ['export', grouped(sql`${PEOPLE} and e.action like '%.exported'`)],
    ['outside_working_hours', grouped(sql`${PEOPLE} and ${OUTSIDE_WORKING_HOURS}`)],
    ['repeated_denials', grouped(sql`e.result <> 'success'`, sql`max(hour_requests) >= ${DENIALS_PER_HOUR}`)],
    ['ban_data_read', grouped(sql`e.action like 'bans.%' and ${READ}`)],
    ['grant_change', grouped(sql`e.action like 'accounts.grant.%'`)],
  ];
  const alerts: { kind: AlertKind; row: AlertRow }[] = [];
  for (const [kind, query] of kinds) {
    for (const row of await selectRows<AlertRow>(deps.database.db, query)) alerts.push({ kind, row });
  }
  const labels = await actorLabels(
    deps,
    alerts.map((alert) => alert.row.actor),
  );
  return alerts.map(({ kind, row }) => ({
    kind,
    actor: row.actor,
    actorLabel: labels.get(row.actor) ?? row.actor,
    count: Number(row.count),
    records: Number(row.records),
    firstAt: new Date(row.first_at).toISOString(),
    lastAt: new Date(row.last_at).toISOString(),
    entryIds: pgArray(row.entry_ids).map(Number),
  }));
}

/** An array column as either driver returns it (an array, or PostgreSQL's `{1,2,3}` text). */
function pgArray(value: (string | number)[] | string): (string | number)[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',') : [];
}

/** A review of the log, signed by the platform's audit key so that it cannot be rewritten unnoticed. */
export async function recordAuditReview(
  deps: AuditDeps,
  input: { periodFrom: string; periodTo: string; findings: string; alertsSeen: number },
  who: { actor: Actor; requestId: string; sourceIp: string },
) {
  const now = deps.clock.now();
  const statement = {
    log: 'gradins-audit-review-v1',
    reviewer_id: who.actor.userId,
    period_from: new Date(input.periodFrom).toISOString(),
    period_to: new Date(input.periodTo).toISOString(),
    findings: input.findings,
    alerts_seen: input.alertsSeen,
    signed_at: now.toISOString(),
  };
  const { kid, signature } = deps.keys.sign('audit', Buffer.from(canonicalJson(statement), 'utf8'));
  return deps.database.transaction(async (tx) => {
    const [review] = await tx
      .insert(auditReviews)
      .values({
        reviewerId: who.actor.userId,
        periodFrom: new Date(statement.period_from),
        periodTo: new Date(statement.period_to),
        findings: input.findings,
        alertsSeen: input.alertsSeen,
        signedAt: now,
        keyId: kid,
        signature: signature.toString('base64'),
      })
      .returning();
    await recordAuditEvent(tx, {
      actor: who.actor.userId,
      organisationId: who.actor.organisationId,
      action: 'audit.review.recorded',
      target: { table: 'audit_reviews', ids: [review!.id] },
      result: 'success',
      requestId: who.requestId,
      sourceIp: who.sourceIp,
      at: now,
    });
    return review!;
  });
}

export async function listAuditReviews(deps: AuditDeps) {
  const rows = await deps.database.db.select().from(auditReviews).orderBy(desc(auditReviews.signedAt));
  const labels = await actorLabels(
    deps,
    rows.map((row) => row.reviewerId),
  );
  return rows.map((row) => reviewView(row, labels));
}

export function reviewView(row: typeof auditReviews.$inferSelect, labels: Map<string, string>) {
  return {
    id: row.id,
    reviewerId: row.reviewerId,
    reviewerLabel: labels.get(row.reviewerId) ?? row.reviewerId,
    periodFrom: row.periodFrom.toISOString(),
    periodTo: row.periodTo.toISOString(),
    findings: row.findings,
    alertsSeen: row.alertsSeen,
    signedAt: row.signedAt.toISOString(),
    keyId: row.keyId,
    signature: row.signature,
  };
}
