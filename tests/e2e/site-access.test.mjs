// Site access the user restricts, in each real browser: with every site withheld (Chrome's
// "on click", Firefox's host permissions not granted), AuthLens sees nothing of a failing page;
// its popup says so and offers to allow the site; once allowed, the page is loaded again and
// the failure explained; the options page lists the sites allowed and takes them away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { message, scenarioUrl } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const scenario = (id) => SCENARIOS.find((s) => s.id === id);

/** Every tab's id, read from the control page (addresses are hidden where AuthLens may not look). */
const tabIds = (session) => session.inExtension(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).map((t) => t.id));

/** Opens `url` in a new tab and resolves to { page, tabId } once it has loaded, without asking AuthLens where it is. */
async function openUnseen(session, url) {
  const before = new Set(await tabIds(session));
  const page = await session.browser.newPage();
  await page.goto(url, { waitUntil: 'load' }).catch(() => {});
  const [tabId, ...others] = (await tabIds(session)).filter((id) => !before.has(id));
  assert.equal(others.length, 0, 'one new tab');
  return { page, tabId };
}

/** Resolves once `ms` have passed with nothing stored for `tabId`: AuthLens saw nothing of it. */
async function staysBlind(session, tabId, ms = 1500) {
  await new Promise((r) => setTimeout(r, ms));
  assert.equal((await session.log(tabId))?.pages.at(-1)?.failures.length ?? 0, 0, 'nothing recorded');
  assert.equal(await session.badge(tabId), '', 'no badge');
}

/** The text of `selector` when shown (false when it or a container is hidden). */
const shown = (popup, selector) => popup.$eval(selector, (e) => !e.closest('[hidden]') && e.textContent);

/** Clicks the popup's Allow, and grants what it asks for as the user's Allow in the browser's prompt does. */
async function allow(session, popup, pattern) {
  await popup.click('#allow-site');
  if (session.cannot.answerPermissionPrompt) {
    // Chrome: its prompt opened (and closed the popup); no test can answer it headless.
    await session.grantSite(pattern);
    return;
  }
  await popup.waitForFunction(() => document.getElementById('notice').textContent !== '');
  assert.equal(await popup.$eval('#notice', (e) => e.textContent), message('en', 'notice_site_allowed'));
  await popup.close();
}

/** Once allowed, the background loaded the page again: AuthLens sees it and explains the failure. */
async function explained(session, tabId, expected) {
  const [failure] = await session.failures(tabId, 1);
  assert.equal(failure.diagnosis.cause.id, expected.cause);
  assert.equal(await session.badge(tabId), String(expected.badge));
}

inEachBrowser('site access withheld', (env) => {
  test('clicked on a site it may not see, the popup names the site and offers to allow it', async (t) => {
    if (env.session.cannot.clickAction) return t.skip(env.session.cannot.clickAction);
    const basic = scenario('basic-first-visit');
    const { page, tabId } = await openUnseen(env.session, scenarioUrl(env.lab, basic, 'access'));
    await staysBlind(env.session, tabId);
    const popup = await env.session.clickAction(page);
    assert.equal(await shown(popup, '#access-text'), message('en', 'popup_access_site').replace('$1', '127.0.0.1'));
    assert.equal(await shown(popup, '#allow-site'), message('en', 'popup_allow_site').replace('$1', '127.0.0.1'));
    // Shown first: above an empty diagnosis, the notice is what the visitor must read.
    assert.ok(await popup.$eval('#access', (a) => a.compareDocumentPosition(document.getElementById('diagnosis')) & Node.DOCUMENT_POSITION_FOLLOWING));
    await allow(env.session, popup, 'http://127.0.0.1/*');
    await explained(env.session, tabId, basic.expect);
    await page.close();
  });

  test('on a page whose address AuthLens may not read, the popup offers every site', async () => {
    // The lab's other site: the first test may have allowed 127.0.0.1.
    const bearer = scenario('bearer-expired');
    const url = scenarioUrl(env.lab, bearer, 'access').replace('//127.0.0.1:', '//localhost:');
    const { page, tabId } = await openUnseen(env.session, url);
    await staysBlind(env.session, tabId);
    assert.ok(env.lab.received('Bearer '), 'the page sent its failing request');
    const popup = await env.session.popup(tabId);
    assert.equal(await shown(popup, '#access-text'), message('en', 'popup_access_page'));
    assert.equal(await shown(popup, '#allow-site'), message('en', 'popup_allow_all'));
    await allow(env.session, popup, '<all_urls>');
    await explained(env.session, tabId, bearer.expect);
    await page.close();
  });

  test('the options page lists the sites allowed and takes them away', async () => {
    const options = await env.session.extensionPage('options/options.html');
    const listed = () => options.$$eval('#sites li', (items) => items.map((li) => li.querySelector('.site-name')?.textContent ?? li.textContent));
    assert.ok((await listed()).includes(message('en', 'options_sites_all')), 'every site, as allowed from the popup');
    const remove = await options.$('#sites button');
    if (env.session.cannot.answerPermissionPrompt) {
      // Chrome takes a site away only in its own settings, which the button opens.
      assert.equal(await remove.evaluate((b) => b.textContent), message('en', 'options_site_settings'));
      const before = new Set(env.session.browser.targets());
      await remove.click();
      const settings = await env.session.browser.waitForTarget((t) => !before.has(t) && t.url().startsWith('chrome://extensions/?id='));
      await (await settings.asPage()).close();
    } else {
      assert.equal(await remove.evaluate((b) => b.textContent), message('en', 'options_site_remove'));
      await remove.click();
      await options.waitForFunction(() => document.getElementById('notice').textContent !== '');
      assert.equal(await options.$eval('#notice', (e) => e.textContent), message('en', 'options_site_removed').replace('$1', message('en', 'options_sites_all')));
      await options.waitForFunction(() => !document.querySelector('#sites button'));
      assert.deepEqual(await listed(), [message('en', 'options_sites_none')]);
      // Blind again.
      const { page, tabId } = await openUnseen(env.session, scenarioUrl(env.lab, scenario('bearer-expired'), 'access'));
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
