// The popup: the tab's current page's auth failures, rendered by the core, and the actions.
import { api } from '../platform/browser.js';
import { coreLoader } from '../core.js';
import * as glue from '../wasm/popup.js';
import * as reportGlue from '../wasm/report.js';
import { ACTIONS } from './actions.js';

const loadCore = coreLoader(glue, 'popup');
// Its own build, loaded only for a report: as soon as the pointer or focus reaches the button.
const loadReport = coreLoader(reportGlue, 'report');

const t = (key, args = []) => api.i18n.getMessage(key, args);

async function targetTab() {
  // Tests and the options page open the popup in a tab of its own, naming the tab to show.
  const named = Number(new URLSearchParams(location.search).get('tab'));
  if (named) return api.tabs.get(named);
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  return active;
}

function localise() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  document.documentElement.lang = t('@@ui_locale').replace('_', '-');
}

/** Without the core, still say what happened: the status and the raw challenge. */
function renderWithoutCore(root, failures, error) {
  root.replaceChildren();
  const add = (tag, className, text) => root.appendChild(Object.assign(document.createElement(tag), { className, textContent: text }));
  add('p', 'headline', t('popup_core_failed'));
  for (const f of failures) {
    add('p', 'status', `${f.statusCode} ${f.url}`);
    for (const c of f.challenges ?? []) add('code', 'raw', c);
  }
  console.warn('AuthLens: core unavailable:', error?.message ?? error);
}

/** Actions that need no web page: hidden where the tab shows none (a new tab, settings). */
function offerSiteActions(tab) {
  const web = /^https?:$/.test(tab?.url ? new URL(tab.url).protocol : '');
  document.querySelector('.site-actions').hidden = !web;
  return web ? new URL(tab.url).hostname : '';
}

async function main() {
  // The core compiles while the tab and its log are looked up.
  const loading = loadCore();
  loading.catch(() => {});
  localise();
  const tab = await targetTab();
  const site = offerSiteActions(tab);
  document.getElementById('site').textContent = site;
  document.getElementById('clear-cookies').textContent = t('popup_clear_cookies_for', [site]);
  const log = (await api.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
  const failures = log?.pages.at(-1)?.failures ?? [];
  const root = document.getElementById('diagnosis');
  let core;
  try {
    core = await loading;
    core.renderPopup(root, failures, t);
  } catch (e) {
    renderWithoutCore(root, failures, e);
  }
  document.body.addEventListener('click', async (event) => {
    const button = event.target.closest('[data-action]');
    const action = ACTIONS[button?.dataset.action];
    if (!action) return;
    button.disabled = true;
    try {
      const [key, args] = await action({ tab, failures, core, loadReport, t });
      document.getElementById('notice').textContent = t(key, args);
    } finally {
      button.disabled = false;
    }
  });
  const copy = document.getElementById('copy-report');
  for (const intent of ['pointerenter', 'focus']) copy.addEventListener(intent, () => loadReport().catch(() => {}), { once: true });
  document.body.dataset.ready = 'true';
}

main();
