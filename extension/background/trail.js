// Each tab's trail of sign-in hops, in memory only: every response of a document or frame
// (redirects included, with the request's relevant headers and a POSTed form's fields), and a
// page's fetch/XHR when redirected or setting cookies. Each hop is masked (mask.js) before it
// is kept; the trail keeps the last MAX_HOPS of the last MAX_AGE_MS and goes with its tab.
//
// A cheap test (`worthJudging`) decides when the trail is worth the core's judgment, so that
// ordinary browsing never loads the core. Hops are found again by request id (a redirect chain
// keeps its request's id in both browsers), not only by tab.
import { isThirdParty, networkError } from '../platform/browser.js';
import { maskBody, maskForm, maskRequestHeaders, maskResponseHeaders, maskUrl, paramsOf, urlParts, urlWithoutEchoes, withoutEchoes } from './mask.js';

export const MAX_HOPS = 40;
export const MAX_AGE_MS = 10 * 60 * 1000;

/** Tabs with a trail at once: a browser with hundreds of tabs keeps the busiest. */
const MAX_TRAILS = 100;

/** Requests whose tab is remembered, for events that do not say it. */
const MAX_REQUESTS = 1000;

const DOCUMENTS = new Set(['main_frame', 'sub_frame']);
const SCRIPT = 'xmlhttprequest';

/** The request types a trail follows, for the filters of its listeners. */
export const FOLLOWED_TYPES = [...DOCUMENTS, SCRIPT];

/**
 * What a script's request is kept for: where it was sent, the cookies it set, what answered it.
 * Its other headers are not masked and kept: a busy page's fetches come here by the hundred.
 */
const SCRIPT_HEADERS = new Set(['set-cookie', 'location', 'content-type', 'date', 'www-authenticate']);

