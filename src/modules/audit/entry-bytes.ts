import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { leafHash } from '../../platform/crypto/merkle.js';
import type { auditEvents } from '../../platform/db/schema/index.js';
import { canonicalEntryFields, type AuditEntry, type HeadStatement } from './domain/entries.js';

export function entryFromRow(row: typeof auditEvents.$inferSelect): AuditEntry {
  return {
    id: row.id,
    occurred_at: row.occurredAt.toISOString(),
    actor: row.actor,
    organisation_id: row.organisationId,
    action: row.action,
    target_table: row.targetTable,
    target_ids: row.targetIds,
    result: row.result,
    request_id: row.requestId,
    source_ip: row.sourceIp,
  };
}

export function entryBytes(entry: AuditEntry): Buffer {
  return Buffer.from(canonicalJson(canonicalEntryFields(entry)), 'utf8');
}

export function entryLeafHash(entry: AuditEntry): Buffer {
  return leafHash(entryBytes(entry));
}

export function statementBytes(statement: HeadStatement): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}
