// The per-tab log of auth failures, in storage.session so it survives the service worker
// being stopped, bounded, and dropped with its tab. Key `tab:<id>` →
// { pages: [{ url, startedAt, requestId, count, failures: [failure], flows?: [flow] }] }, the
// last page the current one; `count` is every failure the page had, `failures` the newest of
// them within the bound; `flows` the sign-in failures the core found in the tab's trail (one
// record per failure: { id, time, failure, timeline }), on the page where each ended.
import { api } from '../platform/browser.js';
import { settings } from '../settings.js';

const PREFIX = 'tab:';
const key = (tabId) => `${PREFIX}${tabId}`;

const isOpen = (tabId) => api.tabs.get(tabId).then(() => true, () => false);

/**
 * Everything that touches a tab's log runs one after another, removals too: a burst of
 * failures must not lose any, and a write in flight must not bring back a removed log.
 */
const queues = new Map();

function enqueue(tabId, task) {
  const next = (queues.get(tabId) ?? Promise.resolve()).then(task);
  const settled = next.catch(() => {});
  queues.set(tabId, settled);
  settled.then(() => queues.get(tabId) === settled && queues.delete(tabId));
  return next;
}

/** Changes waiting for their tab's next write: a burst costs one read and write per batch. */
const batches = new Map();

/**
 * Applies `change` to the tab's log, a new one unless `existing` (then, without a log, it is
 * skipped); resolves to the log as written, or undefined when there was none to change.
 */
function update(tabId, change, { existing = false } = {}) {
  return new Promise((resolve, reject) => {
    let batch = batches.get(tabId);
    if (!batch) {
      batch = [];
      batches.set(tabId, batch);
      enqueue(tabId, () => write(tabId)).catch(() => {});
    }
    batch.push({ change, existing, resolve, reject });
  });
}

async function write(tabId) {
  const batch = batches.get(tabId);
  batches.delete(tabId);
  try {
    const stored = await read(tabId);
    const log = stored ?? { pages: [] };
    let exists = Boolean(stored);
    const applied = new Set(batch.filter(({ change, existing }) => {
      if (existing && !exists) return false;
      change(log);
      exists = true;
      return true;
    }));
    // A tab that closed meanwhile keeps nothing: its log was removed with it, for good.
    if (exists && (await isOpen(tabId))) await store(tabId, log);
    for (const item of batch) item.resolve(applied.has(item) ? log : undefined);
  } catch (e) {
    for (const item of batch) item.reject(e);
  }
}

/**
 * Writes the log; when storage is full, the tab's oldest failures go first, half at a time,
 * until it fits. Counts stay exact. Never throws: a log that cannot be kept is dropped.
 */
async function store(tabId, log) {
  for (;;) {
    try {
      await api.storage.session.set({ [key(tabId)]: log });
      return;
    } catch {
      const kept = entries(log);
      if (kept <= 1) return;
      trim(log, Math.floor(kept / 2));
    }
  }
}

async function read(tabId) {
  return (await api.storage.session.get(key(tabId)))[key(tabId)];
}

/** The tab's log once the writes before this call have landed (never a stale count). */
export const settledLog = (tabId) => enqueue(tabId, () => read(tabId));

export const currentPage = (log) => log?.pages.at(-1);

/** The browser request a failure's id (`<requestId>@<timeStamp>`) belongs to. */
const requestOf = (id) => id.slice(0, id.lastIndexOf('@'));

/**
 * A new top-level document (`requestId`): a new page entry; earlier ones stay as history. The
 * browser answering its own credentials prompt sends the same request again: the same page.
 */
export function startPage(tabId, url, startedAt, requestId) {
  return update(tabId, (log) => {
    const current = currentPage(log);
    if (current && current.requestId === requestId) {
      // A redirect keeps the request id: the page is where it ended up.
      current.url = url;
      return;
    }
    log.pages = log.pages.filter(hasEntries);
    log.pages.push({ url, startedAt, requestId, count: 0, failures: [] });
  });
}

/**
 * Keeps `failure`. A request answered again (the browser re-sent it after a prompt) keeps only
 * its latest answer: records may arrive out of order, as their bodies finish.
 */
