// Judges a tab's trail of sign-in hops with the core once the trail asks for it (trail.js),
// and keeps each failure found in the tab's log, where the badge and the popup find it. Only
// the core's output is stored: it is redacted already. Flows have a build of the core of their
// own (`diagnoseFlow` only), loaded at the first trail worth judging.
import { coreLoader } from '../core.js';
import * as glue from '../wasm/flow.js';
import { showBadge } from './badge.js';
import { replaceFlows } from './tablog.js';
import { flowOf } from './trail.js';

const loadCore = coreLoader(glue, 'flow');

/**
 * A burst (a redirect chain, a loop of twenty redirects) is judged once, this long after its
 * first hop asked for it, as it is by then.
 */
const JUDGE_DELAY_MS = 50;

const scheduled = new Map();

/** Judgments of one tab run one after another: a later one must land last. */
const running = new Map();

export function judgeSoon(tabId) {
  if (scheduled.has(tabId)) return;
  scheduled.set(tabId, setTimeout(() => {
    scheduled.delete(tabId);
    judge(tabId);
  }, JUDGE_DELAY_MS));
}

/** Judges the tab's trail now (after any judgment already under way); resolves when stored. */
export function judge(tabId) {
  const next = (running.get(tabId) ?? Promise.resolve()).then(() => judgeNow(tabId)).catch(() => {});
  running.set(tabId, next);
  next.then(() => running.get(tabId) === next && running.delete(tabId));
  return next;
}

async function judgeNow(tabId) {
  const trail = await flowOf(tabId);
  if (!trail) return;
  // The shell cannot read the browser's third-party cookie setting without the `privacy`
  // permission; each frame's `storedCookies` tells the core what the browser withheld instead.
  const verdict = await verdictOf({ hops: trail.hops });
  if (!verdict) return;
  const records = verdict.failures.map((failure) => {
    const last = failure.hops.at(-1);
    return {
      page: trail.pages[last],
      record: { id: `${trail.id}:${trail.seqs[failure.hops[0]]}`, time: trail.hops[last].timeStamp, failure, timeline: verdict.timeline },
    };
  });
  const log = await replaceFlows(tabId, trail.id, records);
  if (log) await showBadge(tabId, log);
}

/**
 * What the core concludes of a trail (`diagnoseFlow`), or undefined when the core cannot be
 * loaded or refuses the flow: the trail is judged again as it grows.
 */
async function verdictOf(flow) {
  try {
    const verdict = (await loadCore()).diagnoseFlow(flow);
    loadCore.started();
    return verdict;
  } catch {
    return undefined;
  }
}

/** The tab closed, or its history was cleared: nothing of it is judged any more. */
export function forgetTab(tabId) {
  clearTimeout(scheduled.get(tabId));
  scheduled.delete(tabId);
}
