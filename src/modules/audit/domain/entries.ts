/** An audit entry as published (docs/formats/audit-log.md §1). */
export interface AuditEntry {
  id: number;
  occurred_at: string;
  actor: string;
  organisation_id: string | null;
  action: string;
  target_table: string | null;
  target_ids: string[] | null;
  result: 'success' | 'denied' | 'failure';
  request_id: string | null;
  source_ip: string | null;
}

export const AUDIT_LOG_VERSION = 'gradins-audit-v1';

/** The array whose RFC 8785 serialisation is an entry's canonical form (§1). */
export function canonicalEntryFields(entry: AuditEntry): unknown[] {
  return [
    AUDIT_LOG_VERSION,
    entry.id,
    entry.occurred_at,
    entry.actor,
    entry.organisation_id,
    entry.action,
    entry.target_table,
    entry.target_ids,
    entry.result,
    entry.request_id,
    entry.source_ip,
  ];
}

/** Monthly shard of an instant, UTC (§2). */
export function shardOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** The first instant after a shard's month. */
export function shardEnd(shard: string): Date {
  const [year, month] = shard.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1));
}

/** Six months rolling (SEC-6): a shard may go once its whole month is more than six months old. */
export function isShardExpired(shard: string, now: Date): boolean {
  const limit = new Date(now);
  limit.setUTCMonth(limit.getUTCMonth() - 6);
  return shardEnd(shard) <= limit;
}

/**
 * The entry the retention purge writes for each shard it deletes (§6.6): without it, a shard left with heads
 * only counts as deleted by an attacker.
 */
export const PURGE_ENTRY = {
  actor: 'system:audit-retention',
  action: 'audit.shard.purged',
  table: 'audit_leaves',
} as const;

/** The statement a head signs (§4). */
export interface HeadStatement {
  log: typeof AUDIT_LOG_VERSION;
  shard: string;
  tree_size: number;
  root_hash: string;
  previous_shard_root: string | null;
  kind: 'checkpoint' | 'final';
  issued_at: string;
}
