// The stock journey of issue [D] in the browser: the programme administrator imports an event from CSV, attaches
// an operator, allocates tickets to a programme and to the operator (an overdraft is refused); the operator sees
// its allocation; at the reclaim deadline the job returns the unassigned tickets to the State pool; the dashboard
// shows every step. Real server, Chromium, axe on every page, no CSP violation and no console error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RECLAIM_JOB } from '../../src/modules/programmes/reclaim.js';
import { programmes } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, type BuiltUser } from '../factories/accounts.js';
import { buildOperator, parisInDays } from '../factories/programmes.js';
import { answerTotpChallenge, expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 86_400_000;

let server: TestServer | undefined;
let admin: BuiltUser;
let operatorUser: BuiltUser;
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
  admin = await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true });
  const ministry = await buildOperator(server, 'Ministère de l’Éducation nationale');
  operatorUser = await buildUser(server, {
    organisationId: ministry.id,
    roles: [{ role: 'operator', scopeKind: 'operator', scopeId: ministry.id }],
  });
  // Olympic Games in 100 days, unassigned tickets reclaimed in 10 minutes.
  const api = await signIn(server, admin);
  const now = server.clock.now().getTime();
  const games = await api.request('PUT', '/api/v1/games/olympic', {
    opensAt: new Date(now + 100 * DAY).toISOString(),
    closesAt: new Date(now + 116 * DAY).toISOString(),
    reclaimDeadline: new Date(now + 10 * 60_000).toISOString(),
  });
  expect(games.status).toBe(200);
});

