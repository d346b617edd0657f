// One-click fixes the browser can apply. Each gets the popup's context
// ({ tab, failures, flows, core, loadReport, t, button }) and resolves to the message key and
// arguments to show.
import { allowSite } from './access.js';
import { api, browserName, clearSiteData, cookieSettingsNotice, cookieStoreOf, removeCookie, siteCookies } from '../platform/browser.js';

/**
 * The site `host` belongs to (its registrable domain). Without the core, the host itself:
 * still every cookie of it and its subdomains.
 */
const siteOf = (core, host) => core?.registrableDomain(host) ?? host;

/** The web address `url` as a URL object, or undefined for anything else. */
function webUrl(url) {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The tab's own site, when it shows a web page. */
export const tabSite = (tab, core) => {
  const url = webUrl(tab?.url);
  return url && siteOf(core, url.hostname);
};

/**
 * The sites whose cookies the popup offers to clear: the tab's own, then every other site the
 * page's failed sign-ins went through (the app's, the identity provider's) that holds cookies
 * in the tab's cookie store, in the order the flow reached them.
 */
export async function cookieSites(tab, flows, core) {
  const own = tabSite(tab, core);
  const others = [];
  for (const step of flows.flatMap((flow) => flow.timeline ?? [])) {
    const url = webUrl(step.url);
    const site = url && siteOf(core, url.hostname);
    if (site && site !== own && !others.includes(site)) others.push(site);
  }
  const store = await cookieStoreOf(tab.id);
  const holding = await Promise.all(others.map(async (site) => (await siteCookies(site, store)).length > 0));
  return [own, ...others.filter((_, i) => holding[i])];
}

/** Removes every cookie of one site, every partition: the button's `data-site`, else the tab's. */
async function clearSiteCookies({ tab, core, button }) {
  const site = button?.dataset.site || tabSite(tab, core);
  const cookies = await siteCookies(site, await cookieStoreOf(tab.id));
  await Promise.all(cookies.map(removeCookie));
  return ['notice_cookies_cleared', [String(cookies.length), site]];
}

/**
 * Opens, in this tab, the site's page where the failed sign-in started: the origin of the
 * flow's first step in the tab's own frame (the app, before it sent the browser to sign in),
 * else the tab's own origin. The flow is the one whose fix was clicked, else the first.
 */
async function restartSignIn({ tab, flows, button }) {
  const flow = flows[Number(button?.closest('[data-flow]')?.dataset.flow)] ?? flows[0];
  const top = (flow?.timeline ?? []).filter((step) => step.frame === 'top').map((step) => webUrl(step.url));
  const start = [...top, webUrl(tab.url)].find(Boolean);
  if (!start) return ['notice_nothing_to_restart', []];
  await api.tabs.update(tab.id, { url: start.origin });
  return ['notice_restarting', [start.origin]];
}

/** This browser's steps to let the tab's site use third-party cookies (the sign-in service's). */
async function cookieSettings({ tab, flows, core }) {
  const start = (flows[0]?.timeline ?? []).map((step) => webUrl(step.url)).find(Boolean);
  return [cookieSettingsNotice, [tabSite(tab, core) ?? (start ? siteOf(core, start.hostname) : '')]];
}

async function clearCacheAndData({ tab }) {
  const { origin } = new URL(tab.url);
  const cacheToo = await clearSiteData(origin);
  return [cacheToo ? 'notice_site_data_cleared' : 'notice_site_data_partial', [origin]];
}

async function reload({ tab }) {
  await api.tabs.reload(tab.id);
  return ['notice_reloaded', []];
}

/**
 * The report of the page's most telling failure, shown and put on the clipboard: its first
 * failed sign-in, else its failed document, else its last diagnosed request.
 */
async function copyReport({ failures, flows, loadReport, t }) {
  const record = flows[0] ?? failures.find((f) => f.type === 'main_frame' && f.diagnosis) ?? failures.findLast((f) => f.diagnosis);
  if (!record) return ['notice_nothing_to_report', []];
  let text;
  try {
    text = (await loadReport()).reportOf(record, await browserName(), t);
  } catch (error) {
    // The report's build did not load, or refused the stored failure.
    console.warn('AuthLens: the report could not be built:', error?.message ?? error);
    return ['notice_report_unavailable', []];
  }
  document.getElementById('report-text').textContent = text;
  document.getElementById('report').hidden = false;
  try {
    await navigator.clipboard.writeText(text);
    return ['notice_report_copied', []];
  } catch {
    document.getElementById('report').open = true;
    return ['notice_report_failed', []];
  }
}

const DNS_STEPS = new Set(['win', 'mac', 'linux', 'cros', 'android']);

/** A browser cannot flush the system's DNS cache: the steps for this system. */
async function flushDns() {
  const { os } = await api.runtime.getPlatformInfo();
  return [`notice_dns_${DNS_STEPS.has(os) ? os : 'other'}`, []];
}

export const ACTIONS = {
  'allow-site': allowSite,
  'clear-site-cookies': clearSiteCookies,
  'clear-site-data': clearCacheAndData,
  reload,
  'copy-report': copyReport,
  'flush-dns': flushDns,
  'restart-sign-in': restartSignIn,
  'cookie-settings': cookieSettings,
};
