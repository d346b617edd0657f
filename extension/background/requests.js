// Short-lived facts about requests in flight, kept in memory only until their response:
// the few request headers the diagnosis reads, the fields of a POSTed document's form, and how
// often the browser prompted for credentials. Values are handed to the core or masked for the
// trail, and dropped; nothing here is ever stored.

/** Request headers the core reasons about; everything else is ignored. */
const RELEVANT = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'origin',
  'access-control-request-method', 'access-control-request-headers',
  // A refused anti-forgery nonce (WordPress; WooCommerce's Store API sends `Nonce`), and a
  // signed request's own clock (AWS, Azure).
  'x-wp-nonce', 'nonce', 'x-csrftoken', 'x-xsrf-token', 'x-csrf-token', 'x-amz-date', 'x-ms-date',
  // A second factor's one-time code (GitHub; npm's --otp): the core says one went out, never what.
  'x-github-otp', 'npm-otp',
]);

// A service's own credential header (X-API-Key, X-Vault-Token, Ocp-Apim-Subscription-Key…), as
// the core knows one by its name (`credential_header`, crate/src/diagnosis/facts/sent.rs): it stands
// for a scheme, and the core turns it into "a key was sent" and drops the value.
const KEY_NAME = /apikey|api-key|api_key|subscription-key|functions-key|auth-key|access-key/;
const NOT_CREDENTIALS = new Set(['csrf', 'xsrf', 'atlassian', 'captcha', 'recaptcha', 'hcaptcha', 'turnstile',
  'continuation', 'page', 'next', 'cursor', 'sync', 'nonce', 'idempotency', 'upload', 'websocket']);
const MAX_CREDENTIAL_NAME = 64;

function isCredentialName(name) {
  // Every header of every request comes here: the cheap shape test first, words only after it.
  const key = KEY_NAME.test(name);
  if (name.length > MAX_CREDENTIAL_NAME || !(key || name.endsWith('token'))) return false;
  const words = name.split(/[-_]/);
  return (key || words.at(-1) === 'token') && !words.some((w) => NOT_CREDENTIALS.has(w));
}

const isRelevant = (name) => RELEVANT.has(name) || isCredentialName(name);

/** A page firing thousands of requests must not grow this without bound. */
const MAX_IN_FLIGHT = 1000;

const inFlight = new Map();

function entry(requestId) {
  let e = inFlight.get(requestId);
  if (!e) {
    if (inFlight.size >= MAX_IN_FLIGHT) inFlight.delete(inFlight.keys().next().value);
    e = { headers: [], prompts: 0 };
    inFlight.set(requestId, e);
  }
  return e;
}

export function rememberHeaders({ requestId, requestHeaders = [] }) {
  const headers = requestHeaders.filter((h) => isRelevant(h.name.toLowerCase()));
  if (headers.length === 0 && !inFlight.has(requestId)) return;
  entry(requestId).headers = headers;
}

/** The fields of a posted form (`onBeforeRequest` with `requestBody`, documents only). */
export function rememberForm({ requestId, requestBody }) {
  if (requestBody?.formData) entry(requestId).form = requestBody.formData;
}

export function rememberPrompt({ requestId }) {
  entry(requestId).prompts += 1;
}

/** What is known about the request; the caller forgets it once the response has come. */
export function recall(requestId) {
  const e = inFlight.get(requestId);
  return e ? { ...e } : { headers: [], prompts: 0 };
}

export function forget({ requestId }) {
  inFlight.delete(requestId);
}

/**
 * Requests whose 401 or 407 went to the log, by id → whether a success answered it since: the
 * browser sends such a request again, same id, with the credentials it was asked for (its
 * prompt answered, a Windows handshake going on), and a success makes the answer before it a
 * step of signing in, not a failure. A retry comes within seconds: the newest few suffice.
 */
const challenged = new Map();

const MAX_CHALLENGED = 200;

/** A 401 or 407 on its way to the log. */
export function rememberChallenge({ requestId }) {
  if (challenged.size >= MAX_CHALLENGED) challenged.delete(challenged.keys().next().value);
  challenged.set(requestId, false);
}

/** A success of `requestId`: whether it answers a 401 or 407 of the same request (then marked answered). */
export function answersChallenge({ requestId }) {
  if (!challenged.has(requestId)) return false;
  challenged.set(requestId, true);
  return true;
}

/** Whether a success has answered the 401 or 407 of `requestId` already (its record still on its way). */
export const challengeAnswered = ({ requestId }) => challenged.get(requestId) === true;
