// The lab's sign-in flows, played in each real browser, checked against what the browser really
// did, with no regard to AuthLens: every healthy flow completes, and every broken flow breaks
// for the reason it is there for. The proof comes from the lab's journal (each request: the
// cookies it carried, the status, where it was sent, the cookies set, what the site decided),
// the cookies the browser holds (read with the extension's `cookies` permission) and the page
// the visitor ends on. What each test saw is written as a diagnostic line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLOWS } from '../lab/flows.mjs';
import { LAB_HOSTS } from '../lab/hosts.mjs';
import { byProfile, playFlow } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const AUTHORIZE = '/protocol/openid-connect/auth';
const cookieName = (setCookie) => setCookie.split(';')[0];

/** A response of the app's or the provider's that redirected back with `error` where `place` says. */
const errorIn = (location, place) => {
  if (!location) return undefined;
  const url = new URL(location);
  return (place === 'fragment' ? new URLSearchParams(url.hash.slice(1)) : url.searchParams).get('error');
};

/**
 * How each kind of breakage is proven from what happened; each returns what it saw, in words.
 * `seen` = { flow, journal (this visit's requests), app and provider (their hops), cookies
 * (the browser's, of this visit), text (what the page says) }.
 */
const PROOFS = {
  'cookie-refused': ({ flow, app, provider, cookies }) => {
    const name = flow.breaks.cookie;
    const sets = app.filter((e) => e.setCookies.some((c) => cookieName(c) === name));
    assert.ok(sets.length >= 2, `the app set ${name} more than once (${sets.length})`);
    assert.ok(!app.some((e) => e.cookies.includes(name)), `no request brought ${name} back`);
    assert.ok(!cookies.some((c) => c.domain === LAB_HOSTS.app && c.name === name), `the browser holds no ${name}`);
    const turns = provider.filter((e) => e.url.includes(AUTHORIZE)).length;
    assert.ok(turns >= 3, `the app sent the visitor back to the provider again and again (${turns} times)`);
    return `${name} set ${sets.length} times (${sets[0].setCookies.find((c) => cookieName(c) === name)}), never stored or sent back; ${turns} authorization requests`;
  },
  'session-lost': ({ flow, app, provider, cookies }) => {
    const name = flow.breaks.cookie;
    const back = app.filter((e) => e.cookies.includes(name) && e.location?.includes(AUTHORIZE));
    assert.ok(back.length >= 2, `requests that brought ${name} back were sent to the provider all the same (${back.length})`);
    assert.ok(cookies.some((c) => c.name === name), `the browser holds ${name}`);
    const turns = provider.filter((e) => e.url.includes(AUTHORIZE)).length;
    return `${name} stored and sent back ${back.length} times, each answered with a new challenge ("${back[0].note}"); ${turns} authorization requests`;
  },
  'provider-error': ({ flow, journal }) => {
    const { error, in: place } = flow.breaks;
    const hop = journal.find((e) => errorIn(e.location, place) === error);
    assert.ok(hop, `a redirect with error=${error} in the ${place}`);
    return `${hop.host} redirected to the app with error=${error} in the ${place} (${hop.note})`;
  },
  'provider-error-page': ({ flow, provider, text }) => {
    const hop = provider.find((e) => e.url.includes(AUTHORIZE));
    assert.equal(hop.status, 400, 'the authorization endpoint answered 400');
    assert.ok(text.includes(flow.breaks.text), `the provider's page says "${flow.breaks.text}"`);
    return `the authorization endpoint answered ${hop.status}, its page says "${flow.breaks.text}"`;
  },
  'cookie-withheld': ({ flow, app, cookies, text }) => {
    const prefix = flow.breaks.cookie;
    const held = cookies.filter((c) => c.domain === LAB_HOSTS.app && c.name.startsWith(prefix));
    assert.ok(held.length > 0, `the browser holds a ${prefix}… cookie`);
    const post = app.find((e) => e.method === 'POST' && e.url.includes('signin-oidc'));
    assert.ok(post, 'the provider\'s form was posted to the app');
    assert.ok(!post.cookies.some((c) => c.startsWith(prefix)), `the POST came without ${prefix}…`);
    assert.ok(text.includes(flow.breaks.text), `the app says "${flow.breaks.text}"`);
    return `the browser holds ${held.map((c) => c.name.slice(0, prefix.length + 6)).join(', ')}…, the cross-site POST carried [${post.cookies.join(', ')}], the app answered ${post.status} "${flow.breaks.text}"`;
  },
  'saml-status': ({ flow, app, text }) => {
    const acs = app.find((e) => e.method === 'POST' && e.url.includes('login/saml2/sso'));
    assert.ok(acs?.note?.startsWith(`Invalid status [${flow.breaks.status}]`), `the app refused the status: ${acs?.note}`);
    assert.ok(text.includes(acs.note), 'the app\'s sign-in page shows why');
    return `the app was posted a Response with ${flow.breaks.status} and said "${acs.note}"`;
  },
  'assertion-not-yet-valid': ({ app, text }) => {
    const acs = app.find((e) => e.method === 'POST' && e.url.includes('login/saml2/sso'));
    const notBefore = acs?.note?.match(/NotBefore condition of '([^']+)' is not yet valid/)?.[1];
    assert.ok(notBefore, `the app refused the assertion as not yet valid: ${acs?.note}`);
    const ahead = (Date.parse(notBefore) - acs.at) / 60_000;
    assert.ok(ahead > 55 && ahead < 65, `NotBefore is an hour ahead (${ahead.toFixed(1)} min)`);
    assert.ok(text.includes('is not yet valid'), 'the app\'s sign-in page shows why');
    return `NotBefore ${notBefore}, ${ahead.toFixed(1)} minutes after the app received it: "${acs.note}"`;
  },
  'third-party-cookie-withheld': ({ flow, provider, cookies }) => {
    const name = flow.breaks.cookie;
    assert.ok(cookies.some((c) => c.domain === LAB_HOSTS.provider && c.name === name && !c.partitioned), `the browser holds the provider's ${name}`);
    const silent = provider.find((e) => e.url.includes(AUTHORIZE) && e.url.includes('prompt=none'));
    assert.ok(silent, 'the frame asked the provider with prompt=none');
    assert.ok(!silent.cookies.includes(name), `the frame's request came without ${name}`);
    assert.equal(errorIn(silent.location, 'fragment'), 'login_required');
    return `the browser holds ${name} for ${LAB_HOSTS.provider}; the frame's prompt=none request carried [${silent.cookies.join(', ')}] and was answered login_required`;
  },
  'session-ended': ({ flow, app }) => {
    const name = flow.breaks.cookie;
    const calls = app.filter((e) => e.url.includes('/api/orders'));
    const ok = calls.filter((e) => e.status === 200);
    const refused = calls.find((e) => e.cookies.includes(name) && e.location?.includes('/Account/Login'));
    assert.ok(ok.length > 0, 'the script\'s requests succeeded while the session lasted');
    assert.ok(refused, `a request with ${name} was sent to the sign-in page`);
    return `${ok.length} requests answered, then one with ${name} sent to ${new URL(refused.location, 'http://x').pathname.split('/').slice(-2).join('/')} (${refused.note})`;
  },
};

