// The lab's scenarios, as data: one real authentication failure each, replayed from a
// real-server fixture (./exchange.mjs) or built the way such a server builds it.
//
// A scenario is served under its `path` prefix; a visit adds a unique tag (Chromium caches
// credentials per path, and tests find tabs by URL). `via` says how the browser meets it:
//   page        the tab navigates to it (a lab page first sets the fixture's cookies, if any)
//   fetch       a 200 page fetch()es it from its own origin, sending the fixture's request
//   cross-site  the same, from the other lab site (127.0.0.1 → localhost): a CORS request
//   form        a 200 page POSTs a form to it
// `expect` is what AuthLens should conclude: the cause and the badge, in both browsers, whether
// or not the browser lets AuthLens read the response body (Chrome does not, for fetch and XHR).
// `skip: { <browser>: reason }` marks what a browser cannot reproduce, and why.
//
// One failure is not a scenario here: a proxy's 407. The lab plays the proxy itself (./proxy.mjs):
// a browser launched with `proxy` sends it absolute URIs, and it answers them as Squid does when
// it wants credentials (tests/e2e/proxy.test.mjs).
import { replay, requestOf } from './exchange.mjs';
import { jwt } from './jwt.mjs';
import { FLOWS, appPath } from './flows.mjs';

/** A signed-looking JWT (the lab never verifies it) expiring `expiresInS` from `nowMs`. */
function expiringJwt(nowMs, expiresInS) {
  const now = Math.floor(nowMs / 1000);
  return jwt({ iss: 'https://login.lab.test/', sub: 'lab-user', iat: now - 3600, exp: now + expiresInS });
}

const HOUR_MS = 3_600_000;

/** Spring Security's resource server answering an expired or not-yet-valid JWT. */
const springInvalidToken = (description, clockOffsetMs = 0) => ({
  status: 401,
  headers: [
    { name: 'WWW-Authenticate', value: `Bearer error="invalid_token", error_description="${description}", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"` },
    { name: 'Date', value: new Date(Date.now() + clockOffsetMs).toUTCString() },
    { name: 'Cache-Control', value: 'no-cache, no-store, max-age=0, must-revalidate' },
  ],
  body: '',
});

const page = (title, text) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

/** The sign-in page a site shows to a visitor without a session. */
const SIGN_IN = { status: 200, headers: [{ name: 'Content-Type', value: 'text/html' }], body: page('Sign in', 'Please sign in to continue.') };

const hasCookie = (req, name) => (req.headers.cookie ?? '').split(/;\s*/).some((c) => c.startsWith(`${name}=`));

