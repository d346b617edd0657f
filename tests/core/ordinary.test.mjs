// The shipped background (dist/chrome/background/main.js) on the bench's stand-in for the
// `chrome` API (scripts/bench/ordinary.mjs): ordinary responses never instantiate the core, a
// 401 does once and is diagnosed. Run here too so that the bench's section can never break
// unnoticed when the background starts using another API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ordinaryTraffic } from '../../scripts/bench/ordinary.mjs';

test('ordinary responses never load the core; one 401 loads it once and is diagnosed', async () => {
  const r = await ordinaryTraffic(120);
  assert.ok(r.reached > 0, 'some ordinary responses reach a listener');
  assert.equal(r.ordinaryInstances, 0);
  assert.equal(r.failureInstances, 1);
  assert.equal(r.diagnosed, 'credentials-missing');
});
