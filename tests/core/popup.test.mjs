// renderPopup reads the stored page (failed sign-in flows and failed requests, JSON-compatible
// objects as chrome.storage gives them back) through the wasm boundary's deserializer. The DOM
// here is a minimal stand-in; the real one is exercised by the end-to-end tests in both
// browsers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures, flowFixtures } from '../../scripts/bench/fixtures.mjs';
import { diagnose, diagnoseFlow, registrableDomain, renderPopup, reportOf } from './core.mjs';
import { builtMessages, countedMessages, messages } from './messages.mjs';

class Node {
  constructor(tag, doc) {
    Object.assign(this, { tag, ownerDocument: doc, children: [], attributes: {}, className: '', text: null });
  }
  appendChild(child) { this.children.push(child); return child; }
  setAttribute(name, value) { this.attributes[name] = value; }
  set textContent(text) { this.text = text; if (text == null) this.children = []; }
  find(pred) { return pred(this) ? this : this.children.map((c) => c.find(pred)).find(Boolean); }
  findAll(pred) { return [...(pred(this) ? [this] : []), ...this.children.flatMap((c) => c.findAll(pred))]; }
  /** What the element reads as: its own text and its children's, in order. */
  get textContent() { return [this.text ?? '', ...this.children.map((c) => c.textContent)].join(''); }
}
const document = {
  createElement: (tag) => new Node(tag, document),
  createTextNode: (text) => Object.assign(new Node('#text', document), { text }),
};
// Keys for text, so that tests read what was asked for; the messages count as Russian does,
// so that a counted message shows which of its forms was asked for.
const t = (key, args) => (key === 'plural_rules' ? 'ru' : `${key}(${args.join('|')})`);

test('a stored diagnosis renders its cause and its fixes', () => {
  for (const { name, event } of fixtures()) {
    const diagnosis = diagnose(event);
    const root = new Node('main', document);
    renderPopup(root, JSON.parse(JSON.stringify({ failures: [{ url: event.url, diagnosis }] })), t);
    assert.equal(root.find((n) => n.attributes['data-cause'])?.attributes['data-cause'], diagnosis.cause.id, name);
    const fixes = [];
    root.find((n) => { if (n.attributes['data-fix']) fixes.push(n.attributes['data-fix']); return false; });
    // "What you can do" first, then "What the site owner can do", each in the core's order.
    const of = (audience) => diagnosis.fixes.filter((f) => f.audience === audience).map((f) => f.id);
    assert.deepEqual(fixes, [...of('visitor'), ...of('owner')], name);
  }
});

/** Every text in the rendered tree, in document order. */
const texts = (node) => [node.text, ...node.children.flatMap(texts)].filter((x) => typeof x === 'string');

test('documents come first, then requests grouped by origin, the first one open', () => {
  const [{ event }] = fixtures();
  const diagnosis = JSON.parse(JSON.stringify(diagnose(event)));
  const failure = (url, type) => ({ url, type, method: 'GET', statusCode: 401, diagnosis });
  const root = new Node('main', document);
  renderPopup(root, { failures: [failure('https://api.b.test/1', 'xmlhttprequest'), failure('https://a.test/', 'main_frame'),
    failure('https://api.c.test/2', 'fetch'), failure('https://api.b.test/3', 'xmlhttprequest')] }, t);
  const order = texts(root).filter((s) => s.startsWith('popup_group') || s.startsWith('https://'));
  assert.deepEqual(order, ['popup_group_page()', 'https://a.test/', 'popup_group_origin(https://api.b.test)',
    'https://api.b.test/1', 'https://api.b.test/3', 'popup_group_origin(https://api.c.test)', 'https://api.c.test/2']);
  const entries = [];
  root.find((n) => { if (n.className === 'failure') entries.push('open' in n.attributes); return false; });
  assert.deepEqual(entries, [true, false, false, false]);
});

test('a long value shows its start and the whole on demand', () => {
  const [{ event }] = fixtures();
  const diagnosis = JSON.parse(JSON.stringify(diagnose(event)));
  const long = `https://a.test/${'x'.repeat(70_000)}`;
  const root = new Node('main', document);
  renderPopup(root, { failures: [{ url: long, type: 'main_frame', diagnosis }] }, t);
  const url = root.find((n) => n.className === 'url');
  assert.equal(url.text.length, 121);
  assert.ok(url.text.endsWith('…'));
  assert.equal(root.find((n) => n.className === 'whole-text').text, long);
});

