// The gate journey of issue [G] in the browser (TAJ-18, TAJ-15): a gate agent opens the scanner page, checks a
// revoked ticket (« révoqué »), a valid one (accepted, with the holder check), the same again (« déjà entré »);
// then the network drops: a scan is decided on the device with the cached keys and lists, queued, and sent when
// the network returns — and a ticket entered at another gate meanwhile comes back as a double entry.
// The codes are typed in the manual entry field: a camera cannot run in headless Chromium, so the camera path
// (qr/dom.js on video frames) is not exercised here.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gateScans, tickets } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, type BuiltUser } from '../factories/accounts.js';
import { answerTotpChallenge, expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { buildGateTickets, revokeTicket, type GateTicket } from '../support/gate.js';
import { startTestServer, type TestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let server: TestServer | undefined;
let agent: BuiltUser;
let otherAgent: BuiltUser;
let eventId: string;
let issued: GateTicket[];
const pages: TestPage[] = [];

function running(): TestServer {
  if (server === undefined) throw new Error('The test server did not start');
  return server;
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('The web build failed: see the output of scripts/ensure-web-build.mjs');
  server = await startTestServer();
  // Codes are signed after the ticket key, which the server creates as it starts.
  server.clock.set(new Date(Date.now() + 1000));
  ({ eventId, tickets: issued } = await buildGateTickets(server, { count: 5, now: server.clock.now() }));
  await revokeTicket(server.database, issued[0]!.id, server.clock.now());
  agent = await buildUser(server, {
    roles: [{ role: 'gate_agent', scopeKind: 'event', scopeId: eventId }],
    totp: true,
  });
  otherAgent = await buildUser(server, {
    roles: [{ role: 'gate_agent', scopeKind: 'event', scopeId: eventId }],
    totp: true,
  });
});

afterEach(async () => {
  for (const opened of pages.splice(0)) await opened.close();
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

describe.sequential('the gate scanner page', () => {
  it('refuses a revoked ticket, admits a valid one once, and keeps working offline', async () => {
    const opened = await newPage();
    pages.push(opened);
    const { page } = opened;
    await page.goto(new URL('/controle-des-billets', running().url).href);
    await page.waitForURL(/\/connexion/);
    await expectPage(page, 'Connexion à Gradins');
    await submitLogin(page, agent.email, agent.password);
    await answerTotpChallenge(page, agent.totpSecret!, running().clock);
    await expectPage(page, 'Contrôle des billets à l’entrée');
    // The agent's one event is chosen; the lists are on the device.
    await page.getByText(/Listes du .* \(1 billet révoqué\)/).waitFor();
    await page.getByLabel(/^Porte/).fill('Porte Nord');

    const verdict = page.getByRole('status');
    const scan = async (code: string) => {
      await page.getByLabel(/^Code du billet/).fill(code);
      await page.getByRole('button', { name: 'Contrôler' }).click();
    };

    await scan(issued[0]!.code);
    await verdict.getByText('Refusé : révoqué').waitFor();
    await expectNoSeriousA11yViolations(page);

    await scan(issued[1]!.code);
    await verdict.getByText('Entrée acceptée').waitFor();
    expect(await verdict.innerText()).toContain('C. D. — 2005');
    await expectNoSeriousA11yViolations(page);

    await scan(issued[1]!.code);
    await verdict.getByText('Refusé : déjà entré').waitFor();
    expect(await verdict.innerText()).toMatch(/Première entrée le .*, Porte Nord\./);

    await scan('GT1:CECI-N-EST-PAS-UN-BILLET');
    await verdict.getByText(/^Refusé : illisible/).waitFor();

    // The network drops. Meanwhile another gate admits ticket 3 online (this device's lists do not know it).
    await page.context().setOffline(true);
    await page.getByText('Hors ligne', { exact: true }).waitFor();
    const other = await signIn(running(), otherAgent);
    const elsewhere = await other.post<{ accepted: boolean }>(`/api/v1/events/${eventId}/gate/check-ins`, {
      code: issued[3]!.code,
      gateId: 'Porte Sud',
    });
    expect(elsewhere.body.accepted).toBe(true);

    await scan(issued[2]!.code);
    await verdict.getByText('Entrée acceptée').waitFor();
    await verdict.getByText(/Décidé hors ligne/).waitFor();
    await scan(issued[2]!.code);
    await verdict.getByText('Refusé : déjà entré').waitFor();
    await scan(issued[0]!.code);
    await verdict.getByText('Refusé : révoqué').waitFor();
    await scan(issued[3]!.code);
    await verdict.getByText('Entrée acceptée').waitFor();
    await page.getByText('2 entrées en attente d’envoi.').waitFor();
    const stillIssued = await running()
      .database.db.select({ status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, issued[2]!.id));
    expect(stillIssued).toEqual([{ status: 'issued' }]);
    await expectNoSeriousA11yViolations(page);

    // The network returns: the queue is sent, ticket 2 enters, ticket 3 is reported as a double entry.
    await page.context().setOffline(false);
    await page.getByText('En ligne', { exact: true }).waitFor();
    await page.getByText(/en attente d’envoi/).waitFor({ state: 'detached' });
    await page
      .getByText(
        new RegExp(`Billet ${issued[3]!.id} : scanné le .* \\(Porte Nord\\) alors qu’il était déjà entré`),
      )
      .waitFor();
    const entered = await running()
      .database.db.select()
      .from(gateScans)
      .where(and(eq(gateScans.ticketId, issued[2]!.id), eq(gateScans.result, 'entered')));
    expect(entered).toMatchObject([{ mode: 'offline', gateId: 'Porte Nord' }]);
    const [ticket] = await running()
      .database.db.select({ status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, issued[2]!.id));
    expect(ticket!.status).toBe('scanned');
    await expectNoSeriousA11yViolations(page);
    expectNoProblems(opened);
  });
});
