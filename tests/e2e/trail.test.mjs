// The background's trail of sign-in hops in each real browser, on the lab's /trail-test/ sign-in
// (tests/lab/trail.mjs): an app on 127.0.0.1 sends the browser to a provider on localhost and
// back. Ordinary traffic never wakes the core; a provider's error is judged by it and kept as
// the tab's flow record; the trail keeps no secret the browser sent or received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inEachBrowser } from '../support/suite.mjs';
import { until } from '../support/until.mjs';

/**
 * Run in the background: counts its instantiations of the core (either of its builds, for
 * failures and for flows) from now on, as scripts/bench/ordinary.mjs counts them in Node
 * (wasm-bindgen's import namespace names the build); resolves to the count so far.
 */
function countCoreInstances(background) {
  if (background.authlensCoreInstances === undefined) {
    background.authlensCoreInstances = 0;
    const wasm = background.WebAssembly;
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const original = wasm[name];
      wasm[name] = function counted(source, imports, ...rest) {
        if (imports?.['./background_bg.js'] || imports?.['./flow_bg.js']) background.authlensCoreInstances += 1;
        return original.call(wasm, source, imports, ...rest);
      };
    }
  }
  return background.authlensCoreInstances;
}

/** The tab's trail as the background keeps it (its hops, masked). */
const trailOf = (session, tabId) => session.inExtension((id) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ trailOf: id }), tabId);

/** Everything the extension stores, in every storage area. */
const allStorage = (session) =>
  session.inExtension(async () => {
    const area = (globalThis.browser ?? globalThis.chrome).storage;
    return JSON.stringify({ local: await area.local.get(null), session: await area.session.get(null) });
  });

/** The flow records of the tab's current page, once `done(records)` says they are complete. */
const flowsOf = (session, tabId, done) =>
  until('the flow records', async () => {
    const flows = (await session.log(tabId))?.pages.at(-1)?.flows ?? [];
    return done(flows) && flows;
  });

const secret = () => `Tr41l${randomBytes(8).toString('hex')}`;

