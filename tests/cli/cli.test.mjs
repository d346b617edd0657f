// The built `authlens` on HAR files of each exporter and on curl's real output, in both
// languages and as JSON: what it says, its exit status, and its errors for bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CURL, HAR, SCRIPT, authlens, authlensJson, onTerminal } from './authlens.mjs';

const TMP = mkdtempSync(join(tmpdir(), 'authlens-cli-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

/** What each fixture must give: its failures' and flows' causes. */
const HARS = {
  'chrome-spa-token-expired': { failures: ['token-expired'], flows: [] },
  'chrome-sanitized-token-expired': { failures: ['token-expired'], flows: [], hidden: true },
  'firefox-login-loop': { failures: [], flows: ['cookie-rejected'] },
  'charles-nextcloud-wrong-password': { failures: ['credentials-rejected'], flows: [] },
  'httptoolkit-redirect-uri-mismatch': { failures: [], flows: ['redirect-uri-mismatch'] },
  'safari-wordpress-nonce': { failures: ['csrf-expired'], flows: [] },
};

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function assertFailureShape(f, where) {
  for (const key of ['url', 'status', 'cause', 'confidence', 'fixes', 'challenges']) assert.ok(key in f, `${where}: ${key}`);
  assert.ok(Number.isInteger(f.status) && f.status >= 100 && f.status <= 599, where);
  assert.match(f.cause, ID, where);
  assert.ok(f.confidence > 0 && f.confidence <= 1, where);
  assert.ok(f.fixes.length > 0 && f.fixes.every((x) => ID.test(x)), `${where}: fixes are ids`);
  assert.ok(f.challenges.every((c) => typeof c.scheme === 'string' && Array.isArray(c.params)), where);
}

function assertFlowShape(f, where) {
  for (const key of ['cause', 'confidence', 'fixes', 'hops']) assert.ok(key in f, `${where}: ${key}`);
  assert.match(f.cause, ID, where);
  assert.ok(f.fixes.length > 0 && f.fixes.every((x) => ID.test(x)), where);
  assert.ok(f.hops.length > 0, `${where}: a failure shows where it broke`);
  for (const hop of [...f.hops, ...f.timeline]) {
    assert.match(hop.url, /^https?:\/\/[^?]*(\?([^=&]+=…&?)+)?$/, `${where}: ${hop.url} is redacted`);
    assert.ok(Number.isInteger(hop.status) && typeof hop.kind === 'string', where);
  }
}

test('each exporter\'s HAR file gives its failures and flows, as JSON and with exit status 1', () => {
  for (const [name, want] of Object.entries(HARS)) {
    const { status, json, stderr } = authlensJson([HAR(name)]);
    assert.equal(status, 1, `${name}: ${stderr}`);
    assert.deepEqual(json.failures.map((f) => f.cause), want.failures, name);
    assert.deepEqual(json.flows.map((f) => f.cause), want.flows, name);
    json.failures.forEach((f, i) => assertFailureShape(f, `${name} failures[${i}]`));
    json.flows.forEach((f, i) => assertFlowShape(f, `${name} flows[${i}]`));
    assert.equal(json.summary.credentialsHidden, Boolean(want.hidden), name);
  }
});

const diagnosis = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/diagnosis.json`, import.meta.url)));
const popup = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/popup.json`, import.meta.url)));

