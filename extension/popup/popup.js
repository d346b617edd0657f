// The popup: the tab's current page's failed sign-ins and auth failures, rendered by the core,
// and the actions.
import { api } from '../platform/browser.js';
import { coreLoader } from '../core.js';
import * as glue from '../wasm/popup.js';
import * as reportGlue from '../wasm/report.js';
import { ACTIONS, cookieSites, tabSite } from './actions.js';
import { showAccess } from './access.js';

const loadCore = coreLoader(glue, 'popup');
// Its own build, loaded only for a report: as soon as the pointer or focus reaches the button.
const loadReport = coreLoader(reportGlue, 'report');

const t = (key, args = []) => api.i18n.getMessage(key, args);

/**
 * The message `key` with `args`, a counted one in the form its count takes by the core's
 * plural rules. Without the core, a counted message reads its `other` form, which every
 * language has (CLDR).
 */
const say = (core, key, args) => core?.message(key, args, t) ?? (t(key, args) || t(`${key}_other`, args));

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

/**
 * Without the core, still say what happened: each failed sign-in's cause and steps (stored
 * redacted), each failed request's status and raw challenge.
 */
function renderWithoutCore(root, { failures, flows }, error) {
  root.replaceChildren();
  const add = (tag, className, text) => root.appendChild(Object.assign(document.createElement(tag), { className, textContent: text }));
  add('p', 'headline', t('popup_core_failed'));
  for (const flow of flows) {
    const cause = String(flow.failure?.cause ?? '');
    add('p', 'status', t(`cause_${cause.replaceAll('-', '_')}`) || cause);
    for (const step of flow.timeline ?? []) add('p', 'raw', `${step.method} ${step.status} ${step.url}`);
  }
  for (const f of failures) {
    add('p', 'status', `${f.statusCode} ${f.url}`);
    for (const c of f.challenges ?? []) add('p', 'raw', c);
  }
  console.warn('AuthLens: core unavailable:', error?.message ?? error);
}

/** Actions that need no web page: hidden where the tab shows none (a new tab, settings). */
function offerSiteActions(tab) {
  const web = /^https?:$/.test(tab?.url ? new URL(tab.url).protocol : '');
  document.querySelector('.site-actions').hidden = !web;
  return web ? new URL(tab.url).hostname : '';
}

/** Makes `button` clear the cookies of `site`. */
function offerCookies(button, site) {
  Object.assign(button.dataset, { action: 'clear-site-cookies', site });
  button.type = 'button';
  button.textContent = t('popup_clear_cookies_for', [site]);
  return button;
}

/**
 * One *Clear cookies* button per site on offer: the tab's own (the page's button), then each
 * other site of the page's failed sign-ins that holds cookies.
 */
async function offerCookieSites(tab, flows, core) {
  const own = offerCookies(document.getElementById('clear-cookies'), tabSite(tab, core));
  if (flows.length === 0) return;
  const [, ...others] = await cookieSites(tab, flows, core);
  // A space between buttons, as between the page's own: their names must not run together.
  own.after(...others.flatMap((site) => [' ', offerCookies(document.createElement('button'), site)]));
}

async function main() {
  // The core compiles while the tab and its log are looked up.
  const loading = loadCore();
  loading.catch(() => {});
  localise();
  const tab = await targetTab();
  const site = offerSiteActions(tab);
  const access = showAccess(tab, t);
  document.getElementById('site').textContent = site;
  const log = (await api.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
  const page = { failures: log?.pages.at(-1)?.failures ?? [], flows: log?.pages.at(-1)?.flows ?? [] };
  const { failures, flows } = page;
  const root = document.getElementById('diagnosis');
  let core;
  try {
    core = await loading;
    core.renderPopup(root, page, t);
    loadCore.started();
  } catch (e) {
    renderWithoutCore(root, page, e);
  }
  if (site) await offerCookieSites(tab, flows, core).catch((e) => console.warn('AuthLens: the sites to clear could not be listed:', e?.message ?? e));
  document.body.addEventListener('click', async (event) => {
    const button = event.target.closest('[data-action]');
    const action = ACTIONS[button?.dataset.action];
    if (!action) return;
    button.disabled = true;
    try {
      const [key, args] = await action({ tab, failures, flows, core, loadReport, t, button });
      document.getElementById('notice').textContent = say(core, key, args);
    } finally {
      button.disabled = false;
    }
  });
  // The HAR page opens in a tab of its own: the popup closes as soon as focus leaves it.
  document.getElementById('open-har').addEventListener('click', () => api.tabs.create({ url: api.runtime.getURL('har/har.html') }));
  const copy = document.getElementById('copy-report');
  for (const intent of ['pointerenter', 'focus']) copy.addEventListener(intent, () => loadReport().catch(() => {}), { once: true });
  await access.catch((e) => console.warn('AuthLens: site access could not be checked:', e?.message ?? e));
  document.body.dataset.ready = 'true';
}

main();
