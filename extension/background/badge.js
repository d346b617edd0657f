// The toolbar badge: how many auth failures the tab's current page has, coloured by where they
// happened: the page itself (red) or only requests it made (orange).
import { api } from '../platform/browser.js';
import { settings } from '../settings.js';
import { currentPage } from './tablog.js';

const MAIN_DOCUMENT_COLOR = '#c62828';
const SUBRESOURCE_COLOR = '#ef6c00';

/** Exact up to four digits, which a badge still shows whole. */
const badgeText = (count) => (count === 0 ? '' : count > 9999 ? '9k+' : String(count));

export async function showBadge(tabId, log) {
  const page = currentPage(log);
  const count = settings.badge ? page?.count ?? page?.failures.length ?? 0 : 0;
  const text = badgeText(count);
  const mainDocument = page?.documentFailed ?? page?.failures.some((f) => f.type === 'main_frame');
  try {
    await api.action.setBadgeText({ tabId, text });
    if (text) await api.action.setBadgeBackgroundColor({ tabId, color: mainDocument ? MAIN_DOCUMENT_COLOR : SUBRESOURCE_COLOR });
  } catch {
    // The tab closed while we were working: nothing to badge.
  }
}
