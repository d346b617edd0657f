// What the lab's sign-in sites answer with: pages, redirects, self-submitting forms, cookies.
// Each answer is `{ status, headers: [{ name, value }], body }` (repeated headers kept apart, as
// Set-Cookie must be), plus `note`: what the site decided, for the lab's journal only.

/** `s` as HTML text or attribute value. */
export const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HTML = { name: 'Content-Type', value: 'text/html; charset=utf-8' };

/**
 * A page. `outcome` marks where a visitor's journey ended (`signed-in`, `app-error`…) and
 * `kind` what the page is (`provider-sign-in`…): the tests wait on them, as a person reads the
 * page. `markup` is trusted HTML; every value in it must go through `escape` first.
 */
export function page({ status = 200, title, markup = '', outcome, kind, headers = [], note }) {
  const marks = [outcome && `data-outcome="${outcome}"`, kind && `data-page="${kind}"`].filter(Boolean).join(' ');
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body ${marks}><h1>${escape(title)}</h1>
${markup}
</body></html>`;
  return { status, headers: [HTML, ...headers], body, note };
}

export const redirect = (location, { status = 302, headers = [], note } = {}) =>
  ({ status, headers: [{ name: 'Location', value: location }, ...headers], body: '', note });

export const json = (value, { status = 200, headers = [], note } = {}) =>
  ({ status, headers: [{ name: 'Content-Type', value: 'application/json' }, ...headers], body: JSON.stringify(value), note });

/**
 * A page that POSTs `fields` to `action` as soon as it loads, as identity providers answer with
 * `response_mode=form_post` and the SAML POST binding (a button for visitors without scripts).
 */
export function selfPostingForm({ title, action, fields, note, headers = [] }) {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('\n');
  const markup = `<form method="post" action="${escape(action)}">
${inputs}
<noscript><p>JavaScript is disabled. Click the button below to continue.</p><input type="submit" value="Continue"></noscript>
</form>
<script>document.forms[0].submit();</script>`;
  return page({ title, markup, kind: 'self-posting-form', headers, note });
}

/** A `Set-Cookie` header: `attributes` are written as given, in order (`Path=/`, `Secure`…). */
export const setCookie = (name, value, attributes) =>
  ({ name: 'Set-Cookie', value: [`${name}=${value}`, ...attributes].join('; ') });

/** The cookies a request carried: name → value (the first, as servers read them). */
export function cookiesOf(req) {
  const cookies = new Map();
  for (const pair of (req.headers.cookie ?? '').split(/;\s*/)) {
    const eq = pair.indexOf('=');
    if (eq > 0 && !cookies.has(pair.slice(0, eq))) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return cookies;
}

/** An urlencoded request body as an object of first values. */
export const formOf = (body) => Object.fromEntries(new URLSearchParams(body ?? ''));

/** The date a deleted cookie carries, as frameworks write it. */
export const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
