// The operator's « Billets par événement » page in the browser (issue [G]): after a draw is published and one
// winner withdraws, the operator signs in, opens the page from the navigation, reads the counts per status in the
// chart's table, and downloads the same counts as CSV. Real server, Chromium, axe on the page.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type BuiltUser } from '../factories/accounts.js';
import { expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, newPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { publishedDrawWithMail, withdrawOneTicket } from '../support/tickets.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let server: TestServer;
let operatorUser: BuiltUser;
let eventCode: string;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The web build failed');
  server = await startTestServer();
  const { events, operator } = await publishedDrawWithMail(server, 'BROWSER-REPORT');
  eventCode = events[0]!.code;
  operatorUser = await buildUser(server, {
    organisationId: operator.id,
    roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
  });
  await withdrawOneTicket(server, events[0]!.id);
});
afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

describe('tickets per event', () => {
  it('the operator opens the page from the navigation, reads the counts per status and downloads the CSV', async () => {
    const opened = await newPage();
    const { page } = opened;
    await page.clock.setFixedTime(server.clock.now());
    await page.goto(new URL('/connexion', server.url).href);
    await expectPage(page, 'Connexion à Gradins');
    await submitLogin(page, operatorUser.email, operatorUser.password);
    await page.getByRole('link', { name: 'Billets par événement' }).first().click();
    await expectPage(page, 'Billets par événement');

    const table = page.getByRole('table', { name: 'Billets par événement et par statut' });
    const headers = await table.getByRole('columnheader').allInnerTexts();
    const row = table.getByRole('row').filter({ hasText: eventCode });
    const cells = await row.getByRole('cell').allInnerTexts();
    const count = (header: string) => cells[headers.findIndex((text) => text.trim() === header) - 1]?.trim();
    expect(count('Émis')).toBe('2');
    expect(count('Désistés')).toBe('1');
    expect(count('Scannés')).toBe('0');
    expect(count('Total')).toBe('3');
    await expect(page.getByTestId('from-reassignment').innerText()).resolves.toContain(': 1');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^gradins-billets-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(path, 'utf8');
    expect(csv).toContain(`;${eventCode};`);
    expect(csv.split('\r\n')[0]).toContain('issued;delivered;withdrawn');
    expectNoProblems(opened);
    await opened.close();
  });
});
