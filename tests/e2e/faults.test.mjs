// When AuthLens's own core cannot load (a corrupt wasm file), each real browser still badges the
// failure and the popup still says what the server sent, with a clear message: never a blank popup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { message, play, popupText } from '../support/scenario.mjs';
import { corruptCore } from '../support/browsers.mjs';
import { inEachBrowser } from '../support/suite.mjs';

inEachBrowser('a corrupt core', (env) => {

  test('the failure is still badged, and the popup shows the status and the raw challenge', async () => {
    const scenario = SCENARIOS.find((s) => s.id === 'windows-challenges');
    const { failures, tabId, popup, page } = await play(env.session, env.lab, scenario);
    assert.equal(failures[0].diagnosis, undefined);
    assert.match(failures[0].error, /\S/, 'the reason the core failed is kept');
    assert.equal(await env.session.badge(tabId), '1');
    const text = await popupText(popup);
    assert.ok(text.includes(message('en', 'popup_core_failed')), text);
    assert.match(text, /^401 http:\/\/127\.0\.0\.1:\d+\/.+/m);
    for (const challenge of failures[0].challenges) assert.ok(text.includes(challenge), `the raw challenge ${challenge}`);
    assert.ok(failures[0].challenges.length > 0);
    await popup.close();
    await page.close();
  });
}, { alter: corruptCore });
