import { deflateSync } from 'node:zlib';
import type { BanInput } from '../../contracts/bans.js';
import { fieldCipher } from '../../src/platform/crypto/field-encryption.js';
import { organisations, sportEvents } from '../../src/platform/db/schema/index.js';
import type { TestServer } from '../support/server.js';
import { buildUser, signIn, type BuiltUser } from './accounts.js';
import type { ApiClient } from '../support/api-client.js';

let sequence = 0;

/** An event organiser with two events of its own (their venues and sports are what its bans may name). */
export async function buildOrganiser(server: TestServer): Promise<{ id: string; venues: string[] }> {
  sequence += 1;
  const [organiser] = await server.database.db
    .insert(organisations)
    .values({ name: `Organisateur d’essai ${sequence} ${Date.now()}`, kind: 'event_organiser' })
    .returning();
  const startsAt = new Date(server.clock.now().getTime() + 200 * 86_400_000);
  const venues = ['Parc des Princes', 'Stade de France'];
  for (const [index, venue] of venues.entries()) {
    await server.database.db.insert(sportEvents).values({
      code: `BAN-${sequence}-${index}-${Date.now()}`,
      games: 'olympic',
      kind: 'competition',
      sport: index === 0 ? 'Football' : 'Rugby',
      discipline: 'Match',
      venue,
      startsAt,
      organiserId: organiser!.id,
    });
  }
  return { id: organiser!.id, venues };
}

/** The bans module's dependencies on the test server, for a use case called directly. */
export const bansDeps = (server: TestServer) => ({
  database: server.database,
  clock: server.clock,
  keys: server.keys,
  cipher: fieldCipher(server.keys),
  publicUrl: () => server.url,
});

/** A ban officer of one organiser (second factor set up), signed in. */
export async function signedInBanOfficer(
  server: TestServer,
  organiserId: string,
): Promise<{ user: BuiltUser; client: ApiClient }> {
  const user = await buildUser(server, {
    roles: [{ role: 'ban_officer', scopeKind: 'organiser', scopeId: organiserId }],
    totp: true,
    organisationId: organiserId,
  });
  return { user, client: await signIn(server, user) };
}

/** A judicial ban entered by hand: decision `decisionDate`, `months` long. */
export function judicialBan(
  overrides: Partial<BanInput['identity']> = {},
  decisionDate = '2026-06-01',
  months = 24,
) {
  return {
    identity: {
      surname: 'Vautrin-Lebrun',
      firstName: 'Kévin',
      address: '12 rue des Tribunes, 75016 Paris',
      birthDate: '1990-04-12',
      birthPlace: 'Boulogne-Billancourt',
      ...overrides,
    },
    measure: { kind: 'judicial' as const, decisionDate, durationMonths: months },
  };
}

/** An administrative ban (prefect's order) on the organiser's first venue. */
export function administrativeBan(
  orderDate: string,
  validUntil: string,
  overrides: Partial<BanInput['identity']> = {},
  venues = ['Parc des Princes'],
  eventTypes = ['Football'],
) {
  return {
    identity: {
      surname: 'Marchetti',
      firstName: 'Loïc',
      address: null,
      birthDate: '1995-11-02',
      birthPlace: 'Créteil',
      ...overrides,
    },
    measure: {
      kind: 'administrative' as const,
      forbiddenVenues: venues,
      includesSurroundings: true,
      eventTypes,
      orderDate,
      validUntil,
      mustAnswerSummons: true,
    },
  };
}

/** A real, tiny PNG (1×1, one grey pixel): signature, IHDR, IDAT, IEND. */
export function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
