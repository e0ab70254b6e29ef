// The controllers' audit page in the browser (issue [C]): a controller signs in with TOTP, searches the log
// (an action prefix narrows the table), sees the alerts of the period (repeated failed logins, a grant revoked),
// verifies the log's integrity, signs a head and records a review behind the re-authentication modal. Real
// server, Chromium, axe on the page in every state, no CSP violation and no console error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { roleGrants } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, totpCode, type BuiltUser } from '../factories/accounts.js';
import { ApiClient } from '../support/api-client.js';
import {
  answerTotpChallenge,
  expectNoProblems,
  expectPage,
  freshTotpCode,
  submitLogin,
} from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let server: TestServer | undefined;
let opened: TestPage | undefined;
let controller: BuiltUser;
let operator: BuiltUser;
let sysadmin: BuiltUser;

function running(): TestServer {
  if (server === undefined) throw new Error('The test server did not start');
  return server;
}

const parisHour = (instant: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(
      instant,
    ),
  );

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('The web build failed: see the output of scripts/ensure-web-build.mjs');
  server = await startTestServer();
  const { clock } = server;
  // The page's default period ends tonight at 23:59 (Paris): late in the evening, start the day after, so that
  // the entries of this test (the clock moves some minutes forward) all fall on one day.
  if (parisHour(clock.now()) >= 23) clock.advance(2 * 3600_000);

  controller = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
  sysadmin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
  operator = await buildUser(server, { roles: [{ role: 'operator' }] });

  // Five failed logins of the operator within the hour: a "repeated denials" alert.
  const visitor = new ApiClient(server.url);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    clock.advance(61_000); // past the growing wait the server imposes between failures
    const failed = await visitor.post('/api/v1/session', {
      email: operator.email,
      password: `Mauvais-mot-de-passe-${attempt}`,
    });
    expect(failed.status).toBe(401);
  }

  // The administrator revokes the operator's grant: a "grant change" alert.
  const admin = await signIn(server, sysadmin);
  const [grant] = await server.database.db
    .select()
    .from(roleGrants)
    .where(eq(roleGrants.userId, operator.id));
  let revoked = await admin.post(`/api/v1/grants/${grant!.id}/revoke`);
  if (revoked.status === 403) {
    const reauthenticated = await admin.post('/api/v1/session/reauthenticate', {
      password: sysadmin.password,
      code: await totpCode(server, sysadmin.totpSecret!),
    });
    expect(reauthenticated.status).toBe(200);
    clock.advance(30_000);
    revoked = await admin.post(`/api/v1/grants/${grant!.id}/revoke`);
  }
  expect(revoked.status).toBe(200);

  // A first look at the log through the API: entries outside `accounts.` exist (reading the log is logged).
  const reader = await signIn(server, controller);
  expect((await reader.get('/api/v1/audit/reviews')).status).toBe(200);
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

/** A new page whose clock reads the server's time, so that the default period (the last 7 days) is the server's. */
async function open(path: string): Promise<TestPage> {
  opened = await newPage();
  await opened.page.clock.setFixedTime(running().clock.now());
  await opened.page.goto(new URL(path, running().url).href);
  return opened;
}

/** Signs the controller in on the login page (password, then TOTP). */
async function signInAsController(page: Page): Promise<void> {
  await expectPage(page, 'Connexion à Gradins');
  await submitLogin(page, controller.email, controller.password);
  await answerTotpChallenge(page, controller.totpSecret!, running().clock);
}

function entriesTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Entrées du journal, de la plus récente à la plus ancienne' });
}

function alertsTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Alertes de la période' });
}

/** The text content (not the CSS-uppercased rendering) of one column of the entries table (1-based), row by row. */
function column(page: Page, index: number): Promise<string[]> {
  return entriesTable(page).locator(`tbody tr td:nth-child(${index})`).allTextContents();
}

/**
 * Answers the re-authentication modal (password and a TOTP code), which must appear. (The shared helper
 * reauthenticateIfAsked looks for the code field with /Code à 6 chiffres/, but its label has a no-break space
 * after the 6; it also runs axe while the modal is still fading in.)
 */
