// The background: every listener is registered synchronously at the top level, so a service
// worker woken by an event finds it (Chrome drops events for listeners added later).
import {
  api, bodyAccess, frameText, headersReceivedSpec, heldCookies, knownTypes, laxByDefault, onAuthPrompt, sendHeadersSpec, storedCookies, streamBody,
} from '../platform/browser.js';
import { reloadOnGrant } from '../access.js';
import { showBadge } from './badge.js';
import { carriedCookieLine, requestHosts } from './carried.js';
import { forgetTab, judge, judgeSoon } from './flows.js';
import {
  answersChallenge, challengeAnswered, forget, recall, rememberChallenge, rememberForm, rememberHeaders, rememberPrompt,
} from './requests.js';
import { settingsLoaded } from '../settings.js';
import { addFailure, applyBound, clearAll, dropAnswered, loggedTabs, remove, settledLog, startPage, tabOfKey, updateFailure } from './tablog.js';
import { FOLLOWED_TYPES, addBody, addError, addHop, addRedirect, addStoredCookies, dropAll, dropTrail, flowOf, follows, pageHost } from './trail.js';
import { WATCHED } from './watched.js';
import { eventOf, failureOf, isAuthFailure, redactUrl, verdictOf } from './watcher.js';

/** Responses rendered as a document, whose text Chrome lets us read from the frame. */
const DOCUMENTS = new Set(['main_frame', 'sub_frame']);

/**
 * Documents in each tab that wait for their text (Chrome): failures to diagnose again and
 * sign-in hops to judge again, each `{ frameId, deliver(text | undefined) }`. In memory only:
 * they still hold request headers or the values a hop's text is scrubbed of, so they live
 * until the tab has loaded, never in storage.
 */
const awaitingText = new Map();

/** A page of frames failing one after another still waits for no more than these. */
const MAX_AWAITING_PER_TAB = 20;

function awaitText(tabId, frameId, deliver) {
  const pending = awaitingText.get(tabId) ?? [];
  if (pending.length < MAX_AWAITING_PER_TAB) awaitingText.set(tabId, [...pending, { frameId, deliver }]);
  else deliver(undefined);
}

/**
 * Stays synchronous: in Firefox a listener of a kind whose body is read blocks the response (to
 * attach the body filter), so everything slow happens after it has returned.
 */
function onResponse(details, kind) {
  const failing = isAuthFailure(details);
  const followed = follows(details);
  // Read what is known before the first await: the browser's prompt for this very response
  // (onAuthRequired) fires meanwhile and must not count as a prompt that came before it.
  const known = failing || followed ? recall(details.requestId) : null;
  // The answer ends what is known of the request (its secrets go now). A prompt for it comes
  // after, and a retry sends its headers again: both start afresh.
  forget(details);
  if (failing && (details.statusCode === 401 || details.statusCode === 407)) rememberChallenge(details);
  else if (!failing && details.statusCode < 400 && answersChallenge(details)) forgetAnswered(details);
  // A kind watched without its request headers: the cookies it carried, asked for at once.
  const carried = failing && !kind.requestHeaders ? cookiesCarried(details) : undefined;
  const step = followed ? addHop(details, known) : undefined;
  const body = (failing || step?.needsBody) && kind.body && bodyAccess === 'stream' ? streamBody(details.requestId) : undefined;
  const readLater = bodyAccess === 'frame' && DOCUMENTS.has(details.type) && details.tabId >= 0;
  const stored = record(details, failing && { known, carried, body, readLater });
  // A new document replaces its frame's old one (a top-level one, the whole tab's): their
  // text can no longer be read.
  if (DOCUMENTS.has(details.type)) giveUpText(details.tabId, details.type === 'main_frame' ? undefined : details.frameId);
  if (failing && readLater) awaitText(details.tabId, details.frameId, (text) => rediagnose(details.tabId, stored, text));
  if (step) follow(step, details, body, readLater);
}

/** A request that succeeded once the browser answered its challenge: its 401 or 407 goes. */
async function forgetAnswered({ tabId, requestId }) {
  if (tabId < 0) return;
  try {
    const log = await dropAnswered(tabId, requestId);
    if (log) await showBadge(tabId, log);
  } catch {
    // The tab closed meanwhile: its log is gone with it.
  }
}

/** What a hop just added to the trail asks for: its text, the cookies withheld, a judgment. */
function follow({ entry, tabId, worth, needsBody, wantsStoredCookies }, details, body, readLater) {
  const judgeWithText = (text) => addBody(entry, text) && judge(tabId);
  if (needsBody && body) body.then(judgeWithText);
  else if (needsBody && readLater) awaitText(tabId, details.frameId, judgeWithText);
  else if (needsBody) addBody(entry, undefined);
  if (wantsStoredCookies) addStoredCookies(entry, storedCookies(entry.hop.url, details));
  if (worth) judgeSoon(tabId);
}

/**
 * The request headers the core reads of a request watched without them: its Cookie line as
 * the cookie store has it now (carried.js), or undefined when that cannot be known.
 */
async function cookiesCarried(details) {
  const hosts = requestHosts(details, pageHost(details.tabId));
  const line = carriedCookieLine(await heldCookies(details.url, details), hosts, laxByDefault);
  if (line === undefined) return undefined;
  return line ? [{ name: 'Cookie', value: line }] : [];
}

