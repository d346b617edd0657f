// Real browsers with the built extension loaded: Debian's Chromium and Firefox ESR, driven by
// puppeteer-core (CDP for Chromium, WebDriver BiDi for Firefox). The one place in the tests
// that knows how the two differ; tests talk to a `Session` and never ask which browser it is.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import puppeteer from 'puppeteer-core';
import { BROWSERS, CORE_PARTS, DIST, extensionDir } from '../../scripts/paths.mjs';
import { LAB_HOSTS } from '../lab/hosts.mjs';

export const BROWSER_NAMES = ['chrome', 'firefox'];

const FIREFOX_ID = 'authlens@authlens.dev';

/** Chromium's flags for a quiet, reproducible run as root in a container. */
export const chromiumArgs = (locale) => [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The lab's other sites are host names for 127.0.0.1, where the lab listens.
  `--host-resolver-rules=${LAB_HOSTS.resolved.map((host) => `MAP ${host} 127.0.0.1`).join(', ')}`,
  `--lang=${locale}`,
  // Every page's and worker's console output on stderr, for the privacy test to search.
  '--enable-logging=stderr',
  '--log-level=0',
];

/**
 * Chromium's flags for sending every plain-http request through `proxy`: Chromium never
 * proxies loopback hosts unless `<-loopback>` takes them off its implicit bypass list.
 */
const chromiumProxyArgs = (proxy) => (proxy ? [`--proxy-server=${proxy}`, '--proxy-bypass-list=<-loopback>'] : []);

/** Firefox's prefs for the same; it too leaves localhost alone unless allowed to "hijack" it. */
function firefoxProxyPrefs(proxy) {
  if (!proxy) return {};
  const { hostname, port } = new URL(proxy);
  return {
    'network.proxy.type': 1,
    'network.proxy.http': hostname,
    'network.proxy.http_port': Number(port),
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.no_proxies_on': '',
  };
}

/**
 * Third-party cookies, blocked or allowed, as the user sets it in the browser's settings:
 * Chromium keeps it in the profile's preferences, read at start (a fresh headless profile
 * blocks them); Firefox in a pref (its default, 5, partitions them: a frame on another site
 * gets a jar of its own).
 */
const CHROMIUM_COOKIE_CONTROLS = { block: 1, allow: 0 };
const FIREFOX_COOKIE_BEHAVIOR = { block: 1, allow: 0 };

function checkThirdPartyCookies(thirdPartyCookies) {
  if (thirdPartyCookies !== undefined && !(thirdPartyCookies in CHROMIUM_COOKIE_CONTROLS)) {
    throw new Error(`launch: thirdPartyCookies must be 'block' or 'allow', got ${JSON.stringify(thirdPartyCookies)}`);
  }
}