async function confirmIdentity(page: Page, user: BuiltUser): Promise<void> {
  const modal = page.getByRole('dialog', { name: 'Confirmez votre identité' });
  await modal.waitFor({ state: 'visible' });
  // DSFR fades the modal in and out (0.3 s): axe measures colours once it is fully opaque.
  await page.waitForFunction(() => {
    const dialog = document.getElementById('reauthentification');
    return dialog !== null && getComputedStyle(dialog).opacity === '1';
  });
  await expectNoSeriousA11yViolations(page);
  await modal.getByLabel('Mot de passe', { exact: true }).fill(user.password);
  await modal
    .getByRole('textbox', { name: /^Code à 6\s+chiffres/ })
    .fill(await freshTotpCode(user.totpSecret!, running().clock));
  await modal.getByRole('button', { name: 'Confirmer' }).click();
  await modal.waitFor({ state: 'hidden' });
}

/** The number in « N entrées trouvées ». */
async function entriesFound(page: Page): Promise<number> {
  const text = await page.getByText(/entrées? trouvées?\.$/).innerText();
  return Number(/(\d+)/.exec(text.replaceAll(/\s/g, ''))?.[1] ?? Number.NaN);
}

describe.sequential('audit log review page', () => {
  it('lets a controller search the log, see the alerts, verify it and record a signed review', async () => {
    const { clock } = running();
    const { page } = await open('/controle/journal');

    // An anonymous visitor is sent to the login page, and back to the journal afterwards.
    await page.waitForURL(/\/connexion/);
    expect(new URL(page.url()).searchParams.get('retour')).toBe('/controle/journal');
    await signInAsController(page);
    await page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/controle/journal');
    // The controllers' navigation has an entry for it.
    expect(
      await page.getByRole('banner').getByRole('link', { name: 'Journal d’audit' }).count(),
    ).toBeGreaterThan(0);
    expect(await page.title()).toBe('Journal d’audit — Gradins');
    await entriesTable(page).waitFor();
    await alertsTable(page).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Revues enregistrées' }).waitFor();
    await page.getByText('Aucune revue enregistrée pour le moment.').waitFor();
    expect(await page.getByRole('main').innerText()).toMatch(
      /Votre consultation du journal est elle-même enregistrée/,
    );
    await expectNoSeriousA11yViolations(page);

    // Entries of the period, newest first: the failed logins and the revoked grant are there, with the log's
    // own reads.
    const allActions = await column(page, 3);
    expect(allActions).toContain('accounts.login.failed');
    expect(allActions).toContain('accounts.grant.revoked');
    expect(allActions.some((action) => !action.startsWith('accounts.'))).toBe(true);
    const totalBefore = await entriesFound(page);
    expect(await column(page, 5)).toContain('échec');

    // An action prefix narrows the table to the accounts module.
    await page.getByRole('textbox', { name: /^Action/ }).fill('accounts.');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.waitForURL(/[?&]action=accounts\./);
    await expect
      .poll(async () => {
        const actions = await column(page, 3);
        return actions.length > 0 && actions.every((action) => action.startsWith('accounts.'));
      })
      .toBe(true);
    expect(await entriesFound(page)).toBeLessThan(totalBefore);
    expect(await page.getByRole('textbox', { name: /^Action/ }).inputValue()).toBe('accounts.');
    await expectNoSeriousA11yViolations(page);

    // The alerts of the period: repeated failed logins of the operator, the administrator's grant change.
    const denials = alertsTable(page).getByRole('row').filter({ hasText: 'Refus répétés' });
    await denials.waitFor();
    expect(await denials.innerText()).toContain(operator.email);
    const grantChange = alertsTable(page).getByRole('row').filter({ hasText: 'Modification d’habilitation' });
    await grantChange.waitFor();
    expect(await grantChange.innerText()).toContain(sysadmin.email);

    // "Search their entries" fills the search with that actor and the period.
    await denials.getByRole('button', { name: /Rechercher ses entrées/ }).click();
    await page.waitForURL((url) => url.searchParams.get('auteur') === operator.id);
    await expect.poll(() => page.getByRole('textbox', { name: /^Auteur/ }).inputValue()).toBe(operator.id);
    expect(await page.getByRole('textbox', { name: /^Action/ }).inputValue()).toBe('');
    await expect
      .poll(async () => {
        const actors = await column(page, 2);
        return actors.length >= 5 && actors.every((actor) => actor.includes(operator.email));
      })
      .toBe(true);
    await expectNoSeriousA11yViolations(page);

    // A head signed now, then the whole log verified.
    await page.getByRole('button', { name: 'Signer une tête maintenant' }).click();
    const head = page.getByRole('status').filter({ hasText: 'Tête signée' });
    await head.waitFor();
    expect(await head.innerText()).toMatch(/Tranche \d{4}-\d{2}/);
    await page.getByRole('button', { name: 'Vérifier l’intégrité du journal' }).click();
    const verdict = page.getByRole('status').filter({ hasText: 'Journal conforme' });
    await verdict.waitFor();
    expect(await verdict.innerText()).toMatch(
      /Journal conforme\s*: \d+\s*entrées, [1-9]\d*\s*têtes? signées?/,
    );
    await expectNoSeriousA11yViolations(page);

    // The review: prefilled with the period searched and the number of alerts; the findings are required.
    const alertCount = await alertsTable(page).locator('tbody tr').count();
    expect(await page.getByLabel('Nombre d’alertes examinées').inputValue()).toBe(String(alertCount));
    expect(await page.getByLabel('Début de la période couverte').inputValue()).toBe(
      await page.getByLabel('Début de la période', { exact: true }).inputValue(),
    );
    await page.getByRole('button', { name: 'Signer et enregistrer la revue' }).click();
    await page.getByText('Décrivez vos constats').waitFor();
    await expectNoSeriousA11yViolations(page);

    const findings = 'Cinq échecs de connexion d’un opérateur, puis retrait de son habilitation : justifié.';
    await page.getByLabel('Constats').fill(findings);
    // Past the 5 minutes of the last authentication: the server asks the controller to confirm.
    clock.advance(6 * 60_000);
    await page.getByRole('button', { name: 'Signer et enregistrer la revue' }).click();
    await confirmIdentity(page, controller);
    await page.getByRole('status').getByText('Revue enregistrée et signée.').waitFor();
    const reviews = page.getByRole('table', { name: 'Revues enregistrées' });
    const recorded = reviews.getByRole('row').filter({ hasText: findings });
    await recorded.waitFor();
    expect(await recorded.innerText()).toContain(String(alertCount));
    expect(await recorded.innerText()).toMatch(/audit/);
    await expectNoSeriousA11yViolations(page);

    // The same page in English.
    await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/en/controle/journal');
    await page.getByRole('table', { name: 'Log entries, newest first' }).waitFor();
    await page.getByRole('table', { name: 'Alerts for the period' }).waitFor();
    await page
      .getByRole('table', { name: 'Recorded reviews' })
      .getByRole('row')
      .filter({ hasText: findings })
      .waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Repeated denials');
    await expectPage(page, 'Audit log');

    // 403: reauthentication-required, answered by the modal.
    expectNoProblems(opened!, [403]);
  });

  it('refuses the journal to a signed-in user who is not a controller', async () => {
    const { page } = await open('/connexion');
    await expectPage(page, 'Connexion à Gradins');
    await submitLogin(page, sysadmin.email, sysadmin.password);
    await answerTotpChallenge(page, sysadmin.totpSecret!, running().clock);
    await expectPage(page, 'Mon compte');
    expect(await page.getByRole('banner').getByRole('link', { name: 'Journal d’audit' }).count()).toBe(0);
    await page.goto(new URL('/controle/journal', running().url).href);
    await expectPage(page, 'Accès refusé');
    expectNoProblems(opened!);
  });
});
