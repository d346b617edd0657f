// The toolbar badge: how many auth failures and failed sign-in flows the tab's current page
// has, coloured by where they happened: the page itself or a sign-in flow (red), or only
// requests it made (orange).
import { api } from '../platform/browser.js';
import { settings } from '../settings.js';
import { currentPage } from './tablog.js';

const FAILED_COLOR = '#c62828';
const SUBRESOURCE_COLOR = '#ef6c00';

/** Exact up to four digits, which a badge still shows whole. */
const badgeText = (count) => (count === 0 ? '' : count > 9999 ? '9k+' : String(count));

export async function showBadge(tabId, log) {
  const page = currentPage(log);
  const flows = page?.flows?.length ?? 0;
  const count = settings.badge ? (page?.count ?? page?.failures.length ?? 0) + flows : 0;
  const text = badgeText(count);
  const red = flows > 0 || (page?.documentFailed ?? page?.failures.some((f) => f.type === 'main_frame'));
  try {
    await api.action.setBadgeText({ tabId, text });
    if (text) await api.action.setBadgeBackgroundColor({ tabId, color: red ? FAILED_COLOR : SUBRESOURCE_COLOR });
  } catch {
    // The tab closed while we were working: nothing to badge.
  }
}
