// diagnose through the built wasm: the JS contract of issue 4 on every real-server fixture,
// the event read from JS values, the diagnosis handed back as plain JSON-compatible objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures } from '../../scripts/bench/fixtures.mjs';
import { diagnose } from './core.mjs';

const isId = (x) => typeof x === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(x);

function assertCause(cause) {
  assert.deepEqual(Object.keys(cause), ['id', 'confidence', 'evidence']);
  assert.ok(isId(cause.id), cause.id);
  // Two decimals: the closest float to a whole number of hundredths.
  assert.ok(cause.confidence >= 0 && cause.confidence <= 1, String(cause.confidence));
  assert.equal(Number((cause.confidence).toFixed(2)), cause.confidence);
  for (const e of cause.evidence) {
    assert.deepEqual(Object.keys(e), ['id', 'args']);
    assert.ok(isId(e.id) && e.args.every((a) => typeof a === 'string'), JSON.stringify(e));
  }
}

test('every fixture gives a diagnosis of the contract shape, plain data only', () => {
  for (const { name, event } of fixtures()) {
    const d = diagnose(event);
    assert.deepEqual(Object.keys(d), ['status', 'cause', 'alternatives', 'challenges', 'findings', 'fixes'], name);
    assert.equal(d.status, event.statusCode);
    assertCause(d.cause);
    d.alternatives.forEach(assertCause);
    for (const c of d.challenges) assert.deepEqual(Object.keys(c), ['scheme', 'token68', 'params'], name);
    for (const f of d.findings) assert.deepEqual(Object.keys(f), ['id', 'offset', 'args'], name);
    for (const f of d.fixes) {
      assert.ok(isId(f.id) && ['visitor', 'owner'].includes(f.audience), JSON.stringify(f));
      assert.ok(!('action' in f) || isId(f.action), JSON.stringify(f));
    }
    // What chrome.storage keeps: no Map, no undefined, no class instance.
    assert.deepEqual(JSON.parse(JSON.stringify(d)), d, name);
  }
});

test('the challenges in a diagnosis are read as parseChallenges reads them', () => {
  const d = diagnose({
    url: 'https://registry.example.com/v2/', method: 'GET', statusCode: 401,
    responseHeaders: [{ name: 'WWW-Authenticate', value: 'Bearer realm="https://auth.example.com/token",service="registry",Scope="a\\"b"' }],
  });
  assert.deepEqual(d.challenges, [{
    scheme: 'Bearer', token68: null,
    params: [{ name: 'realm', value: 'https://auth.example.com/token' }, { name: 'service', value: 'registry' }, { name: 'scope', value: 'a"b' }],
  }]);
});

test('a token sent only in the query counts as sent, and never comes back', () => {
  // RFC 6750 §2.3; the server's Bearer challenge without an error code shows it did not read it.
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2VjcmV0';
  const d = diagnose({
    url: `https://api.example.com?access_token=${token}`, method: 'GET', statusCode: 401, type: 'xmlhttprequest',
    responseHeaders: [{ name: 'WWW-Authenticate', value: 'Bearer realm="api"' }], requestHeaders: [],
  });
  assert.equal(d.cause.id, 'request-malformed');
  assert.equal(d.fixes[0].id, 'fix-authorization-header');
  assert.ok(d.cause.evidence.some((e) => e.id === 'credentials-in-url'), JSON.stringify(d.cause));
  assert.ok(!JSON.stringify(d).includes(token.slice(-20)), 'no part of the token is kept');
});

test('optional event fields may be null, absent or of webRequest extras', () => {
  const { event } = fixtures()[0];
  const bare = { url: event.url, method: event.method, statusCode: event.statusCode, responseHeaders: event.responseHeaders };
  const withNulls = { ...bare, type: null, timeStamp: null, initiator: null, requestHeaders: null, bodyText: null, retried: null, authPrompted: null };
  const withExtras = { ...bare, requestId: '7', tabId: 3, frameId: 0, parentFrameId: -1, responseHeaders: [...bare.responseHeaders, { name: 'X-Bin', binaryValue: [1, 2] }] };
  assert.deepEqual(diagnose(withNulls), diagnose(bare));
  assert.equal(diagnose(withExtras).status, event.statusCode);
});

// One line per case: a bad event and the field its error must name.
const BAD = [
  [{ method: 'GET', statusCode: 401, responseHeaders: [] }, 'url'],
  [{ url: 'https://a/', statusCode: 401, responseHeaders: [] }, 'method'],
  [{ url: 'https://a/', method: 'GET', responseHeaders: [] }, 'statusCode'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401 }, 'responseHeaders'],
  [{ url: 'https://a/', method: 'GET', statusCode: '401', responseHeaders: [] }, 'statusCode'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401.5, responseHeaders: [] }, 'statusCode'],
  [{ url: 'https://a/', method: 'GET', statusCode: 70000, responseHeaders: [] }, 'statusCode'],
  [{ url: 'https://a/', method: 'GET', statusCode: 42, responseHeaders: [] }, 'statusCode'],
  [{ url: 7, method: 'GET', statusCode: 401, responseHeaders: [] }, 'url'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401, responseHeaders: {} }, 'responseHeaders'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401, responseHeaders: [{ value: 'x' }] }, 'responseHeaders'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401, responseHeaders: [], timeStamp: 'now' }, 'timeStamp'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401, responseHeaders: [], retried: 1 }, 'retried'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401, responseHeaders: [], requestHeaders: 'x' }, 'requestHeaders'],
  [{ url: 'https://a/', method: 'GET', statusCode: 401, responseHeaders: [], type: Symbol('x') }, 'type'],
  [null, 'event'],
  ['401', 'event'],
];

for (const [event, field] of BAD) {
  test(`a bad event names ${field}: ${String(JSON.stringify(event))}`, () => {
    assert.throws(() => diagnose(event), (e) => e instanceof Error && e.message.includes(field) && !e.message.includes('Error:'));
  });
}
