// The smallest sign-in the background's trail must follow (tests/e2e/trail.test.mjs), under
// `/trail-test/`: an app on 127.0.0.1 sends the browser to a provider on localhost (another
// site) and back, each setting a cookie; and an ordinary page that must never wake the core.
// The full identity-provider lab is tests/lab/idp.mjs.
//
// `secret` (in the start URL) is planted in the state, the authorization code and every cookie
// value, so a test can search what the extension kept for it.
//
// The messages follow RFC 6749: the authorization request (§4.1.1: response_type, client_id,
// redirect_uri, scope, state), the error response (§4.1.2.1: error=access_denied,
// error_description, state) and the code response (§4.1.2: code, state), in the query or, with
// `response_mode=form_post`, as an auto-submitted form (OAuth 2.0 Form Post Response Mode §2).

export const TRAIL_PREFIX = '/trail-test/';

const html = (title, body) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

const page = (status, title, body, headers = []) =>
  ({ status, headers: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }, ...headers], body: html(title, body) });

const redirect = (location, headers = []) => ({ status: 302, headers: [{ name: 'Location', value: location }, ...headers], body: '' });

const cookie = (name, value, sameSite = 'Lax') => ({ name: 'Set-Cookie', value: `${name}=${value}; Path=/; HttpOnly; SameSite=${sameSite}` });

const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page that posts `fields` to `action` as soon as it loads, as providers do for form_post. */
const autoPost = (action, fields) => page(200, 'Signing in', `<form method="post" action="${escape(action)}">${
  Object.entries(fields).map(([n, v]) => `<input type="hidden" name="${escape(n)}" value="${escape(v)}">`).join('')
}<noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script>`);

/** How many requests the ordinary page makes, and what each of them is. */
const ORDINARY_REQUESTS = 300;

/** Runs in the ordinary page: fires its requests a few at a time; the title says when all answered. */
function fireOrdinary(count) {
  const one = (i) => fetch(`/trail-test/item/${i}`, { credentials: 'include' }).then((r) => r.arrayBuffer(), () => {});
  (async () => {
    for (let i = 0; i < count; i += 20) await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, k) => one(i + k)));
    document.title = 'done';
  })();
}

/**
 * One of the ordinary page's requests, by index: mostly plain answers, and the healthy
 * traffic the trail's test must see without judging: cookies set (and sent back with the next
 * requests), redirects from one resource to another, a missing resource.
 */
function item(i, secret) {
  const json = (headers = []) => ({ status: 200, headers: [{ name: 'Content-Type', value: 'application/json' }, ...headers], body: `{"item":${i}}` });
  if (i % 10 === 3) return json([cookie(`pref${i % 4}`, `${secret}-o${i}`)]);
  if (i % 10 === 7) return redirect(`/trail-test/item/${i}/moved`);
  if (i % 50 === 49) return { status: 404, headers: [{ name: 'Content-Type', value: 'text/plain' }], body: 'no such item' };
  return json();
}

/** The lab's answer to a request under TRAIL_PREFIX. */
export function trailAnswer(url, req) {
  const port = req.socket.localPort;
  const app = `http://127.0.0.1:${port}${TRAIL_PREFIX}`;
  const provider = `http://localhost:${port}${TRAIL_PREFIX}`;
  const q = url.searchParams;
  const secret = q.get('secret') ?? 'lab';
  const route = url.pathname.slice(TRAIL_PREFIX.length);

  if (route === 'start') {
    const authorize = new URL(`${provider}authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code', client_id: 'trail-app', redirect_uri: `${app}${q.get('callback') ?? 'callback'}`, scope: 'openid',
      state: `${secret}-state`, outcome: q.get('outcome') ?? 'deny', ...(q.get('mode') ? { response_mode: q.get('mode') } : {}),
    });
    return redirect(authorize.href, [cookie('trail_state', `${secret}-app-cookie`)]);
  }
  if (route === 'silent') {
    // Silent sign-in (OIDC Core §3.1.2.1 prompt=none) in a hidden frame of the app's page.
    const authorize = new URL(`${provider}authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code', client_id: 'trail-app', redirect_uri: `${app}callback`, scope: 'openid', prompt: 'none',
      state: `${secret}-state`, outcome: 'login_required',
    });
    return page(200, 'App', `<h1>App</h1><iframe hidden src="${escape(authorize.href)}"></iframe>`);
  }
  if (route === 'authorize') {
    const state = q.get('state') ?? '';
    // An unregistered return address gets Keycloak's own error page, never a redirect (RFC 6749
    // §4.1.2.1). Source: keycloak/keycloak AuthorizationEndpointChecker.checkRedirectUri and
    // themes messages_en.properties: invalidParameterMessage=Invalid parameter: {0}.
    if (q.get('redirect_uri') !== `${app}callback`) {
      return page(400, 'Sign in to trail', `<div id="kc-error-message"><p class="instruction">Invalid parameter: redirect_uri</p></div>`);
    }
    const back = new URL(q.get('redirect_uri'));
    const outcome = q.get('outcome');
    const answer = outcome === 'grant' ? { code: `${state.replace(/-state$/, '')}-code`, state }
      : outcome === 'login_required' ? { error: 'login_required', state }
        : { error: 'access_denied', error_description: 'The user denied access', state };
    // A provider's session cookie is meant for its frames on other sites too (silent sign-in), as
    // Keycloak's KEYCLOAK_SESSION is: SameSite=None; Secure (accepted over http on localhost).
    const session = cookie('idp_session', `${state.replace(/-state$/, '')}-idp-cookie`, 'None; Secure');
    if (q.get('response_mode') === 'form_post') {
      const post = autoPost(back.href, answer);
      post.headers.push(session);
      return post;
    }
    back.search = new URLSearchParams(answer);
    return redirect(back.href, [session]);
  }
  if (route === 'callback') {
    // A posted answer (form_post) is only shown: the lab reads no request bodies.
    if (req.method === 'POST') return page(200, 'Answer received', '<h1>Answer received</h1>');
    if (q.get('code')) return redirect(`${app}home`, [cookie('trail_session', `${q.get('code')}-session`)]);
    return page(200, 'Sign-in cancelled', '<h1>Sign-in cancelled</h1><p>You did not allow the app to sign you in.</p>');
  }
  // Each site sends the browser to the other, for ever: the browser gives up.
  if (route === 'loop') return redirect(`${(req.headers.host ?? '').startsWith('localhost') ? app : provider}loop`);
  if (route === 'home') return page(200, 'Home', '<h1>Signed in</h1>');
  if (route === 'ordinary') {
    return page(200, 'loading', `<h1>An ordinary page</h1><script>(${fireOrdinary})(${ORDINARY_REQUESTS});</script>`,
      [cookie('visit', `${secret}-visit`)]);
  }
  const itemMatch = /^item\/(\d+)(\/moved)?$/.exec(route);
  if (itemMatch) {
    return itemMatch[2] ? { status: 200, headers: [{ name: 'Content-Type', value: 'application/json' }], body: '{"moved":true}' }
      : item(Number(itemMatch[1]), secret);
  }
  return page(404, 'Not found', 'No such trail-test page');
}
