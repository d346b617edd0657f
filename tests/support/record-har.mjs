// Records the HAR files the HAR page's tests read as Chrome's and Firefox's (tests/har/):
// lab scenarios played in each real browser with DevTools open, and the entries DevTools gave
// for them (devtools.network.onRequestFinished: the HAR entries each browser's own exporter
// writes, with the response bodies its getContent() returns), as DevTools' page of the tab
// recorded them (extension/devtools/recorder.js). Each file is a HAR 1.2 log with the
// browser's own creator name. Run by hand after a build:
//   node tests/support/record-har.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/paths.mjs';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { startLab } from '../lab/server.mjs';
import { BROWSER_NAMES, launch } from './browsers.mjs';
import { scenarioUrl } from './scenario.mjs';

/** The scenarios recorded: two scripts' failures, a page's, a cross-site preflight. */
export const RECORDED = ['bearer-expired', 'wordpress-invalid-nonce', 'session-expired', 'cors-preflight'];

export const HAR_DIR = join(ROOT, 'tests', 'har');

/** The creator each browser's own HAR export names (devtools-frontend's Log.ts; Firefox's HarBuilder). */
const CREATORS = { chrome: 'WebInspector', firefox: 'Firefox' };

/** What DevTools' page of `tabId` has recorded, asked for on its channel from an extension page. */
export function recorded(session, tabId) {
  return session.inExtension((name) => new Promise((resolve) => {
    const channel = new BroadcastChannel(name);
    channel.onmessage = ({ data }) => {
      if (!data?.all) return;
      channel.close();
      resolve(data.entries);
    };
    channel.postMessage({ hello: true });
  }), `authlens-devtools:${tabId}`);
}

/** Waits until DevTools' page of `tabId` answers on its channel: it records from then on. */
export async function recording(session, tabId, timeout = 20_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const answered = await Promise.race([recorded(session, tabId).then(() => true), new Promise((r) => setTimeout(() => r(false), 500))]);
    if (answered) return;
    if (Date.now() > until) throw new Error(`DevTools of tab ${tabId} are not recording`);
  }
}

async function record(name, lab) {
  const session = await launch(name, { devtools: true });
  try {
    const inspected = await session.inspectedPage();
    const first = scenarioUrl(lab, SCENARIOS.find((s) => s.id === RECORDED[0]), `${name}-har`);
    await inspected.goto(lab.url('/')).catch(() => {});
    const tabId = await session.tabIdOf(lab.url('/'));
    await recording(session, tabId);
    for (const id of RECORDED) {
      const url = id === RECORDED[0] ? first : scenarioUrl(lab, SCENARIOS.find((s) => s.id === id), `${name}-har`);
      await inspected.goto(url).catch(() => {});
      // The scenario's page leads to its failing request: let it finish and DevTools record it.
      await new Promise((r) => setTimeout(r, 2000));
    }
    const entries = await recorded(session, tabId);
    const version = await session.inExtension(() => navigator.userAgent);
    return {
      log: {
        version: '1.2',
        creator: { name: CREATORS[name], version: /(?:Chrome|Firefox)\/([\d.]+)/.exec(version)?.[1] ?? '' },
        comment: `Recorded by tests/support/record-har.mjs: the lab's ${RECORDED.join(', ')} with DevTools open`,
        entries,
      },
    };
  } finally {
    await session.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lab = await startLab();
  mkdirSync(HAR_DIR, { recursive: true });
  try {
    for (const name of BROWSER_NAMES) {
      const har = await record(name, lab);
      const file = join(HAR_DIR, `${name}-lab.har`);
      writeFileSync(file, `${JSON.stringify(har, null, 2)}\n`);
      console.log(`${file}: ${har.log.entries.length} entries`);
    }
  } finally {
    await lab.close();
  }
}
