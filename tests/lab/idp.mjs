// The lab's identity provider, on its own site (`localhost`): OpenID Connect (authorization
// endpoint answering in the query, the fragment or a self-posting form; token and logout
// endpoints) and SAML 2.0 (HTTP-Redirect in, HTTP-POST out), with a sign-in page, a consent
// page and an account page. Its URLs, cookies, pages and words are Keycloak's: each visit is a
// realm of its own (`/realms/<visit>/`), and each flow's app is a client (its id is the flow's).
//
// Source: Keycloak (github.com/keycloak/keycloak): AuthorizationEndpointChecker (a
// redirect_uri not registered is a 400 error page "Invalid parameter: redirect_uri", an
// unknown scope goes back to the client as invalid_scope "Invalid scopes: <scope>"),
// OIDCLoginProtocol (state, session_state, iss, then code or tokens; consent denied is
// access_denied; prompt=none without a session is login_required), OIDCRedirectUriBuilder
// ("OIDC Form_Post Response"), CookieType (KEYCLOAK_IDENTITY, KEYCLOAK_SESSION,
// AUTH_SESSION_ID: SameSite=None; Secure, path of the realm), LoginActionsService (the consent
// form's "cancel"), messages_en.properties and login.ftl / login-oauth-grant.ftl / error.ftl.
import { createHash } from 'node:crypto';
import { flowOf, realmPath, appPath } from './flows.mjs';
import { LAB_HOSTS } from './hosts.mjs';
import { jwt } from './jwt.mjs';
import { readAuthnRequest, samlResponse } from './saml.mjs';
import { EPOCH, cookiesOf, escape, formOf, json, page, redirect, selfPostingForm, setCookie, sleep } from './web.mjs';

const DISPLAY_NAME = 'Lab ID';

/** Scopes a client may ask for: Keycloak's default and optional client scopes. */
const SCOPES = new Set(['openid', 'profile', 'email', 'roles', 'web-origins', 'acr', 'basic', 'address', 'phone', 'offline_access']);

const TOKEN_LIFETIME_S = 300;

/** Keycloak's cookie attributes (CookieScope.FEDERATION; the _JS one without HttpOnly). */
const federation = (realm, { script = false, maxAge } = {}) =>
  [`Path=${realm}`, ...(maxAge === undefined ? [] : [`Max-Age=${maxAge}`]), 'SameSite=None', 'Secure', ...(script ? [] : ['HttpOnly'])];

/** Keycloak expires a cookie with both. */
const expired = (name, realm) => setCookie(name, '', [`Path=${realm}`, 'Max-Age=0', `Expires=${EPOCH}`, 'SameSite=None', 'Secure', 'HttpOnly']);

const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

