// The background: every listener is registered synchronously at the top level, so a service
// worker woken by an event finds it (Chrome drops events for listeners added later).
import { api, bodyAccess, frameText, headersReceivedSpec, onAuthPrompt, sendHeadersSpec, streamBody } from '../platform/browser.js';
import { reloadOnGrant } from '../access.js';
import { showBadge } from './badge.js';
import { forget, recall, rememberHeaders, rememberPrompt } from './requests.js';
import { settingsLoaded } from '../settings.js';
import { addFailure, applyBound, clearAll, loggedTabs, remove, settledLog, startPage, tabOfKey, updateFailure } from './tablog.js';
import { eventOf, failureOf, isAuthFailure, redactUrl, verdictOf } from './watcher.js';

const ALL_URLS = { urls: ['<all_urls>'] };

/** Responses rendered as a document, whose text Chrome lets us read from the frame. */
const DOCUMENTS = new Set(['main_frame', 'sub_frame']);

/**
 * Documents that failed in each tab and wait for their text (Chrome), in memory only: the
 * event still holds request headers, so it lives until the tab has loaded, never in storage.
 */
const awaitingText = new Map();

/** A page of frames failing one after another still waits for no more than these. */
const MAX_AWAITING_PER_TAB = 20;

/**
 * Stays synchronous: in Firefox the listener blocks the response (to attach the body filter),
 * so everything slow happens after it has returned.
 */
function onResponse(details) {
  const failing = isAuthFailure(details);
  // Read what is known before the first await: the browser's prompt for this very response
  // (onAuthRequired) fires meanwhile and must not count as a prompt that came before it.
  const known = failing ? recall(details.requestId) : null;
  // The answer ends what is known of the request (its secrets go now). A prompt for it comes
  // after, and a retry sends its headers again: both start afresh.
  forget(details);
  const body = failing && bodyAccess === 'stream' ? streamBody(details.requestId) : undefined;
  const readLater = failing && bodyAccess === 'frame' && DOCUMENTS.has(details.type) && details.tabId >= 0;
  const stored = record(details, failing && { known, body, readLater });
  // A new document replaces the tab's old ones: their text can no longer be read.
  if (details.type === 'main_frame') giveUpText(details.tabId);
  if (readLater) {
    const pending = awaitingText.get(details.tabId) ?? [];
    if (pending.length < MAX_AWAITING_PER_TAB) awaitingText.set(details.tabId, [...pending, { frameId: details.frameId, stored }]);
    else giveUp(stored, details.tabId);
  }
}

/** Keeps the failure (if any) in the tab's log; resolves to `{ failure, event }`. */
async function record(details, failure) {
  const { tabId } = details;
  if (details.type === 'main_frame' && tabId >= 0) await startPage(tabId, redactUrl(details.url), details.timeStamp, details.requestId);
  if (!failure) return undefined;
  // A worker woken by this very response judged it before the user's settings had loaded.
  await settingsLoaded;
  if (!isAuthFailure(details)) return undefined;
  const event = eventOf(details, failure.known, await failure.body);
  const kept = await failureOf(details, event);
  if (failure.readLater) kept.bodyPending = true;
  if (tabId >= 0) await showBadge(tabId, await addFailure(tabId, kept));
  return { failure: kept, event };
}

function giveUpText(tabId) {
  const pending = awaitingText.get(tabId) ?? [];
  awaitingText.delete(tabId);
  for (const { stored } of pending) giveUp(stored, tabId);
}

/** The failure stays as diagnosed from its headers, no longer waiting for its text. */
function giveUp(stored, tabId) {
  stored.then(({ failure }) => updateFailure(tabId, failure.id, (f) => delete f.bodyPending)).catch(() => {});
}

/** Once a tab has loaded, diagnoses its failed documents again, this time with their text. */
async function readDocuments(tabId) {
  const pending = awaitingText.get(tabId) ?? [];
  awaitingText.delete(tabId);
  for (const { frameId, stored } of pending) {
    try {
      const { failure, event } = await stored;
      const bodyText = await frameText(tabId, frameId);
      const verdict = bodyText ? await verdictOf({ ...event, bodyText }) : {};
      await updateFailure(tabId, failure.id, (f) => {
        delete f.bodyPending;
        Object.assign(f, verdict);
      });
    } catch {
      // The tab closed meanwhile: its log is gone with it.
    }
  }
}

api.webRequest.onSendHeaders.addListener(rememberHeaders, ALL_URLS, sendHeadersSpec);
api.webRequest.onHeadersReceived.addListener(onResponse, ALL_URLS, headersReceivedSpec);
// A site the user has just allowed from the popup is loaded again, for AuthLens to see it.
api.permissions.onAdded.addListener(reloadOnGrant);
onAuthPrompt(rememberPrompt);

// Both browsers clear a tab's badge when its page commits, after onHeadersReceived: set it again.
api.tabs.onUpdated.addListener(async (tabId, change) => {
  if (change.status !== 'complete') return;
  await readDocuments(tabId);
  await showBadge(tabId, await settledLog(tabId));
});
api.tabs.onRemoved.addListener((tabId) => {
  awaitingText.delete(tabId);
  return remove(tabId);
});

// A tab's log removed (its tab closed, or "clear history"): its badge goes with it. The badge
// setting or the history size changed: every tab shows it at once.
api.storage.onChanged.addListener(async (changes, area) => {
  if (area === 'local' && ('badge' in changes || 'historySize' in changes)) {
    for (const tabId of await loggedTabs()) showBadge(tabId, await applyBound(tabId));
  }
  if (area !== 'session') return;
  for (const [k, change] of Object.entries(changes)) {
    const tabId = tabOfKey(k);
    if (tabId !== undefined && change.newValue === undefined) showBadge(tabId, undefined);
  }
});

// The options page's "clear history" (web pages cannot message an extension that declares no
// externally_connectable).
api.runtime.onMessage.addListener((message, sender, respond) => {
  if (!message?.clearHistory) return false;
  for (const tabId of awaitingText.keys()) giveUpText(tabId);
  clearAll().then(() => respond(true), () => respond(false));
  return true;
});
