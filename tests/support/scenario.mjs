// Plays one lab scenario in a browser session: loads it, waits for what AuthLens records, and
// opens the popup on it. Shared by the browser tests and `npm start`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from '../../scripts/paths.mjs';


/** A unique URL for each visit: Chromium caches credentials per path, and tabs are found by URL. */
let visits = 0;
export const scenarioUrl = (lab, scenario, tag) => lab.url(`${scenario.path}${tag}-${++visits}`);

/**
 * Visits `scenario` in `session` (`query` added to its page's URL); resolves to { url, tabId, failures, popup } once the page's
 * expected number of failures (its badge) is stored and the popup has rendered them.
 */
export async function play(session, lab, scenario, { tag = session.name, query = '' } = {}) {
  const url = scenarioUrl(lab, scenario, tag);
  const page = await session.visit(url, query);
  const tabId = await session.tabIdOf(url);
  const failures = await session.failures(tabId, Number(scenario.expect.badge));
  const popup = await session.popup(tabId);
  return { url, page, tabId, failures, popup };
}

/** Clicks the popup's action button at `selector`; resolves to the notice it answers with. */
export async function clickAction(popup, selector) {
  await popup.evaluate(() => { document.getElementById('notice').textContent = ''; });
  await popup.click(selector);
  await popup.waitForFunction(() => document.getElementById('notice').textContent !== '');
  return popup.$eval('#notice', (e) => e.textContent);
}

/** What the popup says, as a person reads it: its visible text, blank lines squeezed. */
export const popupText = (popup) =>
  popup.evaluate(() => document.body.innerText.replace(/\n{2,}/g, '\n').trim());

const messages = (lang) => JSON.parse(readFileSync(join(DIST, 'chrome', '_locales', lang, 'messages.json'), 'utf8'));

/** The built extension's text for `key` in `lang`. */
export const message = (lang, key) => messages(lang)[key].message;

/** The popup's one-sentence answer for `cause`, in `lang`. */
export const why = (lang, cause) => message(lang, `why_${cause.replaceAll('-', '_')}`);
