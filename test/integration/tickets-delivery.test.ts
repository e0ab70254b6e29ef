import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketLinkPage } from '../../contracts/ticket-delivery.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { verifyTicketCode } from '../../src/modules/tickets/domain/ticket-code.js';
import { ticketKeysFromDocument } from '../../src/modules/tickets/domain/ticket-keys.js';
import { nativeEd25519 } from '../../src/modules/tickets/native-ticket-keys.js';
import { parseEml } from '../../src/platform/mail/eml.js';
import { applicants, auditEvents, ticketLinks, tickets } from '../../src/platform/db/schema/index.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { opensslVerifyTicketCode, qrFromPng, qrsFromPdf } from '../support/ticket-qr.js';
import { publishedDrawWithMail, successorOf } from '../support/tickets.js';

type Problem = { type: string; detail: string; status: number };

describe.each(databaseKinds)('ticket delivery by e-mail, page and PDF (TAJ-3, TAJ-14) on %s', (kind) => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let events: SportEvent[];
  let operator: { id: string };
  let operatorClient: ApiClient;
  const visitor = () => new ApiClient(server.url);

  /** The mails that arrived over SMTP for an address, waiting for the outbox sender (every 200 ms). */
  async function mailsTo(address: string, count = 1) {
    for (let i = 0; i < 100; i++) {
      const mine = smtp.received.filter((message) => message.envelope.to.includes(address));
      if (mine.length >= count) return mine.map((message) => parseEml(message.raw));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no mail for ${address}`);
  }
  const tokenIn = (text: string) => /\/billets\/([A-Za-z0-9_-]{43})/.exec(text.replace(/=\n/g, ''))![1]!;

  /** A live ticket of the first event, its holder, and the token of the link mailed to them. */
  async function liveTicketAndToken() {
    const [ticket] = await server.database.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.eventId, events[0]!.id), inArray(tickets.status, ['issued', 'delivered'])));
    const [holder] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.id, ticket!.holderApplicantId!));
    const token = tokenIn((await mailsTo(holder!.email!))[0]!.text);
    return { ticket: ticket!, token };
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    server = await startTestServer({
      database: kind,
      config: { smtpUrl: smtp.url, publicUrl: 'https://gradins.exemple.gouv.fr' },
    });
    ({ events, operator, operatorClient } = await publishedDrawWithMail(server, `DELIVERY-${kind}`));
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('mails each winner a link that opens their ticket, its QR and its PDF, both verifiable with openssl', async () => {
    const [ticket] = await server.database.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.eventId, events[0]!.id), eq(tickets.status, 'issued')));
    const [holder] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.id, ticket!.holderApplicantId!));
    const [mail] = await mailsTo(holder!.email!);
    expect(mail!.subject).toContain('votre billet');
    expect(mail!.text).toContain(events[0]!.venue);
    const token = tokenIn(mail!.text);
    // Only the hash is stored.
    const stored = await server.database.db
      .select()
      .from(ticketLinks)
      .where(eq(ticketLinks.applicantId, holder!.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime()).toBe(ticket!.validUntil.getTime());

    const page = await visitor().get<TicketLinkPage>(`/api/v1/ticket-links/${token}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.programme.logo).toMatchObject({ alt: 'Logo du programme Jeunesse' });
    expect(page.body.tickets).toHaveLength(1);
    const shown = page.body.tickets[0]!;
    expect(shown).toMatchObject({
      id: ticket!.id,
      status: 'delivered',
      holderName: `${holder!.firstNames} ${holder!.birthSurname}`,
      venue: events[0]!.venue,
      canWithdraw: true,
    });
    // Opening the link delivered the ticket (in its history).
    const [delivered] = await server.database.db.select().from(tickets).where(eq(tickets.id, ticket!.id));
    expect(delivered).toMatchObject({ status: 'delivered' });
    // Usable several times.
    expect((await visitor().get(`/api/v1/ticket-links/${token}`)).status).toBe(200);

    const keys = (
      await visitor().get<{ keys: { kid: string; spki_pem: string }[] }>('/.well-known/gradins/keys.json')
    ).body;
    const pem = keys.keys.find((key) => key.kid === ticket!.codeKeyId)!.spki_pem;
    const fromPng = qrFromPng(shown.qrPng!);
    expect(fromPng).toBe(ticket!.code);
    const pdfResponse = await fetch(`${server.url}/api/v1/ticket-links/${token}/tickets.pdf`);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get('content-type')).toContain('application/pdf');
    const fromPdf = qrsFromPdf(new Uint8Array(await pdfResponse.arrayBuffer()));
    expect(fromPdf).toEqual([ticket!.code]);
    for (const code of [fromPng, fromPdf[0]!]) {
      expect((await opensslVerifyTicketCode(code, pem)).output).toContain('Signature Verified Successfully');
      const checked = verifyTicketCode(code, {
        keys: ticketKeysFromDocument(keys, nativeEd25519),
        eventId: events[0]!.id,
        now: new Date(ticket!.validFrom.getTime() + 60_000),
      });
      expect(checked).toMatchObject({ ok: true, ticket: { ticketId: ticket!.id } });
    }
    // Every read through the token is audited, with the tickets it showed.
    const reads = await server.database.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['tickets.link.read', 'tickets.link.printed']));
    expect(
      reads
        .filter((row) => row.targetIds?.includes(ticket!.id))
        .map((row) => row.action)
        .sort(),
    ).toEqual(['tickets.link.printed', 'tickets.link.read', 'tickets.link.read']);
  });

  it('a withdrawal from the link revokes it, the next reserve gets a mail with their own link', async () => {
    const { ticket, token } = await liveTicketAndToken();
    const withdrawn = await visitor().post<{ seat: string; ticket: { status: string } }>(
      `/api/v1/ticket-links/${token}/tickets/${ticket.id}/withdrawal`,
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ seat: 'reserve', ticket: { status: 'withdrawn' } });
    // The holder has no live ticket left: the link is revoked, and answers exactly as an unknown one.
    const revoked = await visitor().get<Problem>(`/api/v1/ticket-links/${token}`);
    const unknown = await visitor().get<Problem>(`/api/v1/ticket-links/${'x'.repeat(43)}`);
    expect(revoked.status).toBe(410);
    expect(revoked.body).toMatchObject({ type: expect.stringContaining('ticket-link-invalid') });
    expect(revoked.body.detail).toMatch(/plus valable/);
    const same = (body: Problem) => ({ ...body, request_id: null, instance: null });
    expect(same(revoked.body)).toEqual(same(unknown.body));
    const { successor, reserve } = await successorOf(server, ticket.id);
    const [mail] = await mailsTo(reserve!.email!);
    expect(mail!.subject).toContain('une place vous est attribuée');
    const page = await visitor().get<TicketLinkPage>(`/api/v1/ticket-links/${tokenIn(mail!.text)}`);
    expect(page.status).toBe(200);
    expect(page.body.tickets.map((t) => t.id)).toEqual([successor!.id]);
    expect(qrFromPng(page.body.tickets[0]!.qrPng!)).toBe(successor!.code);
  });

  it('an operator revokes a holder’s links; the ticket stays valid', async () => {
    const { ticket, token } = await liveTicketAndToken();
    expect((await visitor().get(`/api/v1/ticket-links/${token}`)).status).toBe(200);
    const revoked = await operatorClient.post<{ revoked: number }>(
      `/api/v1/operators/${operator.id}/tickets/${ticket.id}/links/revocation`,
    );
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.revoked).toBe(1);
    expect((await visitor().get(`/api/v1/ticket-links/${token}`)).status).toBe(410);
    const [still] = await server.database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(['issued', 'delivered']).toContain(still!.status);
  });
});
