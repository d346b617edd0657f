// The background in each real browser: what it watches and how it keeps it, under load, across
// a stopped worker, with the user's settings, and when tabs come and go.
import { createServer } from 'node:http';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from '../lab/load.mjs';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { play, scenarioUrl } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';
import { until } from '../support/until.mjs';

const scenario = (id) => SCENARIOS.find((s) => s.id === id);

/** Every key in the extension's session storage. */
const sessionKeys = (session) =>
  session.inExtension(async () => Object.keys(await (globalThis.browser ?? globalThis.chrome).storage.session.get(null)));

const badgeColor = (session, tabId) =>
  session.inExtension(async (id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeBackgroundColor({ tabId: id }), tabId);

/** Opens the lab's load page and waits until it has made every request. */
async function loadPage(env, requests, failures, timeout = 30_000) {
  const page = await env.session.browser.newPage();
  const url = env.lab.url(`/lab/load?requests=${requests}&failures=${failures}`);
  await page.goto(url, { timeout });
  await page.waitForFunction(() => document.title === 'done', { timeout });
  return { page, tabId: await env.session.tabIdOf(url) };
}

/** The tab's log, once its current page has counted `count` failures, and no more. */
async function counted(env, tabId, count, timeout) {
  await until(`${count} failures counted`, async () => (await env.session.log(tabId))?.pages.at(-1).count === count, timeout);
  // An over-count would go on past `count`: it must hold.
  await new Promise((r) => setTimeout(r, 500));
  const log = await env.session.log(tabId);
  assert.equal(log.pages.at(-1).count, count, 'the count holds');
  return log;
}

const setSettings = (session, values) =>
  session.inExtension(async (v) => (globalThis.browser ?? globalThis.chrome).storage.local.set(v), values);

inEachBrowser('background', (env) => {

  test('a failed request on a page that loaded is badged in orange; a clean navigation clears it', async () => {
    const { tabId, page } = await play(env.session, env.lab, scenario('bearer-no-token'));
    assert.equal(await env.session.badge(tabId), '1');
    assert.deepEqual(await badgeColor(env.session, tabId), [239, 108, 0, 255]);
    await page.goto(env.lab.url('/lab/cookies'));
    await until('the badge to clear', async () => (await env.session.badge(tabId)) === '');
    const log = await env.session.log(tabId);
    assert.equal(log.pages.at(-1).failures.length, 0);
    assert.equal(log.pages.at(-2).failures.length, 1, 'the earlier page stays as history');
    await page.close();
  });

  test('a wrong password typed at the prompt: the retry replaces the first answer, one page, rejected', async (t) => {
    if (env.session.cannot.answerPrompt) return t.skip(env.session.cannot.answerPrompt);
    const url = scenarioUrl(env.lab, scenario('basic-first-visit'), 'prompt');
    const page = await env.session.browser.newPage();
    // Answers the browser's prompt once, as a person would; the lab takes no password.
    await page.authenticate({ username: 'lab-user', password: 'not-the-password' });
    page.goto(url).catch(() => {});
    const tabId = await until('the tab', () => env.session.tabIdOf(url).catch(() => undefined));
    const log = await until('the retried request diagnosed', async () => {
      const l = await env.session.log(tabId);
      return l?.pages.at(-1)?.failures[0]?.diagnosis?.cause.id === 'credentials-rejected' && l;
    });
    const pages = log.pages.filter((p) => p.url?.startsWith(url));
    assert.equal(pages.length, 1, 'one page for one navigation');
    assert.equal(pages[0].failures.length, 1);
    assert.equal(pages[0].count, 1);
    assert.equal(await env.session.badge(tabId), '1');
    await page.close();
  });

  test('the right password typed at the prompt: the 401 before it was a step of signing in, nothing is badged', async (t) => {
    if (env.session.cannot.answerPrompt) return t.skip(env.session.cannot.answerPrompt);
    // A Basic realm that takes one password, as nginx's auth_basic does; it notes what it was sent.
    const sent = [];
    const server = createServer((req, res) => {
      const answer = req.headers.authorization ?? '';
      if (req.url === '/intranet/') sent.push(answer ? 'credentials' : 'none');
      if (answer === `Basic ${Buffer.from('lab-user:r1ght-passw0rd').toString('base64')}`) {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Signed in</title><p>Welcome.</p>');
      } else {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Restricted"', 'Content-Type': 'text/html' }).end('<h1>401 Authorization Required</h1>');
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${server.address().port}/intranet/`;
      const page = await env.session.browser.newPage();
      await page.authenticate({ username: 'lab-user', password: 'r1ght-passw0rd' });
      await page.goto(url);
      assert.equal(await page.title(), 'Signed in');
      assert.deepEqual(sent, ['none', 'credentials'], 'the browser was challenged, then answered');
      const tabId = await env.session.tabIdOf(url);
      await until('the page logged', async () => (await env.session.log(tabId))?.pages.at(-1)?.url?.startsWith(url));
      // The 401 is judged in tens of milliseconds: had it stayed, it would be here by now.
      await new Promise((r) => setTimeout(r, 1000));
      const current = (await env.session.log(tabId)).pages.at(-1);
      assert.deepEqual(current.failures.map((f) => f.statusCode), []);
      assert.equal(current.count, 0);
      assert.equal(await env.session.badge(tabId), '');
      await page.close();
    } finally {
      server.close();
    }
  });

  test('a page firing 10,000 requests, 1,000 of them failing: the count is exact, the log bounded', async () => {
    const { page, tabId } = await loadPage(env, 10_000, 1000, 240_000);
    const log = await counted(env, tabId, 1000, 60_000);
    assert.equal(log.pages.at(-1).failures.length, 50, 'the default bound');
    assert.equal(await env.session.badge(tabId), '1000');
    const bytes = await env.session.inExtension(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      return api.storage.session.getBytesInUse ? api.storage.session.getBytesInUse(null) : JSON.stringify(await api.storage.session.get(null)).length;
    });
    assert.ok(bytes < 10 * 1024 * 1024 / 4, `session storage stays small: ${bytes} bytes`);
    await page.close();
  });

  test('100 tabs with failures, closed: their entries and badges are gone', async () => {
    const opened = [];
    for (let i = 0; i < 100; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, async () => {
        const page = await env.session.browser.newPage();
        const url = scenarioUrl(env.lab, scenario('forbidden'), 'tabs');
        await page.goto(url).catch(() => {});
        return { page, url };
      }));
      opened.push(...batch);
    }
    const ids = await Promise.all(opened.map(({ url }) => env.session.tabIdOf(url)));
    await until('100 logs', async () => {
      const keys = new Set(await sessionKeys(env.session));
      return ids.every((id) => keys.has(`tab:${id}`));
    });
    await Promise.all(opened.map(({ page }) => page.close()));
    await until('every log gone', async () => {
      const keys = new Set(await sessionKeys(env.session));
      return ids.every((id) => !keys.has(`tab:${id}`));
    });
  });

  test('settings: an unwatched status is not recorded; the history size holds; clear history empties it', async (t) => {
    // Whatever happens here, the tests after it meet the defaults.
    t.after(() => env.session.inExtension(async () => (globalThis.browser ?? globalThis.chrome).storage.local.clear()));
    const options = await env.session.extensionPage('options/options.html');
    // Uncheck 403 the way a person does.
    await options.click('[data-status="403"]');
    await until('the setting saved', async () => {
      const stored = await env.session.inExtension(async () => (globalThis.browser ?? globalThis.chrome).storage.local.get('statuses'));
      return stored.statuses && !stored.statuses.includes(403);
    });
    const { page, tabId } = await loadPage(env, 40, 16);
    // Two in eight of the load page's failures are 403s: 16 - 2 recorded.
    const log = await counted(env, tabId, 14);
    assert.ok(log.pages.at(-1).failures.every((f) => f.statusCode !== 403));

    await setSettings(env.session, { historySize: 10, statuses: [401, 403, 407, 419, 429, 440, 498, 511] });
    await page.reload();
    await page.waitForFunction(() => document.title === 'done');
    const bounded = await counted(env, tabId, 16);
    assert.equal(bounded.pages.reduce((n, p) => n + p.failures.length, 0), 10);

    // A tab in the background gets no animation frames, and a click waits for one.
    await options.bringToFront();
    await options.click('#clear-history');
    await until('no tab logs', async () => !(await sessionKeys(env.session)).some((k) => k.startsWith('tab:')));
    await until('the badge cleared', async () => (await env.session.badge(tabId)) === '');
    await page.close();
    await options.close();
  });

  test('the badge setting applies to every open tab at once', async () => {
    const { tabId, page, popup } = await play(env.session, env.lab, scenario('forbidden'));
    await popup.close();
    assert.equal(await env.session.badge(tabId), '1');
    await setSettings(env.session, { badge: false });
    await until('the badge hidden', async () => (await env.session.badge(tabId)) === '');
    await setSettings(env.session, { badge: true });
    await until('the badge back', async () => (await env.session.badge(tabId)) === '1');
    await page.close();
  });

  test('when session storage is full, the oldest failures go first and nothing throws', async (t) => {
    t.after(() => env.session.inExtension(async () => (globalThis.browser ?? globalThis.chrome).storage.session.remove('filler')));
    const logged = env.session.consoleOutput().length;
    // Fill the quota but for a little room, as other extensions' data or huge realms would.
    const filled = await env.session.inExtension(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const quota = api.storage.session.QUOTA_BYTES ?? 10 * 1024 * 1024;
      let size = quota - 64 * 1024;
      for (;;) {
        try {
          await api.storage.session.set({ filler: 'x'.repeat(size) });
          return size;
        } catch {
          size -= 64 * 1024;
        }
      }
    });
    assert.ok(filled > 0);
    const { page, tabId } = await loadPage(env, 200, 120);
    const log = await counted(env, tabId, 120);
    const kept = log.pages.at(-1).failures;
    assert.ok(kept.length > 0 && kept.length < 50, `fewer kept for want of room: ${kept.length}`);
    // The newest survive: a kept failure's path names its request. Requests go 32 at a time,
    // so records may land a batch out of order.
    const failing = plan(200, 120).flatMap((n, i) => (n === null ? [] : [i]));
    const newest = new Set(failing.slice(-(kept.length + 32)));
    for (const f of kept) assert.ok(newest.has(Number(new URL(f.url).pathname.split('/').at(-1))), `${f.url} is among the newest`);
    // Nothing thrown in the extension: an uncaught error's line names the extension's script.
    const errors = env.session.consoleOutput().slice(logged).split('\n').filter((l) => /-extension:\/\//.test(l) && /Uncaught|Error/.test(l));
    assert.deepEqual(errors, []);
    await page.close();
  });
});

// Its own browsers: Firefox suspends this background once idle, as it does after 30 s anyway.
inEachBrowser('a stopped background', (env) => {
  test('the log survives the background being stopped, and what follows is recorded', async () => {
    const first = await play(env.session, env.lab, scenario('no-challenge'));
    await first.popup.close();
    await env.session.stopWorker();
    const kept = await env.session.failures(first.tabId, 1);
    assert.equal(kept[0].diagnosis.cause.id, 'challenge-missing');
    // A new failure wakes the background; it must be recorded like any other.
    const second = await play(env.session, env.lab, scenario('forbidden'));
    assert.equal(second.failures[0].diagnosis.cause.id, 'forbidden');
    assert.equal((await env.session.failures(first.tabId, 1))[0].id, kept[0].id);
    await second.popup.close();
    await first.page.close();
    await second.page.close();
  });

  test('stopped in the middle of a burst: what was stored stays, what comes after is recorded', async (t) => {
    if (env.session.cannot.stopMidBurst) return t.skip(env.session.cannot.stopMidBurst);
    // Room for every failure of the burst, so that none is missing for want of it.
    await setSettings(env.session, { historySize: 200 });
    t.after(() => env.session.inExtension(async () => (globalThis.browser ?? globalThis.chrome).storage.local.clear()));
    const [requests, failures] = [600, 200];
    const page = await env.session.browser.newPage();
    // Paced: the burst must still be going when the worker stops (a quick background has
    // stored its first failures while an unpaced page is already done).
    const url = env.lab.url(`/lab/load?requests=${requests}&failures=${failures}&pace=250`);
    page.goto(url).catch(() => {});
    const tabId = await until('the tab', () => env.session.tabIdOf(url).catch(() => undefined));
    const before = await until('the burst under way', async () => {
      const kept = (await env.session.log(tabId))?.pages.at(-1).failures ?? [];
      return kept.length >= 20 && kept;
    });
    await env.session.stopWorker();
    // Requests the lab has not seen yet are answered after the restart.
    const seen = env.lab.requests().map((r) => Number(/^GET \/lab\/load\/item\/(\d+)/.exec(r)?.[1] ?? -1));
    const firedBefore = Math.max(...seen);
    await page.waitForFunction(() => document.title === 'done', { timeout: 60_000 });
    const after = await until('the burst recorded', async () => {
      const kept = (await env.session.log(tabId))?.pages.at(-1).failures ?? [];
      await new Promise((r) => setTimeout(r, 1000));
      const again = (await env.session.log(tabId))?.pages.at(-1).failures ?? [];
      return again.length === kept.length && again;
    });
    const ids = new Set(after.map((f) => f.id));
    assert.deepEqual(before.filter((f) => !ids.has(f.id)), [], 'what was stored before the stop');
    const index = (f) => Number(new URL(f.url).pathname.split('/').at(-1));
    const recorded = new Set(after.map(index));
    const later = plan(requests, failures).flatMap((n, i) => (n !== null && i > firedBefore ? [i] : []));
    assert.ok(later.length > 0, 'the burst went on after the stop');
    assert.deepEqual(later.filter((i) => !recorded.has(i)), [], 'every failure after the restart');
    await page.close();
  });
}, { idleBackground: true });
