// DevTools' page of a tab (extension/devtools/recorder.js) fed entries as DevTools give them:
// every finished request reaches the panels, in memory and bounded, and a body DevTools never
// deliver (a page that went away, a renderer too busy to answer) costs the entry its body only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyOf, channelName, MAX_ENTRIES, startRecording } from '../../extension/devtools/recorder.js';

/** A HAR entry as DevTools hand it over; `answer(callback)` plays DevTools' `getContent`. */
const entry = (url, status, answer, mimeType = 'text/html') => ({
  request: { method: 'GET', url, headers: [] },
  response: { status, headers: [{ name: 'Content-Type', value: mimeType }], content: { mimeType } },
  getContent: answer,
});

const never = () => {};

/** The devtools.network API as far as the recorder uses it. */
function fakeNetwork() {
  const listeners = { finished: [], navigated: [] };
  return {
    onRequestFinished: { addListener: (f) => listeners.finished.push(f) },
    onNavigated: { addListener: (f) => listeners.navigated.push(f) },
    finish: (e) => listeners.finished.forEach((f) => f(e)),
  };
}

/** A panel listening on the tab's channel: resolves to the first `count` entries it is sent. */
function panel(tabId, count) {
  const channel = new BroadcastChannel(channelName(tabId));
  const seen = [];
  return new Promise((resolve) => {
    channel.onmessage = ({ data }) => {
      seen.push(...(data.entries ?? []));
      if (seen.length >= count) { channel.close(); resolve(seen); }
    };
  });
}

test('a body DevTools answer for is kept with its encoding; one they never answer for is not waited for forever', async () => {
  assert.deepEqual(await bodyOf(entry('http://a/', 401, (cb) => cb('<p>denied</p>', ''))), ['<p>denied</p>', '']);
  const started = Date.now();
  assert.deepEqual(await bodyOf(entry('http://a/', 401, never), 50), []);
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual(await bodyOf(entry('http://a/', 401, () => { throw new Error('gone'); })), []);
});

test('every finished request reaches the panel, the one whose body never came too, without it', async (t) => {
  const network = fakeNetwork();
  const recording = startRecording(41, network, { bodyWaitMs: 100 });
  t.after(() => recording.close());
  const received = panel(41, 3);
  network.finish(entry('http://lab/stuck', 200, never));
  network.finish(entry('http://lab/page', 200, (cb) => cb('<title>lab</title>', '')));
  network.finish(entry('http://lab/api', 401, (cb) => cb('{"code":"rest_cookie_invalid_nonce"}', '')));
  const entries = await received;
  const byUrl = Object.fromEntries(entries.map((e) => [e.request.url, e]));
  assert.deepEqual(Object.keys(byUrl).sort(), ['http://lab/api', 'http://lab/page', 'http://lab/stuck']);
  assert.equal(byUrl['http://lab/api'].response.content.text, '{"code":"rest_cookie_invalid_nonce"}');
  assert.equal(byUrl['http://lab/stuck'].response.content.text, undefined);
  assert.equal(typeof byUrl['http://lab/page'].getContent, 'undefined', 'plain data only');
});

test('a panel that opens late is sent everything kept, the newest MAX_ENTRIES', async (t) => {
  const network = fakeNetwork();
  const recording = startRecording(42, network, { bodyWaitMs: 100 });
  t.after(() => recording.close());
  const posted = panel(42, MAX_ENTRIES + 5);
  for (let i = 0; i < MAX_ENTRIES + 5; i += 1) network.finish(entry(`http://lab/${i}.png`, 200, never, 'image/png'));
  await posted;
  const late = new BroadcastChannel(channelName(42));
  const all = await new Promise((resolve) => {
    late.onmessage = ({ data }) => { if (data.all) resolve(data.entries); };
    late.postMessage({ hello: true });
  });
  late.close();
  assert.equal(all.length, MAX_ENTRIES);
  assert.equal(all.at(-1).request.url, `http://lab/${MAX_ENTRIES + 4}.png`);
  assert.equal(all[0].request.url, 'http://lab/5.png');
});