export const SCENARIOS = [
  {
    id: 'basic-first-visit',
    title: 'Basic (nginx), first visit',
    path: '/basic/',
    fixture: 'nginx-basic-first-visit',
    expect: { cause: 'credentials-missing', badge: 1, scheme: 'Basic', realm: 'Restricted' },
  },
  {
    id: 'basic-wrong-password',
    title: 'Basic (Apache), wrong password',
    path: '/basic-wrong/',
    fixture: 'apache-basic-wrong-password',
    via: 'fetch',
    expect: { cause: 'credentials-rejected', badge: 1, scheme: 'Basic' },
  },
  {
    id: 'digest-stale',
    title: 'Digest (Jetty), stale nonce',
    path: '/digest-stale/',
    fixture: 'jetty-digest-stale-true',
    via: 'fetch',
    expect: { cause: 'nonce-stale', badge: 1, scheme: 'Digest' },
  },
  {
    id: 'digest-wrong-password',
    title: 'Digest (Apache), wrong password',
    path: '/digest-wrong/',
    fixture: 'apache-digest-wrong-password',
    via: 'fetch',
    expect: { cause: 'credentials-rejected', badge: 1, scheme: 'Digest' },
  },
  {
    id: 'bearer-no-token',
    title: 'Bearer (Docker registry), no token',
    path: '/bearer-none/',
    fixture: 'docker-registry-anonymous-pull',
    via: 'fetch',
    expect: { cause: 'credentials-missing', badge: 1, scheme: 'Bearer' },
  },
  {
    id: 'bearer-expired',
    title: 'Bearer (Spring), expired JWT',
    path: '/bearer-expired/',
    via: 'fetch',
    request: () => ({ method: 'GET', headers: { Authorization: `Bearer ${expiringJwt(Date.now(), -300)}` }, cookies: [] }),
    answer: () => springInvalidToken('Jwt expired at ' + new Date(Date.now() - 300_000).toISOString()),
    expect: { cause: 'token-expired', badge: 1, scheme: 'Bearer' },
  },
  {
    // The server's clock is two hours ahead: the token, valid by this computer's clock, expired
    // half an hour ago by the server's.
    id: 'bearer-clock-skew',
    title: 'Bearer (Spring), JWT "expired" by a clock that is off',
    path: '/bearer-skew/',
    via: 'fetch',
    request: () => ({ method: 'GET', headers: { Authorization: `Bearer ${expiringJwt(Date.now(), 90 * 60)}` }, cookies: [] }),
    answer: () => springInvalidToken('Jwt expired at ' + new Date(Date.now() + 90 * 60_000).toISOString(), 2 * HOUR_MS),
    expect: { cause: 'clock-skew', badge: 1, scheme: 'Bearer' },
  },
  {
    id: 'bearer-insufficient-scope',
    title: 'Bearer (Google API), insufficient scope (403)',
    path: '/bearer-scope/',
    fixture: 'google-insufficient-scope',
    via: 'fetch',
    expect: { cause: 'insufficient-scope', badge: 1, scheme: 'Bearer' },
  },
  {
    id: 'bearer-invalid-request',
    title: 'Bearer (Spring), invalid request (400)',
    path: '/bearer-malformed/',
    fixture: 'spring-multiple-bearer-tokens',
    via: 'fetch',
    expect: { cause: 'request-malformed', badge: 1, scheme: 'Bearer' },
  },
  {
    // A service's own credential header, known to AuthLens by its name.
    id: 'token-header-unknown',
    title: 'Token header (GitLab PRIVATE-TOKEN), unknown token',
    path: '/token-header/',
    fixture: 'gitlab-token-unknown',
    via: 'fetch',
    expect: { cause: 'token-invalid', badge: 1 },
  },
  {
    // The password was right; the account wants a one-time code as well (X-GitHub-OTP), and
    // the one sent was mistyped or expired: AuthLens may say a code went out, never which.
    id: 'second-factor',
    title: 'Basic (GitHub API), one-time code refused',
    path: '/second-factor/',
    fixture: 'github-otp-required',
    via: 'fetch',
    request: () => {
      const request = requestOf('github-otp-required');
      return { ...request, headers: { ...request.headers, 'X-GitHub-OTP': '123456' } };
    },
    expect: { cause: 'second-factor-required', badge: 1 },
  },
  {
    // Too many failed sign-ins: Jira refuses the API until someone answers its CAPTCHA.
    id: 'captcha-required',
    title: 'Basic (Jira), sign-in locked behind a CAPTCHA',
    path: '/captcha/',
    fixture: 'jira-captcha-challenge',
    via: 'fetch',
    expect: { cause: 'captcha-required', badge: 1 },
  },
  {
    id: 'no-challenge',
    title: '401 without WWW-Authenticate (nginx)',
    path: '/no-challenge/',
    fixture: 'nginx-401-without-challenge',
    expect: { cause: 'challenge-missing', badge: 1 },
  },
  {
    id: 'malformed-challenge',
    title: 'Malformed WWW-Authenticate (lighttpd)',
    path: '/malformed/',
    fixture: 'unterminated-realm-quote',
    expect: { cause: 'challenge-malformed', badge: 1 },
  },
  {
    id: 'windows-challenges',
    title: 'Negotiate, NTLM and Basic (IIS)',
    path: '/windows/',
    fixture: 'multiple-challenges-first-visit',
    // Basic is on offer too: a name and password will do, no Windows domain needed.
    expect: { cause: 'credentials-missing', badge: 1, scheme: 'Negotiate' },
  },
  {
    id: 'cors-preflight',
    title: 'CORS preflight answered 401 (Express API on another site)',
    path: '/cors/',
    fixture: 'cors-preflight-401',
    via: 'cross-site',
    request: () => ({ method: 'GET', headers: { Authorization: 'Bearer lab-token' }, cookies: [] }),
    expect: { cause: 'cors-preflight', badge: 1 },
  },
  {
    // The fix flow: once the site's cookies are cleared, the same address shows the sign-in page.
    id: 'session-expired',
    title: 'Expired cookie session (Express)',
    path: '/session/',
    fixture: 'express-session-expired',
    via: 'page',
    answer: (req, replayed) => (hasCookie(req, 'connect.sid') ? replayed : SIGN_IN),
    expect: { cause: 'session-expired', badge: 1 },
  },
  {
    id: 'owa-login-timeout',
    title: '440 Login Time-out (Outlook on the web)',
    path: '/owa/',
    fixture: 'owa-440-login-timeout',
    via: 'fetch',
    expect: { cause: 'session-expired', badge: 1 },
  },
  {
    id: 'forbidden',
    title: '403 Forbidden (nginx)',
    path: '/forbidden/',
    fixture: 'nginx-403-forbidden',
    expect: { cause: 'forbidden', badge: 1 },
  },
  {
    id: 'laravel-page-expired',
    title: '419 Page Expired (Laravel form)',
    path: '/laravel/',
    fixture: 'laravel-419-page-expired',
    via: 'form',
    expect: { cause: 'csrf-expired', badge: 1 },
  },
  {
    id: 'wordpress-not-logged-in',
    title: 'WordPress REST: rest_not_logged_in',
    path: '/wp-json/wp/v2/users/me/',
    fixture: 'wordpress-rest-not-logged-in',
    via: 'fetch',
    expect: { cause: 'credentials-missing', badge: 1 },
  },
  {
    id: 'wordpress-invalid-nonce',
    title: 'WordPress REST: rest_cookie_invalid_nonce',
    path: '/wp-json/redirection/v1/setting/',
    fixture: 'wordpress-rest-cookie-invalid-nonce',
    via: 'fetch',
    expect: { cause: 'csrf-expired', badge: 1 },
  },
  {
    id: 'iis-401-1',
    title: 'IIS 401.1 logon failed',
    path: '/iis-401-1/',
    fixture: 'iis-401-1-logon-failed',
    via: 'fetch',
    request: () => ({ method: 'GET', headers: { Authorization: 'Negotiate TlRMTVNTUAADAAAAGAAYAEgAAAAYABgAYAAAAA==' }, cookies: [] }),
    expect: { cause: 'iis-logon-failed', badge: 1 },
  },
  {
    id: 'iis-401-3',
    title: 'IIS 401.3 ACL',
    path: '/iis-401-3/',
    fixture: 'iis-401-3-acl',
    expect: { cause: 'iis-acl', badge: 1 },
  },
  {
    id: 'iis-401-501',
    title: 'IIS 401.501 dynamic IP restriction',
    path: '/iis-401-501/',
    fixture: 'iis-401-501-dynamic-ip',
    expect: { cause: 'rate-limited', badge: 1 },
  },
  {
    id: 'iis-401-503',
    title: 'IIS 401.503 IP denied',
    path: '/iis-401-503/',
    fixture: 'iis-401-503-ip-denied',
    expect: { cause: 'ip-blocked', badge: 1 },
  },
  {
    id: 'rate-limited',
    title: '429 Too Many Requests with Retry-After (Laravel)',
    path: '/rate-limited/',
    fixture: 'rate-limit-429-retry-after',
    via: 'fetch',
    expect: { cause: 'rate-limited', badge: 1 },
  },
  {
    id: 'captive-portal',
    title: '511 captive portal',
    path: '/portal/',
    fixture: 'captive-portal-511',
    // The real page refreshes to the portal's sign-in at once; the lab keeps the visitor on the
    // 511 so that there is something to diagnose.
    answer: (req, replayed) => ({ ...replayed, body: replayed.body.replace(/<meta http-equiv="refresh"[^>]*>/s, '') }),
    expect: { cause: 'captive-portal', badge: 1 },
  },
  {
    id: 'logged-out',
    title: 'Clear-Site-Data on logout',
    path: '/logout/',
    fixture: 'clear-site-data-logout',
    via: 'fetch',
    expect: { cause: 'logged-out-by-site', badge: 1 },
  },
  {
    // Everything a server decides is data, never markup or a link (issue 8).
    id: 'hostile-challenge',
    title: 'Hostile challenge: markup and a javascript: URI in its parameters',
    path: '/hostile/',
    answer: () => ({
      status: 401,
      headers: [
        { name: 'WWW-Authenticate', value: 'Bearer realm="<img src=x onerror=alert(1)>", error="invalid_token", error_description="<script>alert(2)</script>", error_uri="javascript:alert(3)"' },
        { name: 'Content-Type', value: 'text/html' },
      ],
      body: '<p>Unauthorized</p>',
    }),
    expect: { cause: 'credentials-missing', badge: 1, scheme: 'Bearer', realm: '<img src=x onerror=alert(1)>' },
  },
];

