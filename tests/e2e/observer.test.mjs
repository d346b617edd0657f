// What AuthLens watches of each kind of request, in each real browser (extension/background/
// watched.js): a page whose frame, fetch, image, script and style sheet all fail 401 without a
// challenge (tests/lab/kinds.mjs). Frames, fetches and images are diagnosed; scripts and style
// sheets are not watched. The cookies each failed request carried decide the cause (an expired
// session, or a server that forgot its challenge), so they are checked against what the lab
// received: read from the request's headers for frames and fetches, rebuilt from the cookie
// store for images (carried.js), and "not known", never a wrong count, where the browser's
// third-party cookie setting decided.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KIND_FILES } from '../lab/kinds.mjs';
import { inEachBrowser } from '../support/suite.mjs';

let tags = 0;

/** The names of the cookies the lab received with the request for `file` of the visit `tag`. */
function cookiesReceived(lab, tag, file) {
  const request = lab.requests().find((r) => r.startsWith(`GET /lab/kinds/fail/${tag}/${file}\n`));
  assert.ok(request, `the lab never received ${file}`);
  const lines = request.split('\n');
  const at = lines.findIndex((l, i) => i % 2 === 1 && l.toLowerCase() === 'cookie');
  return at < 0 ? [] : lines[at + 1].split(';').map((c) => c.trim().split('=')[0]).sort();
}

/** Opens the kinds page at `host` (its requests to `at`) and returns its failures by type, once all have come. */
async function visitKinds(env, host, at) {
  const tag = `v${(tags += 1)}${Date.now().toString(36)}`;
  const url = env.lab.url(`/lab/kinds?tag=${tag}${at ? `&at=${encodeURIComponent(env.lab.url('', at))}` : ''}`, host);
  const page = await env.session.browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'done');
  const tabId = await env.session.tabIdOf(url);
  await env.session.failures(tabId, 3);
  // Whatever else would be recorded has come by now: the page loaded, the badge set again.
  await new Promise((r) => setTimeout(r, 500));
  const failures = await env.session.failures(tabId, 3);
  await page.close();
  return { tag, byType: Object.fromEntries(failures.map((f) => [f.type === 'imageset' ? 'image' : f.type, f])) };
}

const evidenceOf = (failure) => failure.diagnosis.cause.evidence.map((e) => [e.id, ...e.args].join(' '));

/** Every evidence item of the diagnosis, in its cause and in the causes it weighed. */
const allEvidence = ({ diagnosis }) => [diagnosis.cause, ...diagnosis.alternatives].flatMap((c) => c.evidence).map((e) => [e.id, ...e.args].join(' '));

/**
 * What the diagnosis says of the cookies a request carried agrees with what the lab received:
 * when `known`, its headers were seen (no "hidden") and any count is the lab's; otherwise it
 * says "hidden" and claims no count at all.
 */
function assertCookieFacts(type, failure, received, known) {
  const evidence = allEvidence(failure);
  const why = `${type}: ${evidence.join(', ')}; the lab received [${received}]`;
  const counts = evidence.filter((e) => e.startsWith('cookies-sent ') || e === 'no-cookies-sent');
  if (!known) {
    assert.ok(evidence.includes('request-headers-hidden') && counts.length === 0, why);
    return;
  }
  assert.ok(!evidence.includes('request-headers-hidden'), why);
  for (const count of counts) assert.equal(count, received.length ? `cookies-sent ${received.length}` : 'no-cookies-sent', why);
}

async function setCookies(env, host, path) {
  const page = await env.session.browser.newPage();
  await page.goto(env.lab.url(path, host));
  await page.close();
}

inEachBrowser('observer', (env) => {
  test('frames, fetches and images are diagnosed; scripts and style sheets are not watched', async () => {
    const { byType } = await visitKinds(env, '127.0.0.1');
    assert.deepEqual(Object.keys(byType).sort(), ['image', 'sub_frame', 'xmlhttprequest']);
  });

  test('the page\'s own site: each failed request carried the cookies the lab received, and they make it an expired session', async () => {
    await setCookies(env, '127.0.0.1', '/lab/set-cookies?obs_session=s3ss10n-0123456789&obs_pref=dark&obs_theme=plain');
    const { tag, byType } = await visitKinds(env, '127.0.0.1');
    for (const type of ['sub_frame', 'xmlhttprequest', 'image']) {
      const received = cookiesReceived(env.lab, tag, KIND_FILES[type]);
      assert.ok(received.includes('obs_session'), `${type}: the browser sent ${received}`);
      const failure = byType[type];
      assert.equal(failure.diagnosis.cause.id, 'session-expired', `${type}: ${allEvidence(failure)}`);
      assert.ok(evidenceOf(failure).includes(`cookies-sent ${received.length}`), `${type}: ${evidenceOf(failure)}, the lab received ${received}`);
      assertCookieFacts(type, failure, received, true);
    }
  });

  test('another site\'s page: its Lax cookies stayed home, and AuthLens knows it, images included', async () => {
    await setCookies(env, '127.0.0.1', '/lab/set-cookies?obs_session=s3ss10n-0123456789');
    const { tag, byType } = await visitKinds(env, 'localhost', '127.0.0.1');
    for (const type of ['sub_frame', 'xmlhttprequest', 'image']) {
      const received = cookiesReceived(env.lab, tag, KIND_FILES[type]);
      assert.deepEqual(received, [], `${type}: the browser sent cookies`);
      assertCookieFacts(type, byType[type], received, true);
    }
  });

  test('another site\'s image, with a SameSite=None cookie held: not known (the third-party setting decided), never a wrong count', async () => {
    await setCookies(env, '127.0.0.1', '/lab/kinds/set-none?obs_tracker=tr4ck3r-0123456789');
    const { tag, byType } = await visitKinds(env, 'localhost', '127.0.0.1');
    assertCookieFacts('image', byType.image, cookiesReceived(env.lab, tag, KIND_FILES.image), false);
    // Frames and fetches say what went, whatever the setting: their headers were read.
    for (const type of ['sub_frame', 'xmlhttprequest']) assertCookieFacts(type, byType[type], cookiesReceived(env.lab, tag, KIND_FILES[type]), true);
  });
});