afterEach(async () => {
  for (const opened of pages.splice(0)) await opened.close();
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

async function open(path: string): Promise<TestPage> {
  const opened = await newPage();
  pages.push(opened);
  await opened.page.clock.setFixedTime(running().clock.now());
  await opened.page.goto(new URL(path, running().url).href);
  return opened;
}

async function signInOn(page: Page, user: BuiltUser): Promise<void> {
  await expectPage(page, 'Connexion à Gradins');
  await submitLogin(page, user.email, user.password);
  if (user.totpSecret) await answerTotpChallenge(page, user.totpSecret, running().clock);
}

/** The number shown for one of the dashboard's totals. */
async function total(page: Page, key: string): Promise<number> {
  return Number((await page.locator(`[data-total="${key}"]`).innerText()).replace(/\D/g, ''));
}

describe.sequential('programmes, events and stock in the browser', () => {
  it('allocates stock down the cascade, shows it to the operator, and reclaims it at the deadline', async () => {
    const { clock } = running();
    const adminPage = await open('/programmes/evenements');
    const { page } = adminPage;
    await page.waitForURL(/\/connexion/);
    await signInOn(page, admin);
    await expectPage(page, 'Événements et stock');

    // Import a CSV file: one good row, one refused with its reason.
    const day = parisInDays(running(), 90).slice(0, 10).split('-').reverse().join('/');
    await page.getByLabel('Fichier CSV des événements').setInputFiles({
      name: 'evenements.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'code;jeux;nature;sport;discipline;site;debut;categorie;billets',
          `ATH-F100;Olympiques;Compétition;Athlétisme;Finale du 100 m;Stade de France;${day} 21:50;C;100`,
          `ATH-X;Olympiques;Compétition;Athlétisme;Relais;Stade de France;${day} 22:30;C;zéro`,
        ].join('\n'),
        'utf8',
      ),
    });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('2 lignes lues : 1 importée, 0 déjà présente, 1 refusée.').waitFor();
    const rejected = page.getByRole('table', { name: 'Lignes refusées' });
    expect(await rejected.locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringContaining('billets « zéro » : un nombre entier est attendu'),
    ]);
    await expectNoSeriousA11yViolations(page);

    // Attach the ministry to the youth programme, then allocate 60 to the programme and 25 to the ministry.
    await page.getByRole('banner').getByRole('link', { name: 'Répartition' }).first().click();
    await expectPage(page, 'Répartition des billets');
    await page.getByLabel('Programme', { exact: true }).selectOption({ label: 'Tous aux Jeux — Jeunesse' });
    await page
      .getByLabel('Opérateur', { exact: true })
      .selectOption({ label: 'Ministère de l’Éducation nationale' });
    await page.getByRole('button', { name: 'Rattacher' }).click();
    await page
      .getByText('Ministère de l’Éducation nationale est rattaché au programme « Tous aux Jeux — Jeunesse ».')
      .waitFor();

    const move = async (from: string, to: string, quantity: number, reason: string) => {
      await page.getByLabel('Depuis').selectOption({ label: from });
      await page.getByLabel('Vers').selectOption({ label: to });
      await page.getByLabel('Événement').selectOption({ index: 1 });
      await page.getByLabel('Nombre de billets').fill(String(quantity));
      await page.getByLabel(/^Motif/).fill(reason);
      await page.getByRole('button', { name: 'Déplacer les billets' }).click();
    };
    await move('pot commun de l’État', 'Tous aux Jeux — Jeunesse', 60, 'Quota jeunesse');
    await page
      .getByText('60 billets déplacés de « pot commun de l’État » vers « Tous aux Jeux — Jeunesse ».')
      .waitFor();
    const operatorLabel = 'Ministère de l’Éducation nationale (Tous aux Jeux — Jeunesse)';
    await move('Tous aux Jeux — Jeunesse', operatorLabel, 1000, 'Trop');
    await page
      .getByText(
        /Aucun billet n’a été déplacé : ce niveau ne détient pas assez de billets\. ATH-F100, catégorie C : 1\s000 demandés, 60 disponibles\./,
      )
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    await move('Tous aux Jeux — Jeunesse', operatorLabel, 25, 'Académies');
    await page
      .getByText(`25 billets déplacés de « Tous aux Jeux — Jeunesse » vers « ${operatorLabel} ».`)
      .waitFor();
    await page.getByText('Disponibles à l’origine pour cet événement et cette catégorie : 35').waitFor();
    await expectNoSeriousA11yViolations(page);

    // The dashboard shows where every ticket is.
    await page.getByRole('banner').getByRole('link', { name: 'Tableau de bord' }).first().click();
    await expectPage(page, 'Tableau de bord des billets');
    expect(await total(page, 'supplied')).toBe(100);
    expect(await total(page, 'pool')).toBe(40);
    expect(await total(page, 'programmes')).toBe(35);
    expect(await total(page, 'operators')).toBe(25);
    const byProgramme = page.getByRole('table', { name: 'Billets par programme' });
    expect(await byProgramme.getByRole('row', { name: /Tous aux Jeux — Jeunesse/ }).innerText()).toMatch(
      /35\s+25\s+60/,
    );
    await page
      .getByRole('table', { name: 'Billets par opérateur' })
      .getByRole('row', { name: /Éducation nationale/ })
      .waitFor();

    // The operator sees its allocation, and only its own.
    const operatorPage = (await open('/operateur/billets')).page;
    await operatorPage.waitForURL(/\/connexion/);
    await signInOn(operatorPage, operatorUser);
    await expectPage(operatorPage, 'Mes billets à attribuer');
    await operatorPage.getByText('Billets détenus au total : 25').waitFor();
    await operatorPage
      .getByRole('table', { name: 'Tous aux Jeux — Jeunesse' })
      .getByRole('row', { name: /ATH-F100/ })
      .waitFor();

    // The deadline passes: the job returns the 60 unassigned tickets (35 + 25) to the State pool.
    clock.advance(11 * 60_000);
    await running().jobs.runNow(RECLAIM_JOB);
    await page.reload();
    await expectPage(page, 'Tableau de bord des billets');
    expect(await total(page, 'pool')).toBe(100);
    expect(await total(page, 'operators')).toBe(0);
    expect(await total(page, 'reclaimed')).toBe(60);
    const reclaims = page.getByRole('table', { name: 'Rapports de reprise' });
    expect(
      await reclaims.getByRole('row', { name: /Ministère de l’Éducation nationale/ }).innerText(),
    ).toMatch(/25$/);
    const timeline = page.getByRole('table', { name: 'Chronologie des mouvements' });
    expect(await timeline.locator('thead').innerText()).toContain('reprise à l’échéance');
    const movements = page.getByRole('table', { name: 'Derniers mouvements' });
    // Supply, two allocations, and the two reclaims (from the programme and from the ministry).
    expect(await movements.locator('tbody tr').count()).toBe(5);
    expect(await movements.locator('tbody tr').first().innerText()).toContain('système');

    await operatorPage.reload();
    await expectPage(operatorPage, 'Mes billets à attribuer');
    await operatorPage.getByText('Billets détenus au total : 0').waitFor();
    await operatorPage.getByText(/25 billets des Jeux olympiques repris le/).waitFor();
    await expectNoSeriousA11yViolations(operatorPage);

    expectNoProblems(adminPage, [409]);
    expectNoProblems(pages[1]!);
  });

  it('shows the dashboard and the programmes in English, with axe', async () => {
    const opened = await open('/en/programmes/tableau-de-bord');
    const { page } = opened;
    await page.waitForURL(/\/en\/connexion/);
    await page.getByLabel('E-mail address').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const { freshTotpCode } = await import('../support/accounts.js');
    await page.getByLabel(/6-digit code/).fill(await freshTotpCode(admin.totpSecret!, running().clock));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectPage(page, 'Ticket dashboard');
    expect(await page.getByRole('table', { name: 'Tickets by programme' }).isVisible()).toBe(true);
    await page.getByRole('banner').getByRole('link', { name: 'Programmes' }).first().click();
    await expectPage(page, 'Programmes');
    await page.getByText('be at most 25 on the day of the event').waitFor();
    // TAJ-17: the programme's reclaim of undelivered tickets is data, switched here.
    const toggle = page.getByRole('checkbox', { name: /Reclaim tickets issued but not delivered/ }).first();
    expect(await toggle.isChecked()).toBe(false);
    await page.getByText('Reclaim tickets issued but not delivered at the deadline').first().click();
    // Saved (the page reloads the programmes from the server), then shown switched on.
    await expect
      .poll(
        async () =>
          (
            await running()
              .database.db.select()
              .from(programmes)
              .where(eq(programmes.reclaimUndeliveredTickets, true))
          ).length,
      )
      .toBe(1);
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await expectNoSeriousA11yViolations(page);
    expectNoProblems(opened);
  });
});
