// Privacy in each real browser: every lab scenario is played with its own unique secret planted
// in the Basic password, the Bearer token, cookie values, secret headers and the query string;
// none may appear in the extension's storage, its popup, the report or anyone's console output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { secretForms } from '../lab/secrets.mjs';
import { play } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

/** Everything the extension keeps, in every storage area it can use. */
const allStorage = (session) =>
  session.inExtension(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const [local, sessionArea] = await Promise.all([api.storage.local.get(null), api.storage.session.get(null)]);
    return JSON.stringify({ local, session: sessionArea });
  });

/** Everything the popup holds, shown or not, once it has made the report too. */
async function popupContents(popup) {
  await popup.click('#copy-report');
  await popup.waitForFunction(() => document.getElementById('report-text').textContent !== '');
  return popup.evaluate(() => document.documentElement.outerHTML);
}

const leaks = (text, secrets) => secrets.flatMap(secretForms).filter((s) => text.includes(s));

inEachBrowser('privacy', (env) => {

  test('no secret of any scenario reaches storage, the popup, the report or the console', async () => {
    // The console search must be able to find what the extension's background logs.
    const canary = `canary-${randomBytes(6).toString('hex')}`;
    await env.session.logInBackground(canary);

    const secrets = [];
    for (const scenario of SCENARIOS.filter((s) => !s.skip?.[env.name])) {
      const secret = `Lab${randomBytes(10).toString('hex')}`;
      secrets.push(secret);
      const { popup, page } = await play(env.session, env.lab, scenario, { query: `?secret=${secret}` });
      assert.ok(env.lab.received(secret), `${scenario.id}: the browser sent the secret`);
      assert.deepEqual(leaks(await popupContents(popup), [secret]), [], `${scenario.id}: the popup and its report`);
      await popup.close();
      await page.close();
    }
    // Basic credentials and a JWT's signature were among what was sent.
    assert.ok(secrets.some((s) => env.lab.received(secretForms(s)[1])), 'a Basic password was sent');
    assert.ok(secrets.some((s) => env.lab.received(`.${s}`)), 'a Bearer JWT was sent');

    assert.deepEqual(leaks(await allStorage(env.session), secrets), [], 'extension storage');
    await new Promise((r) => setTimeout(r, 500)); // the browser's log reaches us through a pipe
    const logged = env.session.consoleOutput();
    assert.ok(logged.includes(canary), 'the console output is searched');
    assert.deepEqual(leaks(logged, secrets), [], 'console output');
  });
});