inEachBrowser.profiles = byProfile(FLOWS);

for (const { thirdPartyCookies, flows } of byProfile(FLOWS)) {
  const profile = thirdPartyCookies ? `, third-party cookies ${thirdPartyCookies === 'block' ? 'blocked' : 'allowed'}` : '';
  inEachBrowser(`the lab's sign-in flows as the browser plays them${profile}`, (env) => {
    for (const flow of flows) {
      const skip = flow.skip?.[env.name];
      test(`${flow.title}${skip ? ' (not reproduced here)' : ''}`, async (t) => {
        const played = await playFlow(env.session, env.lab, flow);
        const journal = env.lab.journal().filter((e) => e.url.includes(`/${played.visit}/`));
        const text = await played.page.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        await played.page.close();
        if (skip) {
          // The skip's reason holds: the browser does not break the flow the way it is written.
          assert.notEqual(played.outcome, flow.lands, `${flow.id} now reproduces in ${env.name}: remove its skip`);
          t.diagnostic(`${env.name} does not reproduce it: lands ${played.outcome} (${skip})`);
          return;
        }
        assert.equal(played.outcome, flow.lands, `${flow.id} lands where it should`);
        const seen = {
          flow, journal, text,
          app: journal.filter((e) => e.host.startsWith(`${LAB_HOSTS.app}:`)),
          provider: journal.filter((e) => e.host.startsWith(`${LAB_HOSTS.provider}:`)),
          cookies: (await env.session.cookies()).filter((c) => c.path.includes(`/${played.visit}/`)),
        };
        if (!flow.breaks) {
          const failed = journal.filter((e) => e.status >= 400);
          assert.deepEqual(failed.map((e) => `${e.status} ${e.url}`), [], 'a healthy flow meets no error');
          t.diagnostic(`completes: ${played.outcome} after ${journal.length} requests`);
          return;
        }
        t.diagnostic(`${played.outcome}: ${PROOFS[flow.breaks.because](seen)}`);
      });
    }
  }, thirdPartyCookies ? { thirdPartyCookies } : {});
}
