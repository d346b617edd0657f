// What the trail keeps of a hop, before it is kept: every secret goes, what the core reads of
// a sign-in stays. Cookie values, credentials, OAuth codes, state, tokens and form values are
// removed (names kept); the few parameters that name an error or a sign-in message keep their
// values. Whatever was removed is also scrubbed wherever the server echoed it.
import { fieldLines } from '../platform/browser.js';

/** Query and fragment parameters whose values the core reads, and no secret is among. */
export const KEPT_URL_PARAMS = new Set([
  'error', 'error_description', 'error_uri', 'SAMLResponse', 'SAMLRequest', 'client_id', 'redirect_uri',
  'response_type', 'response_mode', 'prompt', 'scope',
]);

/** Form fields whose values the core reads: a SAML message's status, an OAuth error. */
export const KEPT_FORM_FIELDS = new Set(['SAMLResponse', 'SAMLRequest', 'error', 'error_description']);

/** Request headers whose values say nothing secret; the others keep their names only. */
const PLAIN_REQUEST_HEADERS = new Set(['origin', 'access-control-request-method', 'access-control-request-headers', 'x-amz-date', 'x-ms-date']);

/** Response headers that hold a URL, whose query may carry a code or a token. */
const URL_HEADERS = new Set(['location', 'content-location']);

/** Response headers named like a secret (a token, a nonce, a session): their values go. */
const SECRET_NAME = /token|nonce|csrf|xsrf|secret|session|password|otp|api-?key|signature|credential|authorization/;

/** Removed values shorter than this are too common as substrings to scrub safely (as the core's MIN_SECRET). */
const MIN_ECHO = 6;

/** What stands in for a removed secret in a server's text. */
const GONE = '…';

/** Replaces a removed value where its length still matters (the core checks a cookie's 4 KB limit). */
export const filler = (value) => 'x'.repeat(value.length);

/**
 * Runs shaped like tokens: base64-encoded JSON (`eyJ…`: JWTs) and 32 or more base64url
 * characters in a row, as the core's `redact::without_tokens` (crate/src/redact.rs) sees them.
 */
export const withoutTokens = (text) =>
  text.length < 12 ? text : text.replace(/[A-Za-z0-9\-_+=.]{12,}/g, (run) => (run.split('.').some((p) => p.length >= 32 || (p.length >= 12 && p.includes('eyJ'))) ? GONE : run));

const decoded = (text) => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

/**
 * A query or fragment with every value removed but the kept ones; a part without `=` (a bare
 * token, a hash route) goes whole, unless it is a kept parameter's bare name (Spring Security
 * sends a refused sign-in to `/login?error`). `removed` collects what went, in its raw and
 * decoded forms.
 */
function maskParams(text, removed) {
  const parts = [];
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (KEPT_URL_PARAMS.has(decoded(part))) parts.push(part);
      else removed.push(part, decoded(part));
      continue;
    }
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (KEPT_URL_PARAMS.has(decoded(name))) parts.push(part);
    else {
      removed.push(value, decoded(value));
      parts.push(`${withoutTokens(name)}=`);
    }
  }
  return parts.join('&');
}