/** Response headers that are one URL, whose host and path a removed value must not touch. */
const URL_HEADERS = new Set(['location', 'content-location']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** tabId → { id, entries, topHost, page } */
const trails = new Map();

/** requestId → tabId: the tab each followed request belongs to. */
const requestTabs = new Map();

let trailCount = 0;
let hopCount = 0;

/** A trail id unique across restarts of the background: stored flow records name it. */
const newTrailId = () => `${Date.now().toString(36)}.${(trailCount += 1)}`;

const isRedirect = (status) => REDIRECTS.has(status);

const header = (headers, name) => headers.find((h) => h.name.toLowerCase() === name)?.value;

const setsCookie = (headers = []) => headers.some((h) => h.name.length === 10 && h.name.toLowerCase() === 'set-cookie');

/** Whether this response joins its tab's trail (plain checks: every response comes here). */
export function follows(details) {
  if (DOCUMENTS.has(details.type)) return true;
  if (details.type !== SCRIPT) return false;
  return isRedirect(details.statusCode) || requestTabs.has(details.requestId) || setsCookie(details.responseHeaders);
}

function tabOf(details) {
  // Firefox can report tabId -1 for a document reached by a cross-site redirect
  // (ENVIRONMENT.md): the request it continues knows the tab.
  return details.tabId >= 0 ? details.tabId : requestTabs.get(details.requestId);
}

function remember(requestId, tabId) {
  requestTabs.delete(requestId);
  requestTabs.set(requestId, tabId);
  if (requestTabs.size > MAX_REQUESTS) requestTabs.delete(requestTabs.keys().next().value);
}

function trailFor(tabId) {
  let trail = trails.get(tabId);
  if (!trail) {
    trail = { id: newTrailId(), entries: [] };
    trails.set(tabId, trail);
    if (trails.size > MAX_TRAILS) trails.delete(trails.keys().next().value);
  }
  return trail;
}

/** Where a (masked) URL leads, as the trigger compares it: origin and path, host, path, parameters. */
function placeOf(url) {
  const parts = urlParts(url);
  return { place: parts ? `${parts.origin}${parts.path}` : url, host: parts?.host ?? '', path: parts?.path ?? '/', params: paramsOf(parts) };
}

/** A Set-Cookie line (masked) read for the trigger: its name, its path, whether it deletes. */
function cookieSet(line, at) {
  const [pair, ...attributes] = line.split(';');
  const attribute = (name) => attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
  const maxAge = attribute('max-age');
  const expires = Date.parse(attribute('expires') ?? '');
  return {
    name: pair.slice(0, Math.max(0, pair.indexOf('='))).trim(),
    path: attribute('path') ?? '/',
    // A cookie set already expired is a deletion (RFC 6265bis §5.6.1–2), not one to send back.
    gone: (maxAge !== undefined && Number(maxAge) <= 0) || expires <= at,
  };
}

/** The names of the cookies a (masked) request carried. */
const cookiesSent = (requestHeaders) =>
  new Set((header(requestHeaders, 'cookie') ?? '').split(';').map((c) => c.split('=')[0].trim()).filter(Boolean));

/** Parameters that make a URL or form an answer to a sign-in: the callback the app receives. */
function isCallback(params) {
  const has = (n) => params.has(n);
  return has('error') || has('SAMLResponse') || (has('state') && (has('code') || has('id_token') || has('access_token')));
}

/**
 * Adds the response `details` (a request `follows` chose; `known` is what requests.js knew of
 * it) to its tab's trail. Returns what the caller must do next, or undefined when the
 * response belongs to no tab: `{ entry, tabId, worth, needsBody, wantsStoredCookies }`.
 */
export function addHop(details, known) {
  const tabId = tabOf(details);
  if (tabId === undefined) return undefined;
  remember(details.requestId, tabId);
  const trail = trailFor(tabId);
  prune(trail, details.timeStamp);

  const removed = [];
  const url = maskUrl(details.url, removed);
  const requestHeaders = maskRequestHeaders(known.headers, removed);
  const received = details.responseHeaders ?? [];
  const shown = details.type === SCRIPT ? received.filter((h) => SCRIPT_HEADERS.has(h.name.toLowerCase())) : received;
  const responseHeaders = maskResponseHeaders(shown, removed, details.url);
  const formData = known.form ? maskForm(known.form, removed) : undefined;
  // Chrome names the initiator's origin; Firefox its whole URL, query included.
  const initiator = details.initiator ? maskUrl(details.initiator, removed) : details.originUrl ? maskUrl(details.originUrl, removed) : '';
  // A server echoing a removed value in what is kept (an error description quoting the code).
  const echoFree = (text) => withoutEchoes(text, removed);
  const urlEchoFree = (text) => urlWithoutEchoes(text, removed);
  const hop = {
    url: urlEchoFree(url),
    method: details.method,
    statusCode: details.statusCode,
    type: details.type,
    timeStamp: details.timeStamp,
    ...(initiator ? { initiator: urlEchoFree(initiator) } : {}),
    frameId: details.frameId,
    parentFrameId: details.parentFrameId,
    requestHeaders,
    responseHeaders: responseHeaders.map(({ name, value }) => {
      const lower = name.toLowerCase();
      if (lower === 'set-cookie') return { name, value };
      return { name, value: URL_HEADERS.has(lower) ? urlEchoFree(value) : echoFree(value) };
    }),
    ...(formData ? { formData: Object.fromEntries(Object.entries(formData).map(([n, vs]) => [n, vs.map(echoFree)])) } : {}),
  };

  const { place, host, path, params } = placeOf(hop.url);
  if (details.type === 'main_frame') {
    trail.topHost = host;
    trail.page = details.requestId;
  }
  for (const name of Object.keys(formData ?? {})) params.set(name, formData[name][0]);
  const date = Date.parse(header(responseHeaders, 'date') ?? '') || details.timeStamp;
  const html = /html/i.test(header(responseHeaders, 'content-type') ?? '');
  const entry = {
    seq: (hopCount += 1),
    requestId: details.requestId,
    page: trail.page,
    hop,
    place,
    host,
    path,
    params,
    html,
    // A trail that starts inside a page: whoever made the request stands for the page.
    thirdParty: details.type !== 'main_frame' && isThirdParty(details, host, trail.topHost ?? urlParts(hop.initiator ?? '')?.host ?? ''),
    // Deletion is judged by the server's own clock: a cookie that a wrong local clock expires on
    // arrival is a refusal the trigger must see.
    sets: responseHeaders.filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => cookieSet(h.value, date)),
    sent: cookiesSent(requestHeaders),
  };
  trail.entries.push(entry);

  const authorizationRequest = params.has('client_id') && params.has('response_type');
  const needsBody = DOCUMENTS.has(details.type) && !isRedirect(details.statusCode) && (authorizationRequest || isCallback(params));
  // Kept only until the body has come, to scrub it of every value the exchange carried.
  if (needsBody) entry.removed = removed;
  return {
    entry,
    tabId,
    worth: worthJudging(trail.entries, trail.entries.length - 1),
    needsBody,
    wantsStoredCookies: details.type === 'sub_frame' && entry.thirdParty && entry.sent.size === 0,
  };
}

/** The latest hop of the request `details` names, in its tab's trail. */
function entryOf(details) {
  const tabId = tabOf(details);
  const trail = tabId === undefined ? undefined : trails.get(tabId);
  const index = trail?.entries.findLastIndex((e) => e.requestId === details.requestId) ?? -1;
  return index < 0 ? undefined : { tabId, trail, index, entry: trail.entries[index] };
}

/** Where a redirect sent the browser (fragment included: implicit-flow answers live there). */
export function addRedirect(details) {
  const found = entryOf(details);
  if (!found) return undefined;
  const { tabId, trail, index, entry } = found;
  const removed = [];
  entry.hop.redirectUrl = urlWithoutEchoes(maskUrl(details.redirectUrl, removed, details.url), removed);
  entry.redirect = placeOf(entry.hop.redirectUrl);
  if (details.type === 'main_frame') trail.topHost = entry.redirect.host;
  return { tabId, worth: worthJudging(trail.entries, index) };
}

