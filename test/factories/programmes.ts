import { eq } from 'drizzle-orm';
import type { Programme, SportEvent } from '../../contracts/programmes.js';
import { parisFromInstant } from '../../src/modules/programmes/domain/paris-time.js';
import { organisations, programmes } from '../../src/platform/db/schema/index.js';
import type { ApiClient } from '../support/api-client.js';
import type { TestServer } from '../support/server.js';

let sequence = 0;

/** An operator organisation (a ministry), straight in the database. */
export async function buildOperator(
  server: TestServer,
  name?: string,
): Promise<{ id: string; name: string }> {
  sequence += 1;
  const [row] = await server.database.db
    .insert(organisations)
    .values({ name: name ?? `Ministère d’essai ${sequence} ${Date.now()}`, kind: 'operator' })
    .returning();
  return { id: row!.id, name: row!.name };
}

/** A Paris wall-clock time `days` days after the server's now, e.g. for an event still to come. */
export function parisInDays(server: TestServer, days: number): string {
  return parisFromInstant(new Date(server.clock.now().getTime() + days * 86_400_000)).slice(0, 16);
}

/** One of the four programmes every installation has, by target public. */
export async function defaultProgramme(
  server: TestServer,
  targetPublic: Programme['targetPublic'],
): Promise<{ id: string; name: string }> {
  const [row] = await server.database.db
    .select({ id: programmes.id, name: programmes.name })
    .from(programmes)
    .where(eq(programmes.targetPublic, targetPublic));
  return row!;
}

/** An event created through the API by a programme administrator's client, with its stock. */
export async function createEventViaApi(
  server: TestServer,
  admin: ApiClient,
  overrides: Partial<{
    code: string;
    games: 'olympic' | 'paralympic';
    startsAtParis: string;
    stock: { category: string; count: number }[];
  }> = {},
): Promise<SportEvent> {
  sequence += 1;
  const response = await admin.post<SportEvent>('/api/v1/events', {
    code: overrides.code ?? `EVT-${sequence}-${Date.now()}`,
    games: overrides.games ?? 'olympic',
    kind: 'competition',
    sport: 'Athlétisme',
    discipline: 'Finale du 100 m',
    venue: 'Stade de France',
    startsAtParis: overrides.startsAtParis ?? parisInDays(server, 120),
    stock: overrides.stock ?? [{ category: 'C', count: 100 }],
  });
  if (response.status !== 201)
    throw new Error(`event creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * One event per entry of `seats`, each with 20 category-C places, `seats[i]` of them moved from the pool to the
 * programme and on to the operator: the stock an operator's bucket draws or attributes from.
 */
export async function eventsStockedForOperator(
  server: TestServer,
  admin: ApiClient,
  {
    programmeId,
    operatorId,
    seats,
    codePrefix,
    startsInDays,
  }: {
    programmeId: string;
    operatorId: string;
    seats: number[];
    codePrefix: string;
    /** When the events start, in days from the server's clock (default: `createEventViaApi`'s). */
    startsInDays?: number;
  },
): Promise<SportEvent[]> {
  const events: SportEvent[] = [];
  for (const [index, quantity] of seats.entries()) {
    const event = await createEventViaApi(server, admin, {
      code: `${codePrefix}-${index}-${Date.now()}`,
      stock: [{ category: 'C', count: 20 }],
      ...(startsInDays === undefined ? {} : { startsAtParis: parisInDays(server, startsInDays) }),
    });
    for (const [from, to] of [
      [{ level: 'pool' }, { level: 'programme', programmeId }],
      [
        { level: 'programme', programmeId },
        { level: 'operator', programmeId, operatorId },
      ],
    ] as const) {
      const moved = await admin.post('/api/v1/stock/transfers', {
        from,
        to,
        lines: [{ eventId: event.id, category: 'C', quantity }],
        reason: 'Dotation',
      });
      if (moved.status !== 201)
        throw new Error(`stock transfer failed: ${moved.status} ${JSON.stringify(moved.body)}`);
    }
    events.push(event);
  }
  return events;
}