test('text in English and Russian, from the extension\'s own words', () => {
  for (const lang of ['en', 'ru']) {
    const d = diagnosis(lang);
    const { status, stdout } = authlens(['--lang', lang, HAR('chrome-spa-token-expired')]);
    assert.equal(status, 1);
    for (const key of ['why_token_expired', 'cause_token_expired', 'fix_refresh_token']) {
      assert.ok(stdout.includes(d[key].message), `${lang}: ${key} in\n${stdout}`);
    }
    assert.ok(stdout.includes(d.report_title.message.replace('$1', '401')), lang);
    assert.ok(stdout.includes(popup(lang).popup_for_you.message), lang);
    assert.ok(stdout.includes('https://shop.example.com/api/orders'), lang);
    assert.ok(stdout.includes(d.evidence_token_expired_at.message.replace('$1', '2023-08-09T17:28:27Z')), `${lang}:\n${stdout}`);

    const flow = authlens(['--lang', lang, HAR('firefox-login-loop')]).stdout;
    assert.ok(flow.includes(d.report_flow_title.message.replace('$1', d.cause_cookie_rejected.message)), `${lang}:\n${flow}`);
    assert.ok(flow.includes(d.reason_samesite_none_insecure.message), `${lang}: the cookie's reason in words`);
    assert.ok(flow.includes(popup(lang).popup_timeline.message), lang);
    assert.match(flow, /id\.example-idp\.com\/oauth2\/authorize — GET 302/, lang);
    assert.doesNotMatch(flow, /\x1b\[/, `${lang}: no colour into a pipe`);
  }
  const ru = authlens(['--lang', 'ru', HAR('charles-nextcloud-wrong-password')]).stdout;
  assert.match(ru, /Прочитан 1 ответ: 1 отказ в доступе, 0 неудачных входов\./);
});

test('the language comes from LC_ALL, LC_MESSAGES, LANG in that order', () => {
  const lang = (env) => (/Отказ в доступе/.test(authlens([HAR('safari-wordpress-nonce')], { env }).stdout) ? 'ru' : 'en');
  assert.equal(lang({}), 'en');
  assert.equal(lang({ LANG: 'ru_RU.UTF-8' }), 'ru');
  assert.equal(lang({ LANG: 'ru_RU.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }), 'en');
  assert.equal(lang({ LANG: 'en_US.UTF-8', LC_ALL: 'ru_RU.UTF-8' }), 'ru');
  assert.equal(lang({ LANG: 'ru_RU.UTF-8', LC_ALL: '' }), 'ru', 'an empty variable is skipped');
  assert.equal(lang({ LANG: 'de_DE.UTF-8' }), 'en');
  assert.match(authlens(['--lang=en', HAR('safari-wordpress-nonce')], { env: { LANG: 'ru_RU.UTF-8' } }).stdout, /Access refused/);
});

test('curl -si output on stdin: one response, its address unknown unless given', () => {
  const text = authlens(['-'], { input: CURL('basic-si') });
  assert.equal(text.status, 1);
  assert.match(text.stdout, /Access refused: HTTP 401 — GET \(address not in the input: curl -i does not print it\) \[line 1\]/);
  assert.match(text.stdout, /Basic realm="Restricted"/);
  const { json } = authlensJson(['-'], { input: CURL('basic-si') });
  assert.equal(json.failures[0].url, null);
  assert.equal(json.failures[0].cause, 'credentials-missing');
  assert.deepEqual(json.failures[0].source, { line: 1 });
  const given = authlensJson(['--url', 'http://127.0.0.1:8401/basic/exchange?ticket=abc', '-'], { input: CURL('basic-si') }).json;
  assert.equal(given.failures[0].url, 'http://127.0.0.1:8401/basic/exchange?ticket=…');
  for (const [name, cause] of [['proxy-407-si', 'proxy-auth'], ['laravel-419-continue-si', 'csrf-expired']]) {
    const r = authlensJson(['-'], { input: CURL(name) });
    assert.equal(r.status, 1, name);
    assert.deepEqual(r.json.failures.map((f) => f.cause), [cause], name);
  }
});

test('curl -sv output: the request\'s headers and address from curl\'s own lines', () => {
  const basic = authlensJson(['-'], { input: CURL('basic-sv') }).json.failures[0];
  assert.equal(basic.url, 'http://127.0.0.1:8401/basic/exchange');
  assert.equal(basic.cause, 'credentials-missing');
  assert.ok(basic.evidence.some((e) => e.id === 'no-authorization-sent'), 'curl -v shows what was sent');
  for (const name of ['bearer-expired-sv', 'bearer-expired-h2-sv']) {
    const { status, json } = authlensJson(['-'], { input: CURL(name) });
    assert.equal(status, 1, name);
    assert.equal(json.failures[0].cause, 'token-expired', name);
    assert.ok(json.failures[0].evidence.some((e) => e.id === 'token-expired-at'), `${name}: the token's own expiry was read`);
    assert.ok(!json.failures[0].evidence.some((e) => e.id === 'body-unread'), `${name}: curl printed the body, an empty one`);
  }
  assert.equal(authlensJson(['-'], { input: CURL('bearer-expired-h2-sv') }).json.failures[0].url, 'https://localhost:8497/api/orders');
  const ru = authlens(['--lang', 'ru', '-'], { input: CURL('bearer-expired-sv') });
  assert.ok(ru.stdout.includes(diagnosis('ru').cause_token_expired.message), ru.stdout);
  assert.match(ru.stdout, /\[строка 9\]/);
});

test('curl -L through the lab\'s sign-in: the chain is one flow', () => {
  const start = 'http://127.0.0.1:8401/trail-test/start?outcome=deny';
  for (const [name, args] of [['oauth-denied-siL', ['--url', start]], ['oauth-denied-svL', []]]) {
    const { status, json } = authlensJson([...args, '-'], { input: CURL(name) });
    assert.equal(status, 1, name);
    assert.deepEqual(json.failures, [], name);
    assert.deepEqual(json.flows.map((f) => f.cause), ['oauth-error'], name);
    const flow = json.flows[0];
    assert.deepEqual(flow.timeline.map((s) => [s.status, s.kind]),
      [[302, 'page'], [302, 'authorization-request'], [200, 'authorization-response']], name);
    assert.ok(flow.evidence.some((e) => e.id === 'oauth-error-code' && e.args[0] === 'access_denied'), `${name}: ${JSON.stringify(flow.evidence)}`);
    assert.match(flow.timeline[1].url, /^http:\/\/localhost:8401\/trail-test\/authorize\?response_type=…/, name);
  }
  const mismatch = authlensJson(['--url', 'http://127.0.0.1:8401/trail-test/start?callback=elsewhere', '-'], { input: CURL('redirect-uri-mismatch-siL') });
  assert.deepEqual(mismatch.json.flows.map((f) => f.cause), ['redirect-uri-mismatch']);
  const ru = authlens(['--lang', 'ru', '-'], { input: CURL('oauth-denied-svL') }).stdout;
  assert.ok(ru.includes(diagnosis('ru').report_flow_title.message.replace('$1', diagnosis('ru').cause_oauth_error.message)), ru);
});

test('without -s, curl\'s progress meter (2>&1 mixes it in) is left out: the same verdicts', () => {
  const url = 'http://127.0.0.1:8401/basic/exchange';
  const verdicts = (name, args = []) => {
    const { status, json } = authlensJson([...args, '-'], { input: CURL(name) });
    return { status, failures: json.failures.map((f) => [f.url, f.status, f.cause]), flows: json.flows.map((f) => [f.cause, f.timeline.length]) };
  };
  for (const [noisy, silent, args] of [['basic-i-meter', 'basic-si', ['--url', url]], ['basic-v-meter', 'basic-sv'], ['oauth-denied-vL-meter', 'oauth-denied-svL']]) {
    const got = verdicts(noisy, args);
    assert.equal(got.status, 1, noisy);
    assert.deepEqual(got, verdicts(silent, args), noisy);
  }
});

test('curl -siL through a redirect loop is one flow', () => {
  const round = ['HTTP/1.1 302 Found', 'Location: /login?next=%2Faccount', '', 'HTTP/1.1 302 Found', 'Location: /account', ''];
  const input = [...round, ...round, ...round, ...round].join('\r\n');
  const { status, json } = authlensJson(['--url', 'https://app.example/account', '-'], { input });
  assert.equal(status, 1);
  assert.deepEqual(json.flows.map((f) => f.cause), ['login-loop']);
  assert.equal(json.flows[0].timeline.length, 8);
  assert.deepEqual(json.failures, []);
});

test('curl stopped following a loop: its error ends the chain, wherever curl printed it', () => {
  // `-sS … 2>&1` puts curl's error before the responses (stderr is not buffered); `-sv` notes it.
  for (const name of ['login-loop-sSiL', 'login-loop-svL']) {
    const { status, json, stdout } = authlensJson(['--url', 'http://127.0.0.1:8402/account', '-'], { input: CURL(name) });
    assert.equal(status, 1, name);
    assert.deepEqual(json.flows.map((f) => f.cause), ['login-loop'], name);
    const stop = json.flows[0].evidence.find((e) => e.id === 'too-many-redirects');
    assert.deepEqual(stop?.args, ['curl: (47) Maximum (6) redirects followed'], name);
    assert.equal(json.flows[0].timeline.length, 7, name);
    assert.ok(!stdout.includes('s3cr3t-session'), `${name}: no cookie value`);
  }
  const unresolved = authlens(['-'], { input: CURL('unresolved-sS') });
  assert.equal(unresolved.status, 2);
  assert.equal(unresolved.stderr.trim(), 'authlens: stdin: no HTTP response in it; curl said “curl: (6) Could not resolve host: nowhere.invalid”');
});

test('a capture with nothing wrong exits 0 and says so', () => {
  const ok = { log: { version: '1.2', creator: { name: 'Firefox', version: '128.0' }, entries: [
    { startedDateTime: '2024-02-26T11:00:00.000+01:00', request: { method: 'GET', url: 'https://a.example/', headers: [{ name: 'Sec-Fetch-Dest', value: 'document' }] },
      response: { status: 200, headers: [], content: { text: '<!doctype html>', mimeType: 'text/html' }, redirectURL: '' } },
    { startedDateTime: '2024-02-26T11:00:00.100+01:00', request: { method: 'GET', url: 'https://a.example/missing', headers: [] },
      response: { status: 404, headers: [], redirectURL: '' } },
  ] } };
  const file = join(TMP, 'fine.har');
  writeFileSync(file, JSON.stringify(ok));
  const r = authlens([file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Read 2 responses: 0 authentication failures, 0 failed sign-ins\.\nNo authentication failure/);
  const { json } = authlensJson([file]);
  assert.deepEqual([json.failures, json.flows], [[], []]);
});

test('a challenge curl answered is no failure: --proxy-anyauth\'s 407, then the page through the proxy', () => {
  for (const name of ['proxy-anyauth-answered-sv', 'proxy-anyauth-answered-si']) {
    const r = authlens(['-'], { input: CURL(name) });
    assert.equal(r.status, 0, `${name}: ${r.stdout}`);
    assert.match(r.stdout, /Read 2 responses: 0 authentication failures, 0 failed sign-ins\./, name);
  }
});

test('input it cannot read: exit 2 and a message naming the line or field, never a panic', () => {
  const entry = (status) => ({ request: { method: 'GET', url: 'https://a.example/', headers: [] }, response: { status, headers: [] } });
  writeFileSync(join(TMP, 'capture.har'), JSON.stringify({ log: { entries: [entry(200), entry(401), entry(200), entry('401')] } }));
  const whole = readFileSync(HAR('chrome-spa-token-expired'), 'utf8');
  writeFileSync(join(TMP, 'truncated.har'), whole.slice(0, Math.floor(whole.length * 0.8)));
  writeFileSync(join(TMP, 'empty.har'), '');
  const cases = [
    [['capture.har'], {}, 'capture.har: log.entries[3].response.status: expected a number'],
    [['truncated.har'], {}, /^authlens: truncated\.har: log\.entries\[2\], line \d+, column \d+: the file ends here \(truncated\?\)$/m],
    [['empty.har'], {}, 'empty.har: empty input'],
    [['-'], { input: 'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic\nServer: nginx\nnot a header\n\n' }, 'stdin line 4: not a header line'],
    [['-'], { input: '{"log":{"entries":[{"request":{"method":"GET","url":"https://a/"},"response":{"status":401,"headers":[{"value":"x"}]}}]}}' },
      'stdin: log.entries[0].response.headers[0]: expected a header { name, value }'],
    [['-'], { input: '{"not":"a har"}' }, 'stdin: log.entries: missing'],
    [['-'], { input: 'hello\n' }, 'stdin line 1: not an HTTP response'],
    [['-'], { input: '' }, 'stdin: empty input'],
    [['no-such.har'], {}, 'no-such.har: no such file'],
    [[TMP], {}, 'is a directory'],
  ];
  for (const [args, options, want] of cases) {
    const r = authlens(args, { cwd: TMP, ...options });
    assert.equal(r.status, 2, `${args}: ${r.stderr}`);
    if (typeof want === 'string') assert.ok(r.stderr.includes(want), `${args}: ${r.stderr}`);
    else assert.match(r.stderr, want);
    assert.doesNotMatch(r.stderr, /panicked|RUST_BACKTRACE/);
    assert.equal(r.stdout, '', `${args}: nothing on stdout for input that cannot be read`);
  }
});

test('--help, --version, and usage errors as a well-behaved tool has them', () => {
  const help = authlens(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: authlens/);
  assert.match(help.stdout, /--json/);
  assert.equal(authlens(['-h']).stdout, help.stdout);
  const version = authlens(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^authlens \d+\.\d+\.\d+\n$/);
  for (const args of [['--frobnicate'], ['-x', 'a.har'], ['--lang', 'fr', 'a.har'], ['--lang'], ['a.har', 'b.har'], ['--json=yes', 'a.har']]) {
    const r = authlens(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /Usage: authlens/, args.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.match(authlens(['--frobnicate']).stderr, /unknown option --frobnicate/);
});

test('colour only on a terminal, and never with NO_COLOR', { skip: !SCRIPT && 'no util-linux script' }, () => {
  const plain = authlens([HAR('chrome-spa-token-expired')]).stdout;
  const coloured = onTerminal([HAR('chrome-spa-token-expired')]);
  assert.match(coloured, /\x1b\[1;31mAccess refused: HTTP 401\x1b\[0m/);
  // eslint-disable-next-line no-control-regex
  assert.equal(coloured.replace(/\x1b\[[0-9;]*m/g, '').replaceAll('\r\n', '\n'), plain, 'the same text, coloured');
  assert.doesNotMatch(onTerminal([HAR('chrome-spa-token-expired')], { NO_COLOR: '1' }), /\x1b\[/);
  assert.match(onTerminal([HAR('chrome-spa-token-expired')], { NO_COLOR: '' }), /\x1b\[1;31m/, 'an empty NO_COLOR is no request (no-color.org)');
});
