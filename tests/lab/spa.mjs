// The app as a browser app signing in with OpenID Connect from the page itself, the way
// keycloak-js does: `flow: 'implicit'` (response_type "id_token token", tokens in the
// fragment of the page's own URL) or `flow: 'standard'` (code with PKCE, redeemed with a CORS
// request to the token endpoint); `onLoad: 'check-sso'` first asks the provider silently
// (prompt=none) in a hidden frame whose page, silent-check-sso.html, hands its URL to the app.
//
// Source: keycloak/keycloak-js lib/keycloak.js (createLoginUrl: client_id, redirect_uri,
// state, response_mode=fragment, response_type, scope, nonce, prompt, code_challenge S256;
// the callback kept as "kc-callback-<state>"; check-sso's hidden iframe; the token request
// with grant_type=authorization_code, code, client_id, redirect_uri, code_verifier) and its
// documented silent-check-sso.html (parent.postMessage(location.href, location.origin)).
import { realmPath } from './flows.mjs';
import { LAB_HOSTS } from './hosts.mjs';
import { page } from './web.mjs';

/** The whole browser app, serialised into its page: no templating of data into code. */
function app(config) {
  const status = document.getElementById('status');
  const button = document.getElementById('sign-in');
  const end = (outcome, text) => {
    status.textContent = text;
    document.body.dataset.outcome = outcome;
    button.hidden = outcome === 'signed-in';
  };
  // The privacy test's secret goes into every value the app makes, as the provider's do.
  const mint = (kind) => `${config.secret ? `${config.secret}-` : ''}${kind}-${crypto.randomUUID()}`;
  const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const claims = (jwt) => JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));

  async function loginUrl({ redirectUri, prompt }) {
    const state = mint('state');
    const nonce = mint('nonce');
    const verifier = mint('verifier');
    localStorage.setItem(`kc-callback-${state}`, JSON.stringify({ nonce, verifier, redirectUri }));
    const params = new URLSearchParams({
      client_id: config.clientId, redirect_uri: redirectUri, state, response_mode: 'fragment',
      response_type: config.flow === 'implicit' ? 'id_token token' : 'code', scope: config.scope, nonce,
    });
    if (prompt) params.set('prompt', prompt);
    if (config.flow !== 'implicit') {
      params.set('code_challenge', base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
      params.set('code_challenge_method', 'S256');
    }
    return `${config.authorize}?${params}`;
  }

  async function callback(params) {
    const key = `kc-callback-${params.get('state')}`;
    const saved = JSON.parse(localStorage.getItem(key) ?? 'null');
    localStorage.removeItem(key);
    if (!saved) return end('app-error', 'Invalid state in the sign-in response.');
    const error = params.get('error');
    if (error === 'login_required') return end('not-signed-in', 'You are not signed in.');
    if (error) return end('app-error', `Sign-in failed: ${error}${params.has('error_description') ? `: ${params.get('error_description')}` : ''}`);
    let idToken = params.get('id_token');
    if (params.has('code')) {
      const body = new URLSearchParams({ code: params.get('code'), grant_type: 'authorization_code', client_id: config.clientId,
        redirect_uri: saved.redirectUri, code_verifier: saved.verifier });
      const answer = await fetch(config.token, { method: 'POST', body, credentials: 'include' });
      if (!answer.ok) return end('app-error', `The token request failed: ${answer.status}`);
      idToken = (await answer.json()).id_token;
    }
    const identity = claims(idToken);
    if (identity.nonce !== saved.nonce) return end('app-error', 'Invalid nonce in the ID token.');
    return end('signed-in', `Signed in as ${identity.email}.`);
  }

  button.addEventListener('click', async () => location.assign(await loginUrl({ redirectUri: config.home })));
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('state')) {
    history.replaceState(null, '', location.pathname);
    callback(fragment);
  } else if (config.onLoad === 'check-sso') {
    const frame = Object.assign(document.createElement('iframe'), { hidden: true, title: 'keycloak-silent-check-sso' });
    addEventListener('message', (event) => {
      if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
      frame.remove();
      callback(new URLSearchParams(new URL(event.data).hash.slice(1)));
    });
    loginUrl({ redirectUri: config.silentPage, prompt: 'none' }).then((src) => { frame.src = src; document.body.append(frame); });
  }
}

/** The app's pages, by `<method> <path below the app>`, each answering `{ ctx, visit, flow, base }`. */
export const BROWSER_APP_ROUTES = {
  'GET ': ({ ctx, visit, flow, base }) => {
    const provider = `${ctx.origin(LAB_HOSTS.provider)}${realmPath(visit.id)}protocol/openid-connect/`;
    const config = {
      clientId: flow.id, flow: flow.app.flow, onLoad: flow.app.onLoad, scope: flow.app.scope ?? 'openid profile email',
      authorize: `${provider}auth`, token: `${provider}token`,
      home: `${ctx.origin(LAB_HOSTS.app)}${base}`, silentPage: `${ctx.origin(LAB_HOSTS.app)}${base}silent-check-sso.html`,
      secret: visit.secret,
    };
    const data = JSON.stringify(config).replace(/</g, '\\u003c');
    return page({
      title: 'Orders',
      markup: `<p id="status">Welcome.</p><p><button id="sign-in" type="button">Sign in</button></p><script>(${app})(${data});</script>`,
      kind: 'app-home',
    });
  },
  'GET silent-check-sso.html': () => ({
    status: 200,
    headers: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }],
    body: '<html><body><script>parent.postMessage(location.href, location.origin)</script></body></html>',
  }),
};