/** Keeps the failure (if any) in the tab's log; resolves to `{ failure, event }`. */
async function record(details, failure) {
  const { tabId } = details;
  if (details.type === 'main_frame' && tabId >= 0) await startPage(tabId, redactUrl(details.url), details.timeStamp, details.requestId);
  if (!failure) return undefined;
  // A worker woken by this very response judged it before the user's settings had loaded.
  await settingsLoaded;
  if (!isAuthFailure(details)) return undefined;
  const known = failure.carried ? { ...failure.known, headers: await failure.carried } : failure.known;
  const event = eventOf(details, known, await failure.body);
  const kept = await failureOf(details, event);
  // Answered while it was being judged (a handshake's retry comes at once): no failure after all.
  if (challengeAnswered(details)) return undefined;
  if (failure.readLater) kept.bodyPending = true;
  if (tabId >= 0) await showBadge(tabId, await addFailure(tabId, kept));
  return { failure: kept, event };
}

/** Gives up waiting for the text of the tab's documents in `frameId` (all frames when undefined). */
function giveUpText(tabId, frameId) {
  const pending = awaitingText.get(tabId) ?? [];
  const giveUp = pending.filter((p) => frameId === undefined || p.frameId === frameId);
  if (giveUp.length === 0) return;
  awaitingText.set(tabId, pending.filter((p) => !giveUp.includes(p)));
  for (const { deliver } of giveUp) deliver(undefined);
}

/** A failed document's text has been read (or not): it is diagnosed again with it. */
async function rediagnose(tabId, stored, bodyText) {
  try {
    const { failure, event } = await stored;
    const verdict = bodyText ? await verdictOf({ ...event, bodyText }) : {};
    await updateFailure(tabId, failure.id, (f) => {
      delete f.bodyPending;
      Object.assign(f, verdict);
    });
  } catch {
    // The tab closed meanwhile: its log is gone with it.
  }
}

/** Once a tab has loaded, hands each waiting document its frame's text, read once per frame. */
async function readDocuments(tabId) {
  const pending = awaitingText.get(tabId) ?? [];
  awaitingText.delete(tabId);
  const texts = new Map();
  for (const { frameId, deliver } of pending) {
    if (!texts.has(frameId)) texts.set(frameId, frameText(tabId, frameId));
    await deliver(await texts.get(frameId));
  }
}

/** A redirect or a network error of a request the trail follows may make it worth judging. */
function onRedirect(details) {
  const step = addRedirect(details);
  if (step?.worth) judgeSoon(step.tabId);
}

function onError(details) {
  // A request that ends without an answer: what was known of it goes now.
  forget(details);
  const step = addError(details);
  if (step?.worth) judgeSoon(step.tabId);
}

// Each kind of request its own listeners, with only the options it needs (watched.js). Firefox
// keeps one registration per listener function: each kind gets functions of its own.
const watched = WATCHED.map((kind) => ({ ...kind, types: knownTypes(kind.types) }));
for (const kind of watched) {
  const filter = { urls: ['<all_urls>'], types: kind.types };
  const trailFilter = { urls: ['<all_urls>'], types: kind.types.filter((t) => FOLLOWED_TYPES.includes(t)) };
  if (kind.form) api.webRequest.onBeforeRequest.addListener((d) => rememberForm(d), filter, ['requestBody']);
  if (kind.requestHeaders) api.webRequest.onSendHeaders.addListener((d) => rememberHeaders(d), filter, sendHeadersSpec);
  // What is kept of a request in flight (its headers, its form, its hops) waits for its end.
  if (kind.requestHeaders || kind.form || trailFilter.types.length) api.webRequest.onErrorOccurred.addListener((d) => onError(d), filter);
  api.webRequest.onHeadersReceived.addListener((d) => onResponse(d, kind), filter, headersReceivedSpec(kind));
  if (trailFilter.types.length) api.webRequest.onBeforeRedirect.addListener((d) => onRedirect(d), trailFilter);
}
// A site the user has just allowed from the popup is loaded again, for AuthLens to see it.
api.permissions.onAdded.addListener(reloadOnGrant);
onAuthPrompt(rememberPrompt, watched.flatMap((kind) => kind.types));

// Both browsers clear a tab's badge when its page commits, after onHeadersReceived: set it again.
api.tabs.onUpdated.addListener(async (tabId, change) => {
  if (change.status !== 'complete') return;
  await readDocuments(tabId);
  await showBadge(tabId, await settledLog(tabId));
});
api.tabs.onRemoved.addListener((tabId) => {
  awaitingText.delete(tabId);
  dropTrail(tabId);
  forgetTab(tabId);
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

// The options page's "clear history", and a tab's trail as it is kept (masked), which the
// tests search for secrets (web pages cannot message an extension that declares no
// externally_connectable).
api.runtime.onMessage.addListener((message, sender, respond) => {
  if (message?.clearHistory) {
    for (const tabId of awaitingText.keys()) giveUpText(tabId);
    // A judgment already scheduled finds no trail left to judge.
    dropAll();
    clearAll().then(() => respond(true), () => respond(false));
    return true;
  }
  if (Number.isInteger(message?.trailOf)) {
    flowOf(message.trailOf).then((trail) => respond(trail?.hops ?? []), () => respond([]));
    return true;
  }
  return false;
});
