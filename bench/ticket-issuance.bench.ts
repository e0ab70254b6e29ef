import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { seatHolders, type SeatHolder } from '../src/modules/tickets/domain/holders.js';
import { TICKET_PAYLOAD_BYTES } from '../src/modules/tickets/domain/ticket-code.js';
import { issueTickets } from '../src/modules/tickets/issuance.js';
import { holderPeople, type SeatPlan } from '../src/modules/tickets/repository.js';
import { ticketSigner } from '../src/modules/tickets/ticket-codes.js';
import { parseDatabaseUrl } from '../src/platform/config/config.js';
import { openKeyStore } from '../src/platform/crypto/keystore.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrations.js';
import {
  applicants,
  organisations,
  programmeOperators,
  programmes,
  sportEvents,
} from '../src/platform/db/schema/index.js';
import type { Benchmark } from './run.js';

const EVENTS = 40;
const HOLDERS = 2000;
const PUBLIC_URL = 'https://gradins.example.org';

/**
 * Issue [G], "Performance": issuing and signing 401,220 tickets on PostgreSQL — `issueTickets`, what the
 * publication of a draw or a manual attribution runs in its transaction: the seat rows, the ticket rows with
 * their signed code, the history rows (`issueSeats`: batches of 2,000, codes signed in worker threads while
 * the previous batch is written with COPY), the audit entries, and the delivery (`sendTicketLinks`: one link
 * and one queued mail per holder, 2,000 here) — in one transaction, against a bare node:crypto Ed25519 signing
 * loop over payloads of the code's size on this thread, same run, same machine; goal ≥ 0.8. The seats are
 * manual-origin ones (one per attribution id, no foreign key) spread over 40 events and 2,000 holders with an
 * address, so no draw result is read: what is measured is the issuance itself. Since 2026-12-02 (second
 * version) the delivery is measured too: before, the bench stopped at the audit entries. Runs only with
 * DATABASE_URL, on a scratch database of its own.
 */
export const ticketIssuanceBenchmark: Benchmark = {
  name: 'ticket-issuance',
  async run({ seconds }) {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      console.log('ticket-issuance: set DATABASE_URL to a PostgreSQL server to run it (skipped).');
      return [];
    }
    const count = Number(process.env.BENCH_TICKETS ?? 401_220);
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-bench-issuance-'));
    const name = `gradins_bench_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase(parseDatabaseUrl(url.href));
    try {
      await migrateToLatest(database);
      const keys = await openKeyStore(path.join(scratch, 'keys'));
      const signer = ticketSigner(keys);
      const { db } = database;
      const [youth] = await db.select().from(programmes).where(eq(programmes.targetPublic, 'youth'));
      const [operator] = await db
        .insert(organisations)
        .values({ name: 'Rectorat (banc d’essai)', kind: 'operator' })
        .returning();
      await db.insert(programmeOperators).values({ programmeId: youth!.id, operatorId: operator!.id });
      const startsAt = new Date(Date.now() + 90 * 86_400_000);
      const events = await db
        .insert(sportEvents)
        .values(
          Array.from({ length: EVENTS }, (_, i) => ({
            code: `BANC-${i}`,
            games: 'olympic' as const,
            kind: 'competition' as const,
            sport: 'Athlétisme',
            discipline: `Séance ${i}`,
            venue: 'Stade de France',
            startsAt: new Date(startsAt.getTime() + i * 3_600_000),
          })),
        )
        .returning({ id: sportEvents.id });
      const holders = await db
        .insert(applicants)
        .values(
          Array.from({ length: HOLDERS }, (_, i) => ({
            entryRef: crypto.randomBytes(8).toString('hex').toUpperCase(),
            programmeId: youth!.id,
            operatorId: operator!.id,
            channel: 'import' as const,
            birthSurname: `Candidat${i}`,
            birthSurnameKey: `CANDIDAT${i}`,
            firstNames: 'Camille',
            birthDate: '2005-03-14',
            statuses: [{ status: 'school_pupil' as const, proofProvided: true }],
            identityKey: crypto.randomBytes(32).toString('hex'),
            email: `candidat${i}@example.org`,
            consentedOn: '2024-03-01',
            confirmedAt: new Date(),
          })),
        )
        .returning({ id: applicants.id });
      const people = await holderPeople(
        db as never,
        holders.map((row) => row.id),
      );
      const seatHolderOf = holders.map(
        (row) => (seatHolders('person', 1, [people.get(row.id)]) as SeatHolder[])[0]!,
      );
      const plans: SeatPlan[] = Array.from({ length: count }, (_, i) => ({
        origin: 'manual' as const,
        drawId: null,
        entryId: null,
        attributionId: crypto.randomUUID(),
        programmeId: youth!.id,
        operatorId: operator!.id,
        bucket: `operator:${operator!.id}`,
        eventId: events[i % EVENTS]!.id,
        seatIndex: 0,
        holder: seatHolderOf[i % HOLDERS]!,
      }));
      const who = {
        actor: 'system:bench',
        userId: null,
        organisationId: operator!.id,
        requestId: null,
        sourceIp: null,
      };

      // Baseline: bare node:crypto Ed25519 signatures of payloads of the code's size, with the same key.
      const privateKey = crypto.createPrivateKey(
        JSON.parse(await fs.readFile(keys.list().find((key) => key.kid === signer.kid)!.file, 'utf8'))
          .privateKeyPem,
      );
      const payloads = Array.from({ length: 1000 }, () => crypto.randomBytes(TICKET_PAYLOAD_BYTES));
      let signatures = 0;
      let started = performance.now();
      const until = started + seconds * 1000;
      while (performance.now() < until) {
        for (let i = 0; i < 1000; i++) crypto.sign(null, payloads[i]!, privateKey);
        signatures += 1000;
      }
      const signRate = signatures / ((performance.now() - started) / 1000);

      started = performance.now();
      const issued = await database.transaction(async (tx) => {
        const ids = await issueTickets(tx, plans, new Date(), who, 'Banc d’essai', keys, PUBLIC_URL);
        return ids.length;
      });
      const issueSeconds = (performance.now() - started) / 1000;
      if (issued !== count) throw new Error(`issued ${issued} tickets, expected ${count}`);
      const issueRate = issued / issueSeconds;
      console.log(
        `ticket-issuance: ${issued} tickets in ${issueSeconds.toFixed(1)} s; bare signatures ${signRate.toFixed(0)}/s`,
      );
      return [
        { label: 'bare Ed25519 signatures (node:crypto)', requestsPerSecond: signRate, ratio: 1 },
        {
          label: `tickets issued and signed (${issued}, PostgreSQL)`,
          requestsPerSecond: issueRate,
          ratio: issueRate / signRate,
        },
      ];
    } finally {
      await database.close();
      await admin.query(`drop database ${name}`);
      await admin.end();
      await fs.rm(scratch, { recursive: true, force: true });
    }
  },
};
