// Every lab scenario in each real browser with the built extension: the badge, the cause the
// core found, and what the popup says (the locale's own sentence, in English and, for a
// sample, in Russian). A scenario a browser cannot reproduce is skipped with its reason.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab } from '../lab/server.mjs';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { BROWSER_NAMES, launch } from '../support/browsers.mjs';
import { play, popupText } from '../support/scenario.mjs';
import { DIST } from '../../scripts/paths.mjs';

const messages = (lang) => JSON.parse(readFileSync(join(DIST, 'chrome', '_locales', lang, 'messages.json'), 'utf8'));
const why = (lang, cause) => messages(lang)[`why_${cause.replaceAll('-', '_')}`].message;

/** The sample shown in Russian: a page, a fetch, and a cause without a challenge. */
const RUSSIAN = ['basic-first-visit', 'bearer-expired', 'session-expired'];

for (const name of BROWSER_NAMES) {
  describe(`lab scenarios in ${name}`, () => {
    let lab;
    let session;
    before(async () => {
      lab = await startLab();
      session = await launch(name);
    });
    after(async () => {
      await session?.close();
      await lab?.close();
    });

    for (const scenario of SCENARIOS) {
      const skip = scenario.skip?.[name];
      test(scenario.title, { skip }, async () => {
        const { failures, tabId, popup, page } = await play(session, lab, scenario);
        const failure = failures.at(-1);
        assert.equal(failure.diagnosis?.cause.id, scenario.expect.cause, `${scenario.id}: ${JSON.stringify(failure.diagnosis?.cause ?? failure.error)}`);
        assert.equal(failures.length, scenario.expect.badge);
        assert.equal(await session.badge(tabId), String(scenario.expect.badge));
        if (scenario.expect.scheme) assert.equal(failure.diagnosis.challenges[0].scheme, scenario.expect.scheme);
        assert.ok((await popupText(popup)).includes(why('en', scenario.expect.cause)), `popup says why: ${why('en', scenario.expect.cause)}`);
        await popup.close();
        await page.close();
      });
    }

    test('an expired session is fixed by clearing the site\'s cookies', async () => {
      const scenario = SCENARIOS.find((s) => s.id === 'session-expired');
      const { popup, page } = await play(session, lab, scenario);
      await popup.click('#clear-cookies');
      await popup.waitForFunction(() => document.getElementById('notice').textContent !== '');
      await page.reload();
      assert.equal(await page.evaluate(() => document.title), 'Sign in');
      await popup.close();
      await page.close();
    });
  });

  describe(`lab scenarios in ${name}, in Russian`, () => {
    let lab;
    let session;
    before(async () => {
      lab = await startLab();
      session = await launch(name, { locale: 'ru' });
    });
    after(async () => {
      await session?.close();
      await lab?.close();
    });

    for (const id of RUSSIAN) {
      const scenario = SCENARIOS.find((s) => s.id === id);
      test(scenario.title, async () => {
        const { failures, popup, page } = await play(session, lab, scenario);
        const cause = scenario.expect.cause;
        const text = await popupText(popup);
        assert.ok(text.includes(why('ru', cause)), `popup says, in Russian: ${why('ru', cause)}\n${text}`);
        assert.ok(!text.includes(why('en', cause)), 'and not in English');
        await popup.close();
        await page.close();
      });
    }
  });
}
