// Every lab scenario in each real browser with the built extension: the badge, the cause the
// core found, and what the popup says (the locale's own sentence, in English and, for a
// sample, in Russian). A scenario a browser cannot reproduce is skipped with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { play, popupText, why } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

/** The sample shown in Russian: a page, a fetch, and a cause without a challenge. */
const RUSSIAN = ['basic-first-visit', 'bearer-expired', 'session-expired'];

inEachBrowser('lab scenarios', (env) => {
  for (const scenario of SCENARIOS) {
    test(scenario.title, { skip: scenario.skip?.[env.name] }, async () => {
      const { failures, tabId, popup, page } = await play(env.session, env.lab, scenario);
      const failure = failures.at(-1);
      assert.equal(failure.diagnosis?.cause.id, scenario.expect.cause, `${scenario.id}: ${JSON.stringify(failure.diagnosis?.cause ?? failure.error)}`);
      assert.equal(failures.length, scenario.expect.badge);
      assert.equal(await env.session.badge(tabId), String(scenario.expect.badge));
      if (scenario.expect.scheme) assert.equal(failure.diagnosis.challenges[0].scheme, scenario.expect.scheme);
      assert.ok((await popupText(popup)).includes(why('en', scenario.expect.cause)), `popup says why: ${why('en', scenario.expect.cause)}`);
      await popup.close();
      await page.close();
    });
  }

  test('an expired session is fixed by clearing the site\'s cookies', async () => {
    const scenario = SCENARIOS.find((s) => s.id === 'session-expired');
    const { popup, page } = await play(env.session, env.lab, scenario);
    await popup.click('#clear-cookies');
    await popup.waitForFunction(() => document.getElementById('notice').textContent !== '');
    await page.reload();
    assert.equal(await page.evaluate(() => document.title), 'Sign in');
    await popup.close();
    await page.close();
  });
});

inEachBrowser('lab scenarios, in Russian', (env) => {
  for (const id of RUSSIAN) {
    const scenario = SCENARIOS.find((s) => s.id === id);
    test(scenario.title, async () => {
      const { popup, page } = await play(env.session, env.lab, scenario);
      const cause = scenario.expect.cause;
      const text = await popupText(popup);
      assert.ok(text.includes(why('ru', cause)), `popup says, in Russian: ${why('ru', cause)}\n${text}`);
      assert.ok(!text.includes(why('en', cause)), 'and not in English');
      await popup.close();
      await page.close();
    });
  }
}, { locale: 'ru' });
