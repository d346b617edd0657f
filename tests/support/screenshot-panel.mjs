// The picture of the AuthLens panel: headless Chromium with DevTools open on a lab tab that
// met three failures, the panel shown and its expired-token failure selected. `npm start` takes
// it after its walk of the popup (dist/screenshots/devtools-panel.png); the README's copy is
// taken by hand after a build:
//   node tests/support/screenshot-panel.mjs docs/screenshots/devtools-panel.png
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { startLab } from '../lab/server.mjs';
import { launch } from './browsers.mjs';
import { recorded, recording } from './record-har.mjs';
import { scenarioUrl } from './scenario.mjs';

/** The failures the picture lists; the first is the one selected. */
const SHOWN = ['bearer-expired', 'wordpress-invalid-nonce', 'bearer-clock-skew'];

async function until(what, done, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`screenshot-panel: ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Takes the panel's picture to `file` in a browser of its own, against `lab`. */
export async function screenshotPanel(lab, file, { locale = 'en' } = {}) {
  const session = await launch('chrome', { devtools: true, locale });
  try {
    const inspected = await session.inspectedPage();
    await inspected.goto(lab.url('/'));
    const tabId = await session.tabIdOf(lab.url('/'));
    await recording(session, tabId, 90_000);
    for (const [i, id] of SHOWN.entries()) {
      await inspected.goto(scenarioUrl(lab, SCENARIOS.find((s) => s.id === id), 'panel-shot'));
      await until(`${id} was not recorded`, async () =>
        (await recorded(session, tabId)).filter((e) => e.response.status >= 400).length > i);
    }
    // Only the lab tab's DevTools stay open: the others (the start tab's, the control page's)
    // go with their tabs.
    for (const page of await session.browser.pages()) if (page !== inspected) await page.close();
    const frontends = () => session.browser.targets().filter((t) => t.url().startsWith('devtools://'));
    await until('the other tabs\' DevTools did not close', () => frontends().length === 1, 10_000);
    const devtools = await frontends()[0].asPage();
    await devtools.setViewport({ width: 1180, height: 720 });
    const panel = await devtools.evaluate(async () => {
      const { DockController, InspectorView } = await import('./ui/legacy/legacy.js');
      // Undocked: the picture is DevTools, not the inspected page beside them.
      DockController.DockController.instance().setDockSide('undocked');
      const view = InspectorView.InspectorView.instance();
      const id = view.tabbedPane.tabIds().find((t) => t.endsWith('AuthLens'));
      if (id) await view.showPanel(id);
      return id;
    });
    if (!panel) throw new Error('screenshot-panel: DevTools have no AuthLens panel');
    const target = await session.browser.waitForTarget((t) => t.type() === 'other' && t.url().endsWith('/devtools/panel.html'));
    const cdp = await target.createCDPSession();
    const evaluate = async (expression) =>
      (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result.value;
    await until('the panel did not list the failures', async () =>
      (await evaluate('document.querySelectorAll(".finding").length')) >= SHOWN.length);
    await evaluate('document.querySelector(\'.finding[data-cause="token-expired"]\').click()');
    await new Promise((r) => setTimeout(r, 500));
    // Observed: headless DevTools may keep the inspected page's half empty after undocking;
    // the picture is cut to DevTools' own view.
    const clip = await devtools.evaluate(async () => {
      const { InspectorView } = await import('./ui/legacy/legacy.js');
      const { x, y, width, height } = InspectorView.InspectorView.instance().element.getBoundingClientRect();
      return { x, y, width, height };
    });
    await devtools.screenshot({ path: file, clip });
  } finally {
    await session.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node tests/support/screenshot-panel.mjs <file.png>');
    process.exit(2);
  }
  const lab = await startLab();
  try {
    await screenshotPanel(lab, file);
    console.log(file);
  } finally {
    await lab.close();
  }
}