test('an entry that cannot be read is reported in its place; the others still render', () => {
  const [{ event }] = fixtures();
  const diagnosis = JSON.parse(JSON.stringify(diagnose(event)));
  const root = new Node('main', document);
  const warn = console.warn;
  const warned = [];
  console.warn = (...args) => warned.push(args.join(' '));
  try {
    renderPopup(root, { failures: [{ url: 1 }, { url: 'https://a.test/', type: 'main_frame', diagnosis }], flows: [{ failure: { cause: 'nope' } }] }, t);
  } finally {
    console.warn = warn;
  }
  assert.ok(texts(root).includes('popup_unreadable_few(2)'));
  assert.equal(root.find((n) => n.attributes['data-cause'])?.attributes['data-cause'], diagnosis.cause.id);
  assert.match(warned.join('\n'), /invalid type: floating point `1(\.0)?`, expected a string/);
  assert.match(warned.join('\n'), /nope/);
});

// A failed sign-in as the background stores it: a cookie refused, so the app sent the browser
// back to sign in. Shaped after crate/src/diagnosis/flow's FlowFailure and Step.
const step = (url, method, status, kind, frame) => ({ url, method, status, kind, frame });
const loginFlow = () => ({
  id: 'flow-1',
  time: 1_700_000_000_000,
  failure: {
    cause: 'cookie-rejected',
    confidence: 0.9,
    evidence: [
      { id: 'cookie-refused', args: ['sid', 'samesite-none-insecure'] },
      { id: 'sign-in-repeated', args: ['login.example.net', '3'] },
    ],
    alternatives: [{ id: 'login-loop', confidence: 0.6, evidence: [{ id: 'too-many-redirects', args: ['net::ERR_TOO_MANY_REDIRECTS'] }] }],
    fixes: [
      { id: 'fix-cookie-attributes', audience: 'owner' },
      { id: 'clear-site-cookies', audience: 'visitor', action: 'clear-site-cookies' },
      { id: 'restart-sign-in', audience: 'visitor', action: 'restart-sign-in' },
      { id: 'copy-report', audience: 'owner', action: 'copy-report' },
    ],
    hops: [1, 5],
  },
  timeline: [
    step('https://app.example.com/', 'GET', 302, 'page', 'top'),
    step('https://app.example.com/callback?code=…&state=…', 'GET', 302, 'authorization-response', 'top'),
    step('https://cdn.example.org/a.js', 'GET', 200, 'page', 'script'),
    step('https://cdn.example.org/b.js', 'GET', 200, 'page', 'script'),
    step('https://app.example.com/api/me', 'GET', 200, 'page', 'script'),
    step('https://login.example.net/authorize?client_id=…', 'GET', 302, 'authorization-request', 'top'),
    step('https://login.example.net/check', 'GET', 0, 'page', 'frame'),
  ],
});

const byClass = (root, name) => root.findAll((n) => n.className.split(' ').includes(name));

test('a failed sign-in leads: its why is the headline, its section comes first, the requests stay closed', () => {
  const [{ event }] = fixtures();
  const diagnosis = JSON.parse(JSON.stringify(diagnose(event)));
  const root = new Node('main', document);
  renderPopup(root, { failures: [{ url: 'https://app.example.com/', type: 'main_frame', statusCode: 401, diagnosis }], flows: [loginFlow()] }, t);
  assert.equal(root.children[0].className, 'headline');
  assert.equal(root.children[0].text, 'why_cookie_rejected()');
  assert.equal(root.find((n) => n.className === 'count').text, 'popup_count_few(2)');
  assert.deepEqual(byClass(root, 'group-title').map((n) => n.text), ['popup_group_sign_in()', 'popup_group_page()']);
  const [flow] = byClass(root, 'flow');
  assert.deepEqual([flow.attributes['data-cause'], flow.attributes['data-flow']], ['cookie-rejected', '0']);
  assert.equal(flow.find((n) => n.className === 'confidence').text, 'popup_confidence_high(90)');
  assert.ok(byClass(root, 'failure').every((n) => !('open' in n.attributes)), 'the failed request is closed');
  // Status and title read as one phrase, with a space in the text itself.
  assert.equal(byClass(root, 'failure')[0].find((n) => n.tag === 'summary').textContent, `401 cause_${diagnosis.cause.id.replaceAll('-', '_')}()`);
});