export function addFailure(tabId, failure) {
  return update(tabId, (log) => {
    if (log.pages.length === 0) log.pages.push({ url: null, startedAt: failure.time, count: 0, failures: [] });
    const page = currentPage(log);
    // Kept apart from `failures`, which the bound may trim: the badge's colour depends on it.
    if (failure.type === 'main_frame') page.documentFailed = true;
    const again = page.failures.findIndex((f) => requestOf(f.id) === requestOf(failure.id));
    if (again >= 0) {
      if (failure.time >= page.failures[again].time) page.failures[again] = failure;
      return;
    }
    page.count = (page.count ?? page.failures.length) + 1;
    page.failures.push(failure);
    trim(log, settings.historySize);
  });
}

/**
 * Forgets the failures of the browser request `requestId`: sent again with credentials (its
 * prompt answered, a Windows handshake gone on), it succeeded, so its 401 or 407 was a step of
 * signing in, not a failure. Resolves to the log as written (undefined without one).
 */
export function dropAnswered(tabId, requestId) {
  return update(tabId, (log) => {
    for (const page of log.pages) {
      const answered = page.failures.filter((f) => requestOf(f.id) === requestId);
      if (answered.length === 0) continue;
      page.failures = page.failures.filter((f) => !answered.includes(f));
      page.count = Math.max(0, (page.count ?? 0) - answered.length);
      if (answered.some((f) => f.type === 'main_frame')) page.documentFailed = page.failures.some((f) => f.type === 'main_frame');
    }
  }, { existing: true });
}

/** Applies `change` to the stored failure `id`, wherever it is in the tab's history. */
export function updateFailure(tabId, id, change) {
  return update(tabId, (log) => {
    const failure = log.pages.flatMap((p) => p.failures).find((f) => f.id === id);
    if (failure) change(failure);
  }, { existing: true });
}

/**
 * Replaces the records of the trail `trail` (ids `<trail>:…`), wherever they are, with
 * `records` ([{ page, record }]): each goes to the page whose top-level request is `page`, or
 * to the current page when that one is gone. Judging a trail again thus replaces what it found
 * before; a flow that then works leaves nothing.
 */
export function replaceFlows(tabId, trail, records) {
  const ours = (r) => r.id.startsWith(`${trail}:`);
  return update(tabId, (log) => {
    for (const page of log.pages) {
      if (!page.flows) continue;
      page.flows = page.flows.filter((r) => !ours(r));
      if (page.flows.length === 0) delete page.flows;
    }
    if (records.length > 0 && log.pages.length === 0) log.pages.push({ url: null, startedAt: records[0].record.time, count: 0, failures: [] });
    for (const { page, record } of records) {
      const target = log.pages.find((p) => p.requestId !== undefined && p.requestId === page) ?? currentPage(log);
      (target.flows ??= []).push(record);
    }
    trim(log, settings.historySize);
  }, { existing: records.length === 0 });
}

/** What a page holds: its failures and its flow records. */
const pageEntries = (p) => p.failures.length + (p.flows?.length ?? 0);
const hasEntries = (p) => pageEntries(p) > 0;
const entries = (log) => log.pages.reduce((n, p) => n + pageEntries(p), 0);

/**
 * Drops the oldest entries beyond `limit` (a page's failures before its flow records), and
 * pages left empty except the current one.
 */
function trim(log, limit) {
  let excess = entries(log) - limit;
  for (const page of log.pages) {
    const drop = Math.max(0, Math.min(excess, page.failures.length));
    page.failures.splice(0, drop);
    excess -= drop;
    if (page.flows && excess > 0) {
      const dropFlows = Math.min(excess, page.flows.length);
      page.flows.splice(0, dropFlows);
      excess -= dropFlows;
      if (page.flows.length === 0) delete page.flows;
    }
  }
  log.pages = log.pages.filter((p, i) => hasEntries(p) || i === log.pages.length - 1);
}

export function remove(tabId) {
  return enqueue(tabId, () => api.storage.session.remove(key(tabId)));
}

/** The tabs that have a log. */
export async function loggedTabs() {
  return Object.keys(await api.storage.session.get(null)).map(tabOfKey).filter((id) => id !== undefined);
}

/** Holds the tab's log to the history size the user chose; resolves to the log. */
export function applyBound(tabId) {
  return update(tabId, (log) => trim(log, settings.historySize), { existing: true });
}

/** The tab a storage key belongs to, or undefined for other keys. */
export const tabOfKey = (k) => (k.startsWith(PREFIX) ? Number(k.slice(PREFIX.length)) : undefined);

/** Forgets every tab's failures (the options page's "clear history"). */
export async function clearAll() {
  await Promise.all((await loggedTabs()).map(remove));
}
