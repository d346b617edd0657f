// Nothing secret leaves authlens: a HAR file with a unique secret planted in every field that
// can carry one (URL user info, query and fragment, Authorization, Cookie and Set-Cookie and
// HAR's cookie lists, an API key header, a posted password, OAuth code, state and nonce, a SAML
// response, the bodies), with hostile servers echoing each request's own secrets in their
// challenges, read in both languages and as JSON: not one secret, nor its encoded form, is in
// what it prints.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { authlens } from './authlens.mjs';

const planted = new Map();
/** A secret for `field`, unique to this run, in the alphabet real ones use. */
function secret(field, length = 12) {
  const value = `${field}${randomBytes(length).toString('base64url').slice(0, length)}`;
  planted.set(field, value);
  return value;
}

const b64 = (s) => Buffer.from(s).toString('base64');
const h = (name, value) => ({ name, value });
const T0 = Date.parse('2026-12-07T10:00:00Z');

const s = {
  userinfo: secret('Userinfo'),
  query: secret('Query'),
  fragment: secret('Fragment', 40),
  bearer: secret('Bearer', 40),
  password: secret('Password'),
  cookie: secret('Cookie'),
  setCookie: secret('SetCookie'),
  harCookie: secret('HarCookie'),
  apiKey: secret('ApiKey'),
  formPassword: secret('FormPw'),
  code: secret('Code'),
  state: secret('State'),
  nonce: secret('Nonce'),
  relay: secret('Relay'),
  nameId: `${secret('NameId')}@corp.example`,
  signature: secret('Signature', 40),
  body: secret('Body', 40),
  initiator: secret('Initiator'),
};
const basic = b64(`alice:${s.password}`);
const samlXml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="2026-12-07T10:00:05Z" Destination="https://sp.example.com/saml/acs"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/></samlp:StatusCode><samlp:StatusMessage>Denied for ${s.nameId}</samlp:StatusMessage></samlp:Status><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Subject><saml:NameID>${s.nameId}</saml:NameID></saml:Subject><ds:SignatureValue xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${s.signature}</ds:SignatureValue></saml:Assertion></samlp:Response>`;
const samlResponse = b64(samlXml);

let at = 0;
/** A Chrome "with sensitive data" entry; every field is given. */
function entry({ type = 'document', method = 'GET', url, sent = [], status, got = [], body = '', form, redirect = '' }) {
  const u = new URL(url);
  at += 1;
  return {
    _initiator: { type: 'script', url: `https://app.example.com/app.js?build=${s.initiator}` },
    _resourceType: type,
    pageref: 'page_1',
    startedDateTime: new Date(T0 + at * 1000).toISOString(),
    time: 12,
    request: {
      method, url, httpVersion: 'http/2.0',
      headers: [h('sec-fetch-dest', type === 'document' ? 'document' : 'empty'), ...sent],
      queryString: [...u.searchParams].map(([n, v]) => h(n, v)),
      cookies: [{ name: 'har_cookie', value: s.harCookie }],
      headersSize: -1, bodySize: 0,
      ...(form ? { postData: { mimeType: 'application/x-www-form-urlencoded', text: new URLSearchParams(form).toString(), params: Object.entries(form).map(([n, v]) => h(n, v)) } } : {}),
    },
    response: {
      status, statusText: '', httpVersion: 'http/2.0',
      headers: [h('date', new Date(T0 + at * 1000).toUTCString()), ...got],
      cookies: [{ name: 'sid', value: s.setCookie, httpOnly: true }],
      content: { size: body.length, mimeType: 'text/html', text: b64(body), encoding: 'base64' },
      redirectURL: redirect, headersSize: -1, bodySize: -1, _error: null,
    },
  };
}

