// Site access the user restricts, in each real browser: with every site withheld (Chrome's
// "on click", Firefox's host permissions not granted), AuthLens sees nothing of a failing page;
// its popup says so and offers to allow the site; once allowed, the page is loaded again and
// the failure explained; the options page lists the sites allowed and takes them away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { message, scenarioUrl } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const SCENARIO = SCENARIOS.find((s) => s.id === 'bearer-expired');
const LAB_SITE = 'http://127.0.0.1/*';

/** Every tab's id, read from the control page (addresses are hidden where AuthLens may not look). */
const tabIds = (session) => session.inExtension(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).map((t) => t.id));

/** Opens `url` in a new tab and resolves to { page, tabId } once it has loaded, without asking AuthLens where it is. */
async function openUnseen(session, url) {
  const before = new Set(await tabIds(session));
  const page = await session.browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const [tabId, ...others] = (await tabIds(session)).filter((id) => !before.has(id));
  assert.equal(others.length, 0, 'one new tab');
  return { page, tabId };
}

/** Resolves once `ms` have passed with nothing stored for `tabId`: what AuthLens saw of it. */
async function staysBlind(session, tabId, ms = 1500) {
  await new Promise((r) => setTimeout(r, ms));
  assert.equal((await session.log(tabId))?.pages.at(-1)?.failures.length ?? 0, 0, 'nothing recorded');
  assert.equal(await session.badge(tabId), '', 'no badge');
}

const shown = (popup, selector) => popup.$eval(selector, (e) => !e.closest('[hidden]') && e.textContent);

inEachBrowser('site access withheld', (env) => {
  test('the popup says AuthLens cannot see the site; allowed, the page loads again and is explained', async () => {
    const { page, tabId } = await openUnseen(env.session, scenarioUrl(env.lab, SCENARIO, 'access'));
    await staysBlind(env.session, tabId);
    assert.ok(env.lab.received('Bearer '), 'the page sent its failing request');

    let popup;
    if (env.session.clickAction) {
      // Chrome: the user clicks AuthLens's button, which lets it see the tab's address.
      popup = await env.session.clickAction(page);
      assert.equal(await shown(popup, '#access-text'), message('en', 'popup_access_site').replace('$1', '127.0.0.1'));
      assert.equal(await shown(popup, '#allow-site'), message('en', 'popup_allow_site').replace('$1', '127.0.0.1'));
    } else {
      // Firefox (env.session.cannot.clickAction): the popup in a tab cannot see the address,
      // and offers every site.
      popup = await env.session.popup(tabId);
      assert.equal(await shown(popup, '#access-text'), message('en', 'popup_access_page'));
      assert.equal(await shown(popup, '#allow-site'), message('en', 'popup_allow_all'));
    }
    // Shown first: above an empty diagnosis, the notice is what the visitor must read.
    assert.ok(await popup.$eval('#access', (a) => a.compareDocumentPosition(document.getElementById('diagnosis')) & Node.DOCUMENT_POSITION_FOLLOWING));

    await popup.click('#allow-site');
    if (env.session.grantSite) {
      // Chrome's prompt opened (and closed the popup); the user's Allow grants the site.
      await env.session.grantSite(LAB_SITE);
    } else {
      await popup.waitForFunction(() => document.getElementById('notice').textContent !== '');
      assert.equal(await popup.$eval('#notice', (e) => e.textContent), message('en', 'notice_site_allowed'));
      await popup.close();
    }
    // The background loaded the page again once the site was allowed: now AuthLens sees it.
    const [failure] = await env.session.failures(tabId, 1);
    assert.equal(failure.diagnosis.cause.id, SCENARIO.expect.cause);
    assert.equal(await env.session.badge(tabId), '1');
    await page.close();
  });

  test('the options page lists the sites allowed and takes them away', async () => {
    const options = await env.session.extensionPage('options/options.html');
    const listed = () => options.$$eval('#sites li', (items) => items.map((li) => li.querySelector('.site-name')?.textContent ?? li.textContent));
    const remove = await options.$('#sites button');
    if (env.session.grantSite) {
      // Chrome: the site granted above, which only the browser's own settings can take away.
      assert.deepEqual(await listed(), ['127.0.0.1']);
      assert.equal(await remove.evaluate((b) => b.textContent), message('en', 'options_site_settings'));
      const before = new Set(env.session.browser.targets());
      await remove.click();
      const settings = await env.session.browser.waitForTarget((t) => !before.has(t) && t.url().startsWith('chrome://extensions/?id='));
      assert.ok(settings, 'the browser\'s site access settings for AuthLens opened');
      await (await settings.asPage()).close();
    } else {
      // Firefox: every site, as the popup asked, removed here.
      assert.deepEqual(await listed(), [message('en', 'options_sites_all')]);
      await remove.click();
      await options.waitForFunction(() => document.getElementById('notice').textContent !== '');
      assert.equal(await options.$eval('#notice', (e) => e.textContent), message('en', 'options_site_removed').replace('$1', message('en', 'options_sites_all')));
      await options.waitForFunction(() => !document.querySelector('#sites button'));
      assert.deepEqual(await listed(), [message('en', 'options_sites_none')]);
      // Blind again.
      const { page, tabId } = await openUnseen(env.session, scenarioUrl(env.lab, SCENARIO, 'access'));
      await staysBlind(env.session, tabId);
      await page.close();
    }
    // The privacy policy is one click away, in the browser's language.
    const href = await options.$eval('#privacy', (a) => a.href);
    assert.match(href, /\/privacy\/privacy\.en\.html$/);
    const policy = await options.evaluate(async (u) => (await fetch(u)).text(), href);
    assert.match(policy, /<h1>AuthLens privacy policy<\/h1>/);
    await options.close();
  });
}, { siteAccess: 'withheld' });
