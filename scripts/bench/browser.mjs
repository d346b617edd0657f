// What AuthLens costs in real browsers, headless (Debian's Chromium and Firefox ESR):
// - page load with and without AuthLens, loads alternating round by round, on two pages: the
//   lab's realistic page (tests/lab/realistic.mjs: the Web Almanac's median desktop page, four
//   origins, tens of ms per response) and a stress page of 500 images at once; in Chromium
//   also with a stand-in that registers AuthLens's very listeners, filters and options, each
//   empty (the floor of observing what AuthLens observes), and with AuthLens's permissions and
//   no listener at all (the floor of holding `webRequest`);
// - the popup's time from opening to a rendered diagnosis;
// - the background core's start-up where it happens, in fresh service workers: from the first
//   failure asking for it to its first answer (fetch, compile, instantiate, first call);
// - from the service worker's network log, that ordinary requests never fetched the wasm.
import { createServer } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startLab } from '../../tests/lab/server.mjs';
import { REQUESTS as REALISTIC_REQUESTS } from '../../tests/lab/realistic.mjs';
import { chromiumArgs, launch } from '../../tests/support/browsers.mjs';
import { BROWSERS, extensionDir } from '../paths.mjs';
import { spread } from './measure.mjs';

const STRESS_REQUESTS = 500;
// A 1×1 transparent GIF.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The bench's own server on 127.0.0.1: the stress page of 500 images, and one 401. */
async function startServer() {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://bench');
    if (pathname === '/page') {
      const images = Array.from({ length: STRESS_REQUESTS }, (_, i) => `<img src="/r/${i}.gif" width="1" height="1">`).join('');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><title>${STRESS_REQUESTS} requests</title>${images}`);
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
 * The stand-in: the built AuthLens whose background registers every listener it registers,
 * with the same filters and options, but each one empty (an auth prompt answered at once, as
 * AuthLens answers it). What it costs is the floor of observing what AuthLens observes.
 */
function standInExtension(dir) {
  cpSync(extensionDir('chrome'), dir, { recursive: true });
  writeFileSync(join(dir, 'background', 'empty-listeners.js'), `for (const area of [chrome.webRequest, chrome.tabs, chrome.storage, chrome.runtime]) {
  for (const event of Object.values(area)) {
    if (typeof event?.addListener !== 'function') continue;
    const add = event.addListener.bind(event);
    // Only the arguments given: an event without filters throws at a second one, even undefined.
    event.addListener = (listener, ...rest) =>
      add(rest[1]?.includes('asyncBlocking') ? (details, respond) => respond({}) : () => {}, ...rest);
  }
}
`);
  // Imports run in order: the listeners are made empty before AuthLens registers them.
  writeFileSync(join(dir, 'background', 'stand-in.js'), "import './empty-listeners.js';\nimport './main.js';\n");
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.background.service_worker = 'background/stand-in.js';
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/**
 * The floor under any observer: the built AuthLens, its permissions unchanged, with a worker
 * that registers nothing. Once an extension holds `webRequest`, Chromium routes every request
 * of every page through a proxy in its browser process, listeners or not
 * (extensions/browser/api/web_request/web_request_api.cc: `OnExtensionLoaded` counts the
 * extensions with any webRequest permission, and `MayHaveProxies` proxies each URLLoaderFactory
 * while that count is above 0). Its cost is no listener's, and no observer's design avoids it.
 */
function permissionOnlyExtension(dir) {
  cpSync(extensionDir('chrome'), dir, { recursive: true });
  writeFileSync(join(dir, 'background', 'main.js'), '');
  return dir;
}

/**
 * A stand-in whose worker threw at start registers nothing, and measures an extension that
 * observes nothing (it did, until 2026-12-07): its worker must be running, its listeners there.
 */
async function checkStandIn(target) {
  const worker = await target.worker();
  try {
    // The worker is reported before it has started: its extension API comes with its script.
    const listening = () => worker.evaluate(() => globalThis.chrome?.webRequest?.onHeadersReceived.hasListeners() ?? false);
    for (let tries = 0; !await listening(); tries++) {
      if (tries === 50) throw new Error('bench: the stand-in\'s worker registered no webRequest listener');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    // A DevTools session on the worker would slow every event it handles.
    await worker.client.detach();
  }
}

/**
 * The popup's floor: its page, style sheet and markup with a script that only says it is
 * ready. What Chromium takes to open an extension page in a tab is no work of AuthLens's.
 */
const emptyPopup = (dir) => writeFileSync(join(dir, 'popup', 'popup.js'), "document.body.dataset.ready = 'true';\n");

const OTHERS = { standIn: standInExtension, permissionOnly: permissionOnlyExtension };

/**
 * A browser launched as tests/support/browsers.mjs launches it, without AuthLens: bare, or with
 * `instead` one of OTHERS (Chromium).
 */
async function launchOther(name, { instead } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'authlens-bench-other-'));
  const extension = instead ? OTHERS[instead](mkdtempSync(join(tmpdir(), `authlens-bench-${instead}-`))) : null;
  const browser = name === 'chrome'
    ? await puppeteer.launch({
      executablePath: BROWSERS.chrome.binary, headless: true, userDataDir: profile, pipe: true, defaultViewport: null,
      args: chromiumArgs('en'), ...(extension ? { enableExtensions: [extension] } : {}),
    })
    : await puppeteer.launch({
      browser: 'firefox', executablePath: BROWSERS.firefox.binary, headless: true, userDataDir: profile, defaultViewport: null,
      extraPrefsFirefox: { 'network.dns.disableIPv6': true, 'dom.security.https_first': false },
    });
  if (extension) {
    const worker = await browser.waitForTarget((t) => t.type() === 'service_worker');
    if (instead === 'standIn') await checkStandIn(worker);
  }
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      for (const dir of [profile, extension]) if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** ms from navigation start to the end of the load event. */
async function loadTime(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
}

/** ms from navigation start until the realistic page has loaded and every fetch it made has answered. */
async function realisticTime(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.realisticDone !== undefined);
  return page.evaluate(() => window.realisticDone);
}

/**
 * Loads `url(round)` with `measure` in each of `tabs` once per round, the order rotating
 * every round so that none always meets a busier machine; two rounds of warm-up. Returns each
 * tab's times and, per round, each tab's time over `base`'s.
 */
async function interleavedLoads(tabs, { url, measure, rounds, base }) {
  const names = Object.keys(tabs);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = -2; i < rounds; i++) {
    const first = (i + 2) % names.length;
    for (const which of [...names.slice(first), ...names.slice(0, first)]) {
      const ms = await measure(tabs[which], url(i));
      if (i >= 0) times[which].push(ms);
    }
  }
  const ratios = (k, over = base) => times[k].map((t, i) => t / times[over][i]);
  return { times, ratios };
}

/**
 * ms from opening `url` (navigation start) to `body[data-ready]`, which the popup sets once it
 * has rendered, to DOMContentLoaded, and the popup core's own start (its User Timing measure).
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
    core: performance.getEntriesByName('authlens:popup')[0]?.duration,
  }));
  await page.close();
  return ms;
}

/**
 * Counts the wasm fetches of the extension's service worker, as DevTools' network log of the
 * worker sees them (the worker's own resource timing does not list extension resources),
 * until `stop()` (a worker DevTools is attached to cannot be stopped).
 */
async function watchWasmFetches(session) {
  const cdp = await session.worker.createCDPSession();
  const fetches = { count: 0, stop: () => cdp.detach() };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.endsWith('.wasm')) fetches.count += 1;
  });
  await cdp.send('Network.enable');
  return fetches;
}

/**
 * The background core's start-up in `workers` fresh service workers: each time the worker is
 * stopped, a 401 wakes a new one, which loads the core to diagnose it; its User Timing measures
 * (extension/core.js) say how long from asking for the core to its first answer, and to the
 * core's being instantiated (`{ ms, loaded }` each).
 */
async function coreStartups(session, server, workers) {
  const out = [];
  for (let i = 0; i < workers; i++) {
    await session.stopWorker();
    const url = server.url(`/auth?worker=${i}`);
    const page = await session.visit(url);
    await session.failures(await session.tabIdOf(url), 1);
    const [ms, loaded] = await session.inBackground((background) =>
      ['authlens:background', 'authlens:background:loaded'].map((name) => background.performance.getEntriesByName(name)[0]?.duration));
    if (ms === undefined || loaded === undefined) throw new Error('bench: the fresh worker recorded no core start-up');
    out.push({ ms, loaded });
    await page.close();
  }
  return out;
}

/** Rounds of loads per page and browser; popup openings; fresh workers; where progress is told. */
const DEFAULTS = { rounds: 15, popups: 21, workers: 21, progress: (text) => console.error(`bench: ${text}`) };

/**
 * Every figure of the real browsers: `{ chromium, firefox, realistic: { requests, chrome, firefox },
 * stress: { requests, chrome, firefox }, popup, startup, ordinaryWasm, afterFailureWasm }`, each
 * timing as `spread()` has it (median, quartiles, extremes, n).
 */
export async function browserBench(options = {}) {
  const { rounds, popups, workers, progress } = { ...DEFAULTS, ...options };
  const server = await startServer();
  const labs = [await startLab(), await startLab()];
  const realisticUrl = (i) => labs[0].url(`/lab/realistic?static=${encodeURIComponent(labs[0].url('', 'localhost'))}` +
    `&third=${encodeURIComponent(labs[1].url(''))}&ads=${encodeURIComponent(labs[1].url('', 'localhost'))}&round=${i}`);
  const stressUrl = (i) => server.url(`/page?load=${i}`);
  const out = { realistic: { requests: REALISTIC_REQUESTS }, stress: { requests: STRESS_REQUESTS } };

  const chrome = {
    with: await launch('chrome'), without: await launchOther('chrome'),
    standIn: await launchOther('chrome', { instead: 'standIn' }), permissionOnly: await launchOther('chrome', { instead: 'permissionOnly' }),
  };
  try {
    out.chromium = await chrome.with.browser.version();
    const tabs = Object.fromEntries(await Promise.all(Object.entries(chrome).map(async ([k, s]) => [k, await s.browser.newPage()])));
    const pages = [['realistic', realisticUrl, realisticTime], ['stress', stressUrl, loadTime]];
    for (const [page, url, measure] of pages) {
      progress(`Chromium, ${page} page, ${rounds} rounds`);
      const { times, ratios } = await interleavedLoads(tabs, { url, measure, rounds, base: 'without' });
      out[page].chrome = {
        withMs: spread(times.with), withoutMs: spread(times.without), standInMs: spread(times.standIn),
        ratio: spread(ratios('with')), standInRatio: spread(ratios('standIn')), overStandIn: spread(ratios('with', 'standIn')),
        permissionOnlyMs: spread(times.permissionOnly), permissionOnlyRatio: spread(ratios('permissionOnly')),
      };
    }
    // Counted in loads of their own: a DevTools session on the worker slows every event it
    // handles, and no timed load may pay for it.
    const wasm = await watchWasmFetches(chrome.with);
    for (const [, url, measure] of pages) await measure(tabs.with, url(rounds));
    out.ordinaryWasm = wasm.count;

    const url = server.url('/auth');
    await chrome.with.visit(url);
    const tabId = await chrome.with.tabIdOf(url);
    await chrome.with.failures(tabId, 1);
    out.afterFailureWasm = wasm.count;
    await wasm.stop();

    progress(`popup, ${popups} openings, each beside the same page with an empty script`);
    const floor = await launch('chrome', { alter: emptyPopup });
    const opened = [];
    const bare = [];
    try {
      for (let i = 0; i < popups; i++) {
        opened.push(await openToReady(chrome.with.browser, chrome.with.extUrl(`popup/popup.html?tab=${tabId}`)));
        bare.push(await openToReady(floor.browser, floor.extUrl('popup/popup.html')));
      }
    } finally {
      await floor.close();
    }
    out.popup = {
      readyMs: spread(opened.map((p) => p.ready)), domReadyMs: spread(opened.map((p) => p.domReady)), coreMs: spread(opened.map((p) => p.core)),
      floorMs: spread(bare.map((p) => p.ready)), overFloorMs: spread(opened.map((p, i) => p.ready - bare[i].ready)),
    };
    progress(`core start-up, ${workers} fresh workers`);
    const startups = await coreStartups(chrome.with, server, workers);
    out.startup = { ms: spread(startups.map((w) => w.ms)), loadedMs: spread(startups.map((w) => w.loaded)) };
  } finally {
    for (const s of Object.values(chrome)) await s.close();
  }

  const firefox = { with: await launch('firefox'), without: await launchOther('firefox') };
  try {
    out.firefox = await firefox.with.browser.version();
    const tabs = { with: await firefox.with.browser.newPage(), without: await firefox.without.browser.newPage() };
    for (const [page, url, measure] of [['realistic', realisticUrl, realisticTime], ['stress', stressUrl, loadTime]]) {
      progress(`Firefox, ${page} page, ${rounds} rounds`);
      const { times, ratios } = await interleavedLoads(tabs, { url, measure, rounds, base: 'without' });
      out[page].firefox = { withMs: spread(times.with), withoutMs: spread(times.without), ratio: spread(ratios('with')) };
    }
  } finally {
    for (const s of Object.values(firefox)) await s.close();
    for (const lab of labs) await lab.close();
    server.close();
  }
  return out;
}