test('a cookie refused says why in words, through its reason id', () => {
  const root = new Node('main', document);
  renderPopup(root, { flows: [loginFlow()] }, t);
  const evidence = byClass(root, 'flow')[0].find((n) => n.className === 'evidence').children.map((n) => n.text);
  assert.deepEqual(evidence, ['evidence_cookie_refused(sid|reason_samesite_none_insecure())', 'evidence_sign_in_repeated_few(login.example.net|3)']);
});

test('the timeline has one step per hop, numbered as the hops, the broken ones marked, plain runs folded', () => {
  const record = loginFlow();
  const root = new Node('main', document);
  renderPopup(root, { flows: [record] }, t);
  const steps = byClass(root, 'step');
  assert.deepEqual(steps.map((s) => s.attributes.value), ['1', '2', '3', '4', '5', '6', '7']);
  assert.deepEqual(steps.map((s) => s.attributes['data-kind']), record.timeline.map((s) => s.kind));
  assert.deepEqual(steps.map((s) => s.attributes['data-frame']), record.timeline.map((s) => s.frame));
  assert.deepEqual(byClass(root, 'broken').map((s) => s.attributes.value), ['2', '6']);
  const [fold] = byClass(root, 'fold');
  assert.equal(fold.find((n) => n.tag === 'summary').text, 'popup_timeline_folded_few(3)');
  assert.deepEqual(byClass(fold, 'step').map((s) => s.attributes.value), ['3', '4', '5']);
  assert.deepEqual(steps.map((s) => s.textContent), [
    'app.example.com/ — GET 302, step_page()',
    'app.example.com/callback — GET 302, step_authorization_response() popup_step_broken()',
    'cdn.example.org/a.js — GET 200, step_script_request()',
    'cdn.example.org/b.js — GET 200, step_script_request()',
    'app.example.com/api/me — GET 200, step_script_request()',
    'login.example.net/authorize — GET 302, step_authorization_request() popup_step_broken()',
    // A hop that ended without a response shows no status.
    'login.example.net/check — GET, step_page_in_frame()',
  ]);
});

test('a failed sign-in\'s fixes come for you, then for the owner, each with its action, after its alternatives', () => {
  const root = new Node('main', document);
  renderPopup(root, { flows: [loginFlow()] }, t);
  const [flow] = byClass(root, 'flow');
  assert.deepEqual(flow.findAll((n) => n.attributes['data-fix']).map((n) => n.attributes['data-fix']),
    ['clear-site-cookies', 'restart-sign-in', 'fix-cookie-attributes', 'copy-report']);
  assert.deepEqual(flow.findAll((n) => n.tag === 'button').map((n) => n.attributes['data-action']),
    ['clear-site-cookies', 'restart-sign-in', 'copy-report']);
  const order = flow.children.map((n) => n.className);
  assert.ok(order.indexOf('timeline') < order.indexOf('alternatives') && order.indexOf('alternatives') < order.indexOf('fixes visitor'), order.join());
  assert.equal(flow.find((n) => n.className === 'alternative').attributes['data-cause'], 'login-loop');
});

test('a page that is not { failures, flows } is refused with a clear error', () => {
  const root = new Node('main', document);
  assert.throws(() => renderPopup(root, { failures: 'no' }, t), /page\.failures is not an array/);
  assert.throws(() => renderPopup(root, undefined, t), /expected the page/);
});

test('every text of a failed sign-in exists in English and Russian', () => {
  for (const lang of ['en', 'ru']) {
    const root = new Node('main', document);
    renderPopup(root, { flows: [loginFlow()] }, messages(lang));
    const shown = texts(root).join('\n');
    assert.doesNotMatch(shown, /\b(?:popup|step|why|cause|evidence|fix|action|reason)_[a-z_]+\b/, `${lang}: a key was shown instead of its text`);
    if (lang === 'en') {
      assert.ok(shown.includes('The browser refused the cookie sid: it is SameSite=None without Secure.'), shown);
      assert.equal(byClass(root, 'broken')[0].textContent, 'app.example.com/callback — GET 302, answer of the sign-in service — it broke here');
    }
  }
});

