// Accounts and access in the browser (issue [B]): first administrator set-up with the forced second factor,
// invitation of a controller → activation (a weak password refused with its explanation) → login with the
// TOTP enrolment the role requires, lockout after 10 failures, the habilitation review through the
// re-authentication modal, and expired links. Real server, Chromium, axe on every page visited.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  answerTotpChallenge,
  asAccountsTestServer,
  enrolTotp,
  expectNoProblems,
  expectPage,
  firstLinkIn,
  pathOfLink,
  reauthenticateIfAsked,
  submitLogin,
  waitForMail,
  type AccountsTestServer,
} from '../support/accounts.js';
import { closeBrowser, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createLink } from '../../src/modules/accounts/links.js';
import { FIRST_ADMIN_LINK_MS, INVITATION_LINK_MS } from '../../src/modules/accounts/domain/access-policy.js';
import { buildUser } from '../factories/accounts.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const admin = {
  email: 'alice.admin@exemple.fr',
  name: 'Alice Administratrice',
  organisation: 'Délégation interministérielle aux grands événements sportifs',
  password: 'Gradins-Admin-2026!',
  secret: '',
};
// A controller: the role requires a second factor, so the invitee goes through the TOTP enrolment.
const invitee = {
  email: 'chloe.controle@exemple.fr',
  name: 'Chloé Contrôle',
  organisation: 'Inspection générale de l’éducation, du sport et de la recherche',
  password: 'Tribune-Nord-42-Lyon!',
  secret: '',
};

let server: AccountsTestServer | undefined;
/** The same server, for what the tests set up directly in its database. */
let fullServer: TestServer | undefined;
let opened: TestPage | undefined;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('The web build failed: see the output of scripts/ensure-web-build.mjs');
  fullServer = await startTestServer();
  server = asAccountsTestServer(fullServer);
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

function running(): AccountsTestServer {
  if (server === undefined) throw new Error('The test server did not start');
  return server;
}

async function open(path: string): Promise<TestPage> {
  opened = await newPage();
  await opened.page.goto(new URL(path, running().url).href);
  return opened;
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Signs the administrator in (password, then TOTP) and lands on /mon-compte. */
async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto(new URL('/connexion', running().url).href);
  await expectPage(page, 'Connexion à Gradins');
  await submitLogin(page, admin.email, admin.password);
  await answerTotpChallenge(page, admin.secret, running().clock);
  await expectPage(page, 'Mon compte');
}

