// Issue [H]'s whole journey in the browser, on one real server: a ban officer imports a prefecture's list; an
// operator's draw is published and one winner is the person the list names, so that ticket waits « en attente de
// vérification »; the officer confirms the match; the operator sees only the outcome, « refusé après
// vérification », never the ban; the ban ends (the server's clock moved past its last day) and the purge job
// deletes it, which the deletion reports show; the next ticket for that person is issued with no case. Chromium,
// axe on every page, no CSP violation and no console error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq, inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualDecisionView } from '../../contracts/attributions.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { BAN_PURGE_JOB } from '../../src/modules/bans/purge.js';
import { parisDate } from '../../src/modules/programmes/domain/paris-time.js';
import {
  applicants,
  banPhotos,
  banScreeningCases,
  bans,
  tickets,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, type BuiltUser } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOrganiser } from '../factories/bans.js';
import { eventsStockedForOperator } from '../factories/programmes.js';
import type { ApiClient } from '../support/api-client.js';
import { answerTotpChallenge, expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { publishedDrawViaApi, youthProgrammeWithOperator } from '../support/tickets.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The person the prefecture's list names, and who applied to the programme under that very identity. */
const BANNED = { surname: 'Marchetti', firstNames: 'Loïc', birthDate: '1995-11-02', listed: '02/11/1995' };

let server: TestServer;
let admin: ApiClient;
let organiser: { id: string };
let operator: { id: string };
let programmeId: string;
let officer: BuiltUser;
let drawRunner: BuiltUser;
let operatorViewer: BuiltUser;
let firstEvent: SportEvent;
let bannedApplicant: string;
let otherApplicant: string;
let officerPage: TestPage;
let operatorPage: TestPage;

const ticketsOf = (applicantId: string) =>
  server.database.db.select().from(tickets).where(eq(tickets.holderApplicantId, applicantId));

/** Events of the operator's bucket, starting in `days`, whose organiser's registry covers them. */
async function organisersEvent(codePrefix: string, days: number): Promise<SportEvent> {
  const [event] = await eventsStockedForOperator(server, admin, {
    programmeId,
    operatorId: operator.id,
    seats: [2],
    codePrefix,
    startsInDays: days,
  });
  const named = await admin.request('PUT', `/api/v1/events/${event!.id}/organiser`, {
    organiserId: organiser.id,
  });
  expect(named.status, JSON.stringify(named.body)).toBe(200);
  return event!;
}

/** Signs in on /connexion, with the second factor when the user has one. */
async function signInOn(page: Page, user: BuiltUser) {
  await page.goto(new URL('/connexion', server.url).href);
  await expectPage(page, 'Connexion à Gradins');
  await submitLogin(page, user.email, user.password);
  if (user.totpSecret) await answerTotpChallenge(page, user.totpSecret, server.clock);
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
}

/** The operator's counts of one event on « Billets par événement », by column header. */
async function operatorCounts(eventCode: string): Promise<(header: string) => string | undefined> {
  const { page } = operatorPage;
  await page.goto(new URL('/operateur/billets-par-evenement', server.url).href);
  await expectPage(page, 'Billets par événement');
  const table = page.getByRole('table', { name: 'Billets par événement et par statut' });
  const row = table.getByRole('row').filter({ hasText: eventCode });
  await row.waitFor();
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const cells = await row.getByRole('cell').allInnerTexts();
  return (header: string) => cells[headers.findIndex((text) => text.trim() === header) - 1]?.trim();
}

/** What the operator's page says must name no ban, no case and nobody of the registry. */
async function expectNothingOfTheBan(page: Page) {
  const text = await page.getByRole('main').innerText();
  expect(text).not.toMatch(/interdiction|Marchetti|correspondance/i);
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('The web build failed');
  server = await startTestServer();
  const setUp = await youthProgrammeWithOperator(server);
  admin = setUp.admin;
  operator = setUp.operator;
  programmeId = setUp.youth.id;
  organiser = await buildOrganiser(server);
  officer = await buildUser(server, {
    roles: [{ role: 'ban_officer', scopeKind: 'organiser', scopeId: organiser.id }],
    totp: true,
    organisationId: organiser.id,
  });
  drawRunner = await buildUser(server, {
    roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
    totp: true,
    organisationId: operator.id,
  });
  operatorViewer = await buildUser(server, {
    roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
    organisationId: operator.id,
  });
  // Two seats, two applicants ranking the event: both win. One of them is the person the list will name; the
  // other shares nothing with them (the factory's name, first name and birth date).
  firstEvent = await organisersEvent('JOURNEY-A', 20);
  [bannedApplicant, otherApplicant] = [
    ...(await buildApplicants(server, { programmeId, operatorId: operator.id })),
    ...(await buildApplicants(server, { programmeId, operatorId: operator.id })),
  ] as [string, string];
  await server.database.db
    .update(applicants)
    .set({ eventChoices: [firstEvent.id] })
    .where(inArray(applicants.id, [bannedApplicant, otherApplicant]));
  await server.database.db
    .update(applicants)
    .set({
      birthSurname: BANNED.surname,
      birthSurnameKey: BANNED.surname.toUpperCase(),
      firstNames: BANNED.firstNames,
      birthDate: BANNED.birthDate,
    })
    .where(eq(applicants.id, bannedApplicant));
  officerPage = await newPage();
  operatorPage = await newPage();
  for (const opened of [officerPage, operatorPage]) await opened.page.clock.setFixedTime(server.clock.now());
});
afterAll(async () => {
  await officerPage?.close();
  await operatorPage?.close();
  await closeBrowser();
  await server?.stop();
});

