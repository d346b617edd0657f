// The lab's sign-in flow scenarios, as data: an app on 127.0.0.1 (tests/lab/app.mjs) signs its
// visitors in at an identity provider on localhost (tests/lab/idp.mjs), another site, through
// real redirects, cookies, self-posting forms and frames. Broken flows break the way real ones
// do; healthy flows (as many, and as carefully made) must raise nothing.
//
// A flow:
//   app        what the app is and how it is set up (see app.mjs):
//                kind: 'web' (server-side OpenID Connect client, ASP.NET Core's way),
//                      'spa' (a browser app, keycloak-js's way), 'saml' (SAML service
//                      provider, Spring Security's way)
//                and the settings of that kind (responseMode, sessionCookie, …)
//   provider   how the provider treats this app, its client (see idp.mjs): consent asked,
//              latency, its clock, the redirect URIs registered, what SAML status it answers
//   visitor    what the visitor does, in order (tests/support/scenario.mjs plays it):
//                open-app        opens the app's home page
//                open-provider   opens the provider's account page (signing in there)
//                click-sign-in   clicks the app's "Sign in"
//                sign-in         types a name and password at the provider and submits
//                deny            answers "No" when the provider asks to share the account
//                go-back         goes back a page, as with the browser's Back button
//                sign-out        clicks the app's "Sign out"
//   lands      where the visitor ends up: signed-in, signed-out, not-signed-in (a page that
//              offers to sign in), app-error, provider-error, script-failed (the page's own
//              script stopped on an answer it did not expect), redirect-loop (the browser gave up)
//   thirdPartyCookies  'block' or 'allow' when the flow needs the browser set so (the tests
//              launch a profile for it); otherwise the browser's default
//   breaks     for a broken flow, what breaks it, as the lab can prove it from what the browser
//              did (tests/e2e/flow-lab.test.mjs); null for a healthy one
//   expect     what AuthLens should conclude: the cause (null: no flow failure) and the badge
//   skip       { <browser>: reason } when a browser cannot reproduce the flow, with what it did

/** Where a visit of `flow` lives on the app's site, and its realm on the provider's. */
export const appPath = (flow, visit) => `/flows/${flow.id}/${visit}/`;
export const realmPath = (visit) => `/realms/${visit}/`;

const HEALTHY = { cause: null, badge: 0 };
const failed = (cause) => ({ cause, badge: 1 });

const SIGN_IN = ['open-app', 'click-sign-in', 'sign-in'];

// The sign-in loops answer in the query: with every hop a redirect, the browser ends the loop
// itself after 20 (ERR_TOO_MANY_REDIRECTS); a self-posting form_post page between two turns
// starts the count again, and the loop would go on for ever.

