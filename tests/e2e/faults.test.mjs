// When AuthLens's own core cannot load (a corrupt wasm file), each real browser still badges the
// failure and the popup still says what the server sent, with a clear message: never a blank popup.
// The core's builds fail apart: without the report's, the popup still explains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { clickAction, message, play, popupText, why } from '../support/scenario.mjs';
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
}, { alter: corruptCore() });

inEachBrowser('a corrupt report build', (env) => {

  test('the popup still explains the failure; Copy report says the report could not be built', async () => {
    const scenario = SCENARIOS.find((s) => s.id === 'bearer-expired');
    const { popup, page } = await play(env.session, env.lab, scenario);
    const text = await popupText(popup);
    assert.ok(text.includes(why('en', scenario.expect.cause)), text);
    assert.equal(await clickAction(popup, '#copy-report'), message('en', 'notice_report_unavailable'));
    assert.equal(await popup.$eval('#report', (e) => e.hidden), true, 'no report shown');
    await popup.close();
    await page.close();
  });
}, { alter: corruptCore(['report']) });
