// The per-tab log of auth failures, in storage.session so it survives the service worker
// being stopped, bounded, and dropped with its tab. Key `tab:<id>` →
// { pages: [{ url, startedAt, failures: [failure] }] }, the last page being the current one.
import { api } from '../platform/browser.js';

export const HISTORY_LIMIT = 50;

const key = (tabId) => `tab:${tabId}`;

/** Writes per tab run one after another: a burst of failures must not lose any. */
const queues = new Map();

function update(tabId, change) {
  const previous = queues.get(tabId) ?? Promise.resolve();
  const next = previous.then(async () => {
    const log = (await read(tabId)) ?? { pages: [] };
    change(log);
    await api.storage.session.set({ [key(tabId)]: log });
    return log;
  });
  const settled = next.catch(() => {});
  queues.set(tabId, settled);
  settled.then(() => queues.get(tabId) === settled && queues.delete(tabId));
  return next;
}

export async function read(tabId) {
  return (await api.storage.session.get(key(tabId)))[key(tabId)];
}

export const currentPage = (log) => log?.pages.at(-1);

/** A new top-level document: a new page entry; earlier ones stay as history. */
export function startPage(tabId, url, startedAt) {
  return update(tabId, (log) => {
    log.pages = log.pages.filter((p) => p.failures.length > 0);
    log.pages.push({ url, startedAt, failures: [] });
  });
}

export function addFailure(tabId, failure) {
  return update(tabId, (log) => {
    if (log.pages.length === 0) log.pages.push({ url: null, startedAt: failure.time, failures: [] });
    currentPage(log).failures.push(failure);
    trim(log, HISTORY_LIMIT);
  });
}

/** Applies `change` to the stored failure `id`, wherever it is in the tab's history. */
export function updateFailure(tabId, id, change) {
  return update(tabId, (log) => {
    const failure = log.pages.flatMap((p) => p.failures).find((f) => f.id === id);
    if (failure) change(failure);
  });
}

/** Drops the oldest failures beyond `limit`, and pages left empty except the current one. */
function trim(log, limit) {
  let excess = log.pages.reduce((n, p) => n + p.failures.length, 0) - limit;
  for (const page of log.pages) {
    const drop = Math.min(excess, page.failures.length);
    page.failures.splice(0, drop);
    excess -= drop;
  }
  log.pages = log.pages.filter((p, i) => p.failures.length > 0 || i === log.pages.length - 1);
}

export function remove(tabId) {
  queues.delete(tabId);
  return api.storage.session.remove(key(tabId));
}
