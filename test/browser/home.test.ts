import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, expectNoSeriousA11yViolations, newPage, type TestPage } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

let server: { url: string; stop(): Promise<void> } | undefined;
let opened: TestPage | undefined;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('The web build failed: see the output of scripts/ensure-web-build.mjs');
  server = await startTestServer();
});

afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

afterAll(async () => {
  await closeBrowser();
  await server?.stop();
});

async function open(path: string, options?: Parameters<typeof newPage>[0]): Promise<TestPage> {
  if (server === undefined) throw new Error('The test server did not start');
  opened = await newPage(options);
  await opened.page.goto(new URL(path, server.url).href);
  await opened.page.getByRole('heading', { level: 1 }).waitFor();
  return opened;
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

function expectNoProblems({ problems }: TestPage): void {
  expect(problems.cspViolations, 'Content-Security-Policy violations').toEqual([]);
  expect(problems.pageErrors, 'uncaught exceptions').toEqual([]);
  expect(problems.consoleErrors, 'console errors').toEqual([]);
}

describe('home page, in French', () => {
  it('is a DSFR page in French, served under the CSP without errors, and passes axe', async () => {
    const opened = await open('/');
    const { page } = opened;

    expect(await htmlLang(page)).toBe('fr');
    expect(await page.title()).toBe('Gradins');
    const header = page.getByRole('banner');
    expect(await header.getByText('Gradins', { exact: true }).isVisible()).toBe(true);
    expect(await header.innerText()).toMatch(/République\s+Française/i);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Gradins');
    expect(await page.getByRole('main').innerText()).toMatch(/tirage au sort/);

    // The Marianne font and the icons come from our own origin, bundled by Vite.
    const marianneLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('1rem Marianne');
    });
    expect(marianneLoaded).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^Marianne/);

    const footer = page.getByRole('contentinfo');
    expect(
      await footer.getByRole('link', { name: /Accessibilité\s*: non conforme/ }).getAttribute('href'),
    ).toBe('/accessibilite');

    await expectNoSeriousA11yViolations(page);
    expectNoProblems(opened);
  });

  it('has a skip link that moves the keyboard focus to the main content', async () => {
    const opened = await open('/');
    const { page } = opened;

    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Contenu', exact: true });
    expect(await skipLink.evaluate((link) => link === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'contenu');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    expect(new URL(page.url()).hash).toBe('#contenu');
    expectNoProblems(opened);
  });

  it('says who the service is for: the four publics and the actors', async () => {
    const opened = await open('/');
    const forWhom = opened.page.getByRole('region', { name: /Pour qui/ });

    const publics = forWhom.getByRole('list', { name: 'Les publics bénéficiaires' }).getByRole('listitem');
    const publicTitles = await publics.getByRole('heading', { level: 4 }).allInnerTexts();
    expect(publicTitles).toEqual([
      'Les jeunes et les scolaires',
      'Les bénévoles du mouvement sportif',
      'Les personnes en situation de handicap et leurs accompagnants',
      'Les agents publics de catégories B et C',
    ]);

    const actors = await forWhom.getByRole('list', { name: 'Les acteurs du dispositif' }).innerText();
    for (const actor of [
      'administrateurs de programme',
      'opérateurs',
      'responsables de groupe',
      'contrôle interne',
    ]) {
      expect(actors).toContain(actor);
    }
    expectNoProblems(opened);
  });
});

describe('home page, in English', () => {
  it('is reached from the header language switch, with English texts and lang="en", and passes axe', async () => {
    const opened = await open('/');
    const { page } = opened;

    await page.getByRole('banner').getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Who is it for?' }).waitFor();

    expect(pathOf(page)).toBe('/en');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByRole('main').innerText()).toMatch(/lottery anyone can verify/);
    const publics = page.getByRole('list', { name: 'Beneficiaries' }).getByRole('listitem');
    expect(await publics.count()).toBe(4);
    // DSFR's own component texts follow the language too.
    expect(await page.getByRole('contentinfo').innerText()).toMatch(/Accessibility\s*: non compliant/);

    await expectNoSeriousA11yViolations(page);

    await page.getByRole('banner').getByRole('link', { name: 'Français' }).click();
    await page.getByRole('heading', { name: /Pour qui/ }).waitFor();
    expect(pathOf(page)).toBe('/');
    expect(await htmlLang(page)).toBe('fr');
    expectNoProblems(opened);
  });

  it('is served directly at /en', async () => {
    const opened = await open('/en');

    expect(await htmlLang(opened.page)).toBe('en');
    expect(await opened.page.getByRole('banner').innerText()).toContain(
      'Free, nominative tickets to sport events',
    );
    expectNoProblems(opened);
  });
});

describe('unknown pages', () => {
  it('show the French 404 page with a link back home, and pass axe', async () => {
    const opened = await open('/pas-une-page');
    const { page } = opened;

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page non trouvée');
    expect(await page.title()).toBe('Page non trouvée — Gradins');
    expect(await htmlLang(page)).toBe('fr');
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('main').getByRole('link', { name: 'Page d’accueil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gradins' }).waitFor();
    expect(pathOf(page)).toBe('/');
    expectNoProblems(opened);
  });

  it('show the English 404 page under /en', async () => {
    const opened = await open('/en/not-a-page');

    expect(await opened.page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found');
    expect(await htmlLang(opened.page)).toBe('en');
    expect(
      await opened.page.getByRole('main').getByRole('link', { name: 'Home page' }).getAttribute('href'),
    ).toBe('/en');
    expectNoProblems(opened);
  });
});

describe('on a small phone (375×667)', () => {
  it('renders the home page without horizontal scrolling, with the DSFR mobile menu, and passes axe', async () => {
    const opened = await open('/', { viewport: { width: 375, height: 667 } });
    const { page } = opened;

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The navigation and the language switch move into the DSFR menu, behind a "Menu" button.
    await page.getByRole('button', { name: 'Menu' }).click();
    const menu = page.getByRole('dialog');
    await menu.getByRole('link', { name: 'English' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Accueil' }).getAttribute('aria-current')).toBe('page');
    await expectNoSeriousA11yViolations(page);

    await menu.getByRole('button', { name: 'Fermer' }).click();
    await menu.waitFor({ state: 'hidden' });
    await expectNoSeriousA11yViolations(page);
    expectNoProblems(opened);
  });
});
