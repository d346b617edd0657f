// The AuthLens panel with DevTools really open on a lab page, in each browser: DevTools' page
// of the tab records its requests (extension/devtools/recorder.js), and the panel's page
// judges them with the core. What each browser allows:
// - Chrome opens DevTools for every tab, headless too (--auto-open-devtools-for-tabs); the
//   panel is shown inside DevTools and its page read there, as well as in a tab of its own.
// - Firefox opens DevTools for the tab it starts with (--devtools); WebDriver BiDi reaches no
//   DevTools document, so the panel's page is read in a tab of its own, named after the
//   inspected tab, fed by the same DevTools page on the same channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { message, scenarioUrl } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const scenario = (id) => SCENARIOS.find((s) => s.id === id);


/** The findings the panel lists: `[kind, cause, text]`. */
const rows = (panel) =>
  panel.$$eval('.finding', (list) => list.map((r) => [r.classList.contains('flow') ? 'flow' : 'failure', r.dataset.cause, r.textContent]));

/**
 * What DevTools' page of the tab has recorded, as it answers a panel that opens (recorder.js):
 * `METHOD status URL` each. Said when a test fails: whether the requests were recorded at all.
 */
const recorded = (panel, tabId) => panel.evaluate((name) => new Promise((resolve) => {
  const channel = new BroadcastChannel(name);
  const timer = setTimeout(() => {
    channel.close();
    resolve(['(DevTools\' page did not answer)']);
  }, 2000);
  channel.onmessage = ({ data }) => {
    if (!data?.all) return;
    clearTimeout(timer);
    channel.close();
    resolve(data.entries.map((e) => `${e.request.method} ${e.response.status} ${e.request.url}`));
  };
  channel.postMessage({ hello: true });
}), `authlens-devtools:${tabId}`);

async function waitForRows(panel, count, tabId) {
  try {
    await panel.waitForFunction((n) => document.querySelectorAll('.finding').length >= n, { timeout: 30_000 }, count);
  } catch (e) {
    const summary = await panel.$eval('#summary', (s) => s.textContent);
    throw new Error(`${count} findings expected; the panel says: ${summary}; ${JSON.stringify(await rows(panel))}; ` +
      `DevTools' page recorded: ${JSON.stringify(await recorded(panel, tabId))}`, { cause: e });
  }
  return rows(panel);
}

