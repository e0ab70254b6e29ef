// The stadium-ban registry's pages in the browser (issue [H]): a ban officer signs in with a second factor,
// opens the registry, enters a ban by hand (a wrong date first, shown on its field, then a good one), opens its
// record, attaches a photograph and shows it on demand only, imports a prefecture's list with a good and a bad
// line and reads the report, deletes a ban after a confirmation, and reads the deletion reports; one English
// page too. Real server, Chromium, axe on every page, no CSP violation and no console error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type BuiltUser } from '../factories/accounts.js';
import { buildOrganiser, tinyPng } from '../factories/bans.js';
import { answerTotpChallenge, expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let server: TestServer;
let officer: BuiltUser;
/** An officer of two organisers: the first one's (the officer's own organisation) and an empty one. */
let twoRegistries: BuiltUser;
let organiserId: string;
let otherOrganiserId: string;
// One page for the whole file, signed in once: the steps below follow one another as an officer's session.
let opened: TestPage;
let page: Page;
const photoReads: string[] = [];

/** A Paris day `days` after the server's today, as a date input takes it (YYYY-MM-DD). */
function day(days: number): string {
  return new Date(server.clock.now().getTime() + days * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Europe/Paris',
  });
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The web build failed');
  server = await startTestServer();
  // Events must name their organiser for an administrative ban to name a venue: the builder writes
  // `sport_events.organiser_id` directly in the test database (the programme administrator's route,
  // PUT /api/v1/events/{id}/organiser, has its own tests), so the ban may name Parc des Princes.
  const organiser = await buildOrganiser(server);
  officer = await buildUser(server, {
    roles: [{ role: 'ban_officer', scopeKind: 'organiser', scopeId: organiser.id }],
    totp: true,
    organisationId: organiser.id,
  });
  const other = await buildOrganiser(server);
  organiserId = organiser.id;
  otherOrganiserId = other.id;
  twoRegistries = await buildUser(server, {
    roles: [
      { role: 'ban_officer', scopeKind: 'organiser', scopeId: organiser.id },
      { role: 'ban_officer', scopeKind: 'organiser', scopeId: other.id },
    ],
    totp: true,
    organisationId: organiser.id,
  });
  opened = await newPage();
  page = opened.page;
  await page.clock.setFixedTime(server.clock.now());
  page.on('request', (request) => {
    if (request.method() === 'GET' && /\/bans\/[^/]+\/photo$/.test(new URL(request.url()).pathname))
      photoReads.push(request.url());
  });
});
afterAll(async () => {
  await opened?.close();
  await closeBrowser();
  await server?.stop();
});

/** Whether the element has the keyboard focus (polled: focus moves after React's render). */
const focused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** The sub-navigation of the registry's pages. */
function registryLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Pages du registre des interdictions' }).getByRole('link', {
    name,
    exact: true,
  });
}