describe.sequential('accounts and access', () => {
  it('(a) sets up the first administrator through the link, with forced TOTP enrolment and recovery codes', async () => {
    const { clock, firstAdminLink } = running();

    // A page for signed-in users sends an anonymous visitor to the login page, and back afterwards.
    const { page } = await open('/mon-compte');
    await expectPage(page, 'Connexion à Gradins');
    expect(pathOf(page)).toBe('/connexion');
    expect(new URL(page.url()).searchParams.get('retour')).toBe('/mon-compte');
    expect(await page.getByLabel('Adresse e-mail').getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('Mot de passe', { exact: true }).getAttribute('autocomplete')).toBe(
      'current-password',
    );
    await expect(
      page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).isVisible(),
    ).resolves.toBe(true);

    // An unknown set-up link: a clear page saying how to get a new one.
    await page.goto(new URL('/installation/ce-lien-n-existe-pas-du-tout-0123', running().url).href);
    await expectPage(page, 'Ce lien n’est pas valide');
    expect(await page.getByRole('main').innerText()).toContain('npx gradins admin create');

    // The real link.
    await page.goto(new URL(pathOfLink(firstAdminLink), running().url).href);
    await expectPage(page, 'Installation de Gradins');
    expect(await page.title()).toBe('Installation de Gradins — Gradins');
    await page.getByLabel('Adresse e-mail professionnelle').fill(admin.email);
    await page.getByLabel('Prénom et nom').fill(admin.name);
    await page.getByLabel('Nom de votre organisation').fill(admin.organisation);
    const password = page.getByLabel('Mot de passe', { exact: true });
    expect(await password.getAttribute('autocomplete')).toBe('new-password');
    await password.fill(admin.password);
    await page.getByRole('button', { name: 'Créer le compte administrateur' }).click();

    // Signed in with the password just chosen, the administrator must enrol a second factor.
    const { secret, recoveryCodes } = await enrolTotp(page, clock);
    admin.secret = secret;
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i);

    await expectPage(page, 'Mon compte');
    const banner = page.getByRole('banner');
    await banner.getByRole('link', { name: admin.name }).waitFor();
    await banner.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(await banner.getByRole('link', { name: 'Utilisateurs' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('main').innerText()).toContain('administrateur technique');

    // The link served once.
    await page.goto(new URL(pathOfLink(firstAdminLink), running().url).href);
    await expectPage(page, 'Ce lien a déjà servi');
    expectNoProblems(opened!);
  });

  it('(b) invites a controller who activates the account (a weak password refused) and signs in with the TOTP enrolment the role requires', async () => {
    const { clock, url } = running();
    const { page } = await open('/');
    await signInAsAdmin(page);

    await page.getByRole('banner').getByRole('link', { name: 'Utilisateurs' }).first().click();
    await expectPage(page, 'Utilisateurs et habilitations');

    await page.getByLabel('Nom de l’organisation').fill(invitee.organisation);
    await page.getByLabel('Type d’organisation').selectOption('programme_owner');
    await page.getByRole('button', { name: 'Créer l’organisation' }).click();
    await page.getByText(`Organisation « ${invitee.organisation} » créée.`).waitFor();

    await page.getByLabel('Adresse e-mail', { exact: true }).fill(invitee.email);
    await page.getByLabel('Prénom et nom').fill(invitee.name);
    await page
      .getByLabel('Organisation', { exact: true })
      .selectOption({ label: `${invitee.organisation} (programme de l’État)` });
    await page.getByLabel('Rôle').selectOption('controller');
    await page.getByLabel('Portée').selectOption('platform');
    // Ends within 30 days, so that the habilitation review (d) lists it.
    const soon = new Date(clock.now().getTime() + 20 * 24 * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel('Fin').fill(soon);
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await reauthenticateIfAsked(page, admin.password, admin.secret, clock, () =>
      page.getByText(`Invitation envoyée à ${invitee.email}.`).waitFor(),
    );
    await page.getByRole('cell', { name: new RegExp(invitee.name) }).waitFor();
    await expectPage(page, 'Utilisateurs et habilitations');
    // 403: reauthentication-required, answered by the modal.
    expectNoProblems(opened!, [403]);
    await opened!.close();

    // The mail arrives in the development mailbox, also readable on /dev/courriels.
    const mail = await waitForMail(url, invitee.email);
    const link = firstLinkIn(mail.text);
    expect(pathOfLink(link)).toMatch(/^\/invitation\//);

    const visitor = await open('/dev/courriels');
    await expectPage(visitor.page, 'Boîte aux lettres de développement');
    await visitor.page
      .getByRole('button', { name: `Lire — ${mail.subject}` })
      .first()
      .click();
    await visitor.page.getByRole('heading', { level: 2, name: mail.subject }).waitFor();
    expect(await visitor.page.getByRole('link', { name: link }).first().getAttribute('href')).toBe(link);

    await visitor.page.goto(new URL(pathOfLink(link), url).href);
    await expectPage(visitor.page, 'Activer votre compte');
    const invitationText = await visitor.page.getByRole('main').innerText();
    expect(invitationText).toContain(invitee.email);
    // Said before the password is chosen: the role needs an authenticator app.
    expect(invitationText).toContain('Votre compte exige la double authentification');

    // 11 characters from the four classes: refused, with the server's French explanation.
    const passwordField = visitor.page.getByLabel('Mot de passe', { exact: true });
    await passwordField.fill('Tribune-42!');
    await visitor.page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    const alert = visitor.page.getByRole('alert');
    await alert.getByText('Mot de passe trop faible').waitFor();
    expect(await alert.innerText()).toMatch(/pas assez robuste/);
    await expectPage(visitor.page, 'Activer votre compte');

    await passwordField.fill(invitee.password);
    await visitor.page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
    await expectPage(visitor.page, 'Connexion à Gradins');
    await visitor.page.getByText('Votre mot de passe est enregistré').waitFor();
    expect(await visitor.page.getByLabel('Adresse e-mail').inputValue()).toBe(invitee.email);

    // The password alone is not enough for a controller: the second factor is set up now, then used.
    await submitLogin(visitor.page, invitee.email, invitee.password);
    const { secret, recoveryCodes } = await enrolTotp(visitor.page, clock);
    invitee.secret = secret;
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);
    await expectPage(visitor.page, 'Mon compte');
    const account = await visitor.page.getByRole('main').innerText();
    expect(account).toContain('contrôle interne');
    expect(account).toMatch(/obligatoire pour vos rôles/i); // a badge, shown in capitals

    // Signed out, the next login asks for a code of the app just set up.
    await visitor.page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
    await visitor.page.goto(new URL('/connexion', url).href);
    await expectPage(visitor.page, 'Connexion à Gradins');
    await submitLogin(visitor.page, invitee.email, invitee.password);
    await answerTotpChallenge(visitor.page, invitee.secret, clock);
    await expectPage(visitor.page, 'Mon compte');

    // The administration of users is not for controllers.
    await visitor.page.goto(new URL('/administration/utilisateurs', url).href);
    await expectPage(visitor.page, 'Accès refusé');
    // 400: the weak password.
    expectNoProblems(visitor, [400]);
  });

  it('(c) locks the account after 10 failed logins: the 11th is refused even with the right password', async () => {
    const { clock } = running();
    const { page } = await open('/connexion');
    await expectPage(page, 'Connexion à Gradins');

    for (let attempt = 1; attempt <= 10; attempt += 1) {
      // The server imposes a growing wait between failures: move its clock past it.
      clock.advance(61_000);
      await submitLogin(page, invitee.email, `Mauvais-mot-de-passe-${attempt}`);
      // A refused login empties the password field: the answer to this attempt has arrived.
      await page.waitForFunction(
        () => document.querySelector<HTMLInputElement>('input[name=password]')?.value === '',
      );
      const alert = page.getByRole('alert');
      // The 10th failure already locks the account.
      await alert.getByText(attempt < 10 ? 'Identifiants incorrects' : 'Compte verrouillé').waitFor();
      if (attempt === 1) await expectPage(page, 'Connexion à Gradins');
      // The alert goes away when the form is sent again, so each wait sees the new answer.
    }

    clock.advance(61_000);
    await submitLogin(page, invitee.email, invitee.password);
    await page.getByRole('alert').getByText('Compte verrouillé').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/verrouillé après 10 échecs/);
    expect(pathOf(page)).toBe('/connexion');
    await expectPage(page, 'Connexion à Gradins');
    // 401: invalid-credentials, 423: account-locked.
    expectNoProblems(opened!, [401, 423]);
  });

  it('(d) lets the administrator review habilitations: confirm one with a comment, re-authenticating first', async () => {
    const { clock } = running();
    const { page } = await open('/');
    await signInAsAdmin(page);

    await page.goto(new URL('/administration/habilitations', running().url).href);
    await expectPage(page, 'Revue des habilitations');
    const row = page.getByRole('row', { name: new RegExp(invitee.name) });
    await row.waitFor();
    expect(await row.textContent()).toContain('échéance proche');
    await row.getByLabel(/Commentaire/).fill('Mission prolongée jusqu’à la fin des Jeux.');
    // The login's 5 minutes are over: a decision on a grant asks for the password and a code again.
    clock.advance(6 * 60_000);
    await row.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByRole('dialog', { name: 'Confirmez votre identité' }).waitFor({ state: 'visible' });
    await reauthenticateIfAsked(page, admin.password, admin.secret, clock, () =>
      page
        .getByRole('status')
        .getByText(`Habilitation contrôle interne de ${invitee.name} confirmée.`)
        .waitFor(),
    );
    await expectPage(page, 'Revue des habilitations');

    // The same page in English.
    await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
    await expectPage(page, 'Authorisation review');
    expect(pathOf(page)).toBe('/en/administration/habilitations');
    // 403: reauthentication-required, answered by the modal.
    expectNoProblems(opened!, [403]);
  });

  it('(e) says an expired set-up link or invitation has expired, and how to get a new one', async () => {
    const { clock } = running();
    const { database } = fullServer!;
    const setupToken = await createLink(database.db, {
      purpose: 'first_admin',
      userId: null,
      createdBy: null,
      now: clock.now(),
      lifetimeMs: FIRST_ADMIN_LINK_MS,
    });
    const person = await buildUser(fullServer!, { status: 'invited' });
    const invitationToken = await createLink(database.db, {
      purpose: 'invitation',
      userId: person.id,
      createdBy: null,
      now: clock.now(),
      lifetimeMs: INVITATION_LINK_MS,
    });
    clock.advance(INVITATION_LINK_MS);

    const { page } = await open(`/installation/${setupToken}`);
    await expectPage(page, 'Ce lien a expiré');
    const setupText = await page.getByRole('main').innerText();
    expect(setupText).toContain('Un lien d’installation est valable 24\u00a0heures.');
    expect(setupText).toContain('redémarrez le serveur Gradins');
    expect(setupText).toContain('npx gradins admin create');
    expect(await page.getByRole('main').getByLabel('Adresse e-mail professionnelle').count()).toBe(0);

    await page.goto(new URL(`/invitation/${invitationToken}`, running().url).href);
    await expectPage(page, 'Ce lien a expiré');
    const invitationText = await page.getByRole('main').innerText();
    expect(invitationText).toContain('Une invitation est valable 7\u00a0jours.');
    expect(invitationText).toContain('demandez à votre administrateur de vous renvoyer l’invitation');
    expect(invitationText).not.toContain(person.email);
    await page.getByRole('main').getByRole('link', { name: 'Page d’accueil' }).waitFor();
    expectNoProblems(opened!);
  });
});
