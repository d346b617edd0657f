// Turns a response into a stored failure: a cheap filter in plain JS first, so ordinary
// traffic never reaches (or instantiates) the wasm core.
import { coreLoader } from '../core.js';
import * as glue from '../wasm/background.js';
import { fieldLines } from '../platform/browser.js';
import { WATCHABLE_STATUSES, settings } from '../settings.js';

const loadCore = coreLoader(glue, 'background');

const hasChallenge = (headers = []) =>
  headers.some((h) => h.name.length === 16 && h.name.toLowerCase() === 'www-authenticate');

/**
 * A watched status (options page), or a challenge on another error status (a 400 with a Bearer
 * error): both are authentication failures. A challenge on a success or a redirect refuses
 * nothing (RFC 9110 §11.6.1; the final Negotiate token of a 200, RFC 4559 §5).
 */
export const isAuthFailure = (details) =>
  WATCHABLE_STATUSES.includes(details.statusCode)
    ? settings.statuses.has(details.statusCode)
    : details.statusCode >= 400 && hasChallenge(details.responseHeaders);

const CHALLENGE_HEADERS = new Set(['www-authenticate', 'proxy-authenticate']);

/** The URL without credentials, fragment or query values: they can carry secrets. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.hash = '';
    const names = [...u.searchParams.keys()];
    u.search = names.length ? `?${names.map((n) => `${encodeURIComponent(n)}=…`).join('&')}` : '';
    return u.href;
  } catch {
    return '';
  }
}

/** The core's view of a failed response, given what `recall` knew of its request. */
export function eventOf(details, known, bodyText) {
  return {
    url: details.url,
    method: details.method,
    statusCode: details.statusCode,
    type: details.type,
    timeStamp: details.timeStamp,
    initiator: details.initiator ?? details.originUrl,
    responseHeaders: details.responseHeaders ?? [],
    requestHeaders: known.headers,
    authPrompted: known.prompts > 0,
    retried: known.prompts > 0,
    // An empty body was read (and says nothing); an absent one was not.
    ...(bodyText !== undefined ? { bodyText } : {}),
  };
}

/** What the core concludes of `event`, or why it could not: `{ diagnosis }` or `{ error }`. */
export async function verdictOf(event) {
  try {
    const core = await loadCore();
    const diagnosis = core.diagnose(event);
    loadCore.started();
    return { diagnosis };
  } catch (e) {
    // Still badge and show the status and the raw challenge when the core cannot help.
    return { error: String(e?.message ?? e) };
  }
}

/** The record kept of one failed response: derived facts only, no secrets. */
export async function failureOf(details, event) {
  return {
    id: `${details.requestId}@${details.timeStamp}`,
    url: redactUrl(details.url),
    method: details.method,
    type: details.type,
    statusCode: details.statusCode,
    time: details.timeStamp,
    challenges: event.responseHeaders.filter((h) => CHALLENGE_HEADERS.has(h.name.toLowerCase())).flatMap((h) => fieldLines(h.value)),
    ...(await verdictOf(event)),
  };
}