inEachBrowser('trail', (env) => {

  test('an ordinary page of 300 requests never loads the core; a sign-in error does, once', async () => {
    assert.equal(await env.session.inBackground(countCoreInstances), 0, 'no core before the test');
    const S = secret();
    const page = await env.session.browser.newPage();
    const url = env.lab.url(`/trail-test/ordinary?secret=${S}`);
    for (let visit = 0; visit < 2; visit++) {
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'done', { timeout: 30_000 });
    }
    const items = env.lab.requests().filter((r) => r.startsWith('GET /trail-test/item/')).length;
    assert.ok(items >= 600, `the page made its requests twice (${items})`);
    const tabId = await env.session.tabIdOf(url);
    // The trail followed the page (its documents, the fetches that set cookies or redirected)…
    const hops = await trailOf(env.session, tabId);
    assert.ok(hops.filter((h) => h.type === 'main_frame').length === 2, JSON.stringify(hops.map((h) => h.url)));
    assert.ok(hops.some((h) => h.type === 'xmlhttprequest' && h.responseHeaders.some((x) => x.name.toLowerCase() === 'set-cookie')));
    assert.ok(hops.some((h) => h.type === 'xmlhttprequest' && h.redirectUrl));
    assert.ok(!JSON.stringify(hops).includes(S), 'the trail holds no cookie value');
    // …and found nothing worth the core.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await env.session.inBackground(countCoreInstances), 0, 'ordinary traffic loaded the core');

    await page.goto(env.lab.url('/trail-test/start?outcome=deny'));
    await until('the core judging the sign-in', async () => (await env.session.inBackground(countCoreInstances)) === 1);
    await page.close();
  });

  test("a provider's error answer is kept as the tab's flow record with the core's cause; no secret is kept", async () => {
    const S = secret();
    const page = await env.session.browser.newPage();
    // A sign-in that works (a code, a session cookie), then one the visitor refuses.
    await page.goto(env.lab.url(`/trail-test/start?secret=${S}&outcome=grant`));
    await page.goto(env.lab.url(`/trail-test/start?secret=${S}&outcome=deny`));
    const tabId = await env.session.tabIdOf(env.lab.url('/trail-test/callback'));
    for (const sent of [`${S}-state`, `${S}-code`, `${S}-app-cookie`, `${S}-idp-cookie`, `${S}-code-session`]) {
      assert.ok(env.lab.received(sent), `the browser carried ${sent}`);
    }

    const flows = await flowsOf(env.session, tabId, (f) => f.length > 0);
    assert.deepEqual(flows.map((f) => f.failure.cause), ['oauth-error']);
    const [record] = flows;
    assert.ok(record.failure.evidence.some((e) => e.id === 'oauth-error-code' && JSON.stringify(e.args).includes('access_denied')), JSON.stringify(record.failure.evidence));
    assert.ok(record.timeline.some((s) => s.url.includes('localhost') && s.url.includes('/trail-test/authorize')), 'the timeline shows the provider');
    assert.match(record.id, /:\d+$/);
    assert.equal(await env.session.badge(tabId), '1');
    const color = await env.session.inExtension(async (id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeBackgroundColor({ tabId: id }), tabId);
    assert.deepEqual(color, [198, 40, 40, 255], 'a failed flow badges red');

    const hops = await trailOf(env.session, tabId);
    assert.ok(hops.length >= 7, `both sign-ins are in the trail (${hops.length} hops)`);
    const trailText = JSON.stringify(hops);
    assert.ok(!trailText.includes(S), `a secret in the trail: ${trailText.slice(trailText.indexOf(S) - 100, trailText.indexOf(S) + 20)}`);
    // What the core reads survived: cookie names, the error, the provider's client_id.
    assert.match(trailText, /trail_state=x+; Path=\/; HttpOnly; SameSite=Lax/);
    assert.match(trailText, /error=access_denied/);
    assert.match(trailText, /client_id=trail-app/);
    assert.ok(!(await allStorage(env.session)).includes(S), 'a secret in storage');

    // The record as the popup shows it: the flow leads, with its timeline.
    const popup = await env.session.popup(tabId);
    const shown = await popup.evaluate(() => ({
      cause: document.querySelector('section.flow')?.dataset.cause,
      steps: document.querySelectorAll('ol.timeline > li.step').length,
      html: document.documentElement.outerHTML,
    }));
    assert.equal(shown.cause, 'oauth-error');
    assert.equal(shown.steps, record.timeline.length);
    assert.ok(!shown.html.includes(S), 'a secret in the popup');
    await popup.close();

    // Judging the same trail again replaces its records: still one.
    await page.goto(env.lab.url(`/trail-test/start?secret=${S}&outcome=deny`));
    await until('the second refusal judged', async () => ((await env.session.log(tabId))?.pages.at(-1)?.flows ?? []).length > 0);
    const all = (await env.session.log(tabId)).pages.flatMap((p) => p.flows ?? []);
    assert.equal(new Set(all.map((r) => r.id)).size, all.length, 'no record twice');
    await page.close();
  });

  test('an answer posted back (form_post): the form reaches the trail by its names, the page read holds no secret', async () => {
    const S = secret();
    const page = await env.session.browser.newPage();
    await page.goto(env.lab.url(`/trail-test/start?secret=${S}&outcome=deny&mode=form_post`));
    await page.waitForFunction(() => document.title === 'Answer received');
    const tabId = await env.session.tabIdOf(env.lab.url('/trail-test/callback'));
    assert.ok(env.lab.received(`${S}-state`), 'the browser carried the planted state');
    const flows = await flowsOf(env.session, tabId, (f) => f.length > 0);
    assert.ok(flows.some((f) => f.failure.cause === 'oauth-error'), JSON.stringify(flows.map((f) => f.failure.cause)));
    const hops = await trailOf(env.session, tabId);
    const posted = hops.find((h) => h.method === 'POST');
    assert.deepEqual(posted?.formData, { error: ['access_denied'], error_description: ['The user denied access'], state: [''] });
    assert.ok(!JSON.stringify(hops).includes(S), 'a secret in the trail');
    assert.ok(!(await allStorage(env.session)).includes(S), 'a secret in storage');
    await page.close();
  });

  test("a provider's own error page is read for its words (Firefox: streamed; Chrome: from the frame)", async () => {
    const S = secret();
    const page = await env.session.browser.newPage();
    await page.goto(env.lab.url(`/trail-test/start?secret=${S}&callback=not-registered`));
    const tabId = await env.session.tabIdOf(env.lab.url('/trail-test/authorize', 'localhost'));
    const flows = await flowsOf(env.session, tabId, (f) => f.some((r) => r.failure.evidence.some((e) => e.id === 'server-says')));
    const [record] = flows;
    assert.equal(record.failure.cause, 'redirect-uri-mismatch');
    assert.ok(record.failure.evidence.some((e) => e.id === 'server-says' && e.args.includes('Invalid parameter: redirect_uri')), JSON.stringify(record.failure.evidence));
    const hops = await trailOf(env.session, tabId);
    assert.match(hops.find((h) => h.statusCode === 400)?.bodyText ?? '', /Invalid parameter: redirect_uri/);
    assert.ok(!JSON.stringify(hops).includes(S), 'a secret in the trail');
    await page.close();
  });

  test('a redirect loop between the two sites ends in the trail as the browser gave up on it', async () => {
    const page = await env.session.browser.newPage();
    await page.goto(env.lab.url('/trail-test/home'));
    const tabId = await env.session.tabIdOf(env.lab.url('/trail-test/home'));
    await page.goto(env.lab.url('/trail-test/loop')).catch(() => {});
    const last = await until('the loop ended', async () => (await trailOf(env.session, tabId)).findLast((h) => h.error));
    // Chrome's webRequest says net::ERR_ABORTED at its redirect limit: the shell names it.
    assert.match(last.error, env.name === 'chrome' ? /^net::ERR_TOO_MANY_REDIRECTS$/ : /^NS_ERROR_REDIRECT_LOOP$/);
    await page.close();
  });

  test("a silent sign-in in a frame of another site: the provider's cookies the browser withheld are named, never their values", async () => {
    const S = secret();
    const page = await env.session.browser.newPage();
    // Signed in at the provider first (its cookie set first-party), then the app's silent frame.
    await page.goto(env.lab.url(`/trail-test/start?secret=${S}&outcome=grant`));
    await page.goto(env.lab.url(`/trail-test/silent?secret=${S}`));
    const tabId = await env.session.tabIdOf(env.lab.url('/trail-test/silent'));
    const frameHop = await until('the frame hop with its stored cookies', async () =>
      (await trailOf(env.session, tabId)).find((h) => h.type === 'sub_frame' && h.storedCookies));
    assert.ok(frameHop.url.includes('localhost') && frameHop.url.includes('prompt=none'), frameHop.url);
    assert.ok(!frameHop.requestHeaders.some((h) => h.name.toLowerCase() === 'cookie'), 'the browser sent the frame no cookie');
    assert.deepEqual(frameHop.storedCookies, [{ name: 'idp_session', sameSite: 'no_restriction' }]);
    // Both browsers keep a provider's cookie from its frame on another site by default
    // (headless Chromium blocks third-party cookies; Firefox partitions them).
    const flows = await flowsOf(env.session, tabId, (f) => f.length > 0);
    assert.deepEqual(flows.map((f) => f.failure.cause), ['third-party-cookies-blocked']);
    assert.ok(!JSON.stringify(await trailOf(env.session, tabId)).includes(S), 'a secret in the trail');
    await page.close();
  });
});