async function launchChrome({ headless, locale, profile, extension, proxy, siteAccess, thirdPartyCookies, devtools }) {
  if (thirdPartyCookies) {
    mkdirSync(join(profile, 'Default'));
    const preferences = { profile: { cookie_controls_mode: CHROMIUM_COOKIE_CONTROLS[thirdPartyCookies] } };
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(preferences));
  }
  const browser = await puppeteer.launch({
    executablePath: BROWSERS.chrome.binary,
    headless,
    userDataDir: profile,
    enableExtensions: [extension],
    pipe: true,
    // DevTools open for every tab, headless too; their frontend loads the extension's devtools_page.
    args: [...chromiumArgs(locale), ...chromiumProxyArgs(proxy), ...(devtools ? ['--auto-open-devtools-for-tabs'] : [])],
    env: { ...process.env, LANGUAGE: locale },
    defaultViewport: null,
  });
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  // Node's URL gives no origin for extension schemes ("null"); the host is the extension id.
  const base = `chrome-extension://${new URL(worker.url()).host}`;
  // The extension's service worker as it is now (a stopped one comes back as a new target).
  const workerTarget = () => browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(base));
  // Stops the extension's service worker (Target.closeTarget); resolves once it is gone, so
  // that whatever happens next meets a new one.
  const stopWorker = async () => {
    const target = await workerTarget();
    const gone = new Promise((resolve) => {
      const onDestroyed = (t) => {
        if (t !== target) return;
        browser.off('targetdestroyed', onDestroyed);
        resolve();
      };
      browser.on('targetdestroyed', onDestroyed);
    });
    await (await target.worker()).close();
    await gone;
  };
  const logInBackground = async (text) => (await (await workerTarget()).worker()).evaluate((t) => console.warn(t), text);
  // Site access as the user sets it on chrome://extensions, through the API that page itself
  // uses (chrome.developerPrivate): "on click" withholds every site the manifest asks for.
  const extensionsPage = async (fn, ...args) => {
    const page = await browser.newPage();
    try {
      await page.goto(`chrome://extensions/?id=${new URL(base).host}`);
      return await page.evaluate(fn, new URL(base).host, ...args);
    } finally {
      await page.close();
    }
  };
  if (siteAccess === 'withheld') await extensionsPage((id) => chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, hostAccess: 'ON_CLICK' }));
  // What the user's Allow in Chrome's permission prompt grants: the site at run time, or every
  // site (the extensions page's "On all sites").
  const grantSite = (pattern) => extensionsPage((id, p) => (p === '<all_urls>'
    ? chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, hostAccess: 'ON_ALL_SITES' })
    : chrome.developerPrivate.addHostPermission(id, p)), pattern);
  // A click on the toolbar button (CDP Extensions.triggerAction): the popup opens as the real
  // one, and with "on click" site access the click lets AuthLens see the tab's site. Observed
  // (Chromium 156): where AuthLens's listeners were held back from the page's requests, the
  // click opens Chrome's "reload to allow" bubble instead of the popup; on a page whose
  // navigation failed (a Basic 401 in headless Chromium) the popup opens.
  const clickAction = async (page) => {
    const extension = (await browser.extensions()).get(new URL(base).host);
    // The control page shows the same address: the popup is the page that was not there before.
    const before = new Set(browser.targets());
    const opened = browser.waitForTarget((t) => t.url() === `${base}/popup/popup.html` && !before.has(t));
    await page.bringToFront();
    await page.triggerExtensionAction(extension);
    return (await opened).asPage();
  };
  const cannot = {
    // Observed: with DevTools answering the prompt (page.authenticate), Chromium reports neither
    // the prompt nor the re-sent request to extensions; headless Chromium shows no prompt.
    answerPrompt: 'headless Chromium lets only DevTools answer a prompt, and then shows extensions neither the prompt nor the retry',
    // Observed (Chromium 156): permissions.request opens Chrome's prompt, which closes the popup
    // and which nothing can answer headless; grantSite grants what its Allow would.
    answerPermissionPrompt: 'headless Chromium shows the permission prompt where no test can answer it',
  };
  const inBackground = async (source) => (await (await workerTarget()).worker()).evaluate(`(${source})(globalThis)`);
  // Every new tab gets DevTools of its own.
  const inspectedPage = () => browser.newPage();
  return { browser, base, worker, stopWorker, logInBackground, inBackground, cannot, grantSite, clickAction, inspectedPage, open: (page, url) => page.goto(url) };
}

