import { sql } from 'drizzle-orm';
import { TicketStatus, type TicketSummary } from '../../../contracts/tickets.js';
import { csvDocument } from '../../platform/csv/write-csv.js';
import { selectRows, type Db } from '../../platform/db/database.js';

// Operator and administrator reports on tickets (issue [G]): counts only, never a holder.

const STATUSES = TicketStatus.options;
const zeroCounts = () =>
  Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<TicketStatus, number>;

interface Row {
  event_id: string;
  code: string;
  name: string;
  starts_at: string | Date;
  status: TicketStatus;
  count: number;
  from_reassignment: number;
}

/** One aggregate over one operator's tickets: per event and status, with every status present (zero if none). */
export async function ticketSummary(db: Db, operatorId: string): Promise<TicketSummary> {
  const rows = await selectRows<Row>(
    db,
    sql`select t.event_id, e.code, e.sport || ' — ' || e.discipline as name, e.starts_at, t.status,
          count(*)::int as count, count(t.reassigned_from)::int as from_reassignment
        from tickets t join sport_events e on e.id = t.event_id
        where t.operator_id = ${operatorId}
        group by t.event_id, e.code, e.sport, e.discipline, e.starts_at, t.status
        order by e.starts_at, e.code, t.status`,
  );
  const events = new Map<string, TicketSummary['events'][number]>();
  const totals = { counts: zeroCounts(), fromReassignment: 0, total: 0 };
  for (const row of rows) {
    let event = events.get(row.event_id);
    if (!event) {
      event = {
        eventId: row.event_id,
        code: row.code,
        name: row.name,
        startsAt: new Date(row.starts_at).toISOString(),
        counts: zeroCounts(),
        fromReassignment: 0,
        total: 0,
      };
      events.set(row.event_id, event);
    }
    for (const into of [event, totals]) {
      into.counts[row.status] += row.count;
      into.fromReassignment += row.from_reassignment;
      into.total += row.count;
    }
  }
  return { events: [...events.values()], totals };
}

/** The same summary as a CSV file (semicolons, formula-safe cells): one line per event, then the totals. */
export function ticketSummaryCsv(summary: TicketSummary): string {
  const figures = (line: {
    counts: Record<TicketStatus, number>;
    fromReassignment: number;
    total: number;
  }) => [...STATUSES.map((status) => line.counts[status]), line.fromReassignment, line.total];
  return csvDocument([
    ['event_id', 'code', 'name', 'starts_at', ...STATUSES, 'from_reassignment', 'total'],
    ...summary.events.map((event) => [
      event.eventId,
      event.code,
      event.name,
      event.startsAt,
      ...figures(event),
    ]),
    ['', 'TOTAL', '', '', ...figures(summary.totals)],
  ]);
}
