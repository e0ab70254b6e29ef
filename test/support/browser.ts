// Browser harness for test/browser: one headless Chromium per test file, pages that record what went wrong
// (console errors, uncaught exceptions, Content-Security-Policy violations), and the axe accessibility check.
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

let browser: Browser | undefined;

async function sharedBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
}

export interface TestPage {
  page: Page;
  /** Everything the page reported as wrong since it was opened; tests expect these lists to stay empty. */
  problems: PageProblems;
  close(): Promise<void>;
}

export interface NewPageOptions {
  viewport?: { width: number; height: number };
  locale?: string;
}

/** A page in a fresh browser context (no shared storage between tests), recording errors and CSP violations. */
export async function newPage(options: NewPageOptions = {}): Promise<TestPage> {
  const context = await (
    await sharedBrowser()
  ).newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'fr-FR',
    colorScheme: 'light',
  });
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [] };

  // The listener is installed before any page script runs, so even violations during the first load count.
  await context.exposeFunction('__gradinsReportCspViolation', (violation: string) => {
    problems.cspViolations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __gradinsReportCspViolation(violation: string): void })
        .__gradinsReportCspViolation;
      void report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });

  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error')
      problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));

  return { page, problems, close: () => context.close() };
}

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page as it is now and fails on any serious or critical violation of WCAG 2.1 A/AA, listing
 * each one with the elements concerned. Returns the full results so a test can look further.
 */
export async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  if (serious.length > 0) {
    const details = serious.map((violation) => {
      const nodes = violation.nodes.map(
        (node) =>
          `      ${node.target.join(' ')}\n        ${node.failureSummary?.replaceAll('\n', '\n        ')}`,
      );
      return `  [${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes.join('\n')}`;
    });
    throw new Error(
      `${serious.length} serious accessibility violation(s) on ${page.url()}:\n${details.join('\n')}`,
    );
  }
  return results;
}