describe.sequential('stadium-ban registry pages', () => {
  it('a ban officer signs in with a second factor and enters a ban by hand, a wrong date first', async () => {
    // Signed out, the registry sends to the login page; the officer signs in with the second factor (SEC-2).
    await page.goto(new URL('/interdictions', server.url).href);
    await page.waitForURL(/\/connexion/);
    await submitLogin(page, officer.email, officer.password);
    await answerTotpChallenge(page, officer.totpSecret!, server.clock);
    await expectPage(page, 'Registre des interdictions de stade');
    expect(new URL(page.url()).pathname).toBe('/interdictions');
    expect(await page.title()).toBe('Registre des interdictions de stade — Gradins');
    await page.getByRole('banner').getByRole('link', { name: 'Interdictions de stade' }).first().waitFor();
    // Whose registry it is, by name: the officer's own organisation.
    await page.getByText(/^Registre de Organisateur d’essai \d+ \d+$/).waitFor();
    await page.getByText('Aucune interdiction au registre pour le moment.').waitFor();

    // Entering a ban by hand: an administrative order whose last day comes before its date.
    await registryLink(page, 'Inscrire une interdiction').click();
    await expectPage(page, 'Inscrire une interdiction');
    expect(await page.getByRole('main').innerText()).toMatch(/motifs d’une interdiction ne sont jamais/);
    // The browser must not remember, nor suggest, a banned person's identity.
    const form = page.locator('form').filter({ has: page.getByLabel('Nom', { exact: true }) });
    expect(await form.getAttribute('autocomplete')).toBe('off');
    const identity = [
      page.getByLabel('Nom', { exact: true }),
      page.getByLabel('Prénom', { exact: true }),
      page.getByLabel(/^Adresse \(facultative\)/),
      page.getByLabel('Date de naissance'),
      page.getByLabel('Lieu de naissance'),
    ];
    for (const input of identity) expect(await input.getAttribute('autocomplete')).toBe('off');
    await page.getByLabel('Nom', { exact: true }).fill('Marchetti');
    await page.getByLabel('Prénom', { exact: true }).fill('Loïc');
    await page.getByLabel('Date de naissance').fill('1995-11-02');
    await page.getByLabel('Lieu de naissance').fill('Créteil');
    const kinds = page.getByRole('group', { name: 'Nature de l’interdiction' });
    // DSFR draws its own radios and checkboxes over the inputs: people (and the test) click their labels.
    await kinds.locator('label', { hasText: /^Administrative\s: arrêté du préfet$/ }).click();
    expect(await kinds.getByRole('radio', { name: /^Administrative\s: arrêté du préfet$/ }).isChecked()).toBe(
      true,
    );
    await page.getByLabel('Enceintes interdites').fill('Parc des Princes');
    await page.locator('label', { hasText: 'L’arrêté interdit aussi les abords de ces enceintes' }).click();
    await page.getByLabel('Types de manifestations concernées').fill('Football');
    await page.getByLabel('Date de l’arrêté').fill(day(0));
    await page.getByLabel('Dernier jour de validité de l’arrêté').fill(day(-1));
    await page.getByRole('button', { name: 'Inscrire l’interdiction' }).click();

    const summary = page.getByRole('alert').filter({ hasText: 'Corrigez les champs suivants' });
    await summary.waitFor();
    await expect.poll(() => summary.evaluate((element) => element === document.activeElement)).toBe(true);
    const link = summary.getByRole('link', {
      name: /^Dernier jour de validité de l’arrêté\s: fin de validité/,
    });
    expect(await link.getAttribute('href')).toBe('#ban-validUntil');
    const validUntil = page.getByLabel('Dernier jour de validité de l’arrêté');
    expect(await validUntil.getAttribute('aria-invalid')).toBe('true');
    // The field's own message is tied to it (aria-describedby), not only shown in red.
    const described = await validUntil.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toMatch(/fin de validité .* antérieure à la date de l’arrêté/);
    await expectNoSeriousA11yViolations(page);
    await link.click();
    await expect.poll(() => validUntil.evaluate((element) => element === document.activeElement)).toBe(true);

    await validUntil.fill(day(180));
    await page.getByRole('button', { name: 'Inscrire l’interdiction' }).click();
    await expectPage(page, 'Loïc Marchetti');
    expect(new URL(page.url()).pathname).toMatch(/^\/interdictions\/[0-9a-f-]{36}$/);
    await page.getByText('Interdiction inscrite au registre.').waitFor();
    const main = await page.getByRole('main').innerText();
    expect(main).toContain('En vigueur');
    expect(main).toContain('Parc des Princes');
    expect(main).toContain('Aucune photographie n’est jointe.');

    // The edit form takes the focus when it opens and gives it back to its button when it closes.
    const edit = page.getByRole('button', { name: 'Modifier l’interdiction' });
    await edit.click();
    const editing = page.getByRole('region', { name: 'Modifier l’interdiction' });
    await expect.poll(() => focused(editing.getByRole('heading', { level: 2 }))).toBe(true);
    await editing.getByRole('button', { name: 'Annuler' }).click();
    await expect.poll(() => focused(edit)).toBe(true);

    // The letter cannot be produced before what it names is set: the refusal is shown, no file is saved.
    let downloads = 0;
    page.on('download', () => (downloads += 1));
    await page.getByRole('link', { name: 'Télécharger la lettre d’information (PDF)' }).click();
    const refusal = page.locator('.fr-alert--error').filter({ hasText: 'Registre non paramétré' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/ne sont pas encore renseignés/);
    expect(downloads).toBe(0);
  });

  it('attaches a photograph, which is never loaded with the page and shown only on demand', async () => {
    await page.getByLabel(/^Fichier de la photographie/).setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: tinyPng(),
    });
    await page.getByRole('button', { name: 'Joindre la photographie' }).click();
    await page.getByText('Photographie enregistrée.').waitFor();
    const photo = page.getByRole('img', {
      name: 'Photographie de Loïc Marchetti, jointe à son interdiction',
    });
    expect(await photo.count()).toBe(0);
    expect(photoReads).toEqual([]);
    await page.getByRole('button', { name: 'Afficher la photographie' }).click();
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1);
    expect(photoReads).toHaveLength(1);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Masquer la photographie' }).click();
    expect(await photo.count()).toBe(0);
    // The focus is not lost with the button that went: it is on « Afficher » again.
    await expect
      .poll(() => focused(page.getByRole('button', { name: 'Afficher la photographie' })))
      .toBe(true);
  });

  it('imports a prefecture’s list with a good and a bad line and reads the report', async () => {
    await registryLink(page, 'Importer une liste').click();
    await expectPage(page, 'Importer la liste d’une préfecture');
    // No file chosen: the field says so and has the focus.
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText('Choisissez un fichier CSV.').waitFor();
    await expect.poll(() => focused(page.getByLabel(/^Fichier CSV de la préfecture/))).toBe(true);
    const csv = [
      'type;nom;prenom;adresse;date_naissance;lieu_naissance;date_decision;duree_mois',
      `judiciaire;Importé;Jean;;03/03/1985;Nanterre;${day(-10)};18`,
      `pénale;Type;Faux;;1970-01-01;Paris;${day(-10)};12`,
    ].join('\n');
    await page.getByLabel(/^Fichier CSV de la préfecture/).setInputFiles({
      name: 'prefecture.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const reportTitle = page.getByRole('heading', { level: 2, name: 'Rapport d’import' });
    await reportTitle.waitFor();
    await expect.poll(() => reportTitle.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.getByText(/^2 lignes lues\s: 1 inscrite au registre, 1 refusée\.$/).waitFor();
    expect(await page.getByRole('main').innerText()).toMatch(/lignes correctes sont inscrites au registre/);
    const rejected = page.getByRole('table', { name: 'Lignes refusées et leur motif' });
    const cells = await rejected.locator('tbody tr').first().getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toMatch(/type/);
    await expectNoSeriousA11yViolations(page);
  });

  it('keeps the rights-requests register and records the information letter of a ban', async () => {
    await registryLink(page, 'Demandes d’exercice des droits').click();
    await expectPage(page, 'Demandes d’exercice des droits');
    await page.getByText('Aucune demande enregistrée.').waitFor();

    // What the information letter names.
    await page.getByLabel('Responsable du traitement', { exact: true }).fill('Organisateur d’essai');
    await page.getByLabel('Adresse du responsable').fill('1 avenue des Sports, 75016 Paris');
    await page.getByLabel('Destinataires des données').fill('Les agents habilités de l’organisateur');
    await page.getByLabel('Adresse du service des droits').fill('Service des droits, 1 avenue des Sports');
    await page.getByLabel('Adresse électronique du service des droits').fill('droits@exemple.fr');
    await page.getByRole('button', { name: 'Enregistrer ces informations' }).click();
    await page.getByText('Informations de la lettre enregistrées.').waitFor();

    // A request received 40 days ago, unanswered: overdue, said in words; then one received today.
    const record = page.getByRole('region', { name: 'Enregistrer une demande reçue' });
    await record.getByLabel('Reçue le').fill(day(-40));
    await record.getByLabel(/^Demandeur/).fill('Jeanne Martin, 3 rue des Lilas, 69003 Lyon');
    await record.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await record.getByText('Demande enregistrée.').waitFor();
    const register = page.getByRole('table', { name: 'Registre des demandes' });
    const jeanne = register.getByRole('row').filter({ hasText: 'Jeanne Martin' });
    await jeanne.waitFor();
    expect(await jeanne.innerText()).toMatch(/En retard/);

    await record.locator('label', { hasText: 'Rectification' }).click();
    await record.getByLabel('Reçue le').fill(day(0));
    await record.getByLabel(/^Demandeur/).fill('Loïc Marchetti, par courrier');
    await record.getByLabel('Interdiction concernée').selectOption({ label: 'Marchetti Loïc (1995-11-02)' });
    await record.getByRole('button', { name: 'Enregistrer la demande' }).click();
    const loic = register.getByRole('row').filter({ hasText: 'Loïc Marchetti, par courrier' });
    await loic.waitFor();
    expect(await loic.innerText()).not.toMatch(/En retard/);
    await expectNoSeriousA11yViolations(page);

    // The overdue request answered.
    const answer = page.getByRole('region', { name: 'Enregistrer une réponse' });
    const requests = answer.getByLabel('Demande', { exact: true });
    await requests.selectOption(
      (await requests.locator('option', { hasText: 'Jeanne Martin' }).getAttribute('value'))!,
    );
    // No answer chosen: said in the error summary and on the radios, nothing sent.
    await answer.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    const answerSummary = answer.getByRole('alert').filter({ hasText: 'Corrigez les champs suivants' });
    await expect.poll(() => focused(answerSummary)).toBe(true);
    expect(
      await answerSummary
        .getByRole('link', { name: /^Réponse donnée\s: choisissez la réponse donnée$/ })
        .count(),
    ).toBe(1);
    expect(await answer.getByRole('group', { name: /^Réponse donnée/ }).innerText()).toMatch(
      /choisissez la réponse donnée/,
    );
    expect(await jeanne.innerText()).toMatch(/Ouverte/);
    await answer.locator('label', { hasText: 'Données communiquées' }).click();
    await answer.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await answer.getByText('Réponse enregistrée.').waitFor();
    await expect.poll(() => jeanne.innerText()).toMatch(/Traitée[\s\S]*Données communiquées/);

    // The information letter of the ban: its PDF, and its delivery recorded.
    await registryLink(page, 'Registre').click();
    await page
      .getByRole('table', { name: 'Interdictions du registre' })
      .getByRole('link', { name: 'Marchetti Loïc' })
      .click();
    await expectPage(page, 'Loïc Marchetti');
    const letter = page.getByRole('link', { name: 'Télécharger la lettre d’information (PDF)' });
    const pdf = await page.request.get(new URL((await letter.getAttribute('href'))!, server.url).href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    // Saved under a neutral name (no person's), the letter's or the export's own.
    const [saved] = await Promise.all([page.waitForEvent('download'), letter.click()]);
    expect(saved.suggestedFilename()).toMatch(/^lettre-information-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf$/);
    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exporter les données de cette interdiction' }).click(),
    ]);
    expect(exported.suggestedFilename()).toMatch(/^export-interdiction-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.json$/);

    // Suspending the order asks first; « Annuler » gives the focus back to the button.
    const suspend = page.getByRole('button', { name: 'Suspendre l’arrêté' });
    await suspend.click();
    const question = page.getByRole('heading', { name: /^Suspendre l’arrêté\s\?$/ });
    await expect.poll(() => focused(question)).toBe(true);
    await page
      .getByRole('group', { name: /^Suspendre l’arrêté/ })
      .getByRole('button', { name: 'Annuler' })
      .click();
    await expect.poll(() => focused(suspend)).toBe(true);
    expect(await page.getByRole('main').innerText()).toContain('En vigueur');
    await suspend.click();
    await page.getByRole('button', { name: 'Oui, suspendre l’arrêté' }).click();
    await page.getByText(/^Arrêté suspendu\s: l’interdiction n’a plus d’effet\.$/).waitFor();
    await page.getByRole('button', { name: 'Lever la suspension' }).click();
    await page.getByRole('button', { name: 'Oui, lever la suspension' }).click();
    await page.getByText(/^Suspension levée\s: l’interdiction reprend effet\.$/).waitFor();

    // Sending the letter by e-mail shows the address for a second look; « Annuler » sends nothing.
    const letterPosts: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => {
      if (request.method() === 'POST' && request.url().endsWith('/information-letter'))
        letterPosts.push(request.url());
    };
    page.on('request', onRequest);
    await page.locator('label', { hasText: 'Envoyée par courriel depuis Gradins' }).click();
    await page.getByLabel(/^Adresse électronique de la personne/).fill('loic.marchetti@exemple.fr');
    const send = page.getByRole('button', { name: 'Envoyer la lettre', exact: true });
    await send.click();
    const sendQuestion = page.getByRole('heading', {
      name: /^Envoyer la lettre à loic\.marchetti@exemple\.fr\s\?$/,
    });
    await expect.poll(() => focused(sendQuestion)).toBe(true);
    await page
      .getByRole('group', { name: /^Envoyer la lettre à/ })
      .getByRole('button', { name: 'Annuler' })
      .click();
    await expect.poll(() => focused(send)).toBe(true);
    page.off('request', onRequest);
    expect(letterPosts).toEqual([]);
    await page.getByText('La personne n’a pas encore été informée de son inscription.').waitFor();
    await page.locator('label', { hasText: 'Remise en main propre' }).click();
    await page.getByRole('button', { name: 'Enregistrer la remise' }).click();
    await page.getByText('Remise de la lettre d’information enregistrée.').waitFor();
    // The record says when and how the person was last informed.
    await page
      .getByText(/^Dernière information de la personne\s: le .+ \(remise en main propre\)\.$/)
      .waitFor();
  });

  it('lists both bans, deletes one after a confirmation and reads the deletion reports, in English too', async () => {
    // The registry lists both bans, the status and the photograph in words; a filter narrows it.
    await registryLink(page, 'Registre').click();
    await expectPage(page, 'Registre des interdictions de stade');
    const table = page.getByRole('table', { name: 'Interdictions du registre' });
    const marchetti = await table
      .getByRole('row')
      .filter({ hasText: 'Marchetti' })
      .getByRole('cell')
      .allInnerTexts();
    expect(marchetti.slice(2)).toEqual([
      'Administrative',
      expect.stringMatching(/^du .+ au .+$/),
      'En vigueur',
      'oui',
    ]);
    expect(await page.getByRole('searchbox', { name: 'Nom ou prénom' }).getAttribute('autocomplete')).toBe(
      'off',
    );
    await page.getByLabel('Nature').selectOption('judicial');
    await page.getByText('1 interdiction sur 2 correspondent aux filtres.').waitFor();

    // Deleting the imported ban: a confirmation step with its cause, then the deletion report.
    await table.getByRole('link', { name: 'Importé Jean' }).click();
    await expectPage(page, 'Jean Importé');
    const erasedRecord = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Effacer l’interdiction…' }).click();
    const confirmTitle = page.getByRole('heading', { name: 'Confirmer l’effacement' });
    await expect
      .poll(() => confirmTitle.evaluate((element) => element === document.activeElement))
      .toBe(true);
    await page
      .getByRole('group', { name: 'Cause de l’effacement' })
      .locator('label', { hasText: 'Peine amnistiée' })
      .click();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();
    await expectPage(page, 'Registre des interdictions de stade');
    await page.getByText('L’interdiction a été effacée, avec sa photographie.').waitFor();
    expect(await table.getByRole('link', { name: 'Importé Jean' }).count()).toBe(0);
    // The erased record left the history: « back » does not lead to it.
    await page.goBack();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).not.toBe(erasedRecord);

    await registryLink(page, 'Rapports d’effacement').click();
    await expectPage(page, 'Rapports d’effacement');
    expect(await page.getByRole('main').innerText()).toMatch(/aucune donnée personnelle/);
    const purges = page.getByRole('table', { name: 'Effacements, du plus récent au plus ancien' });
    expect((await purges.locator('tbody tr').first().getByRole('cell').allInnerTexts()).slice(1)).toEqual([
      'Peine amnistiée',
      '1',
      '0',
    ]);

    // The same page in English.
    await page.goto(new URL('/en/interdictions/effacements', server.url).href);
    await expectPage(page, 'Deletion reports');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page
      .getByRole('table', { name: 'Deletions, newest first' })
      .getByText('Penalty amnestied')
      .waitFor();

    // The bad date (400), the letter's settings before they were set (404) and the letter then refused (409)
    // are the only API errors met.
    expectNoProblems(opened, [400, 404, 409]);
  });

  it('an officer of two organisers sees whose registry is open, and never one registry in the other', async () => {
    const second = await newPage();
    try {
      const { page } = second;
      await page.clock.setFixedTime(server.clock.now());
      await page.goto(new URL('/connexion', server.url).href);
      await submitLogin(page, twoRegistries.email, twoRegistries.password);
      await answerTotpChallenge(page, twoRegistries.totpSecret!, server.clock);
      await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
      await page.goto(new URL('/interdictions', server.url).href);
      await expectPage(page, 'Registre des interdictions de stade');
      const chooser = page.getByLabel('Organisateur', { exact: true });
      const lead = page.locator('p.fr-text--lead').filter({ hasText: /^Registre de/ });
      const table = page.getByRole('table', { name: 'Interdictions du registre' });
      const none = page.getByText('Aucune interdiction au registre pour le moment.');

      // The own organisation is named, in the chooser and in the lead; the other one by its rank.
      await chooser.selectOption(organiserId);
      await table.getByRole('link', { name: 'Marchetti Loïc' }).waitFor();
      expect(await lead.innerText()).toMatch(/^Registre de Organisateur d’essai \d+ \d+$/);
      expect(await chooser.locator('option:checked').textContent()).toMatch(/^Organisateur d’essai/);
      await chooser.selectOption(otherOrganiserId);
      await none.waitFor();
      expect(await lead.innerText()).toMatch(/^Registre de l’organisateur [12]$/);
      expect(await table.count()).toBe(0);

      // The first registry's answer held back until the other registry is chosen again: it is never shown.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(
        (url) => url.pathname === `/api/v1/organisers/${organiserId}/bans`,
        async (route) => {
          await held;
          await route.continue();
        },
      );
      const late = page.waitForResponse((response) =>
        new URL(response.url()).pathname.endsWith(`/organisers/${organiserId}/bans`),
      );
      await chooser.selectOption(organiserId);
      await page.getByText('Chargement…').waitFor();
      await chooser.selectOption(otherOrganiserId);
      await none.waitFor();
      release();
      await late;
      await page.waitForTimeout(300);
      expect(await none.count()).toBe(1);
      expect(await table.count()).toBe(0);
      expect(await lead.innerText()).toMatch(/^Registre de l’organisateur [12]$/);
      await expectNoSeriousA11yViolations(page);
      expectNoProblems(second);
    } finally {
      await second.close();
    }
  });
});
