// Unique secrets planted in everything a scenario's page sends that can hold one: credentials,
// cookie values, secret-bearing headers and the query string; and in everything a sign-in flow
// carries (codes, tokens, state, nonce, PKCE verifier, SAML messages and the names in them, form
// values). The privacy test then proves that none of them reaches what AuthLens keeps, shows,
// reports or logs.

/** Request headers whose value is a secret of its own: anti-forgery nonces, one-time codes, and
 * keys and tokens in a service's own header (named as AuthLens knows them:
 * extension/background/requests.js). */
const SECRET_HEADERS = new Set(['x-wp-nonce', 'x-csrftoken', 'x-xsrf-token', 'x-csrf-token', 'x-github-otp', 'npm-otp']);
const isSecretHeader = (name) => SECRET_HEADERS.has(name) || /(^|[-_])token$|api-?key|api_key|subscription-key/.test(name);

const BASIC_USER = 'lab-user';

/** `credentials` of one Authorization header rewritten to carry `secret`, scheme kept. */
function credentialsWith(value, secret) {
  const [scheme, credentials = ''] = value.split(/\s+(.*)/s);
  switch (scheme.toLowerCase()) {
    case 'basic':
      return `${scheme} ${btoa(`${BASIC_USER}:${secret}`)}`;
    case 'bearer': {
      // A JWT keeps its header and claims (the diagnosis reads `exp`); its signature is the secret.
      const parts = credentials.split('.');
      return `${scheme} ${parts.length === 3 ? `${parts[0]}.${parts[1]}.${secret}` : secret}`;
    }
    default:
      return value;
  }
}

/** What a scenario's page sends, with `secret` in every place a secret can travel. */
export function withSecret({ method, headers, cookies }, secret) {
  const planted = Object.fromEntries(Object.entries(headers).map(([name, value]) => {
    if (name.toLowerCase() === 'authorization') return [name, credentialsWith(value, secret)];
    return [name, isSecretHeader(name.toLowerCase()) ? `${secret}-h` : value];
  }));
  const values = cookies.map((c, i) => `${c.split('=')[0]}=${secret}-c${i}`);
  return { method, headers: planted, cookies: [...values, `lab_session=${secret}-s`] };
}

/** The query string that carries `secret` to the failing exchange, as tokens in URLs do. */
export const secretQuery = (secret) => `?token=${secret}-q&password=${secret}-p&page=2`;

/**
 * `secret` base64- or base64url-encoded inside a longer text (a token's claims, a SAML
 * assertion), at each of the three alignments: the part of the encoding that does not depend on
 * what surrounds it, as is and URL-encoded (a SAMLResponse in a form body).
 */
function encodedForms(secret) {
  return [0, 1, 2].flatMap((offset) => {
    const base64 = Buffer.from(`${'.'.repeat(offset)}${secret}`).toString('base64');
    // The first group mixes in what comes before, the last what comes after.
    const stable = base64.slice(offset ? 4 : 0, -4);
    return [stable, stable.replace(/\+/g, '-').replace(/\//g, '_'), encodeURIComponent(stable)];
  });
}

/**
 * Every form `secret` takes on the wire: as itself, inside Basic credentials, and encoded in
 * what carries it encoded (a JWT's claims, a SAML assertion).
 */
export const secretForms = (secret) => [...new Set([secret, btoa(`${BASIC_USER}:${secret}`), ...encodedForms(secret)])];

/**
 * Where a sign-in flow's secret goes (the lab mints it into each value: tests/lab/visits.mjs),
 * by what it is: text that the browser sent or was sent whenever that kind of value travelled.
 */
export const FLOW_SECRETS = {
  state: (secret) => `${secret}-state-`,
  nonce: (secret) => `${secret}-nonce-`,
  'authorization code': (secret) => `${secret}-code-`,
  code_verifier: (secret) => `${secret}-verifier-`,
  'access and ID tokens': (secret) => `${secret}-sig-`,
  RelayState: (secret) => `${secret}-relay-`,
  'the sign-in form\'s name': (secret) => `ada.${secret}`,
  'the sign-in form\'s password': (secret) => `${secret}-pw`,
};
