// The HAR page in each real browser: HAR files exported by Chrome and by Firefox from lab
// scenarios (tests/har/*-lab.har, recorded by tests/support/record-har.mjs), and files in
// other tools' shapes (tests/cli/har: Safari, Charles, HTTP Toolkit, Chrome sanitized;
// tests/har/fiddler-*.har) are dropped on it, and what it finds is what the lab expects.
// Broken files are refused where they break; a 10 MB file shows its progress and its first
// finding before the end; secrets planted in every field of an entry never reach the page,
// the curl command or the exported HAR.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/paths.mjs';
import { SCENARIOS } from '../lab/scenarios.mjs';
import { RECORDED } from '../support/record-har.mjs';
import { message } from '../support/scenario.mjs';
import { inEachBrowser } from '../support/suite.mjs';

const read = (...path) => readFileSync(join(ROOT, ...path), 'utf8');

/** Drops `text` on the page as the file `name`, as a person drags it from their files. */
function drop(page, name, text) {
  return page.evaluate((n, t) => {
    document.getElementById('status').dataset.state = '';
    const files = new DataTransfer();
    files.items.add(new File([t], n, { type: 'application/json' }));
    const zone = document.getElementById('zone');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }));
    }
  }, name, text);
}

/** Waits for the file to be read (or refused): `{ state, status, causes }`. */
async function outcome(page, timeout = 30_000) {
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('status').dataset.state), { timeout });
  return page.evaluate(() => ({
    state: document.getElementById('status').dataset.state,
    status: document.getElementById('status').textContent,
    causes: [...document.querySelectorAll('.finding')].map((r) => `${r.classList.contains('flow') ? 'flow' : 'failure'} ${r.dataset.cause}`),
  }));
}

/** A HAR entry with a distinct secret in every field a HAR file has (and two JWT parts). */
function secretEntry() {
  const jwtPart = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = `${jwtPart({ alg: 'RS256', kid: 'k1' })}.${jwtPart({ sub: 'u', exp: 1, nonce: 'SECRET-NONCE-CLAIM' })}.SECRET-JWT-SIGNATURE-PART`;
  const secrets = ['SECRET-QUERY-VALUE', 'SECRET-USERINFO', 'SECRET-COOKIE-HEADER', 'SECRET-CUSTOM-HEADER',
    'SECRET-API-KEY', 'SECRET-FORM-PASSWORD', 'SECRET-FORM-FIELD', 'SECRET-REQUEST-COOKIE', 'SECRET-SET-COOKIE',
    'SECRET-RESPONSE-COOKIE', 'SECRET-LOCATION-CODE', 'SECRET-REDIRECT-STATE', 'SECRET-NONCE-CLAIM',
    'SECRET-JWT-SIGNATURE-PART', 'SECRET-CSRF', 'SECRET-PARAM-VALUE', 'SECRET-PROXY-PASSWORD', 'SECRET-BASIC-PASSWORD'];
  const basic = Buffer.from('alice:SECRET-BASIC-PASSWORD').toString('base64');
  const proxy = Buffer.from('proxyuser:SECRET-PROXY-PASSWORD').toString('base64');
  const entry = {
    startedDateTime: '2026-12-07T10:00:00.000Z', time: 12, _resourceType: 'fetch',
    request: {
      method: 'POST', url: 'https://SECRET-USERINFO:pw@api.example.com/v1/login?session=SECRET-QUERY-VALUE&client_id=app',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Authorization', value: `Bearer ${jwt}` },
        { name: 'Proxy-Authorization', value: `Basic ${proxy}` },
        { name: 'Cookie', value: 'sid=SECRET-COOKIE-HEADER' },
        { name: 'X-Session-Hint', value: 'SECRET-CUSTOM-HEADER' },
        { name: 'X-API-Key', value: 'SECRET-API-KEY' },
        { name: 'X-CSRF-Token', value: 'SECRET-CSRF' },
        { name: 'Content-Type', value: 'application/x-www-form-urlencoded' },
      ],
      queryString: [{ name: 'session', value: 'SECRET-QUERY-VALUE' }],
      cookies: [{ name: 'sid', value: 'SECRET-REQUEST-COOKIE' }],
      postData: { mimeType: 'application/x-www-form-urlencoded', text: 'password=SECRET-FORM-PASSWORD&remember=SECRET-FORM-FIELD',
        params: [{ name: 'password', value: 'SECRET-FORM-PASSWORD' }, { name: 'hint', value: 'SECRET-PARAM-VALUE' }] },
      headersSize: -1, bodySize: 40,
    },
    response: {
      status: 401, statusText: 'Unauthorized', httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token", error_description="token SECRET-JWT-SIGNATURE-PART for SECRET-COOKIE-HEADER"' },
        { name: 'Set-Cookie', value: 'sid=SECRET-SET-COOKIE; Path=/; HttpOnly' },
        { name: 'Location', value: 'https://app.example.com/cb?code=SECRET-LOCATION-CODE' },
      ],
      cookies: [{ name: 'sid', value: 'SECRET-RESPONSE-COOKIE' }],
      content: { size: 80, mimeType: 'application/json', text: '{"error":"invalid_token","echo":"SECRET-API-KEY SECRET-FORM-PASSWORD"}' },
      redirectURL: 'https://app.example.com/cb?state=SECRET-REDIRECT-STATE', headersSize: -1, bodySize: 80,
    },
    cache: {}, timings: { send: 1, wait: 10, receive: 1 },
  };
  return { entry, secrets: [...secrets, jwt, basic, proxy] };
}