async function launchFirefox({ headless, locale, profile, extension, proxy, idleBackground, siteAccess, thirdPartyCookies, devtools }) {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: BROWSERS.firefox.binary,
    headless,
    userDataDir: profile,
    // DevTools open for the first window's tab (and only for it), headless too.
    args: devtools ? ['--devtools'] : [],
    extraPrefsFirefox: {
      // Every page's and extension's console output on stdout, for the privacy test to search.
      'devtools.console.stdout.chrome': true,
      'devtools.console.stdout.content': true,
      // A known UUID makes the extension's pages addressable (moz-extension://<uuid>/...).
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: uuid }),
      // Host permissions granted at install, as a user accepting the install prompt does; with
      // `siteAccess: 'withheld'`, none, as for a user who unticked them, and the permission
      // requests AuthLens makes are answered Allow (no prompt: nothing could answer it headless).
      'extensions.originControls.grantByDefault': siteAccess !== 'withheld',
      ...(siteAccess === 'withheld' ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
      'intl.locale.requested': locale,
      'intl.accept_languages': locale,
      'network.dns.disableIPv6': true,
      // The lab's other sites (LAB_HOSTS) resolve to loopback, as Chromium's resolver rules say.
      'network.dns.localDomains': LAB_HOSTS.resolved.join(','),
      ...(thirdPartyCookies ? { 'network.cookie.cookieBehavior': FIREFOX_COOKIE_BEHAVIOR[thirdPartyCookies] } : {}),
      'dom.security.https_first': false,
      // Firefox suspends an idle event page after 30 s; with `idleBackground`, after one.
      ...(idleBackground ? { 'extensions.background.idle.timeout': 1000 } : {}),
      ...firefoxProxyPrefs(proxy),
    },
    defaultViewport: null,
  });
  await browser.installExtension(extension);
  // BiDi refuses to navigate to moz-extension:// itself; a web page may open a web-accessible
  // extension page, so an empty page does it. BiDi reports no navigation event for it, so the
  // page's own location tells when it got there.
  const open = async (page, url) => {
    await page.goto('about:blank');
    await page.evaluate((u) => { location.href = u; }, url);
    const until = Date.now() + 10_000;
    while (!(await page.evaluate(() => location.href).catch(() => '')).startsWith(url)) {
      if (Date.now() > until) throw new Error(`Firefox did not open ${url}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // Nothing stops a Firefox background from outside: with `idleBackground` it suspends itself
  // once idle, and is gone from the extension's views.
  const stopWorker = idleBackground && (async (inExtension) => {
    const until = Date.now() + 20_000;
    while (await inExtension(() => globalThis.browser.extension.getViews().some((w) => w.location.pathname.includes('background')))) {
      if (Date.now() > until) throw new Error('the background did not suspend');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  // The background is an event page here, reachable from any extension page.
  const logInBackground = (text, inExtension) =>
    inExtension(async (t) => (await globalThis.browser.runtime.getBackgroundPage()).console.warn(t), text);
  const cannot = {
    stopMidBurst: 'Firefox suspends a background only once it is idle, never in the middle of a burst',
    // Observed: document.hasFocus() stays false in the tests' tabs, even after window.focus().
    keyActivation: 'headless Firefox under WebDriver BiDi gives a test tab no focus, so Enter activates nothing (Tab still moves focus)',
    clickAction: 'WebDriver BiDi cannot click Firefox\'s toolbar button; the popup opened in a tab does not get the temporary access a click gives',
  };
  // The event page's window, from an extension page (evaluated as source: a function cannot cross).
  const inBackground = (source, control) =>
    control.evaluate(`(async () => (${source})(await globalThis.browser.runtime.getBackgroundPage()))()`);
  // `--devtools` opened DevTools for the tab the browser started with, and for no other.
  const inspectedPage = async () => (await browser.pages())[0];
  return { browser, base: `moz-extension://${uuid}`, stopWorker, logInBackground, inBackground, cannot, inspectedPage, open };
}

/** The built extension to install; with `alter(dir)`, a copy of it that `alter` changes first. */
function extensionFor(name, { alter, work }) {
  // The Firefox test build makes the popup web-accessible: BiDi will not open it otherwise.
  const built = name === 'chrome' ? extensionDir('chrome') : join(DIST, 'test', 'firefox');
  if (!alter) return built;
  const copy = join(work, 'extension');
  cpSync(built, copy, { recursive: true });
  alter(copy);
  return copy;
}

/** An `alter` for `launch`: the extension's builds of the core named in `parts` are garbage. */
export const corruptCore = (parts = CORE_PARTS) => (dir) => {
  for (const part of parts) writeFileSync(join(dir, 'wasm', `${part}_bg.wasm`), 'this is not a wasm module');
};

/**
 * A browser with AuthLens installed, and an extension page (the popup, opened in a tab of its
 * own) kept as a control page from which the tests read extension state through its own APIs.
 * With `proxy` (`http://127.0.0.1:<port>`), every plain-http request goes through that proxy,
 * loopback hosts included. With `siteAccess: 'withheld'`, AuthLens may see no site until one
 * is allowed, as when the user restricts its site access. With `thirdPartyCookies` ('block' or
 * 'allow'), the profile has third-party cookies set so, as a user would set it; without, each
 * browser's default. With `devtools`, DevTools are really open (`session.inspectedPage`).
 */
export async function launch(name, { headless = true, locale = 'en', alter, proxy, idleBackground = false, siteAccess = 'granted', thirdPartyCookies, devtools = false } = {}) {
  checkThirdPartyCookies(thirdPartyCookies);
  const work = mkdtempSync(join(tmpdir(), `authlens-${name}-`));
  const profile = join(work, 'profile');
  mkdirSync(profile);
  const extension = extensionFor(name, { alter, work });
  const started = await (name === 'chrome' ? launchChrome : launchFirefox)({ headless, locale, profile, extension, proxy, idleBackground, siteAccess, thirdPartyCookies, devtools });
  const { browser, base } = started;
  const extUrl = (path) => `${base}/${path}`;
  const openExtensionPage = async (path) => {
    const page = await browser.newPage();
    await started.open(page, extUrl(path));
    await page.waitForSelector('body[data-ready]');
    return page;
  };
  const control = await openExtensionPage('popup/popup.html');

  const inExtension = (fn, ...args) => control.evaluate(fn, ...args);
  // A tab's URL may have gone on below `url` (`url/exchange`, `url?query`), never to a sibling.
  const tabsAt = (url) =>
    inExtension(async (u) => {
      const under = (t) => (t ?? '').startsWith(u) && /^(?:$|[/?#])/.test(t.slice(u.length));
      return (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).filter((t) => under(t.url)).map((t) => t.id);
    }, url);
  const consoleLines = [];
  for (const stream of [browser.process().stdout, browser.process().stderr]) {
    // Chromium: `…:INFO:CONSOLE:1] "text", source: <url>`, where web pages' own lines (the
    // browser reporting their failed requests) are told apart and left out; Firefox:
    // `console.log: "text"`, where only scripts' own calls appear.
    createInterface({ input: stream }).on('line', (line) => {
      const chromium = /:CONSOLE[:(]/.test(line);
      if (chromium ? !/, source: https?:/.test(line) : /^console\./.test(line)) consoleLines.push(line);
    });
  }
  const session = {
    name,
    browser,
    extUrl,
    worker: started.worker,
    inExtension,
    /**
     * Stops the extension's background (Chrome: closes the worker; Firefox, launched with
     * `idleBackground`: waits for it to suspend); undefined where there is no way to.
     */
    stopWorker: started.stopWorker && (() => started.stopWorker(inExtension)),
    /** Runs `fn(background)` in the extension's background (worker or event page): its global, as a plain function of it. */
    inBackground: (fn) => started.inBackground(String(fn), control),
    /** Writes `text` to the console of the extension's background (worker or event page). */
    logInBackground: (text) => started.logInBackground(text, inExtension),
    /** What this browser cannot reproduce, by name, with the reason (`answerPrompt`, `stopMidBurst`, `keyActivation`…). */
    cannot: started.cannot,
    /** Grants AuthLens the sites of `pattern` as the user's Allow does (Chrome; Firefox answers AuthLens's own request). */
    grantSite: started.grantSite,
    /** Clicks AuthLens's toolbar button on `page` (Chrome); resolves to the popup, once it has rendered. */
    clickAction: started.clickAction && (async (page) => {
      const popup = await started.clickAction(page);
      await popup.waitForSelector('body[data-ready]');
      return popup;
    }),
    /**
     * A tab with DevTools open on it (a session launched with `devtools`): Chrome opens them for
     * every new tab, Firefox for the tab it started with only.
     */
    inspectedPage: () => started.inspectedPage(),

    /** Opens an extension page (e.g. `options/options.html`) in a tab, once it is ready. */
    extensionPage: (path) => openExtensionPage(path),

    /** The id of the one tab at `url` or below it. */
    async tabIdOf(url) {
      const ids = await tabsAt(url);
      if (ids.length !== 1) throw new Error(`expected one tab at ${url}, found ${ids.length}`);
      return ids[0];
    },

    /** What the extension's pages and workers (and scripts run by tests) have logged. */
    consoleOutput: () => consoleLines.join('\n'),

    /** Every cookie the browser holds, in every store and partition: { domain, name, path, partitioned }. */
    cookies: () =>
      inExtension(async () => {
        const api = globalThis.browser ?? globalThis.chrome;
        const stores = await api.cookies.getAllCookieStores();
        const lists = await Promise.all(stores.map((s) => api.cookies.getAll({ storeId: s.id, partitionKey: {} })));
        return lists.flat().map((c) => ({ domain: c.domain, name: c.name, path: c.path, partitioned: Boolean(c.partitionKey) }));
      }),

    badge: (tabId) =>
      inExtension((id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id }), tabId),

    /** The tab's stored log: `{ pages: [{ url, startedAt, failures }] }`, or undefined. */
    log: (tabId) =>
      inExtension(async (id) => {
        const key = `tab:${id}`;
        return (await (globalThis.browser ?? globalThis.chrome).storage.session.get(key))[key];
      }, tabId),

    /** Stores `page` as the tab's only page log, as if the background had kept it. */
    storeLog: (tabId, page) =>
      inExtension(async (id, pageLog) => {
        await (globalThis.browser ?? globalThis.chrome).storage.session.set({ [`tab:${id}`]: { pages: [pageLog] } });
      }, tabId, page),

    /**
     * Waits until the tab's current page has `count` failures stored, none of them still
     * waiting for its document's text; returns them.
     */
    async failures(tabId, count = 1, timeout = 10_000) {
      const until = Date.now() + timeout;
      for (;;) {
        const failures = (await session.log(tabId))?.pages.at(-1)?.failures ?? [];
        if (failures.length >= count && !failures.some((f) => f.bodyPending)) return failures;
        if (Date.now() > until) throw new Error(`tab ${tabId}: ${failures.length} failures after ${timeout} ms, expected ${count}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },

    /**
     * The sign-in flows stored for the tab's current page (`pages.at(-1).flows`), once at least
     * `failed` of them carry a failure; all of them.
     */
    async flows(tabId, { failed = 1, timeout = 10_000 } = {}) {
      const until = Date.now() + timeout;
      for (;;) {
        const flows = (await session.log(tabId))?.pages.at(-1)?.flows ?? [];
        if (flows.filter((f) => f.failure).length >= failed) return flows;
        if (Date.now() > until) throw new Error(`tab ${tabId}: ${flows.filter((f) => f.failure).length} failed flows after ${timeout} ms, expected ${failed}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },

    /** Opens the popup for `tabId` in a tab of its own, once it has rendered. */
    popup: (tabId) => openExtensionPage(`popup/popup.html?tab=${tabId}`),

    /**
     * Starts loading `url` (with `query`) in a new tab without waiting for it to finish: a 401
     * with a Basic challenge fails the navigation in headless Chromium and holds Firefox at its
     * prompt.
     */
    async visit(url, query = '') {
      const page = await browser.newPage();
      page.goto(url + query).catch(() => {});
      const until = Date.now() + 10_000;
      while ((await tabsAt(url)).length === 0) {
        if (Date.now() > until) throw new Error(`no tab reached ${url}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return page;
    },

    async close() {
      await browser.close().catch(() => {});
      rmSync(work, { recursive: true, force: true });
    },
  };
  return session;
}