describe.sequential('a stadium ban from the prefecture’s list to its purge', () => {
  it('the ban officer imports the prefecture’s list', async () => {
    const { page } = officerPage;
    await signInOn(page, officer);
    await page.goto(new URL('/interdictions/import', server.url).href);
    await expectPage(page, 'Importer la liste d’une préfecture');
    const today = parisDate(server.clock.now());
    const csv = [
      'type;nom;prenom;date_naissance;lieu_naissance;date_decision;duree_mois',
      `judiciaire;${BANNED.surname};${BANNED.firstNames};${BANNED.listed};Créteil;${today};1`,
    ].join('\n');
    await page.getByLabel(/^Fichier CSV de la préfecture/).setInputFiles({
      name: 'prefecture.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByText(/^1 ligne lue\s: 1 inscrite au registre, 0 refusée\.$/).waitFor();
    await expectNoSeriousA11yViolations(page);
    expect(await server.database.db.select().from(bans)).toHaveLength(1);
  });

  it('the draw is published: the winner the list names waits for the verification, the other is issued', async () => {
    await publishedDrawViaApi(server, await signIn(server, drawRunner), {
      programmeId,
      operatorId: operator.id,
    });
    expect((await ticketsOf(bannedApplicant)).map((row) => row.status)).toEqual(['screening']);
    expect((await ticketsOf(otherApplicant)).map((row) => row.status)).toEqual(['issued']);

    await signInOn(operatorPage.page, operatorViewer);
    const count = await operatorCounts(firstEvent.code);
    expect(count('En attente de vérification')).toBe('1');
    expect(count('Émis')).toBe('1');
    await expectNothingOfTheBan(operatorPage.page);
    await expectNoSeriousA11yViolations(operatorPage.page);
  });

  it('the officer compares the identities and confirms the match', async () => {
    const { page } = officerPage;
    await page.goto(new URL('/interdictions/verifications', server.url).href);
    await expectPage(page, 'Cas à vérifier');
    const card = page.getByRole('article').filter({ hasText: BANNED.surname });
    await card.getByText('À l’émission du billet').waitFor();
    await expectNoSeriousA11yViolations(page);
    const isFocused = (locator: ReturnType<Page['locator']>) =>
      locator.evaluate((element) => element === document.activeElement);
    // The question takes the focus; « Annuler » gives it back to the button that asked it.
    const confirm = card.getByRole('button', { name: 'Confirmer la correspondance' });
    await confirm.click();
    const question = page.getByRole('heading', { name: /^Confirmer la correspondance\s\?$/ });
    await expect.poll(() => isFocused(question)).toBe(true);
    await card.getByRole('button', { name: 'Annuler' }).click();
    await expect.poll(() => isFocused(confirm)).toBe(true);
    await confirm.click();
    await page.getByRole('button', { name: 'Oui, confirmer la correspondance' }).click();
    await page.getByRole('status').getByText('Décision enregistrée.').waitFor();
    // The decided card is gone: the focus is on the list it left, not lost at the top of the page.
    await expect
      .poll(() => isFocused(page.getByRole('heading', { level: 2, name: 'Cas en attente' })))
      .toBe(true);
    await page.getByText('Aucun cas en attente.').waitFor();
    await page
      .getByRole('table', { name: 'Cas décidés, du plus récent au plus ancien' })
      .getByText('Correspondance confirmée')
      .waitFor();
    await expectNoSeriousA11yViolations(page);
    expect((await ticketsOf(bannedApplicant)).map((row) => row.status)).toEqual(['refused']);
  });

  it('the operator sees the outcome only: refused after verification, nothing of the ban', async () => {
    const count = await operatorCounts(firstEvent.code);
    expect(count('Refusés après vérification')).toBe('1');
    expect(count('En attente de vérification')).toBe('0');
    await expectNothingOfTheBan(operatorPage.page);
    await expectNoSeriousA11yViolations(operatorPage.page);
  });

  it('the ban ends: no effect from its end, and the purge job deletes it with no one acting', async () => {
    const [ban] = await server.database.db.select().from(bans);
    // Noon on `ends_on`, the first day after its last one (D-1 ended, D free): the purge has not run yet.
    server.clock.set(new Date(`${ban!.endsOn}T12:00:00Z`));
    expect(await server.jobs.runNow(BAN_PURGE_JOB)).toMatchObject({ bans: 1, photos: 0 });
    expect(await server.database.db.select().from(bans)).toEqual([]);
    expect(await server.database.db.select().from(banPhotos)).toEqual([]);

    const { page } = officerPage;
    await page.clock.setFixedTime(server.clock.now());
    // A month has passed: the session has ended, the officer signs in again.
    await signInOn(page, officer);
    await page.goto(new URL('/interdictions', server.url).href);
    await expectPage(page, 'Registre des interdictions de stade');
    await page.getByText('Aucune interdiction au registre pour le moment.').waitFor();
    await page.goto(new URL('/interdictions/effacements', server.url).href);
    await expectPage(page, 'Rapports d’effacement');
    const row = page
      .getByRole('table', { name: 'Effacements, du plus récent au plus ancien' })
      .getByRole('row')
      .filter({ hasText: 'Échéance (purge automatique)' });
    expect((await row.getByRole('cell').allInnerTexts()).slice(-2)).toEqual(['1', '0']);
    expect(await page.getByRole('main').innerText()).not.toContain(BANNED.surname);
    await expectNoSeriousA11yViolations(page);
    // The pages still open when the session ended met 401s: the only errors allowed.
    expectNoProblems(officerPage, [401]);
  });

  it('the next ticket for that person is issued, with no verification', async () => {
    admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    const nextEvent = await organisersEvent('JOURNEY-B', 20);
    const runner = await signIn(server, drawRunner);
    const manual = `/api/v1/operators/${operator.id}/draws/manual-attributions`;
    const decision = await runner.post<ManualDecisionView>(manual, {
      programmeId,
      circumstances:
        'Places rendues par un club partenaire la veille de la clôture : pas de tirage possible.',
      criteria: 'Candidats dont la demande n’a pas abouti, par ordre d’inscription.',
      quotas: [{ eventId: nextEvent.id, seats: 1 }],
    });
    expect(decision.status, JSON.stringify(decision.body)).toBe(201);
    const made = await runner.post(`${manual}/${decision.body.id}/attributions`, {
      applicantId: bannedApplicant,
      eventId: nextEvent.id,
      criterion: 'Demande sans billet',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const next = (await ticketsOf(bannedApplicant)).find((row) => row.eventId === nextEvent.id);
    expect(next?.status).toBe('issued');
    expect(
      await server.database.db
        .select()
        .from(banScreeningCases)
        .where(eq(banScreeningCases.ticketId, next!.id)),
    ).toEqual([]);

    await operatorPage.page.clock.setFixedTime(server.clock.now());
    await signInOn(operatorPage.page, operatorViewer);
    const count = await operatorCounts(nextEvent.code);
    expect(count('Émis')).toBe('1');
    expect(count('En attente de vérification')).toBe('0');
    await expectNothingOfTheBan(operatorPage.page);
    expectNoProblems(operatorPage, [401]);
  });
});
