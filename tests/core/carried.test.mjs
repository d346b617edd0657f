// The cookies a failed image or video carried, rebuilt from the cookie store (extension/
// background/carried.js): what the browser sent by its partition and SameSite rules, and
// "not known" wherever its third-party cookie setting decided. The core's evidence follows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from './core.mjs';

// The shell's modules expect an extension's API namespace; these tests call no browser API.
globalThis.chrome ??= { webRequest: {}, runtime: {} };
const { carriedCookieLine, requestHosts } = await import('../../extension/background/carried.js');

const cookie = (name, sameSite, partitionHost = '') => ({ name, value: `${name}-v4lue-0123456789`, sameSite, partitionHost });
const STORE = [cookie('sid', 'lax'), cookie('pref', 'unspecified'), cookie('csrf', 'strict')];
const APP = { host: 'app.example.com', initiatorHost: 'app.example.com', topHost: 'app.example.com' };
const CDN = { host: 'cdn.other.example', initiatorHost: 'app.example.com', topHost: 'app.example.com' };

const names = (line) => line.split('; ').map((c) => c.split('=')[0]);

test('a request to the page\'s own site carried every cookie held for its URL', () => {
  assert.deepEqual(names(carriedCookieLine(STORE, APP, true)), ['sid', 'pref', 'csrf']);
  // A subdomain of the page's site is the same site.
  assert.deepEqual(names(carriedCookieLine(STORE, { ...APP, host: 'img.app.example.com' }, false)), ['sid', 'pref', 'csrf']);
  assert.equal(carriedCookieLine([], APP, true), '');
});

test('to another site, Lax and Strict cookies stay home, and no SameSite is Lax only where the browser says so', () => {
  assert.equal(carriedCookieLine([cookie('sid', 'lax'), cookie('csrf', 'strict')], CDN, false), '');
  // Chromium: no SameSite is Lax. Firefox: None, sent if third-party cookies are allowed.
  assert.equal(carriedCookieLine([cookie('pref', 'unspecified')], CDN, true), '');
  assert.equal(carriedCookieLine([cookie('pref', 'unspecified')], CDN, false), undefined);
});

test('a SameSite=None cookie to another site makes the answer unknown: the third-party setting decided', () => {
  assert.equal(carriedCookieLine([cookie('sid', 'lax'), cookie('track', 'no_restriction')], CDN, true), undefined);
  // A page of another site embedding the app's image: the initiator decides too.
  assert.equal(carriedCookieLine([cookie('track', 'no_restriction')], { ...APP, initiatorHost: 'blog.example' }, true), undefined);
});

test('a partitioned cookie goes only under the top-level site it was set under', () => {
  const store = [cookie('chips', 'no_restriction', 'app.example.com'), cookie('elsewhere', 'no_restriction', 'shop.example')];
  assert.deepEqual(names(carriedCookieLine(store, CDN, true)), ['chips']);
  assert.deepEqual(names(carriedCookieLine(store, APP, true)), ['chips']);
});

test('without the cookie store or the page, nothing is claimed', () => {
  assert.equal(carriedCookieLine(undefined, APP, true), undefined);
  assert.equal(carriedCookieLine(STORE, { ...APP, topHost: '' }, true), undefined);
});

test('a nameless cookie goes as its bare value', () => {
  assert.equal(carriedCookieLine([{ name: '', value: 'bare', sameSite: 'lax', partitionHost: '' }], APP, true), 'bare');
});

test('the hosts weighed: the top frame\'s initiator is its page; a frame\'s page is the tab\'s', () => {
  const chrome = { url: 'https://img.example.net/a.png?sig=1', initiator: 'https://app.example.com', frameId: 0 };
  assert.deepEqual(requestHosts(chrome, 'ignored.example'), { host: 'img.example.net', initiatorHost: 'app.example.com', topHost: 'app.example.com' });
  const firefox = { url: 'https://img.example.net/a.png', originUrl: 'https://frame.example/page?x=1', frameId: 12 };
  assert.deepEqual(requestHosts(firefox, 'app.example.com'), { host: 'img.example.net', initiatorHost: 'frame.example', topHost: 'app.example.com' });
});

test('the core reads the rebuilt line as the cookies sent (they decide the cause), and never shows a value', () => {
  // A 401 without a challenge: with cookies sent it is an expired session, without them a
  // server that forgot its challenge.
  const event = (requestHeaders) => diagnose({
    url: 'https://app.example.com/media/private.png', method: 'GET', type: 'image', statusCode: 401, timeStamp: 0, responseHeaders: [],
    ...(requestHeaders ? { requestHeaders } : {}),
  });
  const sent = event([{ name: 'Cookie', value: carriedCookieLine(STORE, APP, true) }]);
  assert.equal(sent.cause.id, 'session-expired');
  assert.deepEqual(sent.cause.evidence[0], { id: 'cookies-sent', args: ['3'] });
  assert.ok(!JSON.stringify(sent).includes('v4lue'), 'a cookie value in the diagnosis');
  assert.equal(event([]).cause.id, 'challenge-missing');
  // Not known is said so, never "no cookies".
  const unknown = event(undefined);
  assert.ok(unknown.cause.evidence.some((e) => e.id === 'request-headers-hidden'), JSON.stringify(unknown.cause));
});
