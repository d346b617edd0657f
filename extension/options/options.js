// The options page: which statuses count as failures, the badge, the history's size, and
// forgetting the history. Saved as the user changes them.
import { api } from '../platform/browser.js';
import { DEFAULTS, HISTORY_SIZES, WATCHABLE_STATUSES, normalise, plain } from '../settings.js';
import { showSites } from './sites.js';

const t = (key, args = []) => api.i18n.getMessage(key, args);

function localise() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.getElementById('privacy').href = `../privacy/${t('privacy_page')}`;
  document.documentElement.lang = t('@@ui_locale').replace('_', '-');
}

/** One checkbox per status, labelled with what the status means. */
function statusBoxes(selected) {
  const fieldset = document.getElementById('statuses');
  for (const status of WATCHABLE_STATUSES) {
    const label = document.createElement('label');
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: String(status), checked: selected.has(status) });
    box.dataset.status = String(status);
    label.append(box, ` ${status} — ${t(`options_status_${status}`)}`);
    fieldset.append(label);
  }
}

function read() {
  const statuses = [...document.querySelectorAll('[data-status]')].filter((b) => b.checked).map((b) => Number(b.value));
  return normalise({
    statuses,
    badge: document.getElementById('badge').checked,
    historySize: document.getElementById('history-size').value,
  });
}

async function main() {
  localise();
  const current = normalise(await api.storage.local.get(Object.keys(DEFAULTS)));
  statusBoxes(current.statuses);
  document.getElementById('badge').checked = current.badge;
  const size = document.getElementById('history-size');
  Object.assign(size, { min: HISTORY_SIZES.min, max: HISTORY_SIZES.max, value: current.historySize });
  const notice = document.getElementById('notice');
  document.getElementById('settings').addEventListener('change', async () => {
    const chosen = read();
    size.value = chosen.historySize;
    await api.storage.local.set(plain(chosen));
    notice.textContent = t('options_saved');
  });
  document.getElementById('clear-history').addEventListener('click', async () => {
    await api.runtime.sendMessage({ clearHistory: true });
    notice.textContent = t('options_history_cleared');
  });
  await showSites(document.getElementById('sites'), t, notice);
  document.body.dataset.ready = 'true';
}

main();
