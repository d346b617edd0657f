// The background: every listener is registered synchronously at the top level, so a service
// worker woken by an event finds it (Chrome drops events for listeners added later).
import { api, headersReceivedSpec, onAuthPrompt, sendHeadersSpec } from '../platform/browser.js';
import { showBadge } from './badge.js';
import { forget, recall, rememberHeaders, rememberPrompt } from './requests.js';
import { addFailure, read, remove, startPage } from './tablog.js';
import { failureOf, isAuthFailure, redactUrl } from './watcher.js';

const ALL_URLS = { urls: ['<all_urls>'] };

async function onResponse(details) {
  const { tabId } = details;
  const failing = isAuthFailure(details);
  // Read what is known before the first await: the browser's prompt for this very response
  // (onAuthRequired) fires meanwhile and must not count as a prompt that came before it.
  const known = failing ? recall(details.requestId) : null;
  if (details.type === 'main_frame' && tabId >= 0) await startPage(tabId, redactUrl(details.url), details.timeStamp);
  if (!failing) return;
  const failure = await failureOf(details, known);
  if (tabId < 0) return;
  await showBadge(tabId, await addFailure(tabId, failure));
}

api.webRequest.onSendHeaders.addListener(rememberHeaders, ALL_URLS, sendHeadersSpec);
api.webRequest.onHeadersReceived.addListener(onResponse, ALL_URLS, headersReceivedSpec);
api.webRequest.onCompleted.addListener(forget, ALL_URLS);
api.webRequest.onErrorOccurred.addListener(forget, ALL_URLS);
onAuthPrompt(rememberPrompt);

// Both browsers clear a tab's badge when its page commits, after onHeadersReceived: set it again.
api.tabs.onUpdated.addListener(async (tabId, change) => {
  if (change.status === 'complete') await showBadge(tabId, await read(tabId));
});
api.tabs.onRemoved.addListener((tabId) => remove(tabId));
