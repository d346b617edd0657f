// The app as a server-side OpenID Connect client, the way ASP.NET Core's OpenIdConnectHandler
// and cookie authentication behave: a page without a session challenges (correlation and nonce
// cookies on the callback path, then the provider's authorization endpoint with PKCE); the
// callback (`signin-oidc`, GET for `query`, POST for `form_post`) checks the correlation cookie,
// the error, redeems the code on the back channel and signs the visitor in with a session
// cookie; the API answers a request without a session with a redirect to the sign-in page.
//
// Source: dotnet/aspnetcore src/Security/Authentication: RemoteAuthenticationHandler
// (".AspNetCore.Correlation." + id = "N"; "Correlation failed."; "An error was encountered
// while handling the remote login."), RemoteAuthenticationOptions (correlation cookie HttpOnly,
// SameSite=None, Secure, path = callback path, 15 minutes), OpenIdConnectHandler (nonce cookie
// ".AspNetCore.OpenIdConnect.Nonce.", response_mode form_post by default, access_denied to
// AccessDeniedPath, "Message contains error: '…', error_description: '…', error_uri: '…'."),
// CookieAuthenticationDefaults (".AspNetCore.Cookies", LoginPath "/Account/Login",
// ReturnUrl), and the developer exception page's wording.
import { randomBytes, createHash } from 'node:crypto';
import { realmPath } from './flows.mjs';
import { LAB_HOSTS } from './hosts.mjs';
import { claimsOf } from './jwt.mjs';
import { EPOCH, cookiesOf, escape, formOf, json, page, redirect, setCookie } from './web.mjs';

const CORRELATION = '.AspNetCore.Correlation.';
const NONCE = '.AspNetCore.OpenIdConnect.Nonce.';
const REMOTE_TIMEOUT_MS = 15 * 60_000;

/** Flask-style groups claim: what makes its session cookie outgrow 4 KB with the tokens. */
const GROUPS = Array.from({ length: 40 }, (_, i) => `CN=Orders-Team-${String(i + 1).padStart(2, '0')},OU=Groups,DC=example,DC=org`);

/**
 * The session cookie as the app's framework writes it (name, value, attributes), one per
 * setting a flow can choose; `id` reads the session id back from a value.
 */
const SESSION_COOKIES = {
  // ASP.NET Core cookie authentication's defaults: lower-case attributes, SameSite=Lax.
  aspnetcore: {
    name: '.AspNetCore.Cookies',
    value: (id) => id,
    attributes: (base) => [`path=${base}`, 'samesite=lax', 'httponly'],
  },
  // The same, with `options.Cookie.Domain = ".example.com"` kept from the production config.
  'aspnetcore-foreign-domain': {
    name: '.AspNetCore.Cookies',
    value: (id) => id,
    attributes: (base) => ['domain=.example.com', `path=${base}`, 'samesite=lax', 'httponly'],
  },
  // express-session with `cookie: { sameSite: 'none' }` and `secure` left false, as the
  // `cookie` package writes it ("s:" + id + "." + signature, URL-encoded).
  'express-samesite-none-insecure': {
    name: 'connect.sid',
    value: (id) => `s%3A${id}.${randomBytes(32).toString('base64').replace(/=+$/, '')}`,
    attributes: (base) => [`Path=${base}`, 'HttpOnly', 'SameSite=None'],
  },
  // express-session named `__Host-sid` (RFC 6265bis §4.1.3.2: Secure, Path=/, no Domain), with
  // a Domain set all the same.
  'host-prefix-with-domain': {
    name: '__Host-sid',
    value: (id) => `s%3A${id}.${randomBytes(32).toString('base64').replace(/=+$/, '')}`,
    attributes: () => ['Domain=.127.0.0.1', 'Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax'],
  },
  // Flask's signed cookie session (itsdangerous: base64url JSON, timestamp, signature) holding
  // the provider's tokens and the visitor's groups: over the 4096 bytes browsers keep.
  // Source: werkzeug's dump_cookie warns "The 'session' cookie is too large … Browsers may
  // silently ignore cookies larger than this."
  'flask-oversized': {
    name: 'session',
    value: (id, tokens) => `${Buffer.from(JSON.stringify({ _id: id, oidc_auth_token: tokens, groups: GROUPS })).toString('base64url')}.${Math.floor(Date.now() / 1000).toString(36)}.${randomBytes(20).toString('base64url')}`,
    attributes: (base) => ['HttpOnly', `Path=${base}`],
  },
};

const cookieSpec = (flow) => SESSION_COOKIES[flow.app.sessionCookie ?? 'aspnetcore'];

