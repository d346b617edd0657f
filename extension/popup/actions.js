// One-click fixes the browser can apply. Each returns a message key and its arguments.
import { api, cookieStoreOf, removeCookie, siteCookies } from '../platform/browser.js';

/** Removes every cookie of the tab's site, in the tab's own store, every partition. */
async function clearSiteCookies(tab) {
  const host = new URL(tab.url).hostname;
  const cookies = await siteCookies(host, await cookieStoreOf(tab.id));
  await Promise.all(cookies.map(removeCookie));
  return ['notice_cookies_cleared', [String(cookies.length), host]];
}

async function reload(tab) {
  await api.tabs.reload(tab.id);
  return ['notice_reloaded', []];
}

export const ACTIONS = { 'clear-site-cookies': clearSiteCookies, reload };
