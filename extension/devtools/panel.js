// The AuthLens panel in DevTools: every auth failure and failed sign-in of the inspected tab,
// live, judged by the core from the requests DevTools recorded (recorder.js), bodies included:
// DevTools show them in Chrome too, where the popup cannot read a script's response.
import { api } from '../platform/browser.js';
import { coreLoader } from '../core.js';
import * as glue from '../wasm/panel.js';
import { localise, offerActions, t } from '../inspector/page.js';
import { channelName } from './recorder.js';

const loadCore = coreLoader(glue, 'panel');

/** A burst of requests is judged once it has settled, not once per request. */
const SETTLE_MS = 150;

/** How often the panel asks DevTools' page of the tab for its recording until it answers. */
const KNOCK_MS = 500;

/** The inspected tab: DevTools', or the one named when this page is opened in a tab (tests). */
const inspectedTab = () => Number(new URLSearchParams(location.search).get('tab')) || api.devtools.inspectedWindow.tabId;

/** DevTools' own theme, which may differ from the system's. */
function followTheme() {
  const theme = api.devtools?.panels.themeName;
  if (theme) document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
}

async function main() {
  localise();
  followTheme();
  const list = document.getElementById('list');
  const summary = document.getElementById('summary');
  const notice = document.getElementById('notice');
  const core = await loadCore();
  const inspector = new core.Inspector(list, document.getElementById('detail'), t);
  let unreadable = 0;
  let timer;
  const show = () => {
    timer = undefined;
    inspector.render();
    const { entries, failures, flows, withBodies } = inspector.summary();
    // Counted phrases, each in the form its number takes by the core's plural rules.
    const say = (key, n) => core.message(key, [String(n)], t);
    const counted = [['cli_failures', failures], ['cli_flows', flows], ['har_requests', entries]].map(([key, n]) => say(key, n));
    summary.textContent = t('panel_summary', [...counted, String(withBodies)]);
    if (unreadable) summary.textContent += ` ${say('panel_unreadable', unreadable)}`;
    document.body.dataset.rendered = String(entries);
  };
  const settle = () => { timer ??= setTimeout(show, SETTLE_MS); };
  const channel = new BroadcastChannel(channelName(inspectedTab()));
  // Asked again until DevTools' page of the tab answers: it may load after this page, and in
  // Chrome the question a panel asks while it loads went unanswered (seen in the tests).
  const ask = () => channel.postMessage({ hello: true });
  const knocking = setInterval(ask, KNOCK_MS);
  channel.onmessage = ({ data }) => {
    if (data?.all) {
      clearInterval(knocking);
      inspector.clear();
      unreadable = 0;
      // DevTools' page of the tab answered: it records.
      document.body.dataset.recording = 'true';
    }
    for (const entry of data?.entries ?? []) {
      try {
        inspector.add(JSON.stringify(entry));
      } catch (e) {
        unreadable += 1;
        console.warn('AuthLens: a recorded request could not be read:', e?.message ?? e);
      }
    }
    settle();
  };
  ask();
  document.getElementById('clear').addEventListener('click', () => {
    channel.postMessage({ clear: true });
    inspector.clear();
    unreadable = 0;
    notice.textContent = '';
    show();
  });
  const command = document.createElement('pre');
  Object.assign(command, { className: 'command', hidden: true });
  notice.after(command);
  offerActions(inspector, { exportButton: document.getElementById('export-har'), notice, command });
  show();
  document.body.dataset.ready = 'true';
}

main();