/** The session id a session cookie's value names. */
function sessionIdOf(spec, value) {
  if (!value) return undefined;
  if (spec.name === 'session') {
    try {
      return JSON.parse(Buffer.from(value.split('.')[0], 'base64url').toString('utf8'))._id;
    } catch {
      return undefined;
    }
  }
  return value.startsWith('s%3A') ? value.slice(4).split('.')[0] : value;
}

/** ASP.NET Core's developer exception page for an exception in the remote sign-in. */
const remoteLoginFailed = (message, note) => page({
  status: 500,
  title: 'Internal Server Error',
  markup: `<h2>An unhandled exception occurred while processing the request.</h2>
<h3>Exception: ${escape(message)}</h3><p>Unknown location</p>
<h3>Exception: An error was encountered while handling the remote login.</h3>
<p>Microsoft.AspNetCore.Authentication.RemoteAuthenticationHandler&lt;TOptions&gt;.HandleRequestAsync()</p>`,
  outcome: 'app-error',
  note: note ?? message,
});

/** A page script that loads the visitor's orders every second, as a dashboard does. */
function pollOrders() {
  const status = document.getElementById('orders');
  const poll = async () => {
    const text = await (await fetch('api/orders', { credentials: 'same-origin' })).text();
    try {
      status.textContent = `${JSON.parse(text).length} orders`;
      setTimeout(poll, 1000);
    } catch (e) {
      status.textContent = `Could not load your orders: ${e.message}`;
      document.body.dataset.outcome = 'script-failed';
    }
  };
  poll();
}

