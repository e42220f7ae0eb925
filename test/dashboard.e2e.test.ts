/**
 * End-to-end: the real server (SQLite in a temp dir, simulated network, demo traffic) serving
 * the built dashboard, driven in Debian's headless Chromium through playwright-core. A person's
 * path: enter the admin key, open Learned weights for a segment with at least two providers,
 * watch the chart grow, change a reward weight, save, see the new version. Saves
 * docs/screenshot.png. Needs /usr/bin/chromium (`apt-get install chromium`; CI installs it);
 * never downloads a browser.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_KEY = 'e2e-admin-key-0123456789abcdefghij';
// Every run saves its screenshot under test-results/ (git-ignored); UPDATE_SCREENSHOT=1 refreshes the README's copy.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1' ? join(ROOT, 'docs', 'screenshot.png') : join(ROOT, 'test-results', 'dashboard.png');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let tmp: string;
let server: ChildProcessWithoutNullStreams | undefined;
let serverLog = '';
let baseUrl: string;
let context: BrowserContext | undefined;

/** Starts `server/main.ts` and resolves with the URL it prints ("listening on http://HOST:PORT"). */
function startServer(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
    server = child;
    const timer = setTimeout(() => reject(new Error(`server did not print its URL within 60 s:\n${serverLog}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      serverLog += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(serverLog);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (serverLog += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${serverLog}`));
    });
  });
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`/healthz never answered 200:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(force);
}

async function attr(page: Page, testid: string, name: string): Promise<number> {
  return Number((await page.getByTestId(testid).getAttribute(name)) ?? 'NaN');
}

describe('dashboard end to end', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`apt-get install -y chromium\` (CI does); no browser is downloaded`);
    tmp = mkdtempSync(join(tmpdir(), 'routewise-dashboard-e2e-'));
    // The server serves dashboard/dist by default: build it there so the test sees this checkout's UI.
    const outDir = join(ROOT, 'dashboard', 'dist');
    await build({ configFile: join(ROOT, 'dashboard', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    baseUrl = await startServer({
      PORT: '0',
      HOST: '127.0.0.1',
      ROUTEWISE_MODE: 'demo',
      ROUTEWISE_DB: join(tmp, 'routewise.db'),
      ROUTEWISE_KEY_FILE: join(tmp, 'keys.json'),
      ROUTEWISE_ADMIN_KEY: ADMIN_KEY,
      ROUTEWISE_DEMO_TRAFFIC: '1',
      ROUTEWISE_DEMO_RATE: '20',
      ROUTEWISE_SNAPSHOT_INTERVAL_MS: '500',
      ROUTEWISE_LOG_LEVEL: 'warn',
      ROUTEWISE_DASHBOARD_DIR: outDir,
    });
    await waitForHealth(baseUrl);
    context = await chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await stopServer();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('shows learned weights growing for a multi-provider segment and saves a new reward version', async () => {
    const page = await (context as BrowserContext).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    await page.goto(`${baseUrl}/`);
    await page.getByTestId('admin-key-input').fill(ADMIN_KEY);
    await page.getByTestId('admin-key-submit').click();
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');

    // The Overview (the landing page, last 15 minutes) gives the demo's rate (20/s = 1,200/min)
    // over the minutes it has run, not diluted by the 15 the range spans (that read ~30/min).
    const perMinute = async () => Number(((await page.getByTestId('kpi-rate-value').textContent()) ?? '').replace(/,/g, ''));
    await expect.poll(perMinute, { timeout: 45_000 }).toBeGreaterThan(300);
    expect(await perMinute()).toBeLessThan(2_400);

    await page.getByTestId('nav-weights').click();
    await page.getByTestId('segment-picker').waitFor();
    const chart = page.getByTestId('weights-chart');
    await chart.waitFor();
    // The default segment is the one with the most providers; the chart needs at least two.
    await expect.poll(() => attr(page, 'weights-chart', 'data-providers'), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => attr(page, 'weights-chart', 'data-points'), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const before = await attr(page, 'weights-chart', 'data-points');
    await expect.poll(() => attr(page, 'weights-chart', 'data-points'), { timeout: 30_000 }).toBeGreaterThan(before);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    const segment = await chart.getAttribute('data-segment');
    expect(segment).toMatch(/^[A-Z]{2}:[^:]+:(standard|premium)$/);

    await page.getByTestId('nav-config').click();
    const version = page.getByTestId('reward-version');
    await expect.poll(() => version.textContent(), { timeout: 15_000 }).not.toBe('…');
    const oldVersion = (await version.textContent()) ?? '';
    const cost = page.getByTestId('reward-cost');
    const oldCost = await cost.inputValue();
    const newCost = Number(oldCost) === 0.35 ? '0.3' : '0.35';
    await cost.fill(newCost);
    await page.getByTestId('whatif-button').click();
    // The what-if either predicts or says why it cannot; both are shown, never swallowed.
    await page.locator('[data-testid="whatif-result"], [data-testid="problem"]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('reward-save').click();
    await expect.poll(() => version.textContent(), { timeout: 15_000 }).not.toBe(oldVersion);
    const newVersion = (await version.textContent()) ?? '';
    await expect.poll(() => page.getByTestId('reward-saved').textContent()).toContain(newVersion);
    expect(await page.getByTestId('reward-history').textContent()).toContain(oldVersion);
    expect(await cost.inputValue()).toBe(newCost);

    // Roll back from the history: the old weights come back as a third version, in the form too.
    await page.getByTestId(`reward-history-restore-${oldVersion}`).click();
    await page.getByTestId('reward-history-confirm').click();
    await expect.poll(() => version.textContent(), { timeout: 15_000 }).not.toBe(newVersion);
    const restoredVersion = (await version.textContent()) ?? '';
    expect(restoredVersion).not.toBe(oldVersion);
    await expect
      .poll(() => page.getByTestId('reward-history-restored').textContent())
      .toBe(`Restored ${oldVersion} as version ${restoredVersion}.`);
    await expect.poll(() => cost.inputValue()).toBe(oldCost);

    // Another admin changes the weights through the API: the untouched form follows the live
    // `config` event to the new version instead of keeping values "Apply" would write back.
    const current = (await (await fetch(`${baseUrl}/v1/config/reward`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as {
      body: { weights: Record<string, unknown> };
    };
    const elsewhere = await fetch(`${baseUrl}/v1/config/reward`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ weights: { ...current.body.weights, cost: 0.25 } }),
    });
    expect(elsewhere.status).toBe(200);
    await expect.poll(() => cost.inputValue(), { timeout: 15_000 }).toBe('0.25');
    await expect.poll(() => version.textContent()).not.toBe(restoredVersion);

    // Back to the weights of the same segment: the config change is now a marker on the time axis.
    await page.goto(`${baseUrl}/#/weights?segment=${encodeURIComponent(segment ?? '')}`);
    await chart.waitFor();
    await expect.poll(() => page.getByTestId('event-list').textContent(), { timeout: 20_000 }).toContain('config');
    // A few more seconds of snapshots (every 500 ms here) so the saved screenshot shows a trend.
    await expect.poll(() => attr(page, 'weights-chart', 'data-points'), { timeout: 30_000 }).toBeGreaterThanOrEqual(Math.max(before + 1, 24));
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Route health shows the completion model the policies learn through, filled by the demo traffic.
    await page.getByTestId('nav-health').click();
    await page.getByTestId('completion-panel').waitFor();
    const learnedBuckets = page.locator('[data-testid="completion-bucket"]:not([data-rate=""])');
    await expect.poll(() => learnedBuckets.count(), { timeout: 40_000 }).toBeGreaterThan(0);
    const rate = Number(await learnedBuckets.first().getAttribute('data-rate'));
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThanOrEqual(1);

    // Benchmarks: the latest report of each scenario, or, in a checkout with none, how to make them.
    await page.getByTestId('nav-benchmarks').click();
    const shown = page.locator('[data-testid="benchmark-report"], [data-testid="benchmarks-empty"]').first();
    await shown.waitFor({ timeout: 15_000 });
    if ((await shown.getAttribute('data-testid')) === 'benchmarks-empty') expect(await shown.textContent()).toContain('npm run bench');
    else expect(await shown.textContent()).toContain('Goals for the default policy');

    // At a phone's width no view may scroll the page sideways (wide tables scroll inside their box).
    await page.setViewportSize({ width: 375, height: 800 });
    for (const view of ['overview', 'weights', 'health', 'decisions', 'config', 'benchmarks']) {
      await page.getByTestId(`nav-${view}`).click();
      await page.waitForTimeout(700);
      expect({ view, width: await page.evaluate<number>('document.documentElement.scrollWidth') }).toEqual({ view, width: 375 });
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
