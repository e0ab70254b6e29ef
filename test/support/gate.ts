import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { validityWindow } from '../../src/modules/tickets/domain/lifecycle.js';
import { signedTicketCode, ticketSigner } from '../../src/modules/tickets/ticket-codes.js';
import type { KeyStore } from '../../src/platform/crypto/keystore.js';
import type { Database } from '../../src/platform/db/database.js';
import {
  applicants,
  organisations,
  programmes,
  sportEvents,
  ticketSeats,
  tickets,
} from '../../src/platform/db/schema/index.js';

export interface GateTicket {
  id: string;
  code: string;
}

/**
 * An event and `count` issued tickets of it, straight in the database (a builder, STYLE.md), each on its own
 * seat, held by one confirmed person (`CC-2005`) and signed with the key store's ticket key like issuance does.
 * `startsAt` defaults to one hour from `now`: the window (3 h before, 6 h after) is open. `signedAt` is the
 * codes' `issued_at` (now by default).
 */
export async function buildGateTickets(
  deps: { database: Database; keys: KeyStore },
  options: { count: number; now: Date; startsAt?: Date; signedAt?: Date; eventId?: string },
): Promise<{ eventId: string; tickets: GateTicket[] }> {
  const { db } = deps.database;
  const startsAt = options.startsAt ?? new Date(options.now.getTime() + 3_600_000);
  let eventId = options.eventId;
  if (!eventId) {
    const [event] = await db
      .insert(sportEvents)
      .values({
        code: `GATE-${randomBytes(6).toString('hex')}`,
        games: 'olympic',
        kind: 'competition',
        sport: 'Athlétisme',
        discipline: 'Finale du 100 m',
        venue: 'Stade de France',
        startsAt,
      })
      .returning();
    eventId = event!.id;
  }
  const [programme] = await db.select().from(programmes).limit(1);
  const [operator] = await db
    .insert(organisations)
    .values({ name: `Opérateur porte ${randomUUID()}`, kind: 'operator' })
    .returning();
  const [holder] = await db
    .insert(applicants)
    .values({
      entryRef: randomBytes(8).toString('hex').toUpperCase(),
      programmeId: programme!.id,
      operatorId: operator!.id,
      channel: 'import',
      birthSurname: 'Dupont',
      birthSurnameKey: 'DUPONT',
      firstNames: 'Camille',
      birthDate: '2005-03-14',
      statuses: [{ status: 'school_pupil', proofProvided: true }],
      identityKey: randomBytes(32).toString('hex'),
      consentedOn: '2024-03-01',
      confirmedAt: options.now,
    })
    .returning();
  const signer = ticketSigner(deps.keys);
  const window = validityWindow(startsAt);
  const built: GateTicket[] = [];
  for (let start = 0; start < options.count; start += 1000) {
    const size = Math.min(1000, options.count - start);
    // A seat is unique by (attribution, index); an index is a smallint: one attribution per thousand.
    const attributionId = randomUUID();
    const seats = await db
      .insert(ticketSeats)
      .values(
        Array.from({ length: size }, (_, i) => ({
          programmeId: programme!.id,
          operatorId: operator!.id,
          bucket: 'porte',
          eventId: eventId!,
          origin: 'manual' as const,
          attributionId,
          seatIndex: i,
          createdAt: options.now,
        })),
      )
      .returning({ id: ticketSeats.id });
    const rows = seats.map((seat) => {
      const id = randomBytes(16).toString('hex');
      const code = signedTicketCode(
        signer,
        { id, eventId: eventId!, ...window },
        { initials: 'CD', birthYear: 2005 },
        options.signedAt ?? options.now,
      );
      built.push({ id, code: code.code! });
      return {
        id,
        seatId: seat.id,
        programmeId: programme!.id,
        operatorId: operator!.id,
        eventId: eventId!,
        origin: 'manual' as const,
        attributionId,
        holderKind: 'person' as const,
        holderApplicantId: holder!.id,
        holderCheck: 'CD-2005',
        status: 'issued' as const,
        ...window,
        issuedAt: options.now,
        ...code,
      };
    });
    await db.insert(tickets).values(rows);
  }
  return { eventId, tickets: built };
}

/** Ends a ticket as an operator's revocation would (the status and its end time). */
export async function revokeTicket(database: Database, ticketId: string, at: Date): Promise<void> {
  await database.db.update(tickets).set({ status: 'revoked', endedAt: at }).where(eq(tickets.id, ticketId));
}