/** The browser's network error ending a followed request (NS_ERROR_REDIRECT_LOOP…). */
export function addError(details) {
  const found = entryOf(details);
  if (!found) return undefined;
  const { tabId, trail, index, entry } = found;
  const redirects = trail.entries.filter((e) => e.requestId === details.requestId && e.hop.redirectUrl).length;
  entry.hop.error = networkError(details.error, redirects);
  return { tabId, worth: worthJudging(trail.entries, index) };
}

/** The page text of a hop that asked for it, masked; undefined (not read) drops the wait. */
export function addBody(entry, text) {
  if (text !== undefined && entry.removed) entry.hop.bodyText = maskBody(text, entry.removed);
  delete entry.removed;
  return text !== undefined;
}

/**
 * The cookies the browser holds for a frame's URL and did not send, as `lookup` resolves to
 * them (`[{ name, sameSite }]`, or undefined when the browser will not say); the trail's
 * judgment waits for it.
 */
export function addStoredCookies(entry, lookup) {
  entry.ready = lookup.then((cookies) => {
    if (cookies) entry.hop.storedCookies = cookies.map(({ name, sameSite }) => ({ name, sameSite }));
  }, () => {});
}

/**
 * Why the trail is worth judging now that its hop `i` came or changed, or '' when it is not:
 * - `loop`: a redirect back to a place (origin and path) that sent the browser away before, or
 *   the browser giving up on redirects;
 * - `message`: an OAuth error or a SAML response in a URL, fragment or form;
 * - `cookie`: a cookie set for a host that the next document request to it did not carry;
 * - `script`: a script's request redirected to a page;
 * - `silent`: `prompt=none` in a frame of another site answered with an error;
 * - `authorize`: an authorization request answered with a page of the provider's own.
 */
export function worthJudging(entries, i) {
  const e = entries[i];
  const status = e.hop.statusCode;
  const redirectParams = e.redirect?.params ?? new Map();
  if (e.redirect && entries.some((o, k) => k < i && o.place === e.redirect.place && isRedirect(o.hop.statusCode))) return 'loop';
  if (/redirect/i.test(e.hop.error ?? '')) return 'loop';
  for (const params of [e.params, redirectParams]) {
    if (params.has('error') || params.has('SAMLResponse')) return 'message';
  }
  const isDocument = DOCUMENTS.has(e.hop.type);
  if (isDocument && (e.hop.type === 'main_frame' || !e.thirdParty)) {
    const before = entries.findLast((o, k) => k < i && o.host === e.host);
    if (before && !before.thirdParty && before.sets.some((c) => !c.gone && e.path.startsWith(c.path) && !e.sent.has(c.name))) return 'cookie';
  }
  if (e.hop.type === SCRIPT && !isRedirect(status) && e.html && entries.some((o, k) => k < i && o.requestId === e.requestId)) return 'script';
  if (e.hop.type === 'sub_frame' && e.thirdParty && e.params.get('prompt') === 'none' && status >= 400) return 'silent';
  if (isDocument && !isRedirect(status) && e.params.has('client_id') && e.params.has('response_type')) return 'authorize';
  return '';
}

/**
 * Makes room for one more hop at `now`: drops hops older than MAX_AGE_MS, then, while the trail
 * is full, its oldest script's request (a busy page's fetches must not push its documents
 * out), else its oldest hop. A trail whose every hop expired starts anew (its stored records
 * stay as history).
 */
function prune(trail, now) {
  const fresh = trail.entries.filter((e) => now - e.hop.timeStamp <= MAX_AGE_MS);
  if (fresh.length === 0 && trail.entries.length > 0) trail.id = newTrailId();
  while (fresh.length >= MAX_HOPS) {
    const script = fresh.findIndex((e) => e.hop.type === SCRIPT);
    fresh.splice(Math.max(script, 0), 1);
  }
  trail.entries = fresh;
}

/**
 * The tab's trail as the core takes it, once every lookup it waits for has settled:
 * `{ id, hops, pages, seqs }`, where `pages[i]` is the top-level request whose page hop `i`
 * belongs to (the tab log's page), `seqs[i]` its lasting number. Undefined for a tab without one.
 */
export async function flowOf(tabId) {
  await Promise.all(trails.get(tabId)?.entries.map((e) => e.ready) ?? []);
  const trail = trails.get(tabId);
  if (!trail) return undefined;
  return {
    id: trail.id,
    hops: trail.entries.map((e) => e.hop),
    pages: trail.entries.map((e) => e.page),
    seqs: trail.entries.map((e) => e.seq),
  };
}

/** The host of the tab's top-level page, as its trail last saw it ('' when unknown). */
export const pageHost = (tabId) => trails.get(tabId)?.topHost ?? '';

export function dropTrail(tabId) {
  trails.delete(tabId);
}

/** Forgets every tab's trail (the options page's "clear history"). */
export function dropAll() {
  trails.clear();
  requestTabs.clear();
}
