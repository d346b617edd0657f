// When AuthLens's own core cannot load (a corrupt wasm file), each real browser still badges the
// failure and the popup still says what the server sent, with a clear message: never a blank popup.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab } from '../lab/server.mjs';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { BROWSER_NAMES, launch } from '../support/browsers.mjs';
import { play, popupText } from '../support/scenario.mjs';
import { ROOT } from '../../scripts/paths.mjs';

const message = (key) => JSON.parse(readFileSync(join(ROOT, 'extension/_locales/en/ui.json'), 'utf8'))[key].message;

for (const name of BROWSER_NAMES) {
  describe(`a corrupt core in ${name}`, () => {
    let lab;
    let session;
    before(async () => {
      lab = await startLab();
      session = await launch(name, { corruptCore: true });
    });
    after(async () => {
      await session?.close();
      await lab?.close();
    });

    test('the failure is still badged, and the popup shows the status and the raw challenge', async () => {
      const scenario = SCENARIOS.find((s) => s.id === 'windows-challenges');
      const { failures, tabId, popup, page } = await play(session, lab, scenario);
      assert.equal(failures[0].diagnosis, undefined);
      assert.match(failures[0].error, /\S/, 'the reason the core failed is kept');
      assert.equal(await session.badge(tabId), '1');
      const text = await popupText(popup);
      assert.ok(text.includes(message('popup_core_failed')), text);
      assert.match(text, /^401 http:\/\/127\.0\.0\.1:\d+\/.+/m);
      for (const challenge of failures[0].challenges) assert.ok(text.includes(challenge), `the raw challenge ${challenge}`);
      assert.ok(failures[0].challenges.length > 0);
      await popup.close();
      await page.close();
    });
  });
}
