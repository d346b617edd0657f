// What the developer's pages share (the DevTools panel, the HAR page): their words, and the
// actions on what the core found, *Copy as curl* and *Export HAR*. The core decides what is
// redacted and how (crate/src/redact/placeholder.rs); this only moves its text to the
// clipboard or to a file.
import { api } from '../platform/browser.js';

export const t = (key, args = []) => api.i18n.getMessage(key, args);

export function localise() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of document.querySelectorAll('[data-i18n-empty]')) el.dataset.empty = t(el.dataset.i18nEmpty);
  document.documentElement.lang = t('@@ui_locale').replace('_', '-');
}

/**
 * Puts `text` on the clipboard; resolves to whether it got there. The asynchronous clipboard
 * needs the `clipboard-write` permission policy, which the frame DevTools host a panel in may
 * not grant: the selection of a hidden text field is copied instead.
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = Object.assign(document.createElement('textarea'), { value: text, readOnly: true });
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.append(field);
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      field.remove();
    }
  }
}

/** Saves `text` as the file `name`, as a link to it would. */
export function saveFile(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The redacted HAR's file name: `authlens-redacted-<date>.har`, nothing secret in it. */
export function harName(date = new Date()) {
  return `authlens-redacted-${date.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.har`;
}

/**
 * Wires the actions on the findings of `inspector` (the core's Inspector): *Copy as curl* on
 * the selected failure (its button is in the detail the core renders), *Export HAR* of every
 * finding's requests. `notice` says what happened; `command` shows the command, which can be
 * copied by hand when the clipboard refuses.
 */
export function offerActions(inspector, { exportButton, notice, command }) {
  document.body.addEventListener('click', async (event) => {
    const button = event.target.closest('[data-action="copy-curl"]');
    if (!button) return;
    let curl;
    try {
      curl = inspector.curl();
    } catch (e) {
      notice.textContent = t('curl_failed', [String(e?.message ?? e)]);
      return;
    }
    command.textContent = curl.text;
    command.hidden = false;
    const copied = await copyText(curl.text);
    const variables = curl.variables.join(', ');
    notice.textContent = copied
      ? t(variables ? 'curl_copied' : 'curl_copied_plain', [variables])
      : t('curl_shown', [variables]);
  });
  exportButton.addEventListener('click', () => {
    const { findings } = inspector.summary();
    if (findings === 0) {
      notice.textContent = t('har_nothing');
      return;
    }
    const text = inspector.exportHar(api.runtime.getManifest().version);
    saveFile(text, harName(), 'application/json');
    notice.textContent = t('har_exported');
  });
}
