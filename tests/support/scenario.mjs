// Plays one lab scenario in a browser session: loads it, waits for what AuthLens records, and
// opens the popup on it. Shared by the browser tests and `npm start`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from '../../scripts/paths.mjs';
import { appPath, realmPath } from '../lab/flows.mjs';
import { LAB_HOSTS } from '../lab/hosts.mjs';

/** A unique URL for each visit: Chromium caches credentials per path, and tabs are found by URL. */
let visits = 0;
const nextVisit = (tag) => `${tag}-${++visits}`;
export const scenarioUrl = (lab, scenario, tag) => lab.url(`${scenario.path}${nextVisit(tag)}`);

/**
 * Visits `scenario` in `session` (`query` added to its page's URL); resolves to { url, tabId, failures, popup } once the page's
 * expected number of failures (its badge) is stored and the popup has rendered them.
 */
export async function play(session, lab, scenario, { tag = session.name, query = '' } = {}) {
  const url = scenarioUrl(lab, scenario, tag);
  const page = await session.visit(url, query);
  const tabId = await session.tabIdOf(url);
  const failures = await session.failures(tabId, Number(scenario.expect.badge));
  const popup = await session.popup(tabId);
  return { url, page, tabId, failures, popup };
}

/** Clicks the popup's action button at `selector`; resolves to the notice it answers with. */
export async function clickAction(popup, selector) {
  await popup.evaluate(() => { document.getElementById('notice').textContent = ''; });
  await popup.click(selector);
  await popup.waitForFunction(() => document.getElementById('notice').textContent !== '');
  return popup.$eval('#notice', (e) => e.textContent);
}

/** What the popup says, as a person reads it: its visible text, blank lines squeezed. */
export const popupText = (popup) =>
  popup.evaluate(() => document.body.innerText.replace(/\n{2,}/g, '\n').trim());

const messages = (lang) => JSON.parse(readFileSync(join(DIST, 'chrome', '_locales', lang, 'messages.json'), 'utf8'));

/** The built extension's text for `key` in `lang`. */
export const message = (lang, key) => messages(lang)[key].message;

/** A step of a stored flow record's timeline, as the background keeps it. */
export const timelineStep = (url, status, kind, frame = 'top') => ({ url, method: 'GET', status, kind, frame });

/** The popup's one-sentence answer for `cause`, in `lang`. */
export const why = (lang, cause) => message(lang, `why_${cause.replaceAll('-', '_')}`);

/**
 * Polls `test` in `page` until it returns something truthy; resolves to it, or to undefined
 * after `timeout`. Navigations come and go meanwhile (a page between two documents, a
 * cross-site process swap), so failed evaluations only mean "not yet".
 */
