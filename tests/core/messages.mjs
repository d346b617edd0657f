// The built extension's messages (dist/chrome/_locales), as the tests look them up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from '../../scripts/paths.mjs';

/** Every message of `lang`: `{ key: { message, description } }`. */
export const builtMessages = (lang) => JSON.parse(readFileSync(join(DIST, 'chrome', '_locales', lang, 'messages.json'), 'utf8'));

/** The messages of `lang`, looked up as chrome.i18n.getMessage does: `t(key, args)`. */
export function messages(lang) {
  const all = builtMessages(lang);
  return (key, args = []) => (all[key]?.message ?? '').replace(/\$(\d)/g, (_, n) => args[n - 1] ?? '');
}

/** The counted messages, by key: those with a `one` form (every language AuthLens speaks has one). */
export const countedMessages = () =>
  Object.keys(builtMessages('en')).filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -'_one'.length));
