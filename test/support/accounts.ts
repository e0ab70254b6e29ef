// Helpers of the accounts browser tests: the development mailbox over HTTP, TOTP codes computed on the test
// server's clock, and small page objects for signing in and the second factor.
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoSeriousA11yViolations, type TestPage } from './browser.js';

/** The controllable clock the accounts test server exposes (`server.clock`). */
export interface TestClock {
  now(): Date;
  advance(milliseconds: number): void;
}

/** What the accounts browser tests need from `startTestServer()`. */
export interface AccountsTestServer {
  url: string;
  stop(): Promise<void>;
  /** The full URL of the one-time first-administrator set-up link. */
  firstAdminLink: string;
  clock: TestClock;
}

/** Checks that the server gives the tests what they need, with a clear message when it does not. */
export function asAccountsTestServer(server: {
  url: string;
  stop(): Promise<void>;
  firstAdminLink?: unknown;
  clock?: unknown;
}): AccountsTestServer {
  if (typeof server.firstAdminLink !== 'string')
    throw new Error('startTestServer() must return firstAdminLink (the full URL of the set-up link)');
  const clock = server.clock as Partial<TestClock> | undefined;
  if (typeof clock?.now !== 'function' || typeof clock.advance !== 'function')
    throw new Error('startTestServer() must return clock: { now(): Date; advance(ms: number): void }');
  return server as AccountsTestServer;
}

/** The path (and query) of a full URL, to open it on the test server whatever host the link names. */
export function pathOfLink(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

/**
 * A TOTP code for the server's "now". The server refuses a code already used in the same 30-second step, so
 * each call first moves the clock to the next step.
 */
export async function freshTotpCode(secret: string, clock: TestClock): Promise<string> {
  clock.advance(30_000);
  return generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
}

export interface DevMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  receivedAt: string;
}

export async function readDevMailbox(baseUrl: string): Promise<DevMail[]> {
  const response = await fetch(new URL('/api/v1/dev/mail', baseUrl));
  if (!response.ok) throw new Error(`GET /api/v1/dev/mail answered ${response.status}`);
  return (await response.json()) as DevMail[];
}

/** Waits (up to 15 s) for a mail to the given address, as the outbox delivers after the transaction commits. */
export async function waitForMail(baseUrl: string, to: string, timeoutMs = 15_000): Promise<DevMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await readDevMailbox(baseUrl)).find((candidate) => candidate.to.includes(to));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`No mail to ${to} in the development mailbox`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first web address of a mail's text. */
export function firstLinkIn(text: string): string {
  const match = /https?:\/\/[^\s<>"]+/.exec(text);
  if (!match) throw new Error(`No link in the mail:\n${text}`);
  return match[0];
}

/** Waits for the page's <h1> to read `title`, then runs axe on it (every page visited is checked). */
export async function expectPage(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await expectNoSeriousA11yViolations(page);
}

/**
 * No CSP violation, no uncaught exception, no console error. Chromium logs every 4xx answer as a console error
 * ("Failed to load resource"): the statuses a test provokes on purpose (a refused login…) are listed in
 * `expectedHttpErrors` and only those API answers are tolerated.
 */
export function expectNoProblems({ problems }: TestPage, expectedHttpErrors: readonly number[] = []): void {
  expect(problems.cspViolations, 'Content-Security-Policy violations').toEqual([]);
  expect(problems.pageErrors, 'uncaught exceptions').toEqual([]);
  const unexpected = problems.consoleErrors.filter((message) => {
    const match =
      /^Failed to load resource: the server responded with a status of (\d{3}) .*\/api\/v1\//.exec(message);
    return !(match && expectedHttpErrors.includes(Number(match[1])));
  });
  expect(unexpected, 'console errors').toEqual([]);
}

/** Fills and sends the login form (the page is on /connexion). */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Se connecter' }).click();
}

/** The TOTP challenge step of /connexion/double-authentification. */
export async function answerTotpChallenge(page: Page, secret: string, clock: TestClock): Promise<void> {
  await expectPage(page, 'Double authentification');
  await page.getByLabel('Code à 6 chiffres').fill(await freshTotpCode(secret, clock));
  await page.getByRole('button', { name: 'Vérifier' }).click();
}

/**
 * The forced TOTP enrolment: reads the secret shown under the QR code, confirms with a code, keeps the recovery
 * codes and continues. Returns the secret and the codes.
 */
export async function enrolTotp(
  page: Page,
  clock: TestClock,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.getByRole('heading', { level: 1, name: 'Activer la double authentification' }).waitFor();
  // First the choice between an authenticator app and a passkey.
  await page.locator('label', { hasText: 'Application d’authentification' }).click();
  expect(await page.getByRole('radio', { name: /^Application d’authentification/ }).isChecked()).toBe(true);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Continuer' }).click();
  const secretElement = page.locator('#cle-totp');
  await secretElement.waitFor();
  await page.getByRole('img', { name: /QR code/ }).waitFor();
  await expectNoSeriousA11yViolations(page);
  const secret = (await secretElement.getAttribute('data-secret')) ?? '';
  expect((await secretElement.innerText()).replaceAll(' ', '')).toBe(secret);
  expect(await secretElement.innerText()).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);

  await page
    .getByLabel('Code à 6 chiffres affiché par l’application')
    .fill(await freshTotpCode(secret, clock));
  await page.getByRole('button', { name: 'Activer' }).click();

  const codes = page.locator('[data-recovery-code]');
  await codes.first().waitFor();
  await expectNoSeriousA11yViolations(page);
  const recoveryCodes = await codes.allInnerTexts();
  const keep = page.getByRole('button', { name: 'Continuer' });
  expect(await keep.isDisabled()).toBe(true);
  await page.getByText('J’ai conservé mes codes de secours').click();
  await keep.click();
  return { secret, recoveryCodes };
}

/** Answers the re-authentication modal if the server asks for it (403 reauthentication-required). */
export async function reauthenticateIfAsked(
  page: Page,
  password: string,
  secret: string,
  clock: TestClock,
  done: () => Promise<unknown>,
): Promise<void> {
  const modal = page.getByRole('dialog', { name: 'Confirmez votre identité' });
  const outcome = await Promise.race([
    modal.waitFor({ state: 'visible' }).then(() => 'modal' as const),
    done().then(() => 'done' as const),
  ]);
  if (outcome === 'done') return;
  // DSFR fades the modal in (0.3 s): axe measures colours once it is fully opaque.
  await page.waitForFunction(() => {
    const dialog = document.getElementById('reauthentification');
    return dialog !== null && getComputedStyle(dialog).opacity === '1';
  });
  await expectNoSeriousA11yViolations(page);
  await modal.getByLabel('Mot de passe', { exact: true }).fill(password);
  // The label has a no-break space after the 6.
  await modal.getByRole('textbox', { name: /^Code à 6\s+chiffres/ }).fill(await freshTotpCode(secret, clock));
  await modal.getByRole('button', { name: 'Confirmer' }).click();
  await modal.waitFor({ state: 'hidden' });
  await done();
}
