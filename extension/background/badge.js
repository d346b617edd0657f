// The toolbar badge: how many auth failures the tab's current page has.
import { api } from '../platform/browser.js';
import { currentPage } from './tablog.js';

const MAIN_DOCUMENT_COLOR = '#c62828';
const SUBRESOURCE_COLOR = '#ef6c00';

export async function showBadge(tabId, log) {
  const failures = currentPage(log)?.failures ?? [];
  const text = failures.length === 0 ? '' : failures.length > 99 ? '99+' : String(failures.length);
  const mainDocument = failures.some((f) => f.type === 'main_frame');
  try {
    await api.action.setBadgeText({ tabId, text });
    if (text) await api.action.setBadgeBackgroundColor({ tabId, color: mainDocument ? MAIN_DOCUMENT_COLOR : SUBRESOURCE_COLOR });
  } catch {
    // The tab closed while we were working: nothing to badge.
  }
}