/** A HAR file of `entries`, as `creator` writes one. */
const harOf = (entries, creator = 'WebInspector') => JSON.stringify({ log: { version: '1.2', creator: { name: creator, version: '1' }, entries } });

inEachBrowser('HAR page', (env) => {
  let page;
  before(async () => {
    page = await env.session.extensionPage('har/har.html');
  });

  for (const browser of ['chrome', 'firefox']) {
    test(`the HAR file ${browser === 'chrome' ? 'Chrome' : 'Firefox'} exported of lab scenarios: each failure found as in the lab`, async () => {
      await drop(page, `${browser}-lab.har`, read('tests', 'har', `${browser}-lab.har`));
      const { state, status, causes } = await outcome(page);
      assert.equal(state, 'done', status);
      for (const id of RECORDED) {
        const { cause } = SCENARIOS.find((s) => s.id === id).expect;
        assert.ok(causes.includes(`failure ${cause}`), `${id}: ${cause} in ${causes}`);
      }
      assert.match(status, new RegExp(`^${browser}-lab\\.har, \\d+ requests: ${causes.length} authentication failures, 0 failed sign-ins\\.$`));
    });
  }

  test('other tools\' dialects: Safari, Charles, HTTP Toolkit, Chrome sanitized, Firefox, Fiddler', async () => {
    const cases = [
      ['tests/cli/har/safari-wordpress-nonce.har', ['failure csrf-expired']],
      ['tests/cli/har/charles-nextcloud-wrong-password.har', ['failure credentials-rejected']],
      ['tests/cli/har/httptoolkit-redirect-uri-mismatch.har', ['flow redirect-uri-mismatch']],
      ['tests/cli/har/chrome-sanitized-token-expired.har', ['failure token-expired']],
      ['tests/cli/har/firefox-login-loop.har', ['flow cookie-rejected']],
      ['tests/har/fiddler-iis-logon-failed.har', ['failure iis-logon-failed']],
    ];
    for (const [file, want] of cases) {
      await drop(page, file.split('/').at(-1), read(file));
      const { state, status, causes } = await outcome(page);
      assert.equal(state, 'done', `${file}: ${status}`);
      assert.deepEqual(causes, want, file);
    }
  });

  test('a file picked in the file field is read too', async () => {
    await page.evaluate(() => { document.getElementById('status').dataset.state = ''; });
    const field = await page.$('#file');
    await field.uploadFile(join(ROOT, 'tests', 'cli', 'har', 'chrome-spa-token-expired.har'));
    const { state, causes } = await outcome(page);
    assert.equal(state, 'done');
    assert.deepEqual(causes, ['failure token-expired']);
  });

  test('malformed and truncated files say where they break; what came before stays', async () => {
    const whole = read('tests', 'cli', 'har', 'safari-wordpress-nonce.har');
    const cases = [
      ['truncated.har', whole.slice(0, Math.floor(whole.length * 0.7)), /^truncated\.har could not be read at log\.entries\[\d+\], line \d+, column \d+: the file ends here \(truncated\?\)$/],
      ['page.html', '<!doctype html><title>Sign in</title>', /^page\.html could not be read at line 1, column 1: not JSON: a HAR file starts with \{$/],
      ['other.json', '{"name":"not a HAR"}', /^other\.json could not be read at log\.entries: missing: this is JSON but not a HAR file$/],
      ['broken.har', whole.replace('"status"', '"status":,'), /^broken\.har could not be read at log\.entries\[\d+\], line \d+, column \d+: invalid JSON/],
      ['empty.har', '', /^empty\.har could not be read at line 1: the file is empty$/],
    ];
    for (const [name, text, want] of cases) {
      await drop(page, name, text);
      const { state, status } = await outcome(page);
      assert.equal(state, 'error', name);
      assert.match(status, want);
    }
    // Cut after its first entry, a file still shows what that entry showed.
    const two = harOf([JSON.parse(whole).log.entries.at(-1), JSON.parse(whole).log.entries.at(-1)]);
    await drop(page, 'cut.har', two.slice(0, two.length - 200));
    const { state, causes } = await outcome(page);
    assert.equal(state, 'error');
    assert.deepEqual(causes, ['failure csrf-expired']);
  });

  test('a 10 MB file is read in pieces: progress shown, the first finding before the end', async () => {
    // The wordpress failure first, then thousands of ordinary requests with bodies.
    const failed = JSON.parse(read('tests', 'cli', 'har', 'safari-wordpress-nonce.har')).log.entries.at(-1);
    const filler = { ...failed, response: { ...failed.response, status: 200, headers: [], content: { size: 3000, mimeType: 'text/plain', text: 'x'.repeat(3000) } } };
    const entries = [failed, ...Array.from({ length: 3000 }, () => filler)];
    const text = harOf(entries, 'WebKit Web Inspector');
    assert.ok(text.length > 10_000_000, `${text.length} bytes`);
    const timing = await page.evaluate((t) => new Promise((resolve) => {
      const start = performance.now();
      const states = new Set();
      let first;
      const status = document.getElementById('status');
      const seen = new MutationObserver(() => {
        states.add(status.dataset.state);
        if (first === undefined && document.querySelector('.finding')) first = performance.now() - start;
        if (status.dataset.state === 'done' || status.dataset.state === 'error') {
          seen.disconnect();
          resolve({ first, total: performance.now() - start, states: [...states], status: status.textContent });
        }
      });
      seen.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      status.dataset.state = '';
      const files = new DataTransfer();
      files.items.add(new File([t], 'large.har'));
      document.getElementById('zone').dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
    }), text);
    assert.ok(timing.states.includes('reading'), `progress shown: ${timing.states}`);
    assert.match(timing.status, /^large\.har, 3001 requests: 1 authentication failure, 0 failed sign-ins\.$/);
    assert.ok(timing.first < timing.total / 2, `first finding at ${timing.first} ms of ${timing.total} ms`);
    console.log(`# ${env.name}: 10 MB HAR, first finding after ${Math.round(timing.first)} ms, read in ${Math.round(timing.total)} ms`);
  });

  test('secrets planted in every field never reach the page, the curl command or the exported HAR', async () => {
    const { entry, secrets } = secretEntry();
    await drop(page, 'secrets.har', harOf([entry]));
    const { state } = await outcome(page);
    assert.equal(state, 'done');
    // Every disclosure opened, every row shown: the whole page's markup, attributes included.
    await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    const markup = await page.evaluate(() => document.documentElement.outerHTML);
    // Capture what Copy as curl and Export HAR give, where they leave the page.
    await page.evaluate(() => {
      globalThis.captured = [];
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob) => { blob.text().then((t) => globalThis.captured.push(t)); return create(blob); };
    });
    await page.click('[data-action="copy-curl"]');
    await page.waitForFunction(() => !document.querySelector('.command').hidden);
    const command = await page.$eval('.command', (e) => e.textContent);
    await page.click('#export-har');
    await page.waitForFunction(() => globalThis.captured.length > 0);
    const exported = await page.evaluate(() => globalThis.captured[0]);
    assert.match(command, /Bearer \$TOKEN/);
    assert.equal(JSON.parse(exported).log.entries.length, 1);
    for (const secret of secrets) {
      assert.ok(!markup.includes(secret), `the page shows ${secret}`);
      assert.ok(!command.includes(secret), `the curl command has ${secret}`);
      assert.ok(!exported.includes(secret), `the export has ${secret}`);
    }
    // The decoded token is shown: header and claims, never the signature nor the nonce.
    assert.ok(markup.includes('k1') && markup.includes(message('en', 'claim_nonce')));
  });
});

