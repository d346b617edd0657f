// The whole pipeline in each real browser: a lab 401 → watched → diagnosed in wasm → stored
// per tab → badge → popup → one-click cookie clearing that spares other sites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { play } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const basic = SCENARIOS.find((s) => s.id === 'basic-first-visit');

/** The cookie names the lab received from the browser at `host`. */
async function cookiesAt(session, lab, host) {
  const page = await session.browser.newPage();
  await page.goto(lab.url('/lab/cookies', host));
  const names = JSON.parse(await page.evaluate(() => document.body.innerText));
  await page.close();
  return names;
}

async function setCookies(session, lab, host, query) {
  const page = await session.browser.newPage();
  await page.goto(lab.url(`/lab/set-cookies?${query}`, host));
  await page.close();
}

inEachBrowser('pipeline', (env) => {

  test('a Basic 401 is badged, diagnosed, shown, and its site cookies can be cleared', async () => {
    await setCookies(env.session, env.lab, '127.0.0.1', 'lab_session=s3cr3t-a&lab_pref=dark');
    await setCookies(env.session, env.lab, 'localhost', 'other_session=s3cr3t-b');
    assert.deepEqual(await cookiesAt(env.session, env.lab, '127.0.0.1'), ['lab_pref', 'lab_session']);

    const { failures: [failure], tabId, popup } = await play(env.session, env.lab, basic);
    assert.equal(failure.statusCode, 401);
    assert.equal(failure.type, 'main_frame');
    assert.equal(failure.diagnosis.cause.id, basic.expect.cause);
    assert.deepEqual(failure.diagnosis.challenges[0].params, [{ name: 'realm', value: basic.expect.realm }]);
    assert.equal(failure.diagnosis.challenges[0].scheme, basic.expect.scheme);
    assert.equal(await env.session.badge(tabId), String(basic.expect.badge));

    const text = (selector) => popup.$eval(selector, (e) => e.textContent);
    assert.equal(await text('.challenge .scheme'), basic.expect.scheme);
    assert.equal(await text('.challenge .realm'), basic.expect.realm);
    assert.equal(await popup.$eval('.cause', (e) => e.dataset.cause), basic.expect.cause);

    assert.match(await text('#clear-cookies'), /127\.0\.0\.1/);
    await popup.click('#clear-cookies');
    await popup.waitForFunction(() => document.getElementById('notice').textContent !== '');
    assert.match(await text('#notice'), /2/);
    assert.deepEqual(await cookiesAt(env.session, env.lab, '127.0.0.1'), []);
    assert.deepEqual(await cookiesAt(env.session, env.lab, 'localhost'), ['other_session']);
  });
});
