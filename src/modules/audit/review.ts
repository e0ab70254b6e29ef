import { and, count, desc, eq, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AlertKind, AuditSearchQuery } from '../../../contracts/audit.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Clock } from '../../platform/clock.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Database } from '../../platform/db/database.js';
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

/**
 * The alerts of a period (issue [C]): bulk reads, exports, access outside working hours, repeated denials,
 * reads of ban data, and any change to grants. Computed from the entries; each alert lists its entries.
 */
export async function auditAlerts(deps: AuditDeps, period: { from: Date; to: Date }) {
  const rows = await deps.database.db
    .select()
    .from(auditEvents)
    .where(and(gte(auditEvents.occurredAt, period.from), lt(auditEvents.occurredAt, period.to)))
    .orderBy(auditEvents.occurredAt)
    .limit(200_000);
  const people = rows.filter((row) => row.actor !== 'anonymous' && !row.actor.startsWith('system:'));
  const alerts: { kind: AlertKind; actor: string; rows: Row[] }[] = [];
  const byActor = (selected: Row[]) => {
    const groups = new Map<string, Row[]>();
    for (const row of selected) groups.set(row.actor, [...(groups.get(row.actor) ?? []), row]);
    return groups;
  };
  const withinAnHour = (selected: Row[], threshold: number) => {
    for (let i = 0; i + threshold - 1 < selected.length; i += 1) {
      const window = selected.slice(i, i + threshold);
      if (window.at(-1)!.occurredAt.getTime() - window[0]!.occurredAt.getTime() <= 3_600_000) return true;
    }
    return false;
  };
  const isRead = (row: Row) => /\.(read|listed|viewed)$/.test(row.action);
  for (const [actor, selected] of byActor(people.filter(isRead))) {
    if (withinAnHour(selected, BULK_READS_PER_HOUR))
      alerts.push({ kind: 'bulk_reads', actor, rows: selected });
  }
  for (const [actor, selected] of byActor(people.filter((row) => row.action.endsWith('.exported')))) {
    alerts.push({ kind: 'export', actor, rows: selected });
  }
  for (const [actor, selected] of byActor(people.filter((row) => outsideWorkingHours(row.occurredAt)))) {
    alerts.push({ kind: 'outside_working_hours', actor, rows: selected });
  }
  const refused = rows.filter((row) => row.result !== 'success');
  for (const [actor, selected] of byActor(refused)) {
    if (withinAnHour(selected, DENIALS_PER_HOUR))
      alerts.push({ kind: 'repeated_denials', actor, rows: selected });
  }
  for (const [actor, selected] of byActor(
    rows.filter((row) => row.action.startsWith('bans.') && isRead(row)),
  )) {
    alerts.push({ kind: 'ban_data_read', actor, rows: selected });
  }
  for (const [actor, selected] of byActor(rows.filter((row) => row.action.startsWith('accounts.grant.')))) {
    alerts.push({ kind: 'grant_change', actor, rows: selected });
  }
  const labels = await actorLabels(
    deps,
    alerts.map((alert) => alert.actor),
  );
  return alerts.map((alert) => ({
    kind: alert.kind,
    actor: alert.actor,
    actorLabel: labels.get(alert.actor) ?? alert.actor,
    count: alert.rows.length,
    firstAt: alert.rows[0]!.occurredAt.toISOString(),
    lastAt: alert.rows.at(-1)!.occurredAt.toISOString(),
    entryIds: alert.rows.slice(0, 20).map((row) => row.id),
  }));
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