/**
 * A sign-in loop whose every hop carries secrets where real ones travel: state, nonce, code,
 * the provider's and the app's cookie values, an address in a login hint, an ID token in a
 * form_post, a SAML response and its RelayState. The app's cookie is refused (SameSite=None
 * without Secure), so the core finds failures in it: every part of the record is exercised.
 */
function secretLadenFlow() {
  const secrets = ['STATE-SECRET-', 'NONCE-SECRET-', 'CODE-SECRET-', 'IDP-COOKIE-SECRET', 'SESSION-COOKIE-SECRET', 'ID-TOKEN-SECRET',
    'PHNhbWxwOlJlc3BvbnNlIFNFQ1JFVC02Pg', 'RELAY-STATE-SECRET', 'alice@example.com'];
  const round = (n, at) => [
    { url: 'https://app.example.com/account', statusCode: 302, type: 'main_frame', timeStamp: at,
      redirectUrl: `https://login.example.net/authorize?client_id=app&response_type=code&state=STATE-SECRET-${n}&nonce=NONCE-SECRET-${n}` },
    { url: `https://login.example.net/authorize?client_id=app&response_type=code&state=STATE-SECRET-${n}&nonce=NONCE-SECRET-${n}&login_hint=alice@example.com`,
      statusCode: 302, type: 'main_frame', timeStamp: at + 500, requestHeaders: [{ name: 'Cookie', value: 'idp=IDP-COOKIE-SECRET' }],
      redirectUrl: `https://app.example.com/callback?code=CODE-SECRET-${n}&state=STATE-SECRET-${n}` },
    { url: `https://app.example.com/callback?code=CODE-SECRET-${n}&state=STATE-SECRET-${n}`, statusCode: 302, type: 'main_frame', timeStamp: at + 900,
      redirectUrl: 'https://app.example.com/account', responseHeaders: [{ name: 'Set-Cookie', value: 'sid=SESSION-COOKIE-SECRET; Path=/; SameSite=None' }] },
  ];
  const at = 1_700_000_000_000;
  return { secrets, flow: { hops: [...round(1, at), ...round(2, at + 2000), ...round(3, at + 4000),
    { url: 'https://app.example.com/oidc/form_post', method: 'POST', statusCode: 400, type: 'main_frame', timeStamp: at + 6000,
      formData: { error: ['access_denied'], state: ['STATE-SECRET-9'], id_token: ['ID-TOKEN-SECRET'] } },
    { url: 'https://sp.example.org/saml/acs', method: 'POST', statusCode: 500, type: 'sub_frame', frameId: 3, parentFrameId: 0,
      formData: { SAMLResponse: ['PHNhbWxwOlJlc3BvbnNlIFNFQ1JFVC02Pg'], RelayState: ['RELAY-STATE-SECRET'] } },
  ] } };
}

test('the core\'s own judgement of a sign-in loop renders as it judged it', () => {
  const judged = diagnoseFlow(secretLadenFlow().flow);
  const records = judged.failures.map((failure, i) => JSON.parse(JSON.stringify({ id: `f${i}`, time: 1, failure, timeline: judged.timeline })));
  const root = new Node('main', document);
  renderPopup(root, { flows: records }, t);
  assert.equal(root.children[0].text, `why_${records[0].failure.cause.replaceAll('-', '_')}()`);
  const sections = byClass(root, 'flow');
  assert.deepEqual(sections.map((n) => n.attributes['data-cause']), records.map((r) => r.failure.cause));
  for (const [i, { failure, timeline }] of records.entries()) {
    const steps = byClass(sections[i], 'step');
    assert.deepEqual(steps.map((n) => n.attributes['data-kind']), timeline.map((s) => s.kind));
    assert.deepEqual(byClass(sections[i], 'broken').map((n) => Number(n.attributes.value) - 1), failure.hops);
    const of = (audience) => failure.fixes.filter((f) => f.audience === audience).map((f) => f.id);
    assert.deepEqual(sections[i].findAll((n) => n.attributes['data-fix']).map((n) => n.attributes['data-fix']), [...of('visitor'), ...of('owner')]);
  }
  const refused = records.find((r) => r.failure.cause === 'cookie-rejected');
  assert.ok(refused, 'the refused cookie is found');
  assert.ok(texts(root).includes('evidence_cookie_refused(sid|reason_samesite_none_insecure())'));
});