const app = 'https://app.example.com';
const idp = 'https://idp.example.net';
const callback = `${app}/auth/callback`;
const authorize = `${idp}/authorize?client_id=shop&response_type=code&redirect_uri=${encodeURIComponent(callback)}&state=${s.state}&nonce=${s.nonce}&scope=openid`;
const cookie = h('cookie', `sid=${s.cookie}; theme=dark`);
const har = { log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [{ id: 'page_1', title: `${app}/?q=${s.query}`, startedDateTime: new Date(T0).toISOString() }], entries: [
  entry({ url: `https://alice:${s.userinfo}@app.example.com/dashboard?session=${s.query}`, sent: [cookie], status: 200,
    got: [h('set-cookie', `sid=${s.setCookie}; Path=/; Secure; HttpOnly; SameSite=Lax`)], body: `<p>Welcome ${s.nameId}, your key ${s.body}</p>` }),
  entry({ type: 'fetch', url: `${app}/api/me?access_token=${s.query}`, sent: [h('authorization', `Bearer ${s.bearer}`), cookie], status: 401,
    got: [h('www-authenticate', `Bearer realm="${s.bearer} ${s.cookie} ${s.query}", error="invalid_token", error_description="token ${s.bearer} for ${s.cookie} refused"`)],
    body: JSON.stringify({ error: 'invalid_token', error_description: `Token ${s.bearer} expired; session ${s.cookie}; key ${s.body}` }) }),
  entry({ type: 'fetch', url: `${app}/dav/files/`, sent: [h('authorization', `Basic ${basic}`)], status: 401,
    got: [h('www-authenticate', `Basic realm="${basic}", charset="UTF-8"`)], body: `<s:message>Wrong password ${s.password}</s:message>` }),
  entry({ type: 'fetch', url: `${app}/api/keys`, sent: [h('x-api-key', s.apiKey)], status: 403, body: `{"message":"Forbidden: key ${s.apiKey} is not allowed"}` }),
  entry({ method: 'POST', url: `${app}/login`, form: { username: 'alice', password: s.formPassword }, status: 302,
    got: [h('location', authorize), h('set-cookie', `login_state=${s.setCookie}; Path=/; SameSite=None`)] , redirect: authorize }),
  entry({ url: authorize, sent: [h('cookie', `idp_session=${s.cookie}`)], status: 302,
    got: [h('location', `${callback}?error=access_denied&error_description=The+user+denied+access&state=${s.state}`)],
    redirect: `${callback}?error=access_denied&error_description=The+user+denied+access&state=${s.state}` }),
  entry({ url: `${callback}?error=access_denied&error_description=The+user+denied+access&state=${s.state}`, status: 302,
    got: [h('location', `/#access_token=${s.fragment}&code=${s.code}`)], redirect: `/#access_token=${s.fragment}&code=${s.code}` }),
  entry({ method: 'POST', url: 'https://sp.example.com/saml/acs', form: { SAMLResponse: samlResponse, RelayState: s.relay }, status: 403,
    body: `<h1>SAML error</h1><p>${s.nameId}</p><pre>${samlResponse}</pre>` }),
] } };

/** Every form a secret takes on the wire and in the file. */
function forms() {
  const all = [...planted.values(), basic, samlResponse, encodeURIComponent(s.nameId), s.nameId.split('@')[0]];
  return all.flatMap((v) => [v, encodeURIComponent(v)]);
}

test('no secret of any HAR field is printed, in text (en, ru) or JSON', () => {
  const input = JSON.stringify(har);
  const runs = { en: ['--lang', 'en', '-'], ru: ['--lang', 'ru', '-'], json: ['--json', '-'] };
  const outputs = {};
  for (const [name, args] of Object.entries(runs)) {
    const r = authlens(args, { input });
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    outputs[name] = r.stdout + r.stderr;
    for (const value of forms()) {
      assert.ok(!outputs[name].includes(value), `${name} prints a secret (${value}):\n${outputs[name]}`);
    }
  }
  // The output is not empty of substance: it judged the failures and the sign-in.
  const json = JSON.parse(authlens(['--json', '-'], { input }).stdout);
  assert.deepEqual(json.failures.map((f) => f.status), [401, 401, 403, 403]);
  assert.ok(json.flows.some((f) => f.cause === 'oauth-error'), JSON.stringify(json.flows.map((f) => f.cause)));
  assert.match(outputs.en, /https:\/\/app\.example\.com\/api\/me\?access_token=…/);
  assert.match(outputs.en, /error_description="token … for … refused"/, 'a server echoing the request\'s secrets is scrubbed of them');
  assert.match(outputs.en, /Bearer realm="… … …"/);
});

test('an error message names the field, never what it held', () => {
  const held = secret('Held');
  const bad = (request, response) => JSON.stringify({ log: { entries: [{ request, response }] } });
  for (const input of [
    bad({ method: `GET ${held}`, url: 'https://a.example/' }, { status: 200 }),
    bad({ method: 'GET', url: 'https://a.example/', headers: [{ value: held }] }, { status: 200 }),
    bad({ method: 'GET', url: 'https://a.example/' }, { status: held }),
    JSON.stringify({ log: { entries: [{ startedDateTime: held, request: { method: 'GET', url: 'https://a.example/' }, response: { status: 200 } }] } }),
    `{"log":{"entries":[{"request":{"method":"GET","url":"${held}`,
    `HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic\n${held}\n\n`,
  ]) {
    const r = authlens(['-'], { input });
    assert.equal(r.status, 2, r.stderr);
    assert.ok(!r.stderr.includes(held), r.stderr);
  }
});
