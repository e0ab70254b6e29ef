import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Db, Tx } from '../../platform/db/database.js';
import type { Acting } from './deps.js';

/** The audit entry of a change to programmes, events or stock, in the change's own transaction (SEC-6). */
export function auditChange(
  tx: Db | Tx,
  who: Acting,
  at: Date,
  action: string,
  table: string,
  ids: readonly string[],
): Promise<void> {
  return recordAuditEvent(tx, {
    actor: who.actor.userId,
    organisationId: who.actor.organisationId,
    action,
    target: { table, ids: [...ids] },
    result: 'success',
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at,
  });
}