/** The app's pages, by `<method> <path below the app>`, each answering `{ ctx, visit, flow, base }`. */
export function relyingPartyRoutes(provider) {
  const cookieExpiry = () => new Date(Date.now() + REMOTE_TIMEOUT_MS).toUTCString();
  const remoteCookie = (name, base, sameSite, { deleted = false } = {}) =>
    setCookie(name, deleted ? '' : 'N', [`expires=${deleted ? EPOCH : cookieExpiry()}`, `path=${base}signin-oidc`, 'secure', `samesite=${sameSite}`, 'httponly']);

  /** The session the request's cookie names; `note` says why there is none. */
  function sessionOf({ ctx, visit, flow }) {
    const spec = cookieSpec(flow);
    const value = cookiesOf(ctx.req).get(spec.name);
    if (!value) return { note: `no ${spec.name} cookie` };
    // Data protection keys not shared between the app's instances: the ticket cannot be read.
    if (flow.app.keysShared === false) return { note: 'Cookies was not authenticated. Failure message: Unprotect ticket failed' };
    const session = visit.app.sessions.get(sessionIdOf(spec, value));
    if (!session) return { note: 'no such session' };
    if (flow.app.sessionLifetimeMs && Date.now() - session.createdAt > flow.app.sessionLifetimeMs) {
      visit.app.sessions.delete(session.id);
      return { note: 'session ended on the server' };
    }
    return { session };
  }

  /** The OpenID Connect challenge: remember the sign-in, set its cookies, go to the provider. */
  function challenge({ ctx, visit, flow, base }, returnUrl, why) {
    const correlation = randomBytes(32).toString('base64url');
    const nonceCookie = `${NONCE}${randomBytes(32).toString('base64url')}`;
    const state = visit.mint('state');
    const nonce = visit.mint('nonce');
    const verifier = visit.mint('verifier');
    visit.app.pending.set(state, { correlation, nonceCookie, nonce, verifier, returnUrl });
    const mode = flow.app.responseMode ?? 'form_post';
    const redirectUri = `${ctx.origin(LAB_HOSTS.app)}${base}signin-oidc`;
    const query = new URLSearchParams({
      client_id: flow.id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid profile',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
      response_mode: mode, nonce, state, 'x-client-SKU': 'ID_NET8_0', 'x-client-ver': '7.1.2.0',
    });
    return redirect(`${ctx.origin(LAB_HOSTS.provider)}${realmPath(visit.id)}protocol/openid-connect/auth?${query}`, {
      headers: [remoteCookie(nonceCookie, base, 'none'), remoteCookie(`${CORRELATION}${correlation}`, base, flow.app.correlationSameSite ?? 'none')],
      note: `challenge (${why})`,
    });
  }

  function home({ base }) {
    return page({ title: 'Orders', markup: `<p>Welcome. <a id="sign-in" href="${base}account">Sign in</a> to see your orders.</p>`, kind: 'app-home' });
  }

  function account(env) {
    const { session, note } = sessionOf(env);
    if (!session) return challenge(env, `${env.base}account`, note);
    const dashboard = env.flow.app.page === 'dashboard';
    return page({
      title: dashboard ? 'Dashboard' : 'Your account',
      markup: `<p>Signed in as ${escape(session.account.email)}.</p>${dashboard ? `<p id="orders">Loading your orders…</p><script>(${pollOrders})();</script>` : ''}
<p><a id="sign-out" href="${env.base}Account/SignOut">Sign out</a></p>`,
      outcome: 'signed-in',
    });
  }

  function callback({ ctx, visit, flow, base }) {
    const params = ctx.req.method === 'POST' ? formOf(ctx.body) : Object.fromEntries(ctx.url.searchParams);
    const pending = visit.app.pending.get(params.state);
    if (!pending) return remoteLoginFailed('Unable to unprotect the message.State.');
    const cookies = cookiesOf(ctx.req);
    if (cookies.get(`${CORRELATION}${pending.correlation}`) !== 'N') return remoteLoginFailed('Correlation failed.');
    visit.app.pending.delete(params.state);
    const cleanup = [remoteCookie(`${CORRELATION}${pending.correlation}`, base, flow.app.correlationSameSite ?? 'none', { deleted: true }),
      remoteCookie(pending.nonceCookie, base, 'none', { deleted: true })];
    if (params.error === 'access_denied') {
      return redirect(`${base}Account/AccessDenied?ReturnUrl=${encodeURIComponent(pending.returnUrl)}`, { headers: cleanup, note: 'access_denied' });
    }
    if (params.error) {
      return remoteLoginFailed(`Message contains error: '${params.error}', error_description: '${params.error_description ?? 'error_description is null'}', error_uri: '${params.error_uri ?? 'error_uri is null'}'.`);
    }
    const redirectUri = `${ctx.origin(LAB_HOSTS.app)}${base}signin-oidc`;
    const tokens = provider.redeem(ctx, visit, { code: params.code, redirect_uri: redirectUri, code_verifier: pending.verifier });
    if (!tokens) return remoteLoginFailed('Message contains error: \'invalid_grant\', error_description: \'Code not valid\', error_uri: \'error_uri is null\'.');
    const claims = claimsOf(tokens.id_token);
    if (claims.nonce !== pending.nonce || !cookies.has(pending.nonceCookie)) {
      return remoteLoginFailed('IDX21323: RequireNonce is \'True\'. OpenIdConnectProtocolValidationContext.Nonce was null, OpenIdConnectProtocol.ValidatedIdToken.Payload.Nonce was not null.');
    }
    const session = { id: visit.mint('sid'), account: { email: claims.email }, idToken: tokens.id_token, createdAt: Date.now() };
    visit.app.sessions.set(session.id, session);
    const spec = cookieSpec(flow);
    const tokenSet = { access_token: tokens.access_token, id_token: tokens.id_token, refresh_token: visit.mint('refresh') };
    return redirect(pending.returnUrl, {
      headers: [...cleanup, setCookie(spec.name, visit.keep(spec.value(session.id, tokenSet)), spec.attributes(base))],
      note: `signed in: ${spec.name} set`,
    });
  }

  function signOut({ ctx, visit, flow, base }) {
    const { session } = sessionOf({ ctx, visit, flow });
    const spec = cookieSpec(flow);
    if (session) visit.app.sessions.delete(session.id);
    const query = new URLSearchParams({
      post_logout_redirect_uri: `${ctx.origin(LAB_HOSTS.app)}${base}signout-callback-oidc`,
      ...(session ? { id_token_hint: session.idToken } : {}),
      state: visit.mint('state'), 'x-client-SKU': 'ID_NET8_0', 'x-client-ver': '7.1.2.0',
    });
    return redirect(`${ctx.origin(LAB_HOSTS.provider)}${realmPath(visit.id)}protocol/openid-connect/logout?${query}`, {
      headers: [setCookie(spec.name, '', [`expires=${EPOCH}`, ...spec.attributes(base)])],
      note: 'signed out at the app',
    });
  }

  const ROUTES = {
    'GET ': home,
    'GET account': account,
    'GET signin-oidc': callback,
    'POST signin-oidc': callback,
    'GET Account/SignOut': signOut,
    'GET signout-callback-oidc': ({ base }) => redirect(`${base}signed-out`, { note: 'signed out' }),
    'GET signed-out': () => page({ title: 'Signed out', markup: '<p>You have signed out.</p>', outcome: 'signed-out' }),
    'GET Account/AccessDenied': () => page({ title: 'Access denied', markup: '<p>You do not have access to this resource.</p>', outcome: 'app-error' }),
    'GET Account/Login': ({ base }) => page({ title: 'Log in', markup: `<p><a id="sign-in" href="${base}account">Lab ID</a></p>`, kind: 'app-sign-in' }),
    'GET api/orders': (env) => {
      const { session, note } = sessionOf(env);
      if (!session) return redirect(`${env.base}Account/Login?ReturnUrl=${encodeURIComponent(`${env.base}api/orders`)}`, { note });
      return json([{ id: 1041, total: '12.50' }, { id: 1042, total: '7.20' }]);
    },
  };

  return ROUTES;
}
