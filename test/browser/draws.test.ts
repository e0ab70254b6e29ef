// The draw journey of issue [F] in the browser: an operator whose grant runs draws (second factor) sets up a
// draw, changes a quota, freezes the entries, commits to the real past drand round of drand-quicknet.json (a
// demonstration draw may), has a wrong signature refused, enters the right one, runs the draw (progress shown),
// reads the charts and publishes; a visitor without an account finds the draw from the home page, downloads the
// record and `gradins draw verify` says « conforme »; an applicant's entry id is found « incluse » by the
// browser's own check of its inclusion proof. Real server, Chromium, axe on every page, in French and English.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import quicknet from '../../../shared/data/drand-quicknet.json' with { type: 'json' };
import { selectRows } from '../../src/platform/db/database.js';
import { instance } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, type BuiltUser } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, createEventViaApi, defaultProgramme } from '../factories/programmes.js';
import { answerTotpChallenge, expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const gradins = fileURLToPath(new URL('../../bin/gradins.js', import.meta.url));
const REAL = quicknet.vectors[0]!;
const DAY = 86_400_000;
const DRAW_NAME = 'Tirage des collèges — démonstration';

let server: TestServer | undefined;
let operatorUser: BuiltUser;
let drawId: string | undefined;
const pages: TestPage[] = [];

function running(): TestServer {
  if (server === undefined) throw new Error('The test server did not start');
  return server;
}

function runGradins(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [gradins, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('The web build failed: see the output of scripts/ensure-web-build.mjs');
  server = await startTestServer();
  const admin = await signIn(
    server,
    await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
  );
  const college = await buildOperator(server, 'Rectorat de Lille');
  const youth = await defaultProgramme(server, 'youth');
  // A demonstration draw (committed to the real past round below) belongs on a demo installation only.
  await server.database.db.update(instance).set({ demoLoadedAt: server.clock.now(), demoShiftDays: 0 });
  const now = server.clock.now().getTime();
  const games = await admin.request('PUT', '/api/v1/games/olympic', {
    opensAt: new Date(now + 100 * DAY).toISOString(),
    closesAt: new Date(now + 116 * DAY).toISOString(),
    reclaimDeadline: new Date(now + 60 * DAY).toISOString(),
  });
  expect(games.status, JSON.stringify(games.body)).toBe(200);
  expect(
    (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: college.id })).status,
  ).toBe(200);
  // Two events, 6 and 3 tickets for the operator: fewer seats than the demand, so there is a reserve list.
  for (const [index, seats] of [6, 3].entries()) {
    const event = await createEventViaApi(server, admin, {
      code: `ATH-${index + 1}`,
      stock: [{ category: 'C', count: 20 }],
    });
    for (const [from, to] of [
      [{ level: 'pool' }, { level: 'programme', programmeId: youth.id }],
      [
        { level: 'programme', programmeId: youth.id },
        { level: 'operator', programmeId: youth.id, operatorId: college.id },
      ],
    ] as const) {
      const moved = await admin.post('/api/v1/stock/transfers', {
        from,
        to,
        lines: [{ eventId: event.id, category: 'C', quantity: seats }],
        reason: 'Dotation du tirage',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    }
  }
  operatorUser = await buildUser(server, {
    organisationId: college.id,
    roles: [{ role: 'operator', scopeKind: 'operator', scopeId: college.id, runsDraws: true }],
    totp: true,
  });
  const ids = { programmeId: youth.id, operatorId: college.id };
  for (let i = 0; i < 9; i++) await buildApplicants(server, ids);
  await buildApplicants(server, { ...ids, kind: 'group', groupSize: 4 });
  await buildApplicants(server, { ...ids, kind: 'carer_pair' });
});

afterEach(async () => {
  for (const opened of pages.splice(0)) await opened.close();
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

async function open(pagePath: string): Promise<TestPage> {
  const opened = await newPage();
  pages.push(opened);
  await opened.page.goto(new URL(pagePath, running().url).href);
  return opened;
}

async function signInOn(page: Page, user: BuiltUser): Promise<void> {
  await expectPage(page, 'Connexion à Gradins');
  await submitLogin(page, user.email, user.password);
  if (user.totpSecret) await answerTotpChallenge(page, user.totpSecret, running().clock);
}

const commitment = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

describe.sequential('verifiable draws in the browser', () => {
  it('lets an operator who runs draws set up, freeze, commit, enter the beacon, run and publish', async () => {
    const opened = await open('/gestion-des-tirages');
    const { page } = opened;
    await page.waitForURL(/\/connexion/);
    await signInOn(page, operatorUser);
    await expectPage(page, 'Tirages au sort');
    await page.getByText('Aucun tirage pour l’instant.').waitFor();

    // Set up: the programme is the operator's only one; a demonstration may commit to a past round.
    await page.getByLabel('Nom du tirage').fill(DRAW_NAME);
    await page.locator('label', { hasText: 'Tirage de démonstration (données fictives)' }).click();
    await page.getByRole('button', { name: 'Préparer le tirage' }).click();
    await expectPage(page, DRAW_NAME);
    drawId = /\/gestion-des-tirages\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    expect(drawId).toBeDefined();
    await page.getByText('Démonstration', { exact: true }).first().waitFor();

    // The quotas are the bucket's stock, editable until the freeze; more than the stock is refused.
    const first = page.getByLabel('Places pour ATH-1');
    expect(await first.inputValue()).toBe('6');
    expect(await page.getByLabel('Places pour ATH-2').inputValue()).toBe('3');
    await first.fill('7');
    await page.getByRole('button', { name: 'Enregistrer les quotas' }).click();
    await page.getByRole('alert').filter({ hasText: /stock/ }).waitFor();
    await first.fill('5');
    await page.getByRole('button', { name: 'Enregistrer les quotas' }).click();
    await page.getByText('Quotas enregistrés.').waitFor();
    await expectNoSeriousA11yViolations(page);

    // Freeze: 9 people, a group of 4 and a carer pair are 11 entries under one Merkle root.
    await page.getByRole('button', { name: 'Figer les entrées' }).click();
    await page.getByText('Entrées figées : 11.').waitFor();
    const root = page.locator('dt', { hasText: 'Racine de Merkle des entrées' }).locator('xpath=../dd');
    expect(await root.innerText()).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('table', { name: 'Quotas par événement' }).waitFor();

    // Commit to the real round of drand-quicknet.json, with two fallback witnesses.
    await page.locator('label', { hasText: 'Un numéro de tour précis' }).click();
    await page.getByLabel('Numéro du tour').fill(String(REAL.round));
    await page.getByLabel('Nom du témoin 1').fill('Maître Durand, huissière');
    await page.getByLabel('Empreinte du secret du témoin 1').fill(commitment('secret-1'));
    await page.getByLabel('Nom du témoin 2').fill('Association des parents');
    await page.getByLabel('Empreinte du secret du témoin 2').fill(commitment('secret-2'));
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Signer l’engagement' }).click();
    await page.getByText(`Engagement signé sur le tour ${REAL.round}.`).waitFor();
    await page.locator('dt', { hasText: 'Heure prévue du tour' }).waitFor();
    await page.locator('dt', { hasText: /^Signature de l’engagement \(clé / }).waitFor();
    await page.getByRole('link', { name: 'Télécharger l’engagement signé (JSON)' }).waitFor();

    // A wrong signature: the server's reason is shown, nothing is recorded.
    const wrong = REAL.signature.slice(0, -2) + (REAL.signature.endsWith('00') ? '01' : '00');
    const signatureField = page.getByLabel(`Signature du tour ${REAL.round}`);
    await signatureField.fill(wrong);
    await page.getByRole('button', { name: 'Vérifier et enregistrer la signature' }).click();
    await page.getByText(new RegExp(`n’est pas celle du tour ${REAL.round}`)).waitFor();
    await expectNoSeriousA11yViolations(page);
    await signatureField.fill(REAL.signature);
    await page.getByRole('button', { name: 'Vérifier et enregistrer la signature' }).click();
    await page.getByText('Signature drand vérifiée et enregistrée.').first().waitFor();

    // Run: the progress bar is shown, named, while the draw runs (the answer is held back a moment so the
    // test sees it whether the server runs the draw at once or in the background).
    await page.route('**/run', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Lancer le tirage' }).click();
    const progress = page.getByRole('progressbar', { name: 'Avancement du tirage' });
    await progress.waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^Tirage en cours/ })
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('heading', { name: 'Places attribuées par événement' }).waitFor();
    await progress.waitFor({ state: 'detached' });

    // The charts are tables: quota against seats filled per event, outcome by entry size.
    const byEvent = page.getByRole('table', { name: 'Places attribuées par événement' });
    const eventRows = await byEvent.locator('tbody tr').allInnerTexts();
    expect(eventRows).toHaveLength(2);
    expect(eventRows[0]).toMatch(/^ATH-1\t\d\t\d\t5\t/);
    expect(eventRows[1]).toMatch(/^ATH-2\t\d\t\d\t3\t/);
    const bySize = page.getByRole('table', { name: 'Résultat selon la taille de l’entrée' });
    expect((await bySize.locator('tbody th').allInnerTexts()).map((label) => label.trim())).toEqual([
      '1 place (personne seule)',
      '2 places (binôme ou groupe)',
      '4 places (groupe)',
    ]);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: 'Publier le relevé' }).click();
    await page.getByText('Relevé publié.').waitFor();
    await page.getByRole('link', { name: 'Voir la page publique du tirage' }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // The same page in English.
    await page.goto(new URL(`/en/gestion-des-tirages/${drawId}`, running().url).href);
    await expectPage(page, DRAW_NAME);
    await page.getByRole('table', { name: 'Seats filled per event' }).waitFor();
    await page.getByText('Demonstration', { exact: true }).first().waitFor();
    await page.goto(new URL('/en/gestion-des-tirages', running().url).href);
    await expectPage(page, 'Draws');
    await page.getByRole('link', { name: DRAW_NAME }).waitFor();
    // The wrong signature (422) and the quota over the stock (409) were refused on purpose.
    expectNoProblems(opened, [409, 422]);
  }, 300_000);

  it('lets a visitor download the record from the public page, which « gradins draw verify » finds conforme', async () => {
    expect(drawId, 'the operator’s journey published a draw').toBeDefined();
    const opened = await open('/');
    const { page } = opened;
    await expectPage(page, 'Gradins');
    await page
      .getByRole('main')
      .getByRole('link', { name: 'Voir les tirages publiés et les vérifier' })
      .click();
    await expectPage(page, 'Vérifier un tirage');
    const listed = page.getByRole('table', { name: 'Tirages publiés' }).locator('tbody tr');
    expect(await listed.count()).toBe(1);
    await listed.first().getByText('Démonstration', { exact: true }).waitFor();
    await listed.first().getByRole('link', { name: DRAW_NAME }).click();
    await expectPage(page, DRAW_NAME);
    await page.getByText(/^Tirage de démonstration : les candidatures sont fictives/).waitFor();
    const fact = (term: string) =>
      page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=../dd');
    expect(await fact('Tour drand quicknet').innerText()).toBe(String(REAL.round));
    expect(await fact('Aléa du tour \\(SHA-256 de sa signature\\)').innerText()).toBe(REAL.randomness);
    expect(await fact('Graine du tirage').innerText()).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('table', { name: 'Places attribuées par événement' }).waitFor();
    await page.getByText(`npx gradins draw verify tirage-${drawId}.json --keys keys.json`).waitFor();

    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-draw-page-'));
    try {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Télécharger le relevé signé (JSON)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`tirage-${drawId}.json`);
      const recordPath = path.join(folder, download.suggestedFilename());
      await download.saveAs(recordPath);
      const file = JSON.parse(await fs.readFile(recordPath, 'utf8')) as {
        format: string;
        record: { seed: string; commitment: { demonstration: boolean } };
      };
      expect(file.format).toBe('gradins-draw-record-file-v1');
      expect(file.record.commitment.demonstration).toBe(true);
      expect(file.record.seed).toBe(await fact('Graine du tirage').innerText());
      const [keys] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Clés publiques de la plateforme (keys.json)' }).click(),
      ]);
      const keysPath = path.join(folder, 'keys.json');
      await keys.saveAs(keysPath);
      // The command the page shows, run as it says (the signatures are checked where the CLI can).
      const shown = (await page.locator('pre code').innerText()).split(' ');
      expect(shown.slice(0, 4)).toEqual(['npx', 'gradins', 'draw', 'verify']);
      const help = await runGradins(['draw', 'verify', '--help']);
      const withKeys = help.stdout.includes('--keys');
      const verified = await runGradins([
        'draw',
        'verify',
        recordPath,
        ...(withKeys ? ['--keys', keysPath] : []),
      ]);
      expect(verified.stdout, verified.stderr).toContain('conforme');
      expect(verified.stdout).not.toContain('non conforme');
      expect(verified.code).toBe(0);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }

    // An applicant's entry id: the browser checks the proof against the committed root. The id is the one
    // drawn at freeze (the applicant's page does not show it yet: read here from the database).
    const [entry] = await selectRows<{ entry_id: string }>(
      running().database.db,
      sql`select entry_id from draw_entries where draw_id = ${drawId} and kind = 'group'`,
    );
    const entryField = page.getByLabel('Identifiant d’entrée');
    await entryField.fill('pas un identifiant');
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.getByText('Un identifiant d’entrée a 32 caractères hexadécimaux').first().waitFor();
    await entryField.fill(entry!.entry_id.toUpperCase());
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    const verdict = page.locator('[data-inclusion-verdict]');
    await verdict.getByText(/^Votre entrée est incluse : la preuve mène à la racine engagée/).waitFor();
    await entryField.fill('ab'.repeat(16));
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await verdict
      .getByText('Entrée absente : aucune entrée de ce tirage ne porte cet identifiant.')
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    expectNoProblems(opened, [404]);
  }, 180_000);

  it('shows the public pages in English, linked from the footer', async () => {
    const opened = await open('/en');
    const { page } = opened;
    await expectPage(page, 'Gradins');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Verify a draw' }).click();
    await expectPage(page, 'Verify a draw');
    await page.getByRole('link', { name: DRAW_NAME }).click();
    await expectPage(page, DRAW_NAME);
    await page.getByText('Demonstration', { exact: true }).first().waitFor();
    await page.getByRole('link', { name: 'Download the signed record (JSON)' }).waitFor();
    await page.getByRole('table', { name: 'Outcome by entry size' }).waitFor();
    await page.getByLabel('Entry id').fill('cd'.repeat(16));
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('Entry absent: no entry of this draw has this id.').waitFor();
    await expectNoSeriousA11yViolations(page);
    expectNoProblems(opened, [404]);
  }, 120_000);
});
