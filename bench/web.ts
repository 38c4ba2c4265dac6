// The web app's first load on a throttled connection: the login page and the service advisor's home,
// measured in Chromium (CDP network events and the browser's paint timings), each loaded twice in
// the same run: as served (brotli) and with compression refused (`accept-encoding: identity`), the
// raw limit the compression is measured against.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Browser, type CDPSession, chromium, type Page } from '@playwright/test';
import { resultFile } from './lookup.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
/** The budget (issue 14): the first staff page after login loads at most this much compressed JS + CSS. */
const BUDGET_BYTES = 350 * 1024;

type Load = {
  page: string;
  encoding: 'br' | 'identity';
  /** Bytes on the wire (headers included), all responses / JS + CSS only. */
  transferred: number;
  transferredJsCss: number;
  /** The same responses decoded. */
  decodedJsCss: number;
  requests: number;
  fcp: number | null;
  lcp: number | null;
  /** `loadEventEnd`, and the moment the page's own content was visible (the lazily loaded page included). */
  load: number;
  ready: number;
};

async function startServer(port: number): Promise<ChildProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicebay-bench-web-'));
  const server = spawn(path.join(root, 'node_modules/.bin/tsx'), ['packages/server/src/main.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), SERVICEBAY_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`http://localhost:${port}/healthz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  server.kill();
  throw new Error('the server did not start within 3 minutes');
}

/** Counts what the page downloads from the moment it is created. */
async function watchNetwork(cdp: CDPSession) {
  const types = new Map<string, string>();
  const totals = { transferred: 0, transferredJsCss: 0, decodedJsCss: 0, requests: 0 };
  const decoded = new Map<string, number>();
  cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type));
  cdp.on('Network.dataReceived', (event) => decoded.set(event.requestId, (decoded.get(event.requestId) ?? 0) + event.dataLength));
  cdp.on('Network.loadingFinished', (event) => {
    const type = types.get(event.requestId);
    totals.transferred += event.encodedDataLength;
    totals.requests += 1;
    if (type === 'Script' || type === 'Stylesheet') {
      totals.transferredJsCss += event.encodedDataLength;
      totals.decodedJsCss += decoded.get(event.requestId) ?? 0;
    }
  });
  return totals;
}

async function throttledPage(browser: Browser, baseURL: string, encoding: Load['encoding'], storageState?: string) {
  // The service worker fetches the whole app shell after the first load (to work offline); the budget
  // is about what the page itself needs, so the worker is kept out of the measurement.
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', storageState, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 40,
    downloadThroughput: (10 * 1024 * 1024) / 8,
    uploadThroughput: (10 * 1024 * 1024) / 8,
  });
  if (encoding === 'identity') await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number | null };
    w.__lcp = null;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  return { context, page, totals: await watchNetwork(cdp) };
}

async function timings(page: Page) {
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    return { fcp, lcp: (window as unknown as { __lcp: number | null }).__lcp, load: navigation?.loadEventEnd ?? 0 };
  });
}

async function measure(
  browser: Browser,
  baseURL: string,
  encoding: Load['encoding'],
  name: string,
  url: string,
  visible: string,
  storageState?: string,
) {
  const { context, page, totals } = await throttledPage(browser, baseURL, encoding, storageState);
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator(visible).first().waitFor({ timeout: 60_000 });
  const readyWall = Date.now() - started;
  await page.waitForLoadState('networkidle');
  // LCP is final once the page stops painting new content; a short pause lets the last entry land.
  await page.waitForTimeout(500);
  const t = await timings(page);
  const load: Load = { page: name, encoding, ...totals, ...t, ready: readyWall };
  return { load, context, page };
}

async function saStorageState(browser: Browser, baseURL: string): Promise<string> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('#login').fill('sa.bj');
  await page.locator('#password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/my-day');
  await page.getByTestId('user-menu').waitFor();
  const file = path.join(os.tmpdir(), `servicebay-bench-web-state-${process.pid}.json`);
  await context.storageState({ path: file });
  await context.close();
  return file;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

export async function runWeb(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string', default: '3290' }, runs: { type: 'string', default: '3' } },
  });
  const port = Number(values.port);
  const runs = Number(values.runs);
  const built = spawnSync('node', ['scripts/build-web-if-stale.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the web app failed');

  const server = await startServer(port);
  const baseURL = `http://localhost:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  try {
    const state = await saStorageState(browser, baseURL);
    const pages = [
      { name: 'login', url: '/login', visible: '[data-testid="login-submit"]' },
      { name: 'SA home (/my-day)', url: '/my-day', visible: '[data-testid="user-menu"]', state },
    ];
    const loads: Load[] = [];
    for (let run = 0; run < runs; run++) {
      for (const p of pages) {
        for (const encoding of ['br', 'identity'] as const) {
          const { load, context } = await measure(browser, baseURL, encoding, p.name, p.url, p.visible, p.state);
          loads.push(load);
          await context.close();
        }
      }
    }

    console.log(`\nChromium, cache disabled, throttled to 10 Mbit/s down and up, 40 ms latency; median of ${runs} runs each.\n`);
    console.log('| page | encoding | JS+CSS transferred | JS+CSS decoded | all transferred | requests | FCP | LCP | load | page visible |');
    console.log('|:---|:---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const summary: Record<string, Load> = {};
    for (const p of pages) {
      for (const encoding of ['br', 'identity'] as const) {
        const these = loads.filter((l) => l.page === p.name && l.encoding === encoding);
        const median = (pick: (l: Load) => number | null) => {
          const values = these
            .map(pick)
            .filter((v): v is number => v !== null)
            .sort((a, b) => a - b);
          return values.length ? values[Math.floor(values.length / 2)]! : null;
        };
        const m: Load = {
          page: p.name,
          encoding,
          transferred: median((l) => l.transferred)!,
          transferredJsCss: median((l) => l.transferredJsCss)!,
          decodedJsCss: median((l) => l.decodedJsCss)!,
          requests: median((l) => l.requests)!,
          fcp: median((l) => l.fcp),
          lcp: median((l) => l.lcp),
          load: median((l) => l.load)!,
          ready: median((l) => l.ready)!,
        };
        summary[`${p.name} ${encoding}`] = m;
        console.log(
          `| ${m.page} | ${encoding === 'br' ? 'as served' : 'identity (raw limit)'} | ${kb(m.transferredJsCss)} | ${kb(m.decodedJsCss)} | ${kb(m.transferred)} | ${m.requests} | ${ms(m.fcp)} | ${ms(m.lcp)} | ${ms(m.load)} | ${ms(m.ready)} |`,
        );
      }
    }
    const home = summary[`${pages[1]!.name} br`]!;
    const homeRaw = summary[`${pages[1]!.name} identity`]!;
    console.log(
      `\nSA home: ${kb(home.transferredJsCss)} of compressed JS + CSS (${((home.transferredJsCss / homeRaw.transferredJsCss) * 100).toFixed(0)}% of the uncompressed ${kb(homeRaw.transferredJsCss)}); budget ≤ ${kb(BUDGET_BYTES)} → ${home.transferredJsCss <= BUDGET_BYTES ? 'met' : 'NOT met'}`,
    );
    const file = resultFile('web');
    fs.writeFileSync(file, JSON.stringify({ runs, summary, loads }, null, 2));
    console.log(`Saved ${file}`);
    fs.rmSync(state, { force: true });
  } finally {
    await browser.close();
    server.kill();
  }
}