async function until(page, test, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(test).catch(() => undefined);
    if (value || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pageIs = (kind) => `document.body?.dataset.page === ${JSON.stringify(kind)}`;

/** Waits for `test` to hold in `page`, or fails naming `what` and where the page is. */
async function expectPage(page, test, what) {
  if (await until(page, test)) return;
  const at = await page.evaluate(() => `${location.href} (${document.title})`).catch((e) => e.message);
  throw new Error(`the visitor expected ${what}, but the page is at ${at}`);
}

/** What the visitor does, by the names flows.mjs uses: each waits for its page, then acts. */
const VISITOR = {
  // Opening a page by hand, after something else: once the page before has settled.
  'open-app': async ({ page, urls, query }) => {
    await expectPage(page, '!!document.body?.dataset.outcome', 'a page that is done');
    await page.goto(urls.app + query);
  },
  'open-provider': async ({ page, urls, query }) => {
    await expectPage(page, '!!document.body?.dataset.outcome', 'a page that is done');
    await page.goto(urls.provider + query);
  },
  'click-sign-in': async ({ page }) => {
    await expectPage(page, "document.readyState === 'complete' && !!document.getElementById('sign-in')", 'the app\'s Sign in');
    await page.click('#sign-in');
  },
  'sign-in': async ({ page, credentials }) => {
    await expectPage(page, pageIs('provider-sign-in'), 'the provider\'s sign-in page');
    await page.type('#username', credentials.username);
    await page.type('#password', credentials.password);
    await page.click('#kc-login');
  },
  deny: async ({ page }) => {
    await expectPage(page, pageIs('provider-consent'), 'the provider\'s consent page');
    await page.click('#kc-cancel');
  },
  'go-back': async ({ page }) => {
    await expectPage(page, pageIs('provider-sign-in'), 'the provider\'s sign-in page');
    // Later, not inside the evaluation: the navigation would end the evaluation's own context.
    await page.evaluate(() => { setTimeout(() => history.back(), 0); });
  },
  'sign-out': async ({ page }) => {
    await expectPage(page, "!!document.getElementById('sign-out')", 'the app\'s Sign out');
    await page.click('#sign-out');
  },
};

/**
 * Where the tab ended up: the page's `data-outcome`, or `redirect-loop` when the browser
 * stopped a redirect loop (Chromium's error page, chrome-error://chromewebdata/, says
 * ERR_TOO_MANY_REDIRECTS; Firefox's keeps the failed URL as its location, its document is
 * about:neterror?e=redirectLoop), or `browser-error` for another of their error pages.
 */
function outcomeHere() {
  const error = /^(chrome-error:|about:neterror)/.test(document.documentURI);
  if (error) return /ERR_TOO_MANY_REDIRECTS|e=redirectLoop/.test(`${document.body?.innerText} ${document.documentURI}`) ? 'redirect-loop' : 'browser-error';
  return document.body?.dataset.outcome ?? '';
}

/**
 * Plays a sign-in flow (tests/lab/flows.mjs) in a new tab of `session`: opens the app or the
 * provider for a fresh visit and does what the visitor does, then waits until the tab lands
 * where the flow says. With `secret`, the lab plants it in every value it mints for the visit
 * (codes, tokens, state, nonce, verifier, SAML messages, names) and the visitor types it into
 * the provider's form. Resolves to { visit, urls, page, tabId, outcome } (`outcome`: where the
 * tab is after waiting, for the caller to check).
 */
export async function playFlow(session, lab, flow, { tag = session.name, secret } = {}) {
  const visit = nextVisit(tag);
  const urls = { app: lab.url(appPath(flow, visit)), provider: lab.url(`${realmPath(visit)}account`, LAB_HOSTS.provider) };
  const query = secret ? `?secret=${secret}` : '';
  const credentials = secret ? { username: `ada.${secret}`, password: `${secret}-pw` } : { username: 'ada', password: 'lab-password' };
  const [first, ...steps] = flow.visitor;
  if (first !== 'open-app' && first !== 'open-provider') throw new Error(`${flow.id}: a visit starts by opening the app or the provider, not ${first}`);
  const start = first === 'open-app' ? urls.app : urls.provider;
  const page = await session.visit(start, query);
  const tabId = await session.tabIdOf(start);
  for (const step of steps) {
    if (!VISITOR[step]) throw new Error(`${flow.id}: no visitor step ${step}`);
    await VISITOR[step]({ page, urls, query, credentials });
  }
  const landed = await until(page, `(${outcomeHere})() === ${JSON.stringify(flow.lands)}`);
  const outcome = landed ? flow.lands : await page.evaluate(outcomeHere).catch((e) => `unknown (${e.message})`);
  return { visit, urls, page, tabId, outcome };
}

/**
 * `flows` grouped by the browser profile they need: [{ thirdPartyCookies, flows }], where
 * `thirdPartyCookies` is 'block', 'allow', or undefined (the browser's own default); each group
 * runs in a browser launched with that setting.
 */
export function byProfile(flows) {
  const groups = new Map();
  for (const flow of flows) groups.set(flow.thirdPartyCookies, [...(groups.get(flow.thirdPartyCookies) ?? []), flow]);
  return [...groups].map(([thirdPartyCookies, members]) => ({ thirdPartyCookies, flows: members }));
}
