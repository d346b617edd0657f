// What AuthLens costs in a real browser, headless Chromium (Debian's): the load time of a page
// of 500 requests with and without the extension, loads alternating; the popup's time from
// opening to a rendered diagnosis; the core's start-up in an extension page; and, from the
// service worker's network log, that the ordinary requests never fetched the wasm while one
// 401 did.
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, launch } from '../../tests/support/browsers.mjs';
import { BROWSERS, PARTS_DIR } from '../paths.mjs';
import { median } from './measure.mjs';

const REQUESTS = 500;
// A 1×1 transparent GIF.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The bench's own page server on 127.0.0.1: a page of 500 images, and one 401. */
async function startServer() {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://bench');
    if (pathname === '/page') {
      const images = Array.from({ length: REQUESTS }, (_, i) => `<img src="/r/${i}.gif" width="1" height="1">`).join('');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><title>${REQUESTS} requests</title>${images}`);
    } else if (pathname.startsWith('/r/')) {
      res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store', 'Content-Length': GIF.length });
      res.end(GIF);
    } else if (pathname === '/auth') {
      res.writeHead(401, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store',
        'WWW-Authenticate': 'Bearer realm="bench", error="invalid_token", error_description="The access token expired"' });
      res.end('{"error":"invalid_token"}');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: (path) => `http://127.0.0.1:${port}${path}`, close: () => { server.closeAllConnections(); server.close(); } };
}

/**
 * The floor of observing responses in Chromium: an extension that registers AuthLens's
 * webRequest listeners with the same options (Cookie and Set-Cookie, which the diagnosis
 * reads, need `extraHeaders`) and does nothing in them.
 */
function floorExtension(dir) {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name: 'webRequest floor', version: '1',
    permissions: ['webRequest', 'webRequestAuthProvider'], host_permissions: ['<all_urls>'],
    background: { service_worker: 'floor.js' },
  }));
  writeFileSync(join(dir, 'floor.js'), `const all = { urls: ['<all_urls>'] };
chrome.webRequest.onBeforeRequest.addListener(() => {}, { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] }, ['requestBody']);
chrome.webRequest.onSendHeaders.addListener(() => {}, all, ['requestHeaders', 'extraHeaders']);
chrome.webRequest.onHeadersReceived.addListener(() => {}, all, ['responseHeaders', 'extraHeaders']);
chrome.webRequest.onBeforeRedirect.addListener(() => {}, { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame', 'xmlhttprequest'] });
chrome.webRequest.onErrorOccurred.addListener(() => {}, all);
chrome.webRequest.onAuthRequired.addListener((d, respond) => respond({}), all, ['asyncBlocking']);
`);
  return dir;
}

/**
 * Chromium launched as tests/support/browsers.mjs launches it, without AuthLens: bare, or
 * with the floor extension.
 */
async function launchOther({ floor = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'authlens-bench-other-'));
  const extension = floor ? floorExtension(mkdtempSync(join(tmpdir(), 'authlens-bench-floor-'))) : null;
  const browser = await puppeteer.launch({
    executablePath: BROWSERS.chrome.binary, headless: true, userDataDir: profile, pipe: true, defaultViewport: null,
    args: chromiumArgs('en'), ...(extension ? { enableExtensions: [extension] } : {}),
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      for (const dir of [profile, extension]) if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** ms from navigation start to the end of the load event, for one load of `url` in `page`. */
async function loadTime(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
}

/**
 * ms from opening `url` (navigation start) to `body[data-ready]`, which the popup sets once it
 * has rendered, and to DOMContentLoaded, for how much of it is the page itself.
 */
async function openToReady(browser, url) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.ready) {
        globalThis.readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
  });
  await page.goto(url);
  await page.waitForFunction(() => globalThis.readyAt !== undefined);
  const ms = await page.evaluate(() => ({
    ready: globalThis.readyAt,
    domReady: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
  }));
  await page.close();
  return ms;
}

/**
 * The start-up of the core's background build in a fresh extension page: fetch + compile +
 * instantiate, first call. (The extension bundles the build's glue into its service worker,
 * where a page cannot reach it; the bench's copy of the extension has it beside the wasm.)
 */
async function coreStartup(browser, pageUrl, event) {
  const page = await browser.newPage();
  await page.goto(pageUrl);
  const times = await page.evaluate(async (e) => {
    const t0 = performance.now();
    const core = await import('/wasm/background.js');
    const t1 = performance.now();
    await core.default({ module_or_path: new URL('/wasm/background_bg.wasm', location.href) });
    const t2 = performance.now();
    core.diagnose(e);
    const t3 = performance.now();
    return { importJs: t1 - t0, init: t2 - t1, firstDiagnose: t3 - t2 };
  }, event);
  await page.close();
  return times;
}

/**
 * Counts the wasm fetches of the extension's service worker, as DevTools' network log of the
 * worker sees them (the worker's own resource timing does not list extension resources).
 */
async function watchWasmFetches(session) {
  const cdp = await session.worker.createCDPSession();
  const fetches = { count: 0 };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.endsWith('.wasm')) fetches.count += 1;
  });
  await cdp.send('Network.enable');
  return fetches;
}

/**
 * @param {{ loads?: number, popups?: number, event: object }} options
 */
export async function browserBench({ loads = 9, popups = 15, event }) {
  const server = await startServer();
  const session = await launch('chrome', { alter: (dir) => cpSync(join(PARTS_DIR, 'background.js'), join(dir, 'wasm', 'background.js')) });
  const bare = await launchOther();
  const floor = await launchOther({ floor: true });
  try {
    const wasm = await watchWasmFetches(session);
    const tabs = { with: await session.browser.newPage(), without: await bare.browser.newPage(), floor: await floor.browser.newPage() };
    const times = { with: [], without: [], floor: [] };
    const order = Object.keys(tabs);
    for (let i = -2; i < loads; i++) {
      // Each round starts with the next one, so that none always meets a busier machine.
      const first = (i + 3) % 3;
      for (const which of [...order.slice(first), ...order.slice(0, first)]) {
        const ms = await loadTime(tabs[which], server.url(`/page?load=${i}`));
        if (i >= 0) times[which].push(ms);
      }
    }
    const ordinaryWasm = wasm.count;

    await session.visit(server.url('/auth'));
    const tabId = await session.tabIdOf(server.url('/auth'));
    await session.failures(tabId, 1);
    const afterFailureWasm = wasm.count;

    const popup = [];
    for (let i = 0; i < popups; i++) popup.push(await openToReady(session.browser, session.extUrl(`popup/popup.html?tab=${tabId}`)));
    const startups = [];
    for (let i = 0; i < popups; i++) startups.push(await coreStartup(session.browser, session.extUrl('icons/icon.svg'), event));
    const startup = Object.fromEntries(Object.keys(startups[0]).map((k) => [k, median(startups.map((s) => s[k]))]));
    return {
      chromium: await session.browser.version(),
      loads, requests: REQUESTS,
      withMs: median(times.with), withoutMs: median(times.without),
      floorMs: median(times.floor),
      ratio: median(times.with.map((t, i) => t / times.without[i])),
      floorRatio: median(times.floor.map((t, i) => t / times.without[i])),
      overFloor: median(times.with.map((t, i) => t / times.floor[i])),
      ordinaryWasm, afterFailureWasm,
      popupMs: median(popup.map((p) => p.ready)),
      popupDomMs: median(popup.map((p) => p.domReady)),
      startup,
    };
  } finally {
    await session.close();
    await bare.close();
    await floor.close();
    server.close();
  }
}