test('no secret a sign-in carried reaches the popup or the report', () => {
  const { secrets, flow } = secretLadenFlow();
  const judged = diagnoseFlow(flow);
  assert.equal(judged.timeline.length, flow.hops.length);
  assert.ok(judged.failures.length > 0, 'the core finds the loop');
  // Whatever the rules find, and a failure naming every hop, so that every step is shown marked.
  const everyHop = { cause: 'login-loop', confidence: 0.9, evidence: [], alternatives: [], fixes: [], hops: flow.hops.map((_, i) => i) };
  const attributes = (node) => [...Object.values(node.attributes), ...node.children.flatMap(attributes)];
  for (const failure of [...judged.failures, everyHop]) {
    const record = JSON.parse(JSON.stringify({ id: 'f', time: 1_700_000_000_000, failure, timeline: judged.timeline }));
    const root = new Node('main', document);
    renderPopup(root, { flows: [record] }, messages('en'));
    const popup = [...texts(root), ...attributes(root)].join('\n');
    const report = reportOf(record, 'Chrome 156', messages('en'));
    assert.ok(popup.includes('login.example.net/authorize'), popup);
    assert.ok(report.includes('https://login.example.net/authorize?client_id=…&response_type=…&state=…'), report);
    for (const secret of secrets) {
      assert.ok(!popup.includes(secret), `the popup shows ${secret}:\n${popup}`);
      assert.ok(!report.includes(secret), `the report shows ${secret}:\n${report}`);
    }
  }
});

/**
 * The popup's actions against a stand-in of the extension API: one cookie store holding the
 * tab, cookies matched by domain as `cookies.getAll({ domain })` does (the domain and its
 * subdomains), and the tab's navigations recorded. The module keeps the API it found when first
 * imported, so each test swaps the stand-in's state, not the stand-in.
 */
const extension = { jar: [], navigations: [] };
async function actionsWith(jar) {
  Object.assign(extension, { jar, navigations: [] });
  const matches = (cookie, domain) => {
    const host = cookie.domain.replace(/^\./, '');
    return host === domain || host.endsWith(`.${domain}`);
  };
  globalThis.chrome ??= {
    webRequest: {},
    runtime: {},
    cookies: {
      getAllCookieStores: async () => [{ id: '0', tabIds: [7] }],
      getAll: async ({ domain, storeId }) => extension.jar.filter((c) => c.storeId === storeId && matches(c, domain)),
      remove: async ({ url, name, storeId }) => {
        const i = extension.jar.findIndex((c) => c.name === name && c.storeId === storeId && new URL(url).hostname === c.domain.replace(/^\./, ''));
        if (i >= 0) extension.jar.splice(i, 1);
      },
    },
    tabs: { update: async (id, props) => { extension.navigations.push([id, props]); } },
  };
  const actions = await import('../../extension/popup/actions.js');
  return { ...actions, navigations: extension.navigations };
}

const cookie = (domain, name) => ({ domain, name, path: '/', secure: true, storeId: '0' });
const tab = { id: 7, url: 'https://www.example.com/account' };

test('Clear cookies is offered for the tab\'s site, then for each other site of the sign-in that holds cookies', async () => {
  const jar = [cookie('www.example.com', 'a'), cookie('.example.net', 'idp'), cookie('login.example.net', 'sso'), cookie('other.test', 'x')];
  const { cookieSites, ACTIONS } = await actionsWith(jar);
  const { failures: [failure], timeline } = diagnoseFlow(secretLadenFlow().flow);
  const flows = [loginFlow(), { failure, timeline }];
  // cdn.example.org and sp.example.org hold no cookie: not offered; example.net, in both flows, once.
  assert.deepEqual(await cookieSites(tab, flows, { registrableDomain }), ['example.com', 'example.net']);
  const button = { dataset: { site: 'example.net' } };
  assert.deepEqual(await ACTIONS['clear-site-cookies']({ tab, core: { registrableDomain }, button }), ['notice_cookies_cleared', ['2', 'example.net']]);
  assert.deepEqual(jar.map((c) => c.name), ['a', 'x'], 'no other site\'s cookie is touched');
  // The button a fix carries names no site: the tab's own.
  assert.deepEqual(await ACTIONS['clear-site-cookies']({ tab, core: { registrableDomain }, button: { dataset: {} } }), ['notice_cookies_cleared', ['1', 'example.com']]);
});