export function createProvider(visits) {
  /** The provider's clock for `flow`'s client: off by the flow's offset. */
  const now = (flow) => Date.now() + (flow?.provider?.clockOffsetMs ?? 0);

  const issuerOf = (ctx, visit) => `${ctx.origin(LAB_HOSTS.provider)}${realmPath(visit.id).slice(0, -1)}`;

  /** The account the visitor signs in with: named after what they typed. */
  const accountOf = (visit, username) => ({
    sub: visit.mint('user'),
    username,
    email: username.includes('@') ? username : `${username}@example.org`,
    givenName: 'Ada',
    familyName: visit.secret ? `Lovelace ${visit.secret}` : 'Lovelace',
  });

  const sessionOf = (ctx, visit) => visit.provider.sessions.get(cookiesOf(ctx.req).get('KEYCLOAK_IDENTITY'));

  const errorPage = (status, message, note) => page({
    status,
    title: `Sign in to ${DISPLAY_NAME}`,
    markup: `<div id="kc-error-message"><h2>We are sorry...</h2><p class="instruction">${escape(message)}</p></div>`,
    outcome: 'provider-error',
    note,
  });

  /** Keycloak's sign-in page for the sign-in under way `tab`. */
  function signInPage(ctx, visit, pending) {
    const tab = visit.mint('tab');
    visit.provider.pending.set(tab, pending);
    const realm = realmPath(visit.id);
    const action = `${realm}login-actions/authenticate?session_code=${visit.mint('session-code')}&execution=${visit.mint('execution')}&client_id=${encodeURIComponent(pending.flow?.id ?? 'account-console')}&tab_id=${tab}`;
    const markup = `<form id="kc-form-login" action="${escape(action)}" method="post">
<label for="username">Username or email</label> <input id="username" name="username" type="text" autofocus autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
<input type="hidden" id="id-hidden-input" name="credentialId">
<input id="kc-login" name="login" type="submit" value="Sign In">
</form>`;
    return page({
      title: `Sign in to ${DISPLAY_NAME}`,
      markup,
      kind: 'provider-sign-in',
      headers: [setCookie('AUTH_SESSION_ID', `${visit.mint('auth')}.lab-node`, federation(realm))],
    });
  }

  /** Keycloak's consent page: "Grant Access to <client>". */
  function consentPage(visit, pending, tab) {
    visit.provider.pending.set(tab, pending);
    const action = `${realmPath(visit.id)}login-actions/consent?client_id=${encodeURIComponent(pending.flow.id)}&tab_id=${tab}`;
    const markup = `<p>Do you grant these access privileges?</p><ul><li>User profile</li><li>Email address</li></ul>
<form action="${escape(action)}" method="post"><input type="hidden" name="code" value="${escape(visit.mint('access-code'))}">
<input name="accept" id="kc-login" type="submit" value="Yes"> <input name="cancel" id="kc-cancel" type="submit" value="No"></form>`;
    return page({ title: `Grant Access to ${pending.flow.id}`, markup, kind: 'provider-consent' });
  }

  // ── OpenID Connect ──

  /** The authorization response (success or error) delivered in the request's response mode. */
  function deliver(ctx, visit, request, params, note) {
    const all = { ...params, ...(params.error ? { state: request.state } : {}), iss: issuerOf(ctx, visit) };
    const ordered = params.error ? all : { state: request.state, session_state: request.sessionState, ...all };
    const entries = Object.entries(ordered).filter(([, v]) => v !== undefined && v !== null);
    if (request.mode === 'form_post') {
      return selfPostingForm({ title: 'OIDC Form_Post Response', action: request.redirectUri, fields: Object.fromEntries(entries), note });
    }
    const encoded = new URLSearchParams(entries).toString();
    const location = request.mode === 'fragment'
      ? `${request.redirectUri}#${encoded}`
      : `${request.redirectUri}${request.redirectUri.includes('?') ? '&' : '?'}${encoded}`;
    return redirect(location, { note });
  }

  function tokensFor(ctx, visit, { flow, session, nonce, scope }) {
    const t = Math.floor(now(flow) / 1000);
    const common = { iss: issuerOf(ctx, visit), sub: session.account.sub, iat: t, exp: t + TOKEN_LIFETIME_S, sid: session.id };
    const profile = { email: session.account.email, preferred_username: session.account.username,
      given_name: session.account.givenName, family_name: session.account.familyName };
    return {
      access_token: visit.keep(jwt({ ...common, typ: 'Bearer', azp: flow.id, scope, ...profile }, visit.mint('sig'))),
      id_token: visit.keep(jwt({ ...common, typ: 'ID', aud: flow.id, azp: flow.id, auth_time: session.authTime, ...(nonce ? { nonce } : {}), ...profile }, visit.mint('sig'))),
    };
  }

  /** Answers an authorization request for a visitor signed in as `session`. */
  function grant(ctx, visit, request, session) {
    const sessionState = session.state;
    if (request.responseType === 'code') {
      const code = visit.mint('code');
      visit.provider.codes.set(code, { ...request, session });
      return deliver(ctx, visit, { ...request, sessionState }, { code }, 'code issued');
    }
    const { access_token: accessToken, id_token: idToken } = tokensFor(ctx, visit, { ...request, session });
    return deliver(ctx, visit, { ...request, sessionState },
      { access_token: accessToken, token_type: 'Bearer', id_token: idToken, expires_in: String(TOKEN_LIFETIME_S) }, 'tokens issued');
  }

  /** What the client registered: its app's address, with the scheme the flow says. */
  function registered(ctx, flow, redirectUri) {
    const scheme = flow.provider?.registeredScheme ?? 'http';
    const prefix = `${scheme}://${ctx.origin(LAB_HOSTS.app).split('://')[1]}/flows/${flow.id}/`;
    return typeof redirectUri === 'string' && redirectUri.startsWith(prefix);
  }

  async function authorize(ctx, visit) {
    const q = ctx.url.searchParams;
    const flow = flowOf(q.get('client_id'));
    if (!flow) return errorPage(400, 'Client not found.', 'unknown client');
    await sleep(flow.provider?.latencyMs ?? 0);
    const redirectUri = q.get('redirect_uri');
    if (!registered(ctx, flow, redirectUri)) return errorPage(400, 'Invalid parameter: redirect_uri', 'redirect_uri not registered');
    const responseType = q.get('response_type');
    const request = {
      flow, redirectUri, responseType,
      mode: q.get('response_mode') ?? (responseType === 'code' ? 'query' : 'fragment'),
      state: q.get('state'), nonce: q.get('nonce'), scope: q.get('scope') ?? '',
      codeChallenge: q.get('code_challenge'),
    };
    const unknown = request.scope.split(' ').filter((s) => s && !SCOPES.has(s));
    if (unknown.length) {
      return deliver(ctx, visit, request, { error: 'invalid_scope', error_description: `Invalid scopes: ${request.scope}` }, 'invalid_scope');
    }
    const session = sessionOf(ctx, visit);
    if (!session) {
      if (q.get('prompt') === 'none') return deliver(ctx, visit, request, { error: 'login_required' }, 'login_required: no session cookie');
      return signInPage(ctx, visit, { kind: 'oidc', flow, request });
    }
    if (flow.provider?.consent) return consentPage(visit, { kind: 'oidc', flow, request, session }, visit.mint('tab'));
    return grant(ctx, visit, request, session);
  }

  /** The back channel: a code (and PKCE verifier) for tokens; undefined when refused. */
  function redeem(ctx, visit, form) {
    const granted = visit.provider.codes.get(form.code);
    visit.provider.codes.delete(form.code);
    if (!granted || granted.redirectUri !== form.redirect_uri) return undefined;
    if (granted.codeChallenge && s256(form.code_verifier ?? '') !== granted.codeChallenge) return undefined;
    const tokens = tokensFor(ctx, visit, granted);
    return { ...tokens, expires_in: TOKEN_LIFETIME_S, token_type: 'Bearer', session_state: granted.session.state, scope: granted.scope };
  }

  function token(ctx, visit) {
    const origin = ctx.req.headers.origin;
    // Keycloak answers a browser app's token request with CORS for the client's web origins.
    const cors = origin === ctx.origin(LAB_HOSTS.app)
      ? [{ name: 'Access-Control-Allow-Origin', value: origin }, { name: 'Access-Control-Allow-Credentials', value: 'true' }, { name: 'Vary', value: 'Origin' }]
      : [];
    const tokens = redeem(ctx, visit, formOf(ctx.body));
    if (!tokens) return json({ error: 'invalid_grant', error_description: 'Code not valid' }, { status: 400, headers: cors, note: 'invalid_grant' });
    return json(tokens, { headers: cors, note: 'tokens issued' });
  }

  function logout(ctx, visit) {
    const q = ctx.url.searchParams;
    const realm = realmPath(visit.id);
    const session = sessionOf(ctx, visit);
    if (session) visit.provider.sessions.delete(session.id);
    const headers = ['KEYCLOAK_IDENTITY', 'KEYCLOAK_SESSION', 'AUTH_SESSION_ID'].map((name) => expired(name, realm));
    const back = q.get('post_logout_redirect_uri');
    if (!back) return page({ title: 'You are logged out', outcome: 'signed-out', headers });
    const state = q.get('state');
    return redirect(`${back}${state ? `?state=${encodeURIComponent(state)}` : ''}`, { headers, note: 'signed out' });
  }

  // ── SAML ──

  function samlAnswer(ctx, visit, { flow, request, session }) {
    const status = flow.provider?.samlStatus;
    const base = `${ctx.origin(LAB_HOSTS.app)}${appPath(flow, visit.id)}`;
    const encoded = visit.keep(samlResponse({
      issuer: issuerOf(ctx, visit), request, audience: `${base}saml2/service-provider-metadata/lab`,
      account: session.account, sessionIndex: session.state, nowMs: now(flow), status,
    }));
    const fields = { SAMLResponse: encoded, ...(request.relayState ? { RelayState: request.relayState } : {}) };
    const note = status ? `SAML status ${status.codes.join('/')}` : 'SAML assertion issued';
    return selfPostingForm({ title: 'Authentication Redirect', action: request.acs, fields, note });
  }

  async function saml(ctx, visit) {
    const q = ctx.url.searchParams;
    const authn = readAuthnRequest(q.get('SAMLRequest') ?? '');
    const flow = authn && flowOf(authn.issuer?.match(/\/flows\/([^/]+)\//)?.[1]);
    if (!flow) return errorPage(400, 'Invalid Request', 'not an AuthnRequest from a known client');
    await sleep(flow.provider?.latencyMs ?? 0);
    const request = { ...authn, relayState: q.get('RelayState') };
    const session = sessionOf(ctx, visit);
    if (!session) return signInPage(ctx, visit, { kind: 'saml', flow, request });
    return samlAnswer(ctx, visit, { flow, request, session });
  }

  // ── Sign-in pages ──

  /** Where a sign-in under way goes once the visitor is signed in. */
  function proceed(ctx, visit, pending, session, tab) {
    if (pending.kind === 'account') return redirect(`${realmPath(visit.id)}account`, { note: 'signed in' });
    if (pending.kind === 'saml') return samlAnswer(ctx, visit, { ...pending, session });
    if (pending.flow.provider?.consent) return consentPage(visit, { ...pending, session }, tab);
    return grant(ctx, visit, pending.request, session);
  }

  async function authenticate(ctx, visit) {
    const tab = ctx.url.searchParams.get('tab_id');
    const pending = visit.provider.pending.get(tab);
    if (!pending || !cookiesOf(ctx.req).has('AUTH_SESSION_ID')) {
      return errorPage(400, 'Cookie not found. Please make sure cookies are enabled in your browser.', 'no sign-in under way');
    }
    await sleep(pending.flow?.provider?.latencyMs ?? 0);
    const form = formOf(ctx.body);
    if (!form.username || !form.password) {
      return page({ title: `Sign in to ${DISPLAY_NAME}`, markup: '<p>Invalid username or password.</p>', kind: 'provider-sign-in', status: 200 });
    }
    visit.provider.pending.delete(tab);
    const session = { id: visit.mint('identity'), state: visit.mint('session'), account: accountOf(visit, form.username), authTime: Math.floor(now(pending.flow) / 1000) };
    visit.provider.sessions.set(session.id, session);
    const realm = realmPath(visit.id);
    const answer = proceed(ctx, visit, pending, session, tab);
    answer.headers.push(
      setCookie('KEYCLOAK_IDENTITY', session.id, federation(realm, { maxAge: 36000 })),
      setCookie('KEYCLOAK_SESSION', visit.keep(`${visit.id}/${session.account.sub}/${session.state}`), federation(realm, { script: true, maxAge: 36000 })),
    );
    return answer;
  }

  function consent(ctx, visit) {
    const tab = ctx.url.searchParams.get('tab_id');
    const pending = visit.provider.pending.get(tab);
    if (!pending?.session) return errorPage(400, 'Invalid Request', 'no consent under way');
    visit.provider.pending.delete(tab);
    if ('cancel' in formOf(ctx.body)) return deliver(ctx, visit, pending.request, { error: 'access_denied' }, 'consent denied');
    return grant(ctx, visit, pending.request, pending.session);
  }

  function account(ctx, visit) {
    const session = sessionOf(ctx, visit);
    if (!session) return signInPage(ctx, visit, { kind: 'account' });
    return page({ title: 'Account', markup: `<p>Signed in as ${escape(session.account.email)}.</p>`, outcome: 'provider-signed-in' });
  }

  const ROUTES = {
    'GET account': account,
    'GET protocol/openid-connect/auth': authorize,
    'POST protocol/openid-connect/token': token,
    'GET protocol/openid-connect/logout': logout,
    'GET protocol/saml': saml,
    'POST login-actions/authenticate': authenticate,
    'POST login-actions/consent': consent,
  };

  return {
    /** The provider's answer to a request under `/realms/`, or undefined if it has no such page. */
    answer(ctx) {
      const [, visitId, ...rest] = ctx.url.pathname.slice(1).split('/');
      const route = ROUTES[`${ctx.req.method} ${rest.join('/')}`];
      const visit = route && visits.enter(visitId, ctx.url);
      return visit && route(ctx, visit);
    },
    redeem,
  };
}