inEachBrowser('DevTools panel', (env) => {
  const state = {};

  test('DevTools open on a lab tab record it, and the panel lists each failure as it happens', async () => {
    const { session, lab } = env;
    const inspected = await session.inspectedPage();
    await inspected.goto(lab.url('/'));
    const tabId = await session.tabIdOf(lab.url('/'));
    const panel = await session.extensionPage(`devtools/panel.html?tab=${tabId}`);
    // DevTools' page of the tab answers the panel once it listens: only then is it recording.
    // DevTools take seconds to load their extension pages (a dozen on a busy machine).
    await panel.waitForSelector('body[data-recording]', { timeout: 60_000 });
    const ids = ['bearer-expired', 'wordpress-invalid-nonce', 'bearer-clock-skew'];
    for (const [i, id] of ids.entries()) {
      await inspected.goto(scenarioUrl(lab, scenario(id), env.name));
      // The page fetches its failing request once loaded: the next page would cancel it.
      await waitForRows(panel, i + 1, tabId);
    }
    const found = await rows(panel);
    const causes = found.map(([, cause]) => cause);
    for (const id of ['bearer-expired', 'wordpress-invalid-nonce', 'bearer-clock-skew']) {
      assert.ok(causes.includes(scenario(id).expect.cause), `${id}: ${causes}`);
    }
    assert.match(await panel.$eval('#summary', (e) => e.textContent), /^Since DevTools opened: \d+ requests recorded; 3 authentication failures, 0 failed sign-ins; bodies read: \d+\.$/);
    Object.assign(state, { panel, inspected, tabId });
  });

  test('a script\'s failure is diagnosed with its body, which DevTools read (Chrome\'s popup cannot)', async () => {
    const { panel } = state;
    const index = (await rows(panel)).findIndex(([, cause]) => cause === 'csrf-expired');
    await panel.click(`#finding-${index}`);
    await panel.waitForFunction(() => /\bcsrf\b/.test(document.querySelector('#detail .cause')?.dataset.cause ?? ''));
    const detail = await panel.$eval('#detail', (e) => e.textContent);
    assert.ok(detail.includes(message('en', 'inspector_body_read')), 'says that it read the body');
    // The WordPress code the body names, quoted as evidence.
    assert.ok(detail.includes('rest_cookie_invalid_nonce'), detail);
    const headers = await panel.$$eval('#detail .headers', (lists) => lists.map((l) => l.textContent));
    assert.match(headers[0], /X-WP-Nonce\$X_WP_NONCE/i);
  });

  test('an expired bearer JWT is decoded, against the server\'s clock and this computer\'s', async () => {
    const { panel } = state;
    const pick = async (cause) => {
      const index = (await rows(panel)).findIndex(([, c]) => c === cause);
      await panel.focus(`#finding-${index}`);
      await panel.click(`#finding-${index}`);
      await panel.waitForFunction((c) => document.querySelector('#detail .cause')?.dataset.cause === c, {}, cause);
      return panel.$eval('#detail .token', (t) => ({
        verdict: t.querySelector('.verdict').dataset.verdict,
        times: t.querySelector('.times').textContent,
        claims: t.querySelectorAll('.claims')[1].textContent,
      }));
    };
    const expired = await pick('token-expired');
    assert.equal(expired.verdict, 'inspector_token_expired');
    assert.match(expired.claims, /isshttps:\/\/login\.lab\.test\//);
    assert.match(expired.times, /^exp \S+ · 5 minutes before the server's clock \(Date\) · 5 minutes before this computer's clock/);
    // The lab's server clock is two hours ahead: valid by this computer's clock, not by the server's.
    const skewed = await pick('clock-skew');
    assert.equal(skewed.verdict, 'inspector_token_clocks');
    assert.match(skewed.times, /^exp \S+ · 30 minutes before the server's clock \(Date\) · 90 minutes after this computer's clock/);
  });

  test('the list is walked with the keyboard', async () => {
    const { panel } = state;
    await panel.focus('#finding-0');
    await panel.keyboard.press('End');
    const last = (await rows(panel)).length - 1;
    const selected = () => panel.$eval('[aria-selected="true"]', (r) => ({ id: r.id, focused: document.activeElement === r }));
    assert.deepEqual(await selected(), { id: `finding-${last}`, focused: true });
    await panel.keyboard.press('ArrowUp');
    assert.deepEqual(await selected(), { id: `finding-${last - 1}`, focused: true });
    await panel.keyboard.press('Home');
    assert.deepEqual(await selected(), { id: 'finding-0', focused: true });
  });

  test('copy as curl gives the command with the token as a variable', async () => {
    const { panel } = state;
    const index = (await rows(panel)).findIndex(([, c]) => c === 'token-expired');
    await panel.click(`#finding-${index}`);
    await panel.waitForFunction(() => document.querySelector('#detail .cause')?.dataset.cause === 'token-expired');
    await panel.evaluate(() => { document.getElementById('notice').textContent = ''; });
    await panel.click('[data-action="copy-curl"]');
    await panel.waitForFunction(() => !document.querySelector('.command').hidden);
    const command = await panel.$eval('.command', (e) => e.textContent);
    assert.match(command, /^curl "http:\/\/127\.0\.0\.1:\d+\/bearer-expired\/[^"]*" \\\n/);
    assert.match(command, /-H "Authorization: Bearer \$TOKEN"/);
    assert.doesNotMatch(command, /eyJ/);
    // Copied, or shown for copying by hand where the clipboard refuses: either way it names the variable.
    await panel.waitForFunction(() => document.getElementById('notice').textContent !== '');
    assert.match(await panel.$eval('#notice', (e) => e.textContent), /TOKEN/);
  });

  test('Chrome: the panel inside DevTools shows the same', { skip: env.name === 'firefox' && 'WebDriver BiDi reaches no DevTools document in Firefox; its panel page is read in a tab above' }, async () => {
    const { session } = env;
    const frontends = session.browser.targets().filter((t) => t.url().startsWith('devtools://'));
    assert.ok(frontends.length > 0, 'DevTools are open');
    for (const target of frontends) {
      const frontend = await target.asPage();
      await frontend.evaluate(async () => {
        const { InspectorView } = await import('./ui/legacy/legacy.js');
        const view = InspectorView.InspectorView.instance();
        await view.showPanel(view.tabbedPane.tabIds().find((id) => id.endsWith('AuthLens')));
      });
    }
    // Each DevTools window holds its own panel page; the inspected tab's lists the failures.
    const until = Date.now() + 15_000;
    let shown = [];
    while (Date.now() < until && shown.length < 3) {
      const panels = session.browser.targets().filter((t) => t.type() === 'other' && t.url().endsWith('/devtools/panel.html'));
      for (const target of panels) {
        const cdp = await target.createCDPSession();
        const { result } = await cdp.send('Runtime.evaluate', {
          expression: 'JSON.stringify([...document.querySelectorAll(".finding")].map((r) => r.dataset.cause))',
          returnByValue: true,
        });
        await cdp.detach();
        const causes = JSON.parse(result.value ?? '[]');
        if (causes.length > shown.length) shown = causes;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.deepEqual([...shown].sort(), (await rows(state.panel)).map(([, c]) => c).sort());
  });
}, { devtools: true });
