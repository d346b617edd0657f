// Privacy in each real browser: every lab scenario is played with its own unique secret planted
// in the Basic password, the Bearer token, cookie values, secret headers and the query string;
// every sign-in flow with its own in the codes, tokens, state, nonce, PKCE verifier, SAML
// Response and RelayState, the names and addresses in the assertion and the tokens, and the
// values of the forms the visitor fills in. None may appear in the extension's storage, its
// popup, the report or anyone's console output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { FLOWS } from '../lab/flows.mjs';
import { FLOW_SECRETS, secretForms } from '../lab/secrets.mjs';
import { byProfile, play, playFlow } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

/** Everything the extension keeps, in every storage area it can use. */
const allStorage = (session) =>
  session.inExtension(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const [local, sessionArea] = await Promise.all([api.storage.local.get(null), api.storage.session.get(null)]);
    return JSON.stringify({ local, session: sessionArea });
  });

/** Everything the popup holds, shown or not, once it has made the report too (when it has one). */
async function popupContents(popup, { report = true } = {}) {
  if (report) {
    await popup.click('#copy-report');
    await popup.waitForFunction(() => document.getElementById('report-text').textContent !== '');
  }
  return popup.evaluate(() => document.documentElement.outerHTML);
}

const leaks = (text, secrets) => secrets.flatMap(secretForms).filter((s) => text.includes(s));

const randomSecret = () => `Lab${randomBytes(10).toString('hex')}`;

/** Writes `canary` to the background's console: the console search must be able to find it. */
async function logCanary(session) {
  const canary = `canary-${randomBytes(6).toString('hex')}`;
  await session.logInBackground(canary);
  return canary;
}

/** Storage and console output hold none of `secrets`, and the console search found `canary`. */
async function assertNothingKept(session, secrets, canary) {
  assert.deepEqual(leaks(await allStorage(session), secrets), [], 'extension storage');
  await new Promise((r) => setTimeout(r, 500)); // the browser's log reaches us through a pipe
  const logged = session.consoleOutput();
  assert.ok(logged.includes(canary), 'the console output is searched');
  assert.deepEqual(leaks(logged, secrets), [], 'console output');
}

/** What secret-carrying kinds of value travelled in each browser, over all its flows. */
const travelled = new Map();

/** The base64 of "<samlp:Response", and what a posted one with an assertion counts as. */
const SAML_RESPONSE = 'PHNhbWxwOlJlc3BvbnNl';
const SAML_KIND = 'SAMLResponse, with names and addresses in its assertion';

/** The parts of `value` (a JWT's three, or a whole base64 message) that hold `secret` only encoded. */
const encodedOnly = (value, secret) =>
  value.split('.').filter((part) => !part.includes(secret) && Buffer.from(part, 'base64').toString('utf8').includes(secret));

inEachBrowser('privacy', (env) => {

  test('no secret of any scenario reaches storage, the popup, the report or the console', async () => {
    const canary = await logCanary(env.session);
    const secrets = [];
    for (const scenario of SCENARIOS.filter((s) => !s.skip?.[env.name])) {
      const secret = randomSecret();
      secrets.push(secret);
      const { popup, page } = await play(env.session, env.lab, scenario, { query: `?secret=${secret}` });
      assert.ok(env.lab.received(secret), `${scenario.id}: the browser sent the secret`);
      assert.deepEqual(leaks(await popupContents(popup), [secret]), [], `${scenario.id}: the popup and its report`);
      await popup.close();
      await page.close();
    }
    // Basic credentials and a JWT's signature were among what was sent.
    assert.ok(secrets.some((s) => env.lab.received(secretForms(s)[1])), 'a Basic password was sent');
    assert.ok(secrets.some((s) => env.lab.received(`.${s}`)), 'a Bearer JWT was sent');

    await assertNothingKept(env.session, secrets, canary);
  });
});

for (const { thirdPartyCookies, flows } of byProfile(FLOWS)) {
  const profile = thirdPartyCookies ? `, third-party cookies ${thirdPartyCookies === 'block' ? 'blocked' : 'allowed'}` : '';
  inEachBrowser(`privacy of sign-in flows${profile}`, (env) => {
    test('no secret of any flow reaches storage, the popup, the report or the console', async () => {
      const canary = await logCanary(env.session);
      const secrets = [];
      const seen = travelled.get(env.name) ?? new Set();
      travelled.set(env.name, seen);
      for (const flow of flows.filter((f) => !f.skip?.[env.name])) {
        const secret = randomSecret();
        secrets.push(secret);
        const { page, tabId, outcome } = await playFlow(env.session, env.lab, flow, { secret });
        assert.equal(outcome, flow.lands, `${flow.id}: played as designed`);
        const onTheWire = (text) => env.lab.received(text) || env.lab.sent(text);
        assert.ok(onTheWire(secret), `${flow.id}: the secret travelled`);
        for (const [kind, planted] of Object.entries(FLOW_SECRETS)) if (onTheWire(planted(secret))) seen.add(kind);
        // Where the lab's messages carry the secret only encoded (a token's claims, a SAML
        // assertion), the search finds it: a stored claim set or assertion could not slip through.
        for (const value of env.lab.minted(secret)) {
          for (const part of encodedOnly(value, secret)) {
            assert.ok(leaks(part, [secret]).length > 0, `${flow.id}: the search finds the secret inside ${part.slice(0, 40)}…`);
            if (part.startsWith(SAML_RESPONSE) && onTheWire(new URLSearchParams({ SAMLResponse: part }).toString())) seen.add(SAML_KIND);
          }
        }
        // The report too, when AuthLens found the sign-in failed (it reports only a failure).
        const stored = await env.session.flows(tabId, { failed: flow.expect.cause ? 1 : 0, timeout: 5000 }).catch(() => []);
        const failed = stored.some((f) => f.failure);
        const popup = await env.session.popup(tabId);
        assert.deepEqual(leaks(await popupContents(popup, { report: failed }), [secret]), [], `${flow.id}: the popup${failed ? ' and its report' : ''}`);
        await popup.close();
        await page.close();
      }
      await assertNothingKept(env.session, secrets, canary);
    });
  }, thirdPartyCookies ? { thirdPartyCookies } : {});
}

test('every kind of secret a sign-in flow carries was planted and travelled, in each browser', () => {
  const kinds = [...Object.keys(FLOW_SECRETS), SAML_KIND];
  for (const [browser, seen] of travelled) {
    assert.deepEqual(kinds.filter((k) => !seen.has(k)), [], `${browser}: kinds that never travelled`);
  }
  assert.equal(travelled.size, 2, 'both browsers played the flows');
});
