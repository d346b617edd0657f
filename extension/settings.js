// The user's choices from the options page, in storage.local (no secret is ever among them),
// kept in memory so that the per-response filter reads them without waiting.
import { api } from './platform/browser.js';

/** Statuses that mean "authentication failed" on their own, without a challenge. */
export const WATCHABLE_STATUSES = [401, 403, 407, 419, 429, 440, 498, 511];

export const HISTORY_SIZES = { min: 10, max: 200, default: 50 };

export const DEFAULTS = { statuses: WATCHABLE_STATUSES, badge: true, historySize: HISTORY_SIZES.default };

const clampHistory = (n) => Math.min(HISTORY_SIZES.max, Math.max(HISTORY_SIZES.min, Math.round(Number(n) || HISTORY_SIZES.default)));

/** Settings as stored → settings as used: unknown statuses dropped, sizes within bounds. */
export function normalise(stored = {}) {
  const statuses = Array.isArray(stored.statuses) ? stored.statuses.filter((s) => WATCHABLE_STATUSES.includes(s)) : DEFAULTS.statuses;
  return {
    statuses: new Set(statuses),
    badge: stored.badge !== false,
    historySize: clampHistory(stored.historySize ?? HISTORY_SIZES.default),
  };
}

/** Current settings; the defaults until storage has answered (a worker wakes to an event). */
export let settings = normalise();

export const settingsLoaded = api.storage.local.get(Object.keys(DEFAULTS)).then((stored) => {
  settings = normalise(stored);
});

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  const next = {};
  for (const key of Object.keys(DEFAULTS)) {
    if (key in changes) next[key] = changes[key].newValue;
  }
  settings = normalise({ ...plain(settings), ...next });
});

/** Settings as they are stored. */
export const plain = (s) => ({ statuses: [...s.statuses], badge: s.badge, historySize: s.historySize });
