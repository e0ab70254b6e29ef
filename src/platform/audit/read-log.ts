import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { appendAuditEntries, type AuditEvent } from './record-audit-event.js';

/**
 * What a route declares about the personal data it returns: the action to record for each successful read
 * (one entry per request, SEC-6), or why there is none. The handler names the records it returned with
 * `request.auditTargetIds = [...]`.
 */
export type RouteAudit = { action: string; table: string } | { none: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    audit?: RouteAudit;
  }
  interface FastifyRequest {
    auditTargetIds?: string[];
  }
}

/** One line in a route declaration: `config: { access, ...auditRead('accounts.user.listed', 'users') }`. */
export const auditRead = (action: string, table: string): { audit: RouteAudit } => ({
  audit: { action, table },
});
export const noPersonalData = (why: string): { audit: RouteAudit } => ({ audit: { none: why } });

/**
 * Group commit for read entries: a request waits until its entry is written (the data leaves only once its
 * reading is on record), but concurrent requests share one INSERT, so auditing reads costs little throughput.
 */
export class ReadAuditLog {
  private pending: { event: AuditEvent; done: (error?: unknown) => void }[] = [];
  private inFlight = 0;

  /**
   * @param maxInFlight batches written at the same time: a commit waits for the disk (a few milliseconds), so
   * a few overlapping batches keep the database busy while PostgreSQL groups their disk flushes.
   */
  constructor(
    private readonly database: Database,
    private readonly maxInFlight = 4,
  ) {}

  record(event: AuditEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, done: (error) => (error ? reject(error) : resolve()) });
      if (this.inFlight < this.maxInFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.inFlight += 1;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await appendAuditEntries(
          this.database.db,
          batch.map((item) => item.event),
        );
        for (const item of batch) item.done();
      } catch (error) {
        for (const item of batch) item.done(error);
      }
    }
    this.inFlight -= 1;
  }
}

/** Records the read of every successful GET whose route declares an audited action, before the answer leaves. */
export function installReadAudit(
  app: FastifyInstance,
  { database, clock }: { database: Database; clock: Clock },
): void {
  const log = new ReadAuditLog(database);
  app.addHook('onSend', async (request, reply, payload) => {
    const audit = request.routeOptions.config.audit;
    if (!audit || 'none' in audit || request.method !== 'GET') return payload;
    if (reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    await log.record({
      actor: request.actor?.userId ?? 'anonymous',
      organisationId: request.actor?.organisationId ?? null,
      action: audit.action,
      target: { table: audit.table, ids: request.auditTargetIds ?? [] },
      result: 'success',
      requestId: request.id,
      sourceIp: request.ip,
      at: clock.now(),
    });
    return payload;
  });
}
