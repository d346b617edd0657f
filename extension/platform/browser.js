// The one place that knows how Chrome and Firefox differ. Everything else imports `api` and
// the helpers below and never tests for a browser itself.

/** The WebExtension namespace: Firefox's promise-based `browser`, or Chrome's `chrome`. */
export const api = globalThis.browser ?? globalThis.chrome;

// DevTools' pages get no webRequest (nor most other APIs): they import this module for `api`.
const webRequest = api.webRequest ?? {};

/**
 * Chrome hides Cookie, Set-Cookie and CORS preflights from listeners without `extraHeaders`
 * (https://developer.chrome.com/docs/extensions/reference/api/webRequest#life_cycle_of_requests);
 * Firefox shows them anyway and throws on the unknown option, so it is feature-detected.
 */
const extra = (options) => (options?.EXTRA_HEADERS ? ['extraHeaders'] : []);
export const sendHeadersSpec = ['requestHeaders', ...extra(webRequest.OnSendHeadersOptions)];

/**
 * Of `types`, those this browser's webRequest knows (`webRequest.ResourceType`): a filter
 * naming an unknown type throws in both browsers, and some are Firefox's own (`imageset`).
 */
export function knownTypes(types) {
  const known = new Set(Object.values(webRequest.ResourceType ?? {}));
  return known.size ? types.filter((t) => known.has(t)) : types;
}

/**
 * How the first bytes of a failed response's body reach the core, which needs them to tell an
 * IIS 401.3 from a 401.1 or a WordPress nonce from a ban:
 * - `stream`: Firefox filters the response itself (webRequest.filterResponseData), for every
 *   resource type; the filter must be attached while onHeadersReceived blocks the response.
 * - `frame`: Chrome's webRequest never shows bodies; a document's text is read from its frame
 *   (scripting.executeScript) once the tab has loaded. Fetch/XHR bodies stay out of reach.
 */
export const bodyAccess = webRequest.filterResponseData ? 'stream' : api.scripting ? 'frame' : 'none';

/** A response header's field lines: Firefox hands repeated lines over as one value, joined by newlines. */
export const fieldLines = (value) => (value ?? '').split('\n');

/**
 * The options of an onHeadersReceived listener: with `cookies`, Set-Cookie lines included (and,
 * in Chrome, CORS preflights shown), which costs every matching request a round trip through
 * Chrome's browser process (`extraHeaders`); with `body`, Firefox's listener blocks the
 * response so that its body can be filtered, which costs every matching response a round trip
 * to the extension.
 */
export const headersReceivedSpec = ({ cookies, body }) => [
  'responseHeaders',
  ...(cookies ? extra(webRequest.OnHeadersReceivedOptions) : []),
  ...(body && bodyAccess === 'stream' ? ['blocking'] : []),
];

/** Longest body prefix handed to the core: error pages say what they are early on. */
export const BODY_LIMIT = 8192;

/** Gives up waiting for a body that does not come (a prompt holding it, a stalled server). */
const BODY_WAIT_MS = 1500;

/**
 * Starts reading the body of the response `requestId` (call it synchronously inside the
 * blocking onHeadersReceived listener); resolves to its first BODY_LIMIT characters, or
 * undefined when it could not be read (no filter, a prompt holding it, an error). The page
 * receives every byte unchanged.
 */
export function streamBody(requestId) {
  let filter;
  try {
    filter = webRequest.filterResponseData(requestId);
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const decoder = new TextDecoder();
    let text = '';
    let settled = false;
    // `read`: the body ended or filled the limit; otherwise what came is all there is, if any.
    const settle = (read) => {
      if (settled) return;
      settled = true;
      resolve(read || text ? text.slice(0, BODY_LIMIT) : undefined);
    };
    setTimeout(() => settle(false), BODY_WAIT_MS);
    filter.ondata = ({ data }) => {
      filter.write(data);
      text += decoder.decode(data, { stream: true });
      if (text.length >= BODY_LIMIT) {
        // Enough read: the rest flows to the page without passing through AuthLens.
        filter.disconnect();
        settle(true);
      }
    };
    filter.onstop = () => {
      text += decoder.decode();
      filter.close();
      settle(true);
    };
    filter.onerror = () => settle(false);
  });
}

/**
 * The text of the document shown in one frame of a tab: its markup for HTML, its text for
 * anything else (a JSON or plain-text error shown as a page). Undefined for a frame the
 * browser will not let extensions read (its own error pages).
 */
