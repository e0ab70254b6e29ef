import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
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
  private readonly entries: GroupCommit<AuditEvent, undefined>;

  /**
   * @param maxInFlight batches written at the same time: a commit waits for the disk (a few milliseconds), so
   * a few overlapping batches keep the database busy while PostgreSQL groups their disk flushes.
   */
  constructor(database: Database, maxInFlight = 4) {
    this.entries = new GroupCommit(
      async (events) => {
        await appendAuditEntries(database.db, events);
        return events.map(() => undefined);
      },
      { maxInFlight },
    );
  }

  async record(event: AuditEvent): Promise<void> {
    await this.entries.submit(event);
  }
}

/**
 * How many refusals of anonymous callers are written (result `denied`): per client address and in all, per
 * window. A flood of anonymous requests must not write rows without bound; signed-in callers are bounded by
 * their session and the rate limit, and every refusal of theirs is written.
 */
export class AnonymousDenialBudget {
  private windowStart = 0;
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly perAddress = 10,
    private readonly inAll = 100,
    private readonly windowMs = 10 * 60_000,
  ) {}

  /** True when this refusal may be written (and counts it). */
  take(address: string, now: Date): boolean {
    if (now.getTime() - this.windowStart >= this.windowMs) {
      this.windowStart = now.getTime();
      this.total = 0;
      this.byAddress.clear();
    }
    const used = this.byAddress.get(address) ?? 0;
    if (used >= this.perAddress || this.total >= this.inAll) return false;
    this.byAddress.set(address, used + 1);
    this.total += 1;
    return true;
  }
}

/**
 * Records the read of every successful GET whose route declares an audited action, before the answer leaves;
 * and every refusal by the access guard (401, 403) as a `denied` entry: always for a signed-in caller, and for
 * an anonymous one on routes that declare personal data, within `AnonymousDenialBudget`.
 */
export function installReadAudit(
  app: FastifyInstance,
  { database, clock }: { database: Database; clock: Clock },
): void {
  // PGlite runs one statement at a time on this thread: overlapping batches only split the waiting requests
  // into more, smaller INSERTs. One batch in flight lets every request that arrives meanwhile join the next.
  const log = new ReadAuditLog(database, database.kind === 'pglite' ? 1 : 4);
  const anonymousBudget = new AnonymousDenialBudget();
  app.addHook('onSend', async (request, reply, payload) => {
    const audit = request.routeOptions.config.audit;
    if (request.accessRefused && (reply.statusCode === 401 || reply.statusCode === 403)) {
      const actor = await request.resolveActor().catch(() => undefined);
      const declaresPersonalData = audit !== undefined && !('none' in audit);
      const worthWriting = actor
        ? true
        : declaresPersonalData && anonymousBudget.take(request.ip, clock.now());
      if (!worthWriting) return payload;
      await log.record({
        actor: actor?.userId ?? 'anonymous',
        organisationId: actor?.organisationId ?? null,
        action: declaresPersonalData ? audit.action : 'http.access.denied',
        target: declaresPersonalData ? { table: audit.table, ids: [] } : undefined,
        result: 'denied',
        requestId: request.id,
        sourceIp: request.ip,
        at: clock.now(),
      });
      return payload;
    }
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