/** An absolute URL's parts: scheme, user info, host and port, path, query, fragment. */
const URL_PARTS = /^([a-z][a-z0-9+.-]*:)\/\/(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/is;

/**
 * An absolute URL's parts (`{ origin, host, path, query, fragment }`, `userinfo` when present),
 * read with one regular expression: every document's URL comes here, and URL objects cost
 * microseconds. A relative URL is resolved against `base` first; undefined when not a URL.
 */
export function urlParts(url, base) {
  let match = URL_PARTS.exec(url);
  // Only a base can make a URL of what is not one (exceptions are slow).
  if (!match && base) {
    try {
      match = URL_PARTS.exec(new URL(url, base).href);
    } catch {
      return undefined;
    }
  }
  if (!match) return undefined;
  const [, scheme, userinfo, authority, path, query = '', fragment = ''] = match;
  return {
    origin: `${scheme.toLowerCase()}//${authority.toLowerCase()}`,
    host: authority.toLowerCase().replace(/:\d*$/, ''),
    path: path || '/',
    query,
    fragment,
    ...(userinfo !== undefined ? { userinfo } : {}),
  };
}

/** The parameters of a URL's query and fragment (`urlParts`), decoded: name → value. */
export function paramsOf(parts) {
  const out = new Map();
  for (const text of [parts?.query, parts?.fragment]) {
    if (!text) continue;
    for (const part of text.split('&')) {
      const eq = part.indexOf('=');
      if (eq > 0) out.set(decoded(part.slice(0, eq)), decoded(part.slice(eq + 1)));
    }
  }
  return out;
}

/**
 * `url` (resolved against `base`) without user info, with query and fragment values removed
 * except KEPT_URL_PARAMS and token-shaped path segments replaced; '' when it is not a URL.
 */
export function maskUrl(url, removed = [], base = undefined) {
  const u = urlParts(url, base);
  if (!u) return '';
  if (u.userinfo) removed.push(...u.userinfo.split(':').map(decoded));
  const query = u.query && maskParams(u.query, removed);
  const fragment = u.fragment && maskParams(u.fragment, removed);
  return `${u.origin}${withoutTokens(u.path)}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
}

/** `Cookie: a=1; b=2` → `a=; b=`: which cookies went out, none of their values. */
export function maskCookieHeader(value, removed = []) {
  return value.split(';').map((c) => c.trim()).filter(Boolean).flatMap((c) => {
    const eq = c.indexOf('=');
    // A cookie without `=` is a value without a name (RFC 6265bis §5.6): nothing to keep.
    removed.push(eq < 0 ? c : c.slice(eq + 1));
    return eq < 0 ? [] : [`${c.slice(0, eq)}=`];
  }).join('; ');
}

/**
 * One `Set-Cookie` line with its value replaced by a filler of the same length: the name and
 * every attribute stay, as the core judges them (Secure, SameSite, Domain, size, expiry).
 */
export function maskSetCookie(line, removed = []) {
  const semi = line.indexOf(';');
  const pair = semi < 0 ? line : line.slice(0, semi);
  const attributes = semi < 0 ? '' : line.slice(semi);
  const eq = pair.indexOf('=');
  const value = eq < 0 ? pair : pair.slice(eq + 1);
  removed.push(value.trim());
  return `${eq < 0 ? '' : pair.slice(0, eq + 1)}${filler(value)}${attributes}`;
}

/** `Bearer abc…` → `Bearer`: the scheme says what was sent; a bare credential leaves nothing. */
export function maskAuthorization(value, removed = []) {
  const match = /^\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s+(.*)$/s.exec(value);
  removed.push(match ? match[2].trim() : value.trim());
  return match ? match[1] : '';
}

/** The request headers `requests.js` kept, with only what is not secret. */
export function maskRequestHeaders(headers, removed = []) {
  return headers.map(({ name, value = '' }) => {
    const lower = name.toLowerCase();
    if (lower === 'cookie') return { name, value: maskCookieHeader(value, removed) };
    if (lower === 'authorization' || lower === 'proxy-authorization') return { name, value: maskAuthorization(value, removed) };
    if (PLAIN_REQUEST_HEADERS.has(lower)) return { name, value };
    removed.push(value);
    return { name, value: '' };
  });
}

/** `Refresh: 0; url=…` with its URL masked. */
const maskRefresh = (value, removed, base) =>
  value.replace(/(url\s*=\s*['"]?)([^'"]*)/i, (_, lead, url) => `${lead}${maskUrl(url.trim(), removed, base)}`);

/**
 * A response's headers as the trail keeps them: Set-Cookie masked one line each (Firefox
 * joins repeated lines with a line feed), URLs masked, secret-named values removed, token-shaped
 * runs replaced. `base` resolves relative URLs (the response's own URL).
 */
export function maskResponseHeaders(headers, removed = [], base = undefined) {
  return headers.flatMap(({ name, value = '' }) => {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') return fieldLines(value).filter(Boolean).map((line) => ({ name, value: maskSetCookie(line, removed) }));
    if (URL_HEADERS.has(lower)) return [{ name, value: maskUrl(value, removed, base) }];
    if (lower === 'refresh') return [{ name, value: maskRefresh(value, removed, base) }];
    if (lower === 'link') return [{ name, value: value.replace(/<([^>]*)>/g, (_, url) => `<${maskUrl(url, removed, base)}>`) }];
    if (SECRET_NAME.test(lower)) {
      removed.push(value);
      return [{ name, value: '' }];
    }
    return [{ name, value: withoutTokens(value) }];
  });
}

/** A POSTed form (`{ name: [values] }`): every name, and only the values the core reads. */
export function maskForm(formData, removed = []) {
  const out = {};
  for (const [name, values] of Object.entries(formData)) {
    const list = Array.isArray(values) ? values : [values];
    if (KEPT_FORM_FIELDS.has(name)) out[name] = list;
    else {
      removed.push(...list);
      out[name] = list.map(() => '');
    }
  }
  return out;
}

/** `text` with every removed value of MIN_ECHO characters or more replaced: servers echo them. */
export function withoutEchoes(text, removed) {
  let out = text;
  for (const secret of removed) {
    if (secret && secret.length >= MIN_ECHO && out.includes(secret)) out = out.split(secret).join(GONE);
  }
  return out;
}

/**
 * A (masked) URL with every removed value scrubbed from its query and fragment only: a removed
 * value may well name the host (`domain_hint=contoso.com` on `login.contoso.com`).
 */
export function urlWithoutEchoes(url, removed) {
  const u = urlParts(url);
  if (!u || (!u.query && !u.fragment)) return url;
  const query = u.query && `?${withoutEchoes(u.query, removed)}`;
  const fragment = u.fragment && `#${withoutEchoes(u.fragment, removed)}`;
  return `${u.origin}${u.path}${query}${fragment}`;
}

/**
 * A page's text as the trail may keep it, to judge its words again: form values (an auto-posted
 * code or token), scripts, e-mail addresses, token-shaped runs and every value the request or
 * response carried are gone.
 */
export function maskBody(text, removed = []) {
  const stripped = text
    .replace(/(<script\b[^>]*>)[\s\S]*?(<\/script\s*>|$)/gi, '$1$2')
    .replace(/\bvalue\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, 'value=""')
    .replace(/[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[A-Za-z]{2,}/g, GONE);
  return withoutTokens(withoutEchoes(stripped, removed));
}
