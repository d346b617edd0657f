// Site access: the sites the user lets AuthLens see. Both browsers let a user restrict an
// extension's host access (Chrome's site access "on click" or "on specific sites", Firefox's
// per-site permissions for Manifest V3), and on a site left out webRequest reports nothing: there
// AuthLens is blind, and must say so rather than show an empty popup.
import { api } from './platform/browser.js';

export const ALL_SITES = '<all_urls>';

/** The match pattern of `url`'s site: scheme and host, every port (Firefox's patterns have no port). */
export const sitePattern = (url) => {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
};

/** The host a pattern names, as a person reads it ("example.com"); ALL_SITES stays itself. */
export const patternHost = (pattern) => pattern.match(/^[a-z*]+:\/\/([^/]*)\//)?.[1] ?? pattern;

/**
 * What AuthLens may see of `tab`: `{ allowed, pattern, host }`. A web page's own site is looked
 * up; a tab whose address is hidden from AuthLens (both browsers hide it where AuthLens has no
 * access, and always for their own pages) is judged by whether every site is allowed: it is
 * then one of the browser's pages, else one AuthLens was kept from.
 */
export async function accessTo(tab) {
  const web = /^https?:/.test(tab?.url ?? '');
  const pattern = web ? sitePattern(tab.url) : ALL_SITES;
  if (!web && tab?.url) return { allowed: true, pattern, host: '' };
  const allowed = await api.permissions.contains({ origins: [pattern] });
  return { allowed, pattern, host: web ? new URL(tab.url).hostname : '' };
}

/** Where the popup leaves the tab to reload once the access it asked for is granted. */
const RELOAD = 'access:reload';

/**
 * Asks the user to allow `pattern`, and has `tabId` reloaded once allowed, so that AuthLens
 * sees the page from its first request. Call it straight from the click: both browsers grant a
 * permission request only during a user action, and Firefox only before anything was awaited.
 * The reload is the background's (reloadOnGrant): Chrome closes the popup when its prompt opens.
 * Resolves to whether the user allowed it.
 */
export function requestAccess(tabId, pattern) {
  api.storage.session.set({ [RELOAD]: { tabId, pattern } });
  return api.permissions.request({ origins: [pattern] });
}

/** The background's half of requestAccess: on a grant that covers the pattern asked for, reloads its tab. */
export async function reloadOnGrant({ origins = [] }) {
  const { [RELOAD]: asked } = await api.storage.session.get(RELOAD);
  if (!asked || !(origins.includes(asked.pattern) || origins.includes(ALL_SITES))) return;
  await api.storage.session.remove(RELOAD);
  await api.tabs.reload(asked.tabId).catch(() => {});
}

/** The sites AuthLens may see, as match patterns (ALL_SITES for every one), in a stable order. */
export async function allowedSites() {
  const { origins = [] } = await api.permissions.getAll();
  return [...origins].sort();
}
