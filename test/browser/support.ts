/**
 * Browser tests: a real Mailwarden server (every role: API + dashboard, SMTP, worker) as a child
 * process on loopback, its sign-in mail caught by a real SMTP sink, driven by Debian's Chromium
 * through playwright-core. Runs on SQLite, or on a scratch PostgreSQL database when
 * DATABASE_URL_TEST is set.
 *
 * Without /usr/bin/chromium the tests skip with the install command, unless
 * MAILWARDEN_BROWSER_REQUIRED=1 (CI), where a missing browser is a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '../support/postgres.ts';
import { REPO_ROOT, startProcess, stopProcess, type StartedProcess } from '../support/processes.ts';
import { startSmtpSink, tokenFromMail, type SmtpSink } from '../support/smtp-sink.ts';
import { freePort } from '../support/ports.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test', 'browser', 'screenshots');
export const HONEYPOT_DOMAIN = 'trap.test';

/** Skips (or, in CI, fails) when Chromium is not installed. Call first in each test file's `before`. */
export function browserAvailable(t?: { skip(message?: string): void }): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}; install it with: apt-get install chromium`;
  if (process.env.MAILWARDEN_BROWSER_REQUIRED === '1') throw new Error(message);
  t?.skip(message);
  return false;
}

/** Builds web/dist when it is missing or older than its sources (the same step `npm start` runs). */
export function buildDashboard(): void {
  execFileSync(process.execPath, ['web/build-if-needed.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
}


export interface DashboardServer {
  /** http://127.0.0.1:<port> */
  url: string;
  smtpPort: number;
  sink: SmtpSink;
  /** The environment the server runs with (for `cli`). */
  env: Record<string, string>;
  /** Runs `mailwarden <args>` against the same database; returns stdout. */
  cli(args: string[]): string;
  stop(): Promise<void>;
}

/** Starts a fresh server with its own data directory (and scratch PostgreSQL database). */
export async function startDashboardServer(extraEnv: Record<string, string> = {}): Promise<DashboardServer> {
  buildDashboard();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-browser-'));
  const sink = await startSmtpSink();
  let scratch: ScratchDatabase | undefined;
  if (process.env.DATABASE_URL_TEST) scratch = await createScratchDatabase(process.env.DATABASE_URL_TEST, 'mw_browser');
  const [port, smtpPort] = [await freePort(), await freePort()];
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HONEYPOT_DOMAINS: HONEYPOT_DOMAIN,
    SMTP_RELAY_URL: sink.url,
    MAILWARDEN_SECRET: 'browser-test-secret-0123456789abcdef0123456789abcdef',
    SELF_SIGNUP: 'true',
    RATE_LIMIT_ENABLED: 'false',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    MAILBOX_ALLOW_PRIVATE_HOSTS: 'true',
    ANALYSIS_AUTH_CHECKS: 'false',
    LOG_LEVEL: 'info',
    ...(scratch === undefined ? {} : { DATABASE_URL: scratch.url }),
    ...extraEnv,
  };
  let started: StartedProcess;
  try {
    started = await startProcess(['bin/mailwarden.js', 'serve'], env, /HTTP API listening on (http:\/\/[^\s"]+)/);
  } catch (error) {
    await sink.close();
    await scratch?.drop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    smtpPort,
    sink,
    env,
    cli(args: string[]): string {
      const result = spawnSync(process.execPath, ['bin/mailwarden.js', ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`mailwarden ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
      return result.stdout;
    },
    async stop() {
      await stopProcess(started.child);
      await sink.close();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with the flags the sandbox-less CI machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/**
 * A fresh browser profile at a given size and colour scheme, with downloads allowed. `enforceCsp`
 * (default false) keeps the dashboard's Content-Security-Policy in force; otherwise it is bypassed so
 * tests may evaluate their own page code (page.waitForFunction with a string needs eval).
 */
export function newContext(browser: Browser, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; enforceCsp?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
    bypassCSP: options.enforceCsp !== true,
  });
}

/**
 * Signs in the way a person does: asks for a link on the sign-in page, reads the mail the server
 * sent through its relay (the SMTP sink), and opens the link. Resolves once the dashboard shows.
 */
export async function signIn(page: Page, server: DashboardServer, email: string): Promise<void> {
  const since = server.sink.messages.length;
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
  await page.getByText('a sign-in link is on its way').waitFor();
  const mail = await server.sink.waitFor((m) => m.to.includes(email), { since, timeoutMs: 10_000 });
  const token = tokenFromMail(mail.raw);
  await page.goto(`${server.url}/sign-in?token=${encodeURIComponent(token)}`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Saves a full-page screenshot as test/browser/screenshots/<name>.png (not in git; for looking at). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Resolves once the layout has settled after a resize (the phone drawer's slide is a CSS transition). */
export async function layoutSettled(page: Page): Promise<void> {
  // Strings, not functions: they run in the page, and the tests are type-checked without the DOM library.
  await page.waitForFunction("document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState === 'finished')");
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}

/**
 * Screenshots the current page light and dark, at 1280×800 and 390×844 (`<name>-desktop-light.png`…),
 * then restores desktop light. At each size it fails if the page scrolls sideways: wide tables must
 * scroll inside their .table-wrap, not widen the page.
 */
export async function screenshotAllSizes(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    await layoutSettled(page);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    if (width > viewport.width) throw new Error(`${name} at ${size} size is ${width} px wide, wider than the ${viewport.width} px screen`);
    // From the top: sticky bars and the sidebar would otherwise be drawn where the page was scrolled to.
    await page.evaluate('window.scrollTo(0, 0)');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `${name}-${size}-${scheme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await layoutSettled(page);
}

/**
 * Waits until `locator` matches exactly `count` elements (a list re-rendering after a change), and
 * fails with the last count seen after `timeoutMs` (default 10 s).
 */
export async function waitForCount(locator: Locator, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = await locator.count();
  while (seen !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} elements for ${locator.toString()}, still ${seen} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = await locator.count();
  }
}