/** What the lab answers for a scenario's failing exchange. */
export function answerOf(scenario, req) {
  const replayed = scenario.fixture ? replay(scenario.fixture) : undefined;
  return scenario.answer ? scenario.answer(req, replayed) : replayed;
}

/** What a scenario's lab page makes the browser send. */
export function requestFor(scenario) {
  if (scenario.request) return scenario.request();
  return scenario.fixture ? requestOf(scenario.fixture) : { method: 'GET', headers: {}, cookies: [] };
}

/** Helper endpoints the tests use to set and observe real cookies. */
export const TOOLS = {
  // Sets the cookies named in the query (?name=value&...), host-only, for this host.
  '/lab/set-cookies': (url) => ({
    status: 200,
    headers: [
      { name: 'Content-Type', value: 'text/html' },
      ...[...url.searchParams].map(([name, value]) => ({ name: 'Set-Cookie', value: `${name}=${value}; Path=/; SameSite=Lax` })),
    ],
    body: page('Cookies set', 'The lab set the cookies you asked for.'),
  }),
  // Sets one partitioned (CHIPS) cookie: in a frame under another site, it lives in that
  // site's partition only.
  '/lab/set-partitioned-cookie': (url) => ({
    status: 200,
    headers: [
      { name: 'Content-Type', value: 'text/html' },
      ...[...url.searchParams].map(([name, value]) => ({ name: 'Set-Cookie', value: `${name}=${value}; Path=/; Secure; SameSite=None; Partitioned` })),
    ],
    body: page('Partitioned cookie set', 'The lab set a partitioned cookie.'),
  }),
  // A page of one site framing a page of another (?src=…).
  '/lab/embed': (url) => ({
    status: 200,
    headers: [{ name: 'Content-Type', value: 'text/html' }],
    body: page('Embedding', `</p><iframe src="${encodeURI(url.searchParams.get('src') ?? '')}"></iframe><p>`),
  }),
  // Echoes the names of the cookies the browser sent (values stay private even in the lab).
  '/lab/cookies': (url, req) => ({
    status: 200,
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    body: JSON.stringify(
      (req.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim().split('=')[0])
        .filter(Boolean)
        .sort(),
    ),
  }),
  // The index a newcomer sees in `npm start`: one link per scenario, and per sign-in flow (a
  // visit of its own at each click: its script adds a fresh tag to the flow's address).
  '/': () => ({
    status: 200,
    headers: [{ name: 'Content-Type', value: 'text/html' }],
    body: page('AuthLens lab', `Each link reproduces one real authentication failure.</p><ul>${
      SCENARIOS.map((s) => `<li><a href="${s.path}index">${s.title}</a></li>`).join('')}</ul>
<h2>Sign-in flows</h2><p>The app is on this site, its identity provider on localhost.</p><ul>${
      FLOWS.map((f) => `<li><a class="flow" href="${appPath(f, 'index')}">${f.title}</a></li>`).join('')}</ul>
<script>for (const a of document.querySelectorAll('a.flow')) a.addEventListener('click', () => { a.href = \`\${a.href.slice(0, a.href.lastIndexOf('/index'))}/index-\${Date.now()}/\`; });</script><p>`),
  }),
};
