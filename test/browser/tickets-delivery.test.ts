// Ticket delivery in the browser (issue [G], TAJ-3, TAJ-14, TAJ-16): a winner opens the link from the mail
// received over SMTP, sees their ticket with its QR code (read back from the image), downloads the PDF,
// withdraws from the same page after a confirmation; the next person on the reserve list receives a mail
// whose link shows their own ticket. On the day, a gate agent scans both: the withdrawn ticket is refused as
// revoked, the reserve's is admitted, then refused as already entered. Real server, real SMTP server
// in-process, Chromium, axe on every page. The codes are typed in the scanner's manual entry field: headless
// Chromium has no camera (the gate's own test says the same).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEml } from '../../src/platform/mail/eml.js';
import { applicants, tickets } from '../../src/platform/db/schema/index.js';
import { buildUser } from '../factories/accounts.js';
import { answerTotpChallenge, expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { qrFromPng } from '../support/ticket-qr.js';
import { publishedDrawWithMail, successorOf } from '../support/tickets.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let smtp: TestSmtpServer;
let server: TestServer;

async function linkMailedTo(address: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mail = smtp.received.find((message) => message.envelope.to.includes(address));
    if (mail) return /\/billets\/[A-Za-z0-9_-]{43}/.exec(parseEml(mail.raw).text.replace(/=\n/g, ''))![0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail for ${address}`);
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The web build failed');
  smtp = await startTestSmtpServer();
  server = await startTestServer({ config: { smtpUrl: smtp.url } });
  await publishedDrawWithMail(server, 'BROWSER-DELIVERY');
});
afterAll(async () => {
  await closeBrowser();
  await server?.stop();
  await smtp?.close();
});

describe('ticket delivery', () => {
  it('the winner opens the mailed link, sees the QR, downloads the PDF, withdraws; the reserve gets theirs; the gate admits only the reserve, once', async () => {
    const [ticket] = await server.database.db.select().from(tickets).where(eq(tickets.status, 'issued'));
    const [holder] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.id, ticket!.holderApplicantId!));
    const opened = await newPage();
    const { page } = opened;
    await page.goto(new URL(await linkMailedTo(holder!.email!), server.url).href);
    const card = page.locator(`[data-ticket="${ticket!.id}"]`);
    const qr = card.getByRole('img', { name: /Code QR du billet pour/ });
    await qr.waitFor();
    await card.getByText(`${holder!.firstNames} ${holder!.birthSurname}`).waitFor();
    expect(await card.textContent()).toContain('(heure de Paris)');
    const src = (await qr.getAttribute('src'))!;
    expect(qrFromPng(src)).toBe(ticket!.code);
    await expectNoSeriousA11yViolations(page);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Télécharger le billet (PDF)' }).click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toBe('billets.pdf');

    await card.getByText(/Désistement possible jusqu’au .* 23 h 59/).waitFor();
    await card.getByRole('button', { name: 'Me désister de ce billet' }).click();
    const dialog = card.getByRole('alertdialog', { name: 'Confirmer le désistement' });
    await dialog.waitFor();
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Confirmer le désistement' }).click();
    await page
      .getByRole('status')
      .getByText(/désistement est enregistré/)
      .waitFor();
    // The holder's only ticket has ended: the link is revoked, and the page says so in French.
    await page.getByText(/n’est pas ou plus valable/).waitFor();
    await expectNoSeriousA11yViolations(page);
    expectNoProblems(opened, [410]);

    const { successor, reserve } = await successorOf(server, ticket!.id);
    const second = await newPage();
    await second.page.goto(new URL(await linkMailedTo(reserve!.email!), server.url).href);
    const theirs = second.page
      .locator(`[data-ticket="${successor!.id}"]`)
      .getByRole('img', { name: /Code QR/ });
    await theirs.waitFor();
    expect(qrFromPng((await theirs.getAttribute('src'))!)).toBe(successor!.code);
    await expectNoSeriousA11yViolations(second.page);
    expectNoProblems(second);
    await opened.close();
    await second.close();

    // The day of the event, at its start: a gate agent of that event scans both codes.
    server.clock.set(new Date(successor.validFrom.getTime() + 3 * 3_600_000));
    const agent = await buildUser(server, {
      roles: [{ role: 'gate_agent', scopeKind: 'event', scopeId: successor.eventId }],
      totp: true,
    });
    const gate = await newPage();
    await gate.page.goto(new URL('/controle-des-billets', server.url).href);
    await gate.page.waitForURL(/\/connexion/);
    await submitLogin(gate.page, agent.email, agent.password);
    await answerTotpChallenge(gate.page, agent.totpSecret!, server.clock);
    await expectPage(gate.page, 'Contrôle des billets à l’entrée');
    await gate.page.getByText(/Listes du .* \(1 billet révoqué\)/).waitFor();
    await gate.page.getByLabel(/^Porte/).fill('Porte A');
    const verdict = gate.page.getByRole('status');
    const scan = async (code: string) => {
      await gate.page.getByLabel(/^Code du billet/).fill(code);
      await gate.page.getByRole('button', { name: 'Contrôler' }).click();
    };
    await scan(ticket!.code!);
    await verdict.getByText('Refusé : révoqué').waitFor();
    await expectNoSeriousA11yViolations(gate.page);
    await scan(successor.code!);
    await verdict.getByText('Entrée acceptée').waitFor();
    await scan(successor.code!);
    await verdict.getByText('Refusé : déjà entré').waitFor();
    expect(await verdict.innerText()).toMatch(/Première entrée le .*, Porte A\./);
    await expectNoSeriousA11yViolations(gate.page);
    const [entered] = await server.database.db.select().from(tickets).where(eq(tickets.id, successor.id));
    expect(entered!.status).toBe('scanned');
    expectNoProblems(gate);
    await gate.close();
  });
});