export async function frameText(tabId, frameId) {
  try {
    const [result] = await api.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      func: (limit) => {
        const doc = document;
        const text = doc.contentType.includes('html') ? doc.documentElement.outerHTML : doc.body?.innerText ?? '';
        return text.slice(0, limit);
      },
      args: [BODY_LIMIT],
    });
    return typeof result?.result === 'string' ? result.result : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Observes the browser's own auth prompts without changing them. Chrome only calls
 * onAuthRequired listeners registered `asyncBlocking` (with `webRequestAuthProvider`);
 * Firefox accepts `blocking` with a promise (MDN webRequest.onAuthRequired).
 */
export function onAuthPrompt(listener, types) {
  const filter = { urls: ['<all_urls>'], types };
  if (webRequest.OnAuthRequiredOptions?.ASYNC_BLOCKING) {
    webRequest.onAuthRequired.addListener((details, respond) => {
      listener(details);
      respond({});
    }, filter, ['asyncBlocking']);
  } else {
    webRequest.onAuthRequired.addListener((details) => {
      listener(details);
      return {};
    }, filter, ['blocking']);
  }
}

/** Firefox alone has runtime.getBrowserInfo: the one test for Gecko-only API shapes below. */
const isGecko = typeof api.runtime.getBrowserInfo === 'function';

/** Chromium's redirect limit (kMaxRedirects, net/url_request/url_request.cc). */
const CHROMIUM_MAX_REDIRECTS = 20;

/**
 * The network error a request ended in, as the core reads it, given how many redirects it
 * followed. Chrome's webRequest reports a navigation stopped by its redirect limit as
 * `net::ERR_ABORTED`, while the page shows `net::ERR_TOO_MANY_REDIRECTS` (observed in
 * Chromium 156); Firefox reports `NS_ERROR_REDIRECT_LOOP` itself.
 */
export const networkError = (error, redirects) =>
  !isGecko && error === 'net::ERR_ABORTED' && redirects >= CHROMIUM_MAX_REDIRECTS ? 'net::ERR_TOO_MANY_REDIRECTS' : error;

/** The URL a cookie is removed by: Firefox needs https:// for a Secure cookie. */
function cookieUrl(cookie) {
  const host = cookie.domain.replace(/^\./, '');
  return `${cookie.secure ? 'https' : 'http'}://${host}${cookie.path}`;
}

/**
 * Every cookie of `domain` and its subdomains in one cookie store, partitioned (CHIPS) ones
 * included: `partitionKey: {}` asks for all partitions in both browsers. Firefox with
 * first-party isolation also needs `firstPartyDomain: null` to see every isolated copy.
 */
export function siteCookies(domain, storeId) {
  return api.cookies.getAll({ domain, storeId, partitionKey: {}, ...(isGecko ? { firstPartyDomain: null } : {}) });
}

/** Removes one cookie from its own store, partition and first-party domain. */
export function removeCookie(cookie) {
  const details = { url: cookieUrl(cookie), name: cookie.name, storeId: cookie.storeId };
  if (cookie.partitionKey) details.partitionKey = cookie.partitionKey;
  if (cookie.firstPartyDomain) details.firstPartyDomain = cookie.firstPartyDomain;
  return api.cookies.remove(details);
}

/** Hosts of one site at least: equal, or one inside the other (`login.example.com`, `example.com`). */
export const sameHostFamily = (a, b) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

/**
 * Whether a request to `host` is made for a page of another site, the tab's page being on
 * `topHost` ('' when unknown). Firefox says so itself (webRequest `thirdParty`,
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/onBeforeRequest#details);
 * Chrome does not: hosts that are neither equal nor one inside the other count as another site
 * (sibling subdomains too: the core decides with the public suffix list).
 */
export function isThirdParty(details, host, topHost) {
  if (typeof details.thirdParty === 'boolean') return details.thirdParty;
  return topHost !== '' && !sameHostFamily(host, topHost);
}

/**
 * The URL the cookies API is asked about for `url`. Firefox sends Secure cookies to plain-http
 * loopback hosts, secure contexts (https://bugzilla.mozilla.org/show_bug.cgi?id=1618113), yet
 * `cookies.getAll({ url })` leaves them out for an http:// URL (observed in Firefox ESR 153;
 * Chromium lists them): Firefox is asked with https:// there.
 */
const cookieQueryUrl = (url) =>
  isGecko && /^http:\/\/(?:[^/:@]+\.)?(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?=[:/]|$)/i.test(url) ? `https${url.slice(4)}` : url;

/**
 * The unpartitioned cookies the browser holds for `url` in the cookie store of the request
 * `details`, names and SameSite only (`no_restriction`, `lax`, `strict`, `unspecified`).
 * Without `partitionKey` both browsers return unpartitioned cookies only. Firefox names the
 * request's store (`cookieStoreId`); Chrome's stores list their tabs. Undefined when the
 * browser will not say (Firefox with first-party isolation wants a `firstPartyDomain`).
 */
