// Passkeys in the browser (issue [B]): a person adds a passkey on /mon-compte, signs out, then signs in with
// the password and the passkey, and finally removes it. Chromium's virtual WebAuthn authenticator (through the
// DevTools protocol) plays the security key. Real server, axe on every page visited, no CSP violation.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../factories/accounts.js';
import { expectNoProblems, expectPage, submitLogin } from '../support/accounts.js';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let server: TestServer | undefined;
let opened: TestPage | undefined;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('The web build failed: see the output of scripts/ensure-web-build.mjs');
  // WebAuthn needs a domain name as relying party id: an IP address such as 127.0.0.1 is refused.
  server = await startTestServer({ config: { host: 'localhost' } });
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

function running(): TestServer {
  if (server === undefined) throw new Error('The test server did not start');
  return server;
}

/** A platform authenticator with user verification, as a laptop's fingerprint reader would be. */
async function addVirtualAuthenticator(cdp: CDPSession): Promise<string> {
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return authenticatorId;
}

describe('passkeys', () => {
  it('adds a passkey on the account page, then signs in with the password and the passkey', async () => {
    const { url } = running();
    const user = await buildUser(running(), { roles: [{ role: 'operator' }] });
    opened = await newPage();
    const { page } = opened;
    const cdp = await page.context().newCDPSession(page);
    const authenticatorId = await addVirtualAuthenticator(cdp);

    await page.goto(new URL('/connexion', url).href);
    await expectPage(page, 'Connexion à Gradins');
    await submitLogin(page, user.email, user.password);
    await expectPage(page, 'Mon compte');
    await page.getByText('Aucune clé d’accès.').waitFor();

    await page.getByLabel('Nom de la nouvelle clé d’accès').fill('Ordinateur du bureau');
    await page.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
    await page
      .getByRole('status')
      .getByText('La clé d’accès « Ordinateur du bureau » est enregistrée.')
      .waitFor();
    // The account's first second factor: recovery codes, shown once.
    await page.locator('[data-recovery-code]').first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByText('J’ai conservé mes codes de secours').click();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('cell', { name: 'Ordinateur du bureau', exact: true }).waitFor();
    await expectPage(page, 'Mon compte');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);

    await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).first().waitFor();

    // The next login asks for the second factor, which the passkey gives.
    await page.goto(new URL('/connexion', url).href);
    await expectPage(page, 'Connexion à Gradins');
    await submitLogin(page, user.email, user.password);
    await expectPage(page, 'Double authentification');
    await page.getByRole('button', { name: 'Utiliser une clé d’accès (passkey)' }).click();
    await expectPage(page, 'Mon compte');
    const row = page.getByRole('row', { name: /Ordinateur du bureau/ });
    await row.waitFor();
    expect(await row.innerText()).not.toContain('jamais');

    // Removal (the login was less than five minutes ago: no re-authentication asked).
    await row.getByRole('button', { name: 'Retirer la clé « Ordinateur du bureau »' }).click();
    await page
      .getByRole('status')
      .getByText('La clé d’accès « Ordinateur du bureau » a été retirée.')
      .waitFor();
    await page.getByText('Aucune clé d’accès.').waitFor();
    await expectPage(page, 'Mon compte');
    expectNoProblems(opened);
  });
});
