// diagnoseFlow from JS: the contract's shape, errors that name the hop and field, and the
// flow fixtures judged as the Rust tests judge them (crate/src/diagnosis/flow/fixtures.rs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowFixtures } from '../../scripts/bench/fixtures.mjs';
import { diagnoseFlow } from './core.mjs';

const KINDS = ['page', 'authorization-request', 'authorization-response', 'saml-request', 'saml-response', 'sign-in-page', 'sign-in-form', 'logout'];

test('every flow fixture gives failures and a timeline of the contract\'s shape', () => {
  for (const { name, flow } of flowFixtures()) {
    const d = diagnoseFlow(flow);
    assert.deepEqual(Object.keys(d).sort(), ['failures', 'timeline'], name);
    assert.equal(d.timeline.length, flow.hops.length, name);
    for (const step of d.timeline) {
      assert.ok(KINDS.includes(step.kind), `${name}: ${step.kind}`);
      assert.ok(['top', 'frame', 'script'].includes(step.frame), name);
      assert.doesNotMatch(step.url, /[?&][^=]+=[^…&]/, `${name}: a query value in ${step.url}`);
    }
    for (const f of d.failures) {
      assert.equal(typeof f.cause, 'string', name);
      assert.ok(f.confidence > 0 && f.confidence <= 1, name);
      assert.ok(f.hops.length > 0 && f.hops.every((h) => Number.isInteger(h) && h >= 0 && h < flow.hops.length), name);
      assert.ok(f.fixes.every((x) => ['visitor', 'owner'].includes(x.audience)), name);
      assert.ok(f.evidence.every((e) => typeof e.id === 'string' && Array.isArray(e.args)), name);
    }
  }
});

test('healthy sign-ins say nothing; broken ones name their cause', () => {
  const verdict = Object.fromEntries(flowFixtures().map(({ name, flow }) => [name, diagnoseFlow(flow).failures[0]?.cause ?? null]));
  assert.equal(verdict['google-code-flow'], null);
  assert.equal(verdict['entra-form-post'], null);
  assert.equal(verdict['silent-renew-not-signed-in'], null);
  assert.equal(verdict['loop-samesite-none-without-secure'], 'cookie-rejected');
  assert.equal(verdict['aspnet-correlation-failed-samesite-lax'], 'state-mismatch');
  assert.equal(verdict['silent-renew-third-party-blocked'], 'third-party-cookies-blocked');
});

// What an app asks a provider for is public by design, in an address or a form (GitHub's consent
// form posts its redirect_uri back): its return address may show in the timeline. So is the
// address a sign-in form says to go on to (WordPress's redirect_to, Django's next, ASP.NET's
// ReturnUrl), which the timeline shows when the browser goes there.
const PUBLIC = ['client_id', 'redirect_uri', 'response_type', 'response_mode', 'prompt', 'scope', 'redirect_to', 'redirect', 'next', 'returnUrl', 'ReturnUrl'];

test('nothing a hop carried comes back: cookie values, codes, state, form values', () => {
  for (const { name, flow } of flowFixtures()) {
    const json = JSON.stringify(diagnoseFlow(flow));
    for (const hop of flow.hops) {
      const cookie = hop.requestHeaders?.find((h) => h.name.toLowerCase() === 'cookie')?.value ?? '';
      const values = [
        ...cookie.split(';').map((p) => p.split('=').slice(1).join('=').trim()),
        ...['code', 'state', 'nonce', 'id_token', 'access_token'].map((p) => new URL(hop.url).searchParams.get(p)),
        ...Object.entries(hop.formData ?? {}).filter(([n]) => !n.startsWith('error') && !PUBLIC.includes(n)).flatMap(([, v]) => v),
      ];
      // The address of a page the flow went to is no secret (SimpleSAMLphp's RelayState is the
      // page to return to), as in crate/src/diagnosis/flow/fixtures.rs.
      const visited = (x) => flow.hops.some((h) => h.url.startsWith(x));
      for (const v of values.filter((x) => x && x.length >= 8 && !visited(x))) assert.ok(!json.includes(v), `${name}: ${v}`);
    }
  }
});

test('bad input is an Error that names the hop and the field', () => {
  const hop = { url: 'https://app.example/', statusCode: 200 };
  const cases = [
    [undefined, /hops|flow/],
    [{}, /hops/],
    [{ hops: {} }, /hops/],
    [{ hops: [hop, { ...hop, statusCode: '302' }] }, /\[1\].*statusCode/],
    [{ hops: [{ statusCode: 200 }] }, /\[0\].*url/],
    [{ hops: [hop, { ...hop, statusCode: 42 }] }, /hops\[1\]\.statusCode/],
    [{ hops: [{ ...hop, formData: { SAMLResponse: [7] } }] }, /formData.*SAMLResponse/],
    [{ hops: [], thirdPartyCookiesBlocked: 'yes' }, /thirdPartyCookiesBlocked/],
  ];
  for (const [input, pattern] of cases) assert.throws(() => diagnoseFlow(input), pattern, JSON.stringify(input));
  assert.deepEqual(diagnoseFlow({ hops: [] }), { failures: [], timeline: [] });
});