export async function storedCookies(url, details) {
  try {
    const storeId = details.cookieStoreId ?? (await cookieStoreOf(details.tabId));
    const cookies = await api.cookies.getAll({ url: cookieQueryUrl(url), ...(storeId ? { storeId } : {}) });
    return cookies.filter((c) => !c.partitionKey).map((c) => ({ name: c.name, sameSite: c.sameSite }));
  } catch {
    return undefined;
  }
}

/**
 * Whether the browser treats a cookie without SameSite as Lax: Chromium does
 * (https://www.chromium.org/updates/same-site/); Firefox treats it as None
 * (`network.cookie.sameSite.laxByDefault` stays false). Both observed in tests/e2e/cookies.test.mjs.
 */
export const laxByDefault = !isGecko;

const hostOf = (site) => {
  try {
    return new URL(site).hostname;
  } catch {
    return '';
  }
};

/**
 * Every cookie the browser holds for `url` in the cookie store of the request `details`, in
 * every partition, values included (the core scrubs what a server echoes of them; nothing
 * keeps them): `[{ name, value, sameSite, partitionHost }]`, where `partitionHost` is the
 * host of the top-level site a partitioned cookie belongs to (CHIPS, Firefox's partitioned
 * jars, its first-party isolation) and '' for an unpartitioned one. Undefined when the browser
 * will not say.
 */
export async function heldCookies(url, details) {
  try {
    const storeId = details.cookieStoreId ?? (await cookieStoreOf(details.tabId));
    const cookies = await api.cookies.getAll({
      url: cookieQueryUrl(url), partitionKey: {}, ...(storeId ? { storeId } : {}), ...(isGecko ? { firstPartyDomain: null } : {}),
    });
    return cookies.map((c) => ({
      name: c.name, value: c.value, sameSite: c.sameSite, partitionHost: hostOf(c.partitionKey?.topLevelSite) || c.firstPartyDomain || '',
    }));
  } catch {
    return undefined;
  }
}

/** The cookie store a tab uses (Firefox containers and private windows have their own). */
export async function cookieStoreOf(tabId) {
  const stores = await api.cookies.getAllCookieStores();
  return stores.find((s) => s.tabIds.includes(tabId))?.id;
}

/**
 * Clears one origin's cache and stored data (never its cookies: that is its own, counted
 * action). Chrome filters cache and storage by origin; Firefox filters storage by host name
 * and has no per-site cache clearing. Resolves to whether the cache was cleared too.
 */
export async function clearSiteData(origin) {
  const storage = { indexedDB: true, localStorage: true, serviceWorkers: true };
  if (isGecko) {
    // Firefox matches `hostnames` against host and port ("127.0.0.1:8080"), as URL.host has it.
    await api.browsingData.remove({ hostnames: [new URL(origin).host] }, storage);
    return false;
  }
  await api.browsingData.remove({ origins: [origin] }, { ...storage, cache: true, cacheStorage: true, fileSystems: true });
  return true;
}

/**
 * The notice with this browser's own steps to let a site use third-party cookies, which an
 * extension cannot change for the user: Chrome's eye icon or Settings › Privacy and security ›
 * Third-party cookies (https://support.google.com/chrome/answer/95647), Firefox's shield icon
 * or its Enhanced Tracking Protection exceptions
 * (https://support.mozilla.org/kb/enhanced-tracking-protection-firefox-desktop).
 */
export const cookieSettingsNotice = isGecko ? 'notice_cookie_settings_firefox' : 'notice_cookie_settings_chrome';

/** "Firefox 153.7", "Chromium 156": what the report names as the browser. */
export async function browserName() {
  if (isGecko) {
    const { name, version } = await api.runtime.getBrowserInfo();
    return `${name} ${version}`;
  }
  const brand = navigator.userAgentData?.brands.find((b) => !/not.a.brand/i.test(b.brand));
  return brand ? `${brand.brand} ${brand.version}` : navigator.userAgent;
}

/**
 * Takes away AuthLens's access to the sites of `pattern`, or opens where the user can. Firefox
 * treats Manifest V3 host permissions as the user's to grant and revoke
 * (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/manifest.json/host_permissions):
 * permissions.remove does it. Chrome refuses to remove anything the manifest asks for, sites
 * the user granted at run time included ("You cannot remove required permissions", Chromium
 * 156): its own site access settings for AuthLens open instead. Resolves to 'removed' or 'settings'.
 */
export async function revokeSite(pattern) {
  if (isGecko) {
    await api.permissions.remove({ origins: [pattern] });
    return 'removed';
  }
  await api.tabs.create({ url: `chrome://extensions/?id=${api.runtime.id}` });
  return 'settings';
}

/** The label of the button that takes a site away: Chrome's is a way to its settings. */
export const revokeSiteLabel = isGecko ? 'options_site_remove' : 'options_site_settings';
