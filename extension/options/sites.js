// The options page's list of the sites AuthLens may see, each with a way to take it away; kept
// up to date as the user changes them here or in the browser's own settings.
import { api, revokeSite, revokeSiteLabel } from '../platform/browser.js';
import { ALL_SITES, allowedSites, patternHost } from '../access.js';

async function render(list, t, notice) {
  const sites = await allowedSites();
  const items = sites.map((pattern) => {
    const item = document.createElement('li');
    const name = pattern === ALL_SITES ? t('options_sites_all') : patternHost(pattern);
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: t(revokeSiteLabel) });
    remove.dataset.site = pattern;
    remove.setAttribute('aria-label', `${t(revokeSiteLabel)}: ${name}`);
    remove.addEventListener('click', async () => {
      const done = await revokeSite(pattern);
      notice.textContent = done === 'removed' ? t('options_site_removed', [name]) : t('options_site_settings_opened');
    });
    item.append(Object.assign(document.createElement('span'), { className: 'site-name', textContent: name }), ' ', remove);
    return item;
  });
  if (items.length === 0) items.push(Object.assign(document.createElement('li'), { className: 'hint', textContent: t('options_sites_none') }));
  list.replaceChildren(...items);
}

/** Fills `list` with the allowed sites and keeps it current. */
export async function showSites(list, t, notice) {
  const update = () => render(list, t, notice).catch((e) => console.warn('AuthLens: the allowed sites could not be listed:', e?.message ?? e));
  api.permissions.onAdded.addListener(update);
  api.permissions.onRemoved.addListener(update);
  await update();
}
