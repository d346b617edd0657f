// Where things are: one place for the paths every script and test shares.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const WASM_DIR = join(DIST, 'wasm');
/**
 * The extension's own builds of the core, one per page that loads it, each with only the
 * exports that page calls (crate/Cargo.toml): `<part>.js` (glue) and `<part>_bg.wasm`.
 */
export const PARTS_DIR = join(DIST, 'core-parts');
export const CORE_PARTS = ['background', 'flow', 'popup', 'report', 'panel', 'har-page'];

/** Debian's browsers; the Chromium binary itself, not the wrapper that adds /etc flags. */
export const BROWSERS = {
  chrome: { binary: '/usr/lib/chromium/chromium', packages: ['chromium', 'chromium-driver'] },
  // The Russian language pack: Firefox shows an extension's Russian only in a Russian browser.
  firefox: {
    binary: '/usr/bin/firefox-esr',
    packages: ['firefox-esr', 'firefox-esr-l10n-ru'],
    files: ['/usr/lib/firefox-esr/browser/extensions/langpack-ru@firefox-esr.mozilla.org.xpi'],
  },
};

export const extensionDir = (browser) => join(DIST, browser);