export const FLOWS = [
  // ── Broken ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'loop-samesite-none-insecure',
    title: 'Sign-in loop: the session cookie is SameSite=None without Secure (express-session)',
    app: { kind: 'web', sessionCookie: 'express-samesite-none-insecure', responseMode: 'query' },
    visitor: SIGN_IN,
    lands: 'redirect-loop',
    breaks: { because: 'cookie-refused', cookie: 'connect.sid' },
    expect: failed('cookie-rejected'),
  },
  {
    id: 'loop-cookie-domain',
    title: 'Sign-in loop: the session cookie is for another domain (ASP.NET Core, Domain=.example.com)',
    app: { kind: 'web', sessionCookie: 'aspnetcore-foreign-domain', responseMode: 'query' },
    visitor: SIGN_IN,
    lands: 'redirect-loop',
    breaks: { because: 'cookie-refused', cookie: '.AspNetCore.Cookies' },
    expect: failed('cookie-rejected'),
  },
  {
    id: 'loop-host-prefix-domain',
    title: 'Sign-in loop: a __Host- session cookie with a Domain attribute',
    app: { kind: 'web', sessionCookie: 'host-prefix-with-domain', responseMode: 'query' },
    visitor: SIGN_IN,
    lands: 'redirect-loop',
    breaks: { because: 'cookie-refused', cookie: '__Host-sid' },
    expect: failed('cookie-rejected'),
    skip: {
      // Observed in Firefox ESR 153 (2026-12-08): `__Host-sid=…; Domain=.127.0.0.1; Path=/;
      // Secure` set by 127.0.0.1 is stored, host-only, as is one with `Domain=localhost` set by
      // localhost; Chromium refuses both (RFC 6265bis §4.1.3.2: a __Host- cookie has no Domain).
      // On 127.0.0.1 any other Domain is refused for not matching the host, a different reason.
      firefox: 'Firefox ESR 153 keeps a __Host- cookie whose Domain names its own host (as a host-only cookie), so the sign-in succeeds',
    },
  },
  {
    id: 'loop-cookie-too-large',
    title: 'Sign-in loop: the session cookie holds the tokens and is over 4 KB (Flask)',
    app: { kind: 'web', sessionCookie: 'flask-oversized', responseMode: 'query' },
    visitor: SIGN_IN,
    lands: 'redirect-loop',
    breaks: { because: 'cookie-refused', cookie: 'session' },
    expect: failed('cookie-rejected'),
  },
  {
    id: 'loop-session-lost',
    title: 'Sign-in loop: the session cookie comes back but the app cannot read it (ASP.NET Core keys not shared)',
    app: { kind: 'web', keysShared: false, responseMode: 'query' },
    visitor: SIGN_IN,
    lands: 'redirect-loop',
    breaks: { because: 'session-lost', cookie: '.AspNetCore.Cookies' },
    expect: failed('login-loop'),
  },
  {
    id: 'access-denied',
    title: 'The visitor declines to share the account: error=access_denied in the query',
    app: { kind: 'web', responseMode: 'query' },
    provider: { consent: true },
    visitor: [...SIGN_IN, 'deny'],
    lands: 'app-error',
    breaks: { because: 'provider-error', error: 'access_denied', in: 'query' },
    expect: failed('oauth-error'),
  },
  {
    id: 'invalid-scope-fragment',
    title: 'A browser app asks for a scope its client may not have: error=invalid_scope in the fragment',
    app: { kind: 'spa', flow: 'implicit', scope: 'openid profile orders:admin' },
    visitor: ['open-app', 'click-sign-in'],
    lands: 'app-error',
    breaks: { because: 'provider-error', error: 'invalid_scope', in: 'fragment' },
    expect: failed('oauth-error'),
  },
  {
    id: 'redirect-uri-unregistered',
    title: 'The provider refuses the app\'s redirect_uri (registered with https, sent with http): Keycloak\'s 400 page',
    app: { kind: 'web' },
    provider: { registeredScheme: 'https' },
    visitor: ['open-app', 'click-sign-in'],
    lands: 'provider-error',
    breaks: { because: 'provider-error-page', text: 'Invalid parameter: redirect_uri' },
    expect: failed('redirect-uri-mismatch'),
  },
  {
    id: 'form-post-correlation-lax',
    title: 'form_post with a SameSite=Lax correlation cookie: not sent on the provider\'s POST, "Correlation failed."',
    app: { kind: 'web', responseMode: 'form_post', correlationSameSite: 'lax' },
    visitor: SIGN_IN,
    lands: 'app-error',
    breaks: { because: 'cookie-withheld', cookie: '.AspNetCore.Correlation.', text: 'Correlation failed.' },
    expect: failed('state-mismatch'),
  },
  {
    id: 'saml-authn-failed',
    title: 'SAML POST: the provider answers Responder / AuthnFailed',
    app: { kind: 'saml' },
    provider: { samlStatus: { codes: ['Responder', 'AuthnFailed'], message: 'Authentication Failed' } },
    visitor: SIGN_IN,
    lands: 'app-error',
    breaks: { because: 'saml-status', status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' },
    expect: failed('saml-error'),
  },
  {
    id: 'saml-clock-skew',
    title: 'SAML POST: the provider\'s clock is an hour ahead, the assertion is not yet valid',
    app: { kind: 'saml' },
    provider: { clockOffsetMs: 3_600_000 },
    visitor: SIGN_IN,
    lands: 'app-error',
    breaks: { because: 'assertion-not-yet-valid' },
    expect: failed('clock-skew'),
  },
  {
    id: 'silent-sso-third-party-blocked',
    title: 'Silent sign-in (prompt=none in a hidden frame) with third-party cookies blocked',
    app: { kind: 'spa', flow: 'standard', onLoad: 'check-sso' },
    visitor: ['open-provider', 'sign-in', 'open-app'],
    lands: 'not-signed-in',
    thirdPartyCookies: 'block',
    breaks: { because: 'third-party-cookie-withheld', cookie: 'KEYCLOAK_IDENTITY' },
    expect: failed('third-party-cookies-blocked'),
  },
  {
    id: 'api-session-ended',
    title: 'A script\'s request with the session cookie is sent to the sign-in page: the session ended (ASP.NET Core)',
    app: { kind: 'web', sessionLifetimeMs: 3000, page: 'dashboard' },
    visitor: SIGN_IN,
    lands: 'script-failed',
    breaks: { because: 'session-ended', cookie: '.AspNetCore.Cookies' },
    expect: failed('session-expired'),
  },

  // ── Healthy ────────────────────────────────────────────────────────────────────────────
  {
    id: 'code-flow-query',
    title: 'Authorization code flow, response in the query',
    app: { kind: 'web', responseMode: 'query' },
    visitor: SIGN_IN,
    lands: 'signed-in',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'implicit-fragment',
    title: 'Implicit flow, tokens in the fragment (a browser app)',
    app: { kind: 'spa', flow: 'implicit' },
    visitor: SIGN_IN,
    lands: 'signed-in',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'form-post-samesite-none',
    title: 'form_post with the SameSite=None; Secure correlation cookie (ASP.NET Core\'s default)',
    app: { kind: 'web', responseMode: 'form_post' },
    visitor: SIGN_IN,
    lands: 'signed-in',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'saml-post',
    title: 'SAML POST binding, success',
    app: { kind: 'saml' },
    visitor: SIGN_IN,
    lands: 'signed-in',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'silent-sso',
    title: 'Silent sign-in (prompt=none in a hidden frame), third-party cookies allowed',
    app: { kind: 'spa', flow: 'standard', onLoad: 'check-sso' },
    visitor: ['open-provider', 'sign-in', 'open-app'],
    lands: 'signed-in',
    thirdPartyCookies: 'allow',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'silent-sso-login-required',
    title: 'Silent sign-in answered login_required: the visitor never signed in at the provider',
    app: { kind: 'spa', flow: 'standard', onLoad: 'check-sso' },
    visitor: ['open-app'],
    lands: 'not-signed-in',
    thirdPartyCookies: 'allow',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'logout-round-trip',
    title: 'Sign in, then sign out at the app and the provider (cookies deleted with past dates)',
    app: { kind: 'web' },
    visitor: [...SIGN_IN, 'sign-out'],
    lands: 'signed-out',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'back-to-sign-in',
    title: 'The visitor goes back from the provider\'s sign-in page once, then signs in',
    app: { kind: 'web' },
    visitor: ['open-app', 'click-sign-in', 'go-back', 'click-sign-in', 'sign-in'],
    lands: 'signed-in',
    breaks: null,
    expect: HEALTHY,
  },
  {
    id: 'slow-provider',
    title: 'A slow provider: seconds of latency on each of its pages',
    app: { kind: 'web' },
    provider: { latencyMs: 2500 },
    visitor: SIGN_IN,
    lands: 'signed-in',
    breaks: null,
    expect: HEALTHY,
  },
];

/** The flow `id`, or undefined. */
export const flowOf = (id) => FLOWS.find((f) => f.id === id);
