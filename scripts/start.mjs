// The main job: the built extension, working, in Chromium against the lab.
//   With a display: a real browser window on the lab's index, the extension loaded; it walks
//   every scenario first, then stays open until you close it (or press Ctrl-C).
//   Without one: headless, walks every scenario, prints what the popup says, and writes a PNG
//   of the popup per scenario to dist/screenshots/, then one of the DevTools panel
//   (devtools-panel.png, in a browser of its own with DevTools open).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startLab } from '../tests/lab/server.mjs';
import { SCENARIOS } from '../tests/lab/scenarios.mjs';
import { launch } from '../tests/support/browsers.mjs';
import { play, popupText } from '../tests/support/scenario.mjs';
import { screenshotPanel } from '../tests/support/screenshot-panel.mjs';
import { DIST } from './paths.mjs';

const headless = !process.env.DISPLAY;
const SHOTS = join(DIST, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const lab = await startLab(Number(process.env.LAB_PORT ?? 0));
const session = await launch('chrome', { headless, locale: process.env.AUTHLENS_LOCALE ?? 'en' });
console.log(`start: lab on ${lab.url('/')}, Chromium ${headless ? 'headless (no DISPLAY)' : 'with a window'}, AuthLens loaded`);

let failed = 0;
for (const scenario of SCENARIOS) {
  try {
    const { popup, failures, page } = await play(session, lab, scenario, { tag: 'start' });
    const file = join(SHOTS, `${scenario.id}.png`);
    await popup.setViewport({ width: 400, height: 600 });
    await (await popup.$('body')).screenshot({ path: file });
    const cause = failures.at(-1)?.diagnosis?.cause.id ?? 'no diagnosis';
    const expected = scenario.expect.cause;
    const ok = cause === expected;
    if (!ok) failed += 1;
    console.log(`\n■ ${scenario.title} — ${failures.length} failure(s), cause ${cause}${ok ? '' : ` (expected ${expected})`}`);
    console.log((await popupText(popup)).replace(/^/gm, '  │ '));
    console.log(`  └ screenshot: ${file}`);
    await popup.close();
    if (headless) await page.close();
  } catch (e) {
    failed += 1;
    console.log(`\n■ ${scenario.title}: FAILED: ${e.message}`);
  }
}
console.log(`\nstart: ${SCENARIOS.length - failed}/${SCENARIOS.length} scenarios as expected; screenshots in ${SHOTS}`);

if (headless) {
  await session.close();
  const file = join(SHOTS, 'devtools-panel.png');
  try {
    await screenshotPanel(lab, file, { locale: process.env.AUTHLENS_LOCALE ?? 'en' });
    console.log(`\n■ The DevTools panel — screenshot: ${file}`);
  } catch (e) {
    failed += 1;
    console.log(`\n■ The DevTools panel: FAILED: ${e.message}`);
  }
  await lab.close();
  process.exit(failed ? 1 : 0);
} else {
  const index = await session.browser.newPage();
  await index.goto(lab.url('/'));
  console.log('start: the browser stays open on the lab; close it or press Ctrl-C to stop.');
  const stop = async () => { await session.close(); await lab.close(); process.exit(0); };
  process.on('SIGINT', stop);
  session.browser.on('disconnected', stop);
}