inEachBrowser('HAR page, in Russian and in the dark', (env) => {
  let page;
  before(async () => {
    page = await env.session.extensionPage('har/har.html');
  });

  test('its words and the core\'s are Russian', async () => {
    assert.equal(await page.$eval('.drop-zone p', (p) => p.textContent), message('ru', 'har_drop'));
    await drop(page, 'safari.har', read('tests', 'cli', 'har', 'safari-wordpress-nonce.har'));
    const { state, status } = await outcome(page);
    assert.equal(state, 'done');
    assert.match(status, /^Файл safari\.har, \d+ запрос(а|ов)?: 1 отказ в доступе, 0 неудачных входов\.$/);
    const detail = await page.$eval('#detail', (d) => d.textContent);
    assert.ok(detail.includes(message('ru', 'inspector_copy_curl')), detail);
    assert.ok(detail.includes(message('ru', 'cause_csrf_expired')), detail);
  });

  test('dark with the system', async () => {
    const colours = () => page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    assert.deepEqual(await colours(), ['rgb(255, 255, 255)', 'rgb(27, 27, 31)']);
    try {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    } catch (e) {
      // Observed: puppeteer's WebDriver BiDi session has no media emulation for Firefox.
      assert.equal(env.name, 'firefox', e.message);
      return;
    }
    assert.deepEqual(await colours(), ['rgb(30, 30, 34)', 'rgb(236, 236, 241)']);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  });
}, { locale: 'ru' });
