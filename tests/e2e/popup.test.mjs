// The popup in each real browser: hostile server data stays inert text, and the one-click
// actions change exactly what they say (this site's cookies in every partition, this origin's
// stored data) and nothing of another site's; the report carries no secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { clickAction, message, play, timelineStep as step } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const scenario = (id) => SCENARIOS.find((s) => s.id === id);

/** Every cookie the browser holds, all stores and partitions: `host name` strings. */
const allCookies = async (session) =>
  (await session.cookies()).map((c) => `${c.domain} ${c.name}${c.partitioned ? ' (partitioned)' : ''}`).sort();

async function visitAndClose(session, url) {
  const page = await session.browser.newPage();
  await page.goto(url);
  await page.close();
}

/** What `fn` returns in a page of `url`'s origin. */
async function inPage(session, url, fn, ...args) {
  const page = await session.browser.newPage();
  await page.goto(url);
  const result = await page.evaluate(fn, ...args);
  await page.close();
  return result;
}

inEachBrowser('popup', (env) => {

  test('markup and javascript: URIs from the server are shown as text, never run or linked', async () => {
    const hostile = scenario('hostile-challenge');
    const { popup, page } = await play(env.session, env.lab, hostile);
    let dialogs = 0;
    popup.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
    const found = await popup.evaluate(() => ({
      images: document.querySelectorAll('main img').length,
      scripts: document.querySelectorAll('main script').length,
      links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      realm: document.querySelector('.realm')?.textContent,
      text: document.body.innerText,
    }));
    assert.equal(found.images, 0);
    assert.equal(found.scripts, 0);
    assert.deepEqual(found.links, []);
    assert.equal(found.realm, hostile.expect.realm);
    assert.ok(found.text.includes('javascript:alert(3)'), 'the error_uri is shown literally');
    assert.ok(found.text.includes('<script>alert(2)</script>'), 'the description is shown literally');
    // Open every disclosure, where more of the values are shown.
    await popup.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(dialogs, 0);
    assert.equal(await popup.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length), 0);
    await popup.close();
    await page.close();
  });

  test('keyboard and screen readers: every control is named and reached with Tab', async () => {
    const { popup, page } = await play(env.session, env.lab, scenario('windows-challenges'));
    await popup.bringToFront();
    const controls = await popup.evaluate(() => {
      const visible = [...document.querySelectorAll('button, summary, a[href], input, [data-action], [onclick], [tabindex]')].filter((e) => e.getClientRects().length > 0);
      visible.forEach((e, i) => { e.dataset.control = String(i); });
      return visible.map((e) => ({ name: (e.getAttribute('aria-label') ?? e.textContent).trim(), tag: e.tagName }));
    });
    assert.ok(controls.length >= 5, 'the site actions and the failure\'s disclosures');
    for (const c of controls) assert.ok(c.name, `a ${c.tag} without a name`);
    assert.ok(await popup.$eval('nav', (n) => n.getAttribute('aria-label')), 'the actions are a named region');
    const reached = new Set();
    for (let i = 0; i < controls.length * 2 + 4; i++) {
      await popup.keyboard.press('Tab');
      reached.add(await popup.evaluate(() => document.activeElement?.dataset.control));
    }
    const missed = controls.filter((_, i) => !reached.has(String(i))).map((c) => c.name);
    assert.deepEqual(missed, [], 'every control is reached with Tab');
    await popup.close();
    await page.close();
  });

  test('keyboard: Enter opens a closed disclosure', async (t) => {
    if (env.session.cannot.keyActivation) return t.skip(env.session.cannot.keyActivation);
    const { popup, page } = await play(env.session, env.lab, scenario('windows-challenges'));
    await popup.bringToFront();
    const closed = await popup.$('details:not([open]) > summary');
    assert.ok(closed, 'a closed disclosure to open');
    await closed.press('Enter');
    assert.ok(await closed.evaluate((s) => s.parentElement.open), 'Enter opened it');
    await popup.close();
    await page.close();
  });

  test('clear cookies removes every cookie of the site, partitioned ones too, and no other site\'s', async () => {
    await visitAndClose(env.session, env.lab.url('/lab/set-cookies?site_a=1&site_b=2'));
    await visitAndClose(env.session, env.lab.url('/lab/set-cookies?other_site=3', 'localhost'));
    // 127.0.0.1 framed by localhost: its cookie lands in localhost's partition.
    const frameSrc = env.lab.url('/lab/set-partitioned-cookie?framed=4');
    const embed = await env.session.browser.newPage();
    await embed.goto(env.lab.url(`/lab/embed?src=${encodeURIComponent(frameSrc)}`, 'localhost'));
    await new Promise((r) => setTimeout(r, 500));
    await embed.close();
    const before = await allCookies(env.session);
    assert.ok(before.some((c) => c.includes('framed') && c.includes('partitioned')), `a partitioned cookie exists: ${before}`);

    const { popup, page } = await play(env.session, env.lab, scenario('basic-first-visit'));
    const notice = await clickAction(popup, '#clear-cookies');
    assert.match(notice, /3/);
    const after = await allCookies(env.session);
    assert.deepEqual(after.filter((c) => c.startsWith('127.0.0.1')), []);
    assert.deepEqual(after.filter((c) => c.includes('other_site')), ['localhost other_site']);
    await popup.close();
    await page.close();
  });

  test('clear cache and site data empties this origin\'s storage and says what it could not clear', async () => {
    const set = (value) => localStorage.setItem('lab', value);
    const get = () => localStorage.getItem('lab');
    await inPage(env.session, env.lab.url('/lab/cookies'), set, 'this-site');
    await inPage(env.session, env.lab.url('/lab/cookies', 'localhost'), set, 'other-site');

    const { popup, page } = await play(env.session, env.lab, scenario('forbidden'));
    const notice = await clickAction(popup, '#clear-site-data');
    assert.ok(notice.includes(new URL(env.lab.url('/')).origin), notice);
    assert.equal(await inPage(env.session, env.lab.url('/lab/cookies'), get), null);
    assert.equal(await inPage(env.session, env.lab.url('/lab/cookies', 'localhost'), get), 'other-site');
    await popup.close();
    await page.close();
  });

  test('the report names the failure and carries no token', async () => {
    const { popup, page, failures } = await play(env.session, env.lab, scenario('bearer-expired'));
    await clickAction(popup, '#copy-report');
    const report = await popup.$eval('#report-text', (e) => e.textContent);
    assert.match(report, /401/);
    assert.ok(report.includes(failures[0].url.split('?')[0]), 'the URL');
    // The lab's JWTs all start with the same header; none may appear, whole or in part.
    assert.doesNotMatch(report, /eyJ[A-Za-z0-9_-]{10,}/);
    await popup.close();
    await page.close();
  });

  test('its HAR-page button opens the HAR page in a tab of its own', async () => {
    const { popup, page } = await play(env.session, env.lab, scenario('bearer-expired'));
    assert.equal(await popup.$eval('#open-har', (b) => b.textContent), message('en', 'popup_open_har'));
    const har = env.session.extUrl('har/har.html');
    const opened = () => env.session.inExtension(async (url) =>
      (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).filter((t) => t.url === url).map((t) => t.id), har);
    assert.deepEqual(await opened(), []);
    await popup.click('#open-har');
    const until = Date.now() + 10_000;
    let tabs = [];
    while (tabs.length === 0 && Date.now() < until) {
      tabs = await opened();
      if (tabs.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(tabs.length, 1, 'one tab on the HAR page');
    await env.session.inExtension((ids) => (globalThis.browser ?? globalThis.chrome).tabs.remove(ids), tabs);
    if (!popup.isClosed()) await popup.close();
    await page.close();
  });

  test('a failed sign-in leads: its timeline, Clear cookies for each of its sites that holds cookies, Start again, the cookie steps', async () => {
    await visitAndClose(env.session, env.lab.url('/lab/set-cookies?flow_app=1'));
    await visitAndClose(env.session, env.lab.url('/lab/set-cookies?flow_idp=2', 'localhost'));
    const appPage = env.lab.url('/lab/cookies?flow');
    const page = await env.session.browser.newPage();
    await page.goto(appPage);
    const tabId = await env.session.tabIdOf(appPage);
    // The log the background keeps for a sign-in that failed between the lab's two sites.
    const flow = {
      id: 'e2e-flow',
      time: Date.now(),
      failure: {
        cause: 'cookie-rejected',
        confidence: 0.9,
        evidence: [{ id: 'cookie-refused', args: ['sid', 'samesite-none-insecure'] }],
        alternatives: [],
        fixes: [
          { id: 'clear-site-cookies', audience: 'visitor', action: 'clear-site-cookies' },
          { id: 'restart-sign-in', audience: 'visitor', action: 'restart-sign-in' },
          { id: 'allow-third-party-cookies', audience: 'visitor', action: 'cookie-settings' },
          { id: 'fix-cookie-attributes', audience: 'owner' },
        ],
        hops: [1, 3],
      },
      timeline: [
        step(env.lab.url('/app/'), 302, 'page'),
        step(env.lab.url('/authorize?client_id=…', 'localhost'), 302, 'authorization-request'),
        step(env.lab.url('/app/callback?code=…&state=…'), 302, 'authorization-response'),
        step(env.lab.url('/authorize?client_id=…', 'localhost'), 302, 'authorization-request'),
        step('https://cdn.invalid/app.js', 200, 'page', 'script'),
      ],
    };
    await env.session.storeLog(tabId, { url: appPage, startedAt: Date.now(), failures: [], flows: [flow] });
    const popup = await env.session.popup(tabId);
    const shown = await popup.evaluate(() => ({
      headline: document.querySelector('.headline').textContent,
      cause: document.querySelector('section.flow').dataset.cause,
      steps: document.querySelectorAll('ol.timeline > li.step').length,
      broken: [...document.querySelectorAll('li.step.broken')].map((s) => s.innerText),
      sites: [...document.querySelectorAll('.site-actions [data-action="clear-site-cookies"]')].map((b) => b.dataset.site),
    }));
    assert.equal(shown.headline, message('en', 'why_cookie_rejected'));
    assert.equal(shown.cause, 'cookie-rejected');
    assert.equal(shown.steps, 5);
    assert.equal(shown.broken.length, 2);
    for (const text of shown.broken) assert.ok(text.includes(`localhost:${new URL(appPage).port}/authorize`) && text.includes(message('en', 'popup_step_broken')), text);
    // The tab's own site first; cdn.invalid holds no cookie.
    assert.deepEqual(shown.sites, ['127.0.0.1', 'localhost']);

    // Every control, the new ones too, is reached with Tab.
    const controls = await popup.evaluate(() => {
      const visible = [...document.querySelectorAll('button, summary')].filter((e) => e.getClientRects().length > 0);
      visible.forEach((e, i) => { e.dataset.control = String(i); });
      return visible.length;
    });
    const reached = new Set();
    for (let i = 0; i < controls * 2 + 4; i++) {
      await popup.keyboard.press('Tab');
      reached.add(await popup.evaluate(() => document.activeElement?.dataset.control));
    }
    assert.equal([...reached].filter(Boolean).length, controls, 'every control is reached with Tab');

    const cleared = await clickAction(popup, '.site-actions [data-site="localhost"]');
    assert.match(cleared, /localhost/);
    const after = await allCookies(env.session);
    assert.deepEqual(after.filter((c) => c.startsWith('localhost')), [], 'the provider\'s cookies are gone');
    assert.ok(after.includes('127.0.0.1 flow_app'), `the app's cookie stays: ${after}`);

    const steps = await clickAction(popup, 'section.flow [data-action="cookie-settings"]');
    assert.equal(steps, message('en', `notice_cookie_settings_${env.name}`).replaceAll('$1', '127.0.0.1'));

    const restarting = await clickAction(popup, 'section.flow [data-action="restart-sign-in"]');
    const origin = new URL(appPage).origin;
    assert.ok(restarting.includes(origin), restarting);
    const until = Date.now() + 10_000;
    let url;
    while ((url = await env.session.inExtension(async (id) => (await (globalThis.browser ?? globalThis.chrome).tabs.get(id)).url, tabId)) !== `${origin}/`) {
      if (Date.now() > until) throw new Error(`the tab is at ${url}, not ${origin}/`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await popup.close();
    await page.close();
  });
});
