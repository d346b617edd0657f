// The one place that knows how Chrome and Firefox differ. Everything else imports `api` and
// the helpers below and never tests for a browser itself.

/** The WebExtension namespace: Firefox's promise-based `browser`, or Chrome's `chrome`. */
export const api = globalThis.browser ?? globalThis.chrome;

const webRequest = api.webRequest;

/**
 * Chrome hides Cookie, Set-Cookie and CORS preflights from listeners without `extraHeaders`
 * (https://developer.chrome.com/docs/extensions/reference/api/webRequest#life_cycle_of_requests);
 * Firefox shows them anyway and throws on the unknown option, so it is feature-detected.
 */
const extra = (options) => (options?.EXTRA_HEADERS ? ['extraHeaders'] : []);
export const sendHeadersSpec = ['requestHeaders', ...extra(webRequest.OnSendHeadersOptions)];
export const headersReceivedSpec = ['responseHeaders', ...extra(webRequest.OnHeadersReceivedOptions)];

/**
 * Observes the browser's own auth prompts without changing them. Chrome only calls
 * onAuthRequired listeners registered `asyncBlocking` (with `webRequestAuthProvider`);
 * Firefox accepts `blocking` with a promise (MDN webRequest.onAuthRequired).
 */
export function onAuthPrompt(listener) {
  const filter = { urls: ['<all_urls>'] };
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

/** The URL a cookie is removed by: Firefox needs https:// for a Secure cookie. */
function cookieUrl(cookie) {
  const host = cookie.domain.replace(/^\./, '');
  return `${cookie.secure ? 'https' : 'http'}://${host}${cookie.path}`;
}

/**
 * Every cookie of `domain` and its subdomains in one cookie store, partitioned (CHIPS) ones
 * included: `partitionKey: {}` asks for all partitions in both browsers.
 */
export function siteCookies(domain, storeId) {
  return api.cookies.getAll({ domain, storeId, partitionKey: {} });
}

/** Removes one cookie from its own store and partition. */
export function removeCookie(cookie) {
  const details = { url: cookieUrl(cookie), name: cookie.name, storeId: cookie.storeId };
  if (cookie.partitionKey) details.partitionKey = cookie.partitionKey;
  return api.cookies.remove(details);
}

/** The cookie store a tab uses (Firefox containers and private windows have their own). */
export async function cookieStoreOf(tabId) {
  const stores = await api.cookies.getAllCookieStores();
  return stores.find((s) => s.tabIds.includes(tabId))?.id;
}
