// The popup's word on site access: on a page AuthLens was kept from (the user restricted its
// site access), it says so before anything else and offers to allow the site.
import { accessTo, patternHost, requestAccess } from '../access.js';

/** Shows the notice when AuthLens cannot see `tab`'s page; resolves to whether it can. */
export async function showAccess(tab, t) {
  const { allowed, pattern, host } = await accessTo(tab);
  if (allowed) return true;
  document.getElementById('access-text').textContent = host ? t('popup_access_site', [host]) : t('popup_access_page');
  const button = document.getElementById('allow-site');
  button.dataset.pattern = pattern;
  button.textContent = host ? t('popup_allow_site', [host]) : t('popup_allow_all');
  document.getElementById('access').hidden = false;
  return false;
}

/** The action of the notice's button: asks for the site; the background reloads the tab once allowed. */
export async function allowSite({ tab, button }) {
  const { pattern } = button.dataset;
  const allowed = await requestAccess(tab.id, pattern);
  if (allowed) document.getElementById('access').hidden = true;
  return allowed ? ['notice_site_allowed', []] : ['notice_site_not_allowed', [patternHost(pattern)]];
}