test('Start again opens the origin where the clicked sign-in started, in the tab', async () => {
  const { ACTIONS, navigations } = await actionsWith([]);
  const second = { ...loginFlow(), timeline: [step('https://sso.example.org/saml', 'POST', 200, 'saml-response', 'frame'), step('https://shop.example.com:8443/cart?x=…', 'GET', 302, 'page', 'top')] };
  const inFlow = (index) => ({ closest: (selector) => (selector === '[data-flow]' ? { dataset: { flow: String(index) } } : null) });
  assert.deepEqual(await ACTIONS['restart-sign-in']({ tab, flows: [loginFlow(), second], button: inFlow(1) }), ['notice_restarting', ['https://shop.example.com:8443']]);
  assert.deepEqual(await ACTIONS['restart-sign-in']({ tab, flows: [loginFlow(), second], button: { closest: () => null } }), ['notice_restarting', ['https://app.example.com']]);
  // A sign-in seen only in frames starts again from the tab's own page.
  const framed = { ...loginFlow(), timeline: [step('https://idp.example.net/authorize?prompt=…', 'GET', 200, 'authorization-request', 'frame')] };
  assert.deepEqual(await ACTIONS['restart-sign-in']({ tab, flows: [framed] }), ['notice_restarting', ['https://www.example.com']]);
  assert.deepEqual(navigations, [[7, { url: 'https://shop.example.com:8443' }], [7, { url: 'https://app.example.com' }], [7, { url: 'https://www.example.com' }]]);
  assert.deepEqual(await ACTIONS['restart-sign-in']({ tab: { id: 7, url: 'about:blank' }, flows: [framed] }), ['notice_nothing_to_restart', []]);
});

test('the cookie settings steps name this browser and the tab\'s site', async () => {
  const { ACTIONS } = await actionsWith([]);
  // The stand-in has no runtime.getBrowserInfo: it is Chrome.
  assert.deepEqual(await ACTIONS['cookie-settings']({ tab, flows: [loginFlow()], core: { registrableDomain } }), ['notice_cookie_settings_chrome', ['example.com']]);
});

