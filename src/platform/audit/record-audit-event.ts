import type { Db, Tx } from '../db/database.js';
import { auditEvents } from '../db/schema/index.js';

export interface AuditEvent {
  /** A user id, `system:<job>`, or `anonymous`. */
  actor: string;
  organisationId?: string | null;
  /** Dotted name: `<module>.<object>.<verb in the past>`, e.g. `accounts.grant.revoked`. */
  action: string;
  /** The data concerned, by reference only: never a personal value. */
  target?: { table: string; ids: string[] };
  result: 'success' | 'denied' | 'failure';
  requestId?: string | null;
  sourceIp?: string | null;
  at: Date;
}

/**
 * The one way to write the audit trail (SEC-6). Call it with the transaction that makes the change, so the
 * change and its entry are committed together or not at all.
 */
export async function recordAuditEvent(tx: Db | Tx, event: AuditEvent): Promise<void> {
  await tx.insert(auditEvents).values({
    occurredAt: event.at,
    actor: event.actor,
    organisationId: event.organisationId ?? null,
    action: event.action,
    targetTable: event.target?.table ?? null,
    targetIds: event.target?.ids ?? null,
    result: event.result,
    requestId: event.requestId ?? null,
    sourceIp: event.sourceIp ?? null,
  });
}
