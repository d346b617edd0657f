// The main job: the built extension, working, in Chromium against the lab.
//   With a display: a real browser window on the lab's index, the extension loaded; it walks
//   every scenario and sign-in flow first, then stays open until you close it (or press Ctrl-C).
//   Without one: headless, walks them all, prints what the popup says for each, and writes a
//   PNG of the popup per scenario and flow to dist/screenshots/.
// Third-party cookies are allowed, as in Chrome's own default; a flow that needs them blocked
// is walked in a second Chromium whose profile blocks them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startLab } from '../tests/lab/server.mjs';
import { SCENARIOS } from '../tests/lab/scenarios.mjs';
import { FLOWS } from '../tests/lab/flows.mjs';
import { launch } from '../tests/support/browsers.mjs';
import { byProfile, play, playFlow, popupText } from '../tests/support/scenario.mjs';
import { DIST } from './paths.mjs';

const headless = !process.env.DISPLAY;
const locale = process.env.AUTHLENS_LOCALE ?? 'en';
const SHOTS = join(DIST, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const lab = await startLab(Number(process.env.LAB_PORT ?? 0));
const session = await launch('chrome', { headless, locale, thirdPartyCookies: 'allow' });
console.log(`start: lab on ${lab.url('/')}, Chromium ${headless ? 'headless (no DISPLAY)' : 'with a window'}, AuthLens loaded`);

let walked = 0;
let failed = 0;

/** Shows one walked item: the popup's screenshot and text, and whether AuthLens said what it should. */
async function show({ id, title, popup, page, found, expected, counted }) {
  walked += 1;
  const file = join(SHOTS, `${id}.png`);
  await popup.setViewport({ width: 400, height: 600 });
  await (await popup.$('body')).screenshot({ path: file });
  const ok = found === expected;
  if (!ok) failed += 1;
  console.log(`\n■ ${title} — ${counted}, cause ${found ?? 'none'}${ok ? '' : ` (expected ${expected ?? 'none'})`}`);
  console.log((await popupText(popup)).replace(/^/gm, '  │ '));
  console.log(`  └ screenshot: ${file}`);
  await popup.close();
  if (headless) await page.close();
}

/** Walks `run` for `title`, counting a thrown error as a failure. */
async function walk(title, run) {
  try {
    await run();
  } catch (e) {
    walked += 1;
    failed += 1;
    console.log(`\n■ ${title}: FAILED: ${e.message}`);
  }
}

for (const scenario of SCENARIOS) {
  await walk(scenario.title, async () => {
    const { popup, failures, page } = await play(session, lab, scenario, { tag: 'start' });
    await show({ id: scenario.id, title: scenario.title, popup, page, found: failures.at(-1)?.diagnosis?.cause.id, expected: scenario.expect.cause, counted: `${failures.length} failure(s)` });
  });
}

for (const { thirdPartyCookies, flows } of byProfile(FLOWS)) {
  const own = thirdPartyCookies === 'block' ? await launch('chrome', { headless, locale, thirdPartyCookies }) : session;
  for (const flow of flows) {
    await walk(flow.title, async () => {
      const { page, tabId, outcome } = await playFlow(own, lab, flow, { tag: 'start' });
      // A healthy flow stores nothing: give what it might store time to arrive first.
      if (!flow.expect.cause) await new Promise((r) => setTimeout(r, 1500));
      const stored = await own.flows(tabId, { failed: flow.expect.cause ? 1 : 0, timeout: 5000 }).catch(() => []);
      const failures = stored.filter((f) => f.failure);
      const popup = await own.popup(tabId);
      await show({ id: `flow-${flow.id}`, title: `Sign-in flow: ${flow.title}`, popup, page, found: failures[0]?.failure.cause ?? null,
        expected: flow.expect.cause, counted: `the visitor ends ${outcome}, ${failures.length} flow failure(s)` });
    });
  }
  if (own !== session) await own.close();
}
console.log(`\nstart: ${walked - failed}/${walked} scenarios and sign-in flows as expected; screenshots in ${SHOTS}`);

if (headless) {
  await session.close();
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