test('Copy report reports the first failed sign-in when there is one', async () => {
  const { ACTIONS } = await actionsWith([]);
  const shown = {};
  globalThis.document = { getElementById: (id) => (shown[id] ??= {}) };
  let copied;
  globalThis.navigator = { userAgent: 'Test browser', clipboard: { writeText: async (text) => { copied = text; } } };
  const [{ event }] = fixtures();
  const failure = JSON.parse(JSON.stringify({ url: event.url, method: 'GET', type: 'main_frame', diagnosis: diagnose(event) }));
  const loadReport = async () => ({ reportOf });
  assert.deepEqual(await ACTIONS['copy-report']({ failures: [failure], flows: [loginFlow()], loadReport, t: messages('en') }), ['notice_report_copied', []]);
  assert.match(copied, /^## Sign-in failed: Cookie refused by the browser\n/);
  assert.match(copied, /2\. `GET https:\/\/app\.example\.com\/callback\?code=…&state=…` 302, answer of the sign-in service \*\*← it broke here\*\*/);
  assert.equal(shown['report-text'].textContent, copied);
  await ACTIONS['copy-report']({ failures: [failure], flows: [], loadReport, t: messages('en') });
  assert.match(copied, /^## Access refused: HTTP/);
});

test('counted evidence reads in its form in the popup and in the report', () => {
  const keys = new Set(countedMessages());
  const countedEvidence = (diagnosis) => [diagnosis.cause, ...diagnosis.alternatives]
    .flatMap((c) => c.evidence)
    .filter((e) => keys.has(`evidence_${e.id.replaceAll('-', '_')}`));
  const judged = fixtures().map(({ event }) => ({ event, diagnosis: diagnose(event) })).filter(({ diagnosis }) => countedEvidence(diagnosis).length > 0);
  assert.ok(judged.filter(({ diagnosis }) => countedEvidence({ ...diagnosis, alternatives: [] }).length > 0).length >= 3, 'causes with counted evidence');
  for (const lang of ['en', 'ru']) {
    const all = builtMessages(lang);
    const icu = new Intl.PluralRules(lang);
    for (const { event, diagnosis } of judged) {
      const record = JSON.parse(JSON.stringify({ url: event.url, method: event.method, type: event.type, diagnosis }));
      const root = new Node('main', document);
      renderPopup(root, { failures: [record] }, messages(lang));
      const popup = texts(root);
      const report = reportOf(record, 'Chrome 156', messages(lang));
      for (const e of countedEvidence(diagnosis)) {
        // Every argument of these is its count: the form ICU gives it, filled as Chrome fills it.
        const form = all[`evidence_${e.id.replaceAll('-', '_')}_${icu.select(Number(e.args[0]))}`].message;
        const expected = form.replace(/\$(\d)/g, (_, n) => e.args[n - 1]);
        assert.ok(popup.includes(expected), `${lang} popup: ${expected}`);
        // The report tells the cause's evidence, not the alternatives'.
        if (diagnosis.cause.evidence.includes(e)) assert.ok(report.includes(expected), `${lang} report: ${expected}`);
      }
    }
  }
});

// Elements HTML itself puts on lines of their own; every other one flows inline with its
// neighbours, whatever a style sheet later makes of it.
const BLOCKS = new Set(['main', 'section', 'div', 'p', 'h1', 'h2', 'h3', 'h4', 'ol', 'ul', 'li', 'dl', 'dt', 'dd', 'details', 'summary']);

/**
 * The text as lines, each a list of the pieces (one per text node) that read as one run: what
 * a screen reader's line or copied text holds where no style sheet separates them.
 */
function lines(node, out = [[]]) {
  const block = BLOCKS.has(node.tag);
  if (block) out.push([]);
  if (node.text) out.at(-1).push(node.text);
  for (const child of node.children) lines(child, out);
  if (block) out.push([]);
  return out;
}

/** Where two pieces of one line meet inside a word: `401` + `Missing…` → "401Missing". */
function runTogether(root) {
  const found = [];
  for (const pieces of lines(root)) {
    for (let i = 1; i < pieces.length; i++) {
      if (/[\p{L}\p{N}…]$/u.test(pieces[i - 1]) && /^[\p{L}\p{N}]/u.test(pieces[i])) {
        found.push(`${pieces[i - 1].slice(-20)}|${pieces[i].slice(0, 20)}`);
      }
    }
  }
  return found;
}

test('the popup read without its style runs no two elements\' words together', () => {
  const long = `https://a.test/${'x'.repeat(300)}`;
  const failures = fixtures().map(({ event }) => JSON.parse(JSON.stringify({
    url: event.url, method: event.method, type: event.type, statusCode: event.statusCode, diagnosis: diagnose(event),
  })));
  // A value cut short beside its disclosure, and a failure the core did not judge.
  failures.push({ ...failures[0], url: long }, { url: 'https://b.test/', statusCode: 401, challenges: ['Basic realm="b"', 'Bearer'] });
  const flows = flowFixtures().flatMap(({ flow }) => {
    const { failures: judged, timeline } = diagnoseFlow(flow);
    return judged.map((failure) => JSON.parse(JSON.stringify({ failure, timeline })));
  });
  assert.ok(flows.length > 10 && failures.length > 100);
  for (const lang of ['en', 'ru']) {
    const root = new Node('main', document);
    renderPopup(root, { failures, flows }, messages(lang));
    assert.deepEqual(runTogether(root), [], lang);
  }
  // The check itself: a status beside its title with nothing between them is caught.
  const summary = Object.assign(new Node('summary', document), { children: [
    Object.assign(new Node('span', document), { text: '403' }), Object.assign(new Node('span', document), { text: 'Too many requests' })] });
  assert.deepEqual(runTogether(summary), ['403|Too many requests']);
});
