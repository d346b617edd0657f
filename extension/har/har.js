// The HAR page: a HAR file dropped or picked here is read and judged by the core, in chunks,
// in this page only (crate/src/wasm/har_page.rs); what it shows appears as the DevTools panel
// shows it. Nothing is sent anywhere and the file is not kept.
import { coreLoader } from '../core.js';
import * as glue from '../wasm/har-page.js';
import { localise, offerActions, t } from '../inspector/page.js';

const loadCore = coreLoader(glue, 'har-page');

async function main() {
  localise();
  const notice = document.getElementById('notice');
  const byId = (id) => document.getElementById(id);
  let core;
  try {
    core = await loadCore();
  } catch (e) {
    byId('status').textContent = t('har_core_failed');
    console.warn('AuthLens: core unavailable:', e?.message ?? e);
    return;
  }
  const page = new core.HarPage(byId('zone'), byId('file'), byId('status'), byId('list'), byId('detail'), t);
  const command = Object.assign(document.createElement('pre'), { className: 'command', hidden: true });
  notice.after(command);
  offerActions(page, { exportButton: byId('export-har'), notice, command });
  document.body.dataset.ready = 'true';
}

main();
