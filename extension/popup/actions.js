// One-click fixes the browser can apply. Each gets the popup's context
// ({ tab, failures, core, loadReport, t }) and resolves to the message key and arguments to show.
import { api, browserName, clearSiteData, cookieStoreOf, removeCookie, siteCookies } from '../platform/browser.js';

/** Removes every cookie of the tab's site (its registrable domain), every partition. */
async function clearSiteCookies({ tab, core }) {
  const host = new URL(tab.url).hostname;
  // Without the core, the host itself: still every cookie of it and its subdomains.
  const site = core?.registrableDomain(host) ?? host;
  const cookies = await siteCookies(site, await cookieStoreOf(tab.id));
  await Promise.all(cookies.map(removeCookie));
  return ['notice_cookies_cleared', [String(cookies.length), site]];
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

/** The report of the page's most telling failure, shown and put on the clipboard. */
async function copyReport({ failures, loadReport, t }) {
  const failure = failures.find((f) => f.type === 'main_frame' && f.diagnosis) ?? failures.findLast((f) => f.diagnosis);
  if (!failure) return ['notice_nothing_to_report', []];
  let text;
  try {
    text = (await loadReport()).reportOf(failure, await browserName(), t);
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
  'clear-site-cookies': clearSiteCookies,
  'clear-site-data': clearCacheAndData,
  reload,
  'copy-report': copyReport,
  'flush-dns': flushDns,
};
