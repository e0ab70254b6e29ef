import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';

export interface AuditEvent {
  /** A user id, `system:<job>`, or `anonymous`. */
  actor: string;
  organisationId?: string | null;
  /** Dotted name: `<module>.<object>.<verb in the past>`, e.g. `accounts.grant.revoked`. */
  action: string;
  /** The data concerned, by reference only: never a personal value. */
  target?: { table: string; ids: string[] } | undefined;
  result: 'success' | 'denied' | 'failure';
  requestId?: string | null;
  sourceIp?: string | null;
  at: Date;
}

/**
 * The one way to write the audit trail (SEC-6). Call it with the transaction that makes the change, so the
 * change and its entry are committed together or not at all. Entries go through `gradins_audit_append`, a
 * function that runs as a role allowed to INSERT and nothing else (migration 0003).
 */
export async function recordAuditEvent(tx: Db | Tx, event: AuditEvent): Promise<void> {
  await appendAuditEntries(tx, [event]);
}

/** Several entries in one statement (the read log's group commit uses it). */
export async function appendAuditEntries(db: Db | Tx, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({
    occurred_at: event.at.toISOString(),
    actor: event.actor,
    organisation_id: event.organisationId ?? null,
    action: event.action,
    target_table: event.target?.table ?? null,
    target_ids: event.target?.ids ?? null,
    result: event.result,
    request_id: event.requestId ?? null,
    source_ip: event.sourceIp ?? null,
  }));
  await db.execute(sql`select gradins_audit_append(${JSON.stringify(rows)}::jsonb)`);
}
