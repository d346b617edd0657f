// A proxy that wants credentials (407 with Proxy-Authenticate), in each real browser with the
// built extension: the browser is pointed at the lab as its HTTP proxy (tests/lab/proxy.mjs),
// which answers as Squid does. The badge, the cause the core found, and what the popup says.
//
// What the browsers do, headless: Chromium calls onAuthRequired (isProxy: true, 407), has no
// one to ask and fails the navigation (net::ERR_INVALID_AUTH_CREDENTIALS, an error page whose
// text the extension may not read); Firefox calls the blocking onAuthRequired (isProxy: true)
// and holds the tab loading at its proxy sign-in prompt. Both hand onHeadersReceived the 407
// first, which is what AuthLens records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROXY_REALM } from '../lab/proxy.mjs';
import { play, popupText, why } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';


const PROXY_AUTH = {
  id: 'proxy-auth',
  title: '407 Proxy Authentication Required (Squid)',
  path: '/proxied/',
  expect: { cause: 'proxy-auth', badge: 1, scheme: 'Basic', realm: PROXY_REALM },
};

/**
 * Where the proxied page is: a host name nothing resolves (only the proxy can reach it), and
 * the loopback address, which both browsers would bypass the proxy for unless told not to.
 */
const HOSTS = ['proxied.test', '127.0.0.1'];

inEachBrowser('a proxy asking for credentials', (env) => {
  for (const host of HOSTS) {
    test(`${PROXY_AUTH.title}, a page on ${host}`, async () => {
      const at = { url: (path) => env.lab.url(path, host) };
      const { url, failures, tabId, popup, page } = await play(env.session, at, PROXY_AUTH);
      assert.ok(env.lab.received(`GET ${url}\n`), 'the browser asked the env.lab as its proxy (an absolute URI)');
      const failure = failures.at(-1);
      assert.equal(failures.length, PROXY_AUTH.expect.badge);
      assert.equal(failure.statusCode, 407);
      assert.equal(failure.diagnosis?.cause.id, PROXY_AUTH.expect.cause, JSON.stringify(failure.diagnosis?.cause ?? failure.error));
      const [challenge] = failure.diagnosis.challenges;
      assert.equal(challenge.scheme, PROXY_AUTH.expect.scheme);
      assert.deepEqual(challenge.params.find((p) => p.name === 'realm')?.value, PROXY_AUTH.expect.realm);
      assert.equal(await env.session.badge(tabId), String(PROXY_AUTH.expect.badge));
      const text = await popupText(popup);
      assert.ok(text.includes(why('en', PROXY_AUTH.expect.cause)), `popup says why: ${why('en', PROXY_AUTH.expect.cause)}\n${text}`);
      assert.ok(text.includes(PROXY_AUTH.expect.realm), `popup names the realm\n${text}`);
      await popup.close();
      await page.close();
    });
  }
}, (lab) => ({ proxy: `http://127.0.0.1:${lab.port}` }));
