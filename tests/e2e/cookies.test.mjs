// What the real browsers do with cookies, as crate/src/cookie.rs says they do: which Set-Cookie
// lines Chromium and Firefox ESR store, and which stored cookies they send where. No extension:
// a small server sets and echoes cookies on three hosts, `localhost` and `127.0.0.1` (two sites,
// both trustworthy over http) and `app.test` (plain http, not trustworthy), and each browser runs
// the same steps with third-party cookies allowed, blocked, and (Firefox) partitioned.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { BROWSERS } from '../../scripts/paths.mjs';
import { chromiumArgs } from '../support/browsers.mjs';

/** Sets the `c` query values as Set-Cookie lines; `date` moves the Date header (seconds). */
function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const q = url.searchParams;
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (q.getAll('c').length) headers['set-cookie'] = q.getAll('c');
    if (q.has('date')) headers.date = new Date(Date.now() + Number(q.get('date')) * 1000).toUTCString();
    const pages = {
      '/echo': () => `<pre id=c>${req.headers.cookie ?? ''}</pre>`,
      '/frame': () => `<iframe src="${q.get('src')}"></iframe>`,
      '/img': () => `<img src="${q.get('src')}">`,
      '/post': () => `<form method=post action="${q.get('to')}"></form><script>document.forms[0].submit()</script>`,
      '/go': () => `<a href="${q.get('to')}">go</a><script>document.links[0].click()</script>`,
    };
    if (url.pathname === '/redirect') {
      res.writeHead(302, { ...headers, location: q.get('to') });
      return res.end();
    }
    res.writeHead(200, headers);
    res.end((pages[url.pathname] ?? (() => 'ok'))());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function launchBrowser(name, thirdParty, profile) {
  if (name === 'chrome') {
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: thirdParty } }));
    return puppeteer.launch({
      executablePath: BROWSERS.chrome.binary,
      headless: true,
      userDataDir: profile,
      pipe: true,
      args: [...chromiumArgs('en'), '--host-resolver-rules=MAP localhost 127.0.0.1, MAP app.test 127.0.0.1'],
    });
  }
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: BROWSERS.firefox.binary,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'network.dns.localDomains': 'app.test',
      'network.dns.disableIPv6': true,
      'dom.security.https_first': false,
      'network.cookie.cookieBehavior': thirdParty,
    },
  });
}

const names = (header) => new Set(header.split(/;\s*/).filter(Boolean).map((c) => c.split('=')[0]));

/** Runs every step once in a fresh profile; returns the cookie names each place saw. */
async function observe(name, thirdParty) {
  const server = await startServer();
  const port = server.address().port;
  const [A, B, H] = ['localhost', '127.0.0.1', 'app.test'].map((h) => `http://${h}:${port}`);
  const set = (base, path, lines, extra = '') => `${base}${path}?${lines.map((l) => `c=${encodeURIComponent(l)}`).join('&')}${extra}`;
  const at = (offset) => new Date(Date.now() + offset * 1000).toUTCString();
  const profile = mkdtempSync(join(tmpdir(), `authlens-cookies-${name}-`));
  const browser = await launchBrowser(name, thirdParty, profile);
  try {
    const page = await browser.newPage();
    const echo = async (url) => {
      await page.goto(url);
      await page.waitForSelector('#c');
      return names(await page.$eval('#c', (e) => e.textContent));
    };
    const framed = async (url) => {
      await page.goto(url);
      await new Promise((r) => setTimeout(r, 500));
      const frame = page.frames().find((f) => f !== page.mainFrame());
      return names((await frame.$eval('#c', (e) => e.textContent).catch(() => '')) ?? '');
    };
    const seen = {};
    await page.goto(set(H, '/set', ['none=1; SameSite=None; Path=/', 'secure=1; Secure; Path=/', 'dotted=1; Domain=.app.test; Path=/']));
    seen.http = await echo(`${H}/echo`);
    const long = 'x'.repeat(1100);
    await page.goto(set(A, '/a/set', [
      '__host-lower=1; Path=/', '__HOST-upper=1; Secure; Path=/', '__Secure-bare=1; Path=/',
      '__Host-hidden; Path=/', 'nameless-value; Path=/',
      `longdomain=1; Path=/; Domain=${long}`, `longpath=1; Path=/${long}`,
      'maxage-wins=1; Path=/; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:01 GMT', `maxage-zero=1; Path=/; Expires=${at(3600)}; Max-Age=0`,
      'last-maxage-junk=1; Path=/; Max-Age=60; Max-Age=junk; Expires=Thu, 01 Jan 1970 00:00:01 GMT',
      `full=${'x'.repeat(4092)}; Path=/`, `over=${'x'.repeat(4093)}; Path=/`,
      'part-bare=1; Path=/; Partitioned', 'part-secure=1; Path=/; Secure; Partitioned',
      '__Host-localhost=1; Secure; Path=/; Domain=localhost',
    ]));
    await page.goto(set(A, '/set', ['__Host-nopath=1; Secure']));
    seen.trustworthy = await echo(`${A}/echo`);
    await page.goto(set(B, '/set', ['ip=1; Path=/; Domain=127.0.0.1', 'ipdot=1; Path=/; Domain=.127.0.0.1', 'ippart=1; Path=/; Domain=0.0.1', '__Host-ip=1; Secure; Path=/; Domain=127.0.0.1']));
    seen.ip = await echo(`${B}/echo`);
    // Expires an hour ahead of a Date two hours behind the local clock, and an hour behind a
    // Date two hours ahead of it.
    await page.goto(set(A, '/set', [`server-behind=1; Path=/; Expires=${at(-3600)}`], '&date=-7200'));
    await page.goto(set(A, '/set', [`server-ahead=1; Path=/; Expires=${at(3600)}`], '&date=7200'));
    seen.clock = await echo(`${A}/echo`);
    await page.goto(set(A, '/set', ['unset=1; Path=/', 'lax=1; Path=/; SameSite=Lax', 'strict=1; Path=/; SameSite=Strict', 'none=1; Path=/; SameSite=None; Secure']));
    await page.goto(`${B}/go?to=${encodeURIComponent(`${A}/echo`)}`);
    await page.waitForSelector('#c');
    seen.crossGet = names(await page.$eval('#c', (e) => e.textContent));
    await page.goto(`${B}/post?to=${encodeURIComponent(`${A}/echo`)}`);
    await page.waitForSelector('#c');
    seen.crossPost = names(await page.$eval('#c', (e) => e.textContent));
    await page.goto(`${A}/go?to=${encodeURIComponent(`${B}/redirect?to=${encodeURIComponent(`${A}/echo`)}`)}`);
    await page.waitForSelector('#c');
    seen.bounced = names(await page.$eval('#c', (e) => e.textContent));
    seen.crossFrame = await framed(`${B}/frame?src=${encodeURIComponent(`${A}/echo`)}`);
    await page.goto(`${B}/frame?src=${encodeURIComponent(set(A, '/set', ['f-unset=1; Path=/', 'f-lax=1; Path=/; SameSite=Lax', 'f-none=1; Path=/; SameSite=None; Secure', 'f-part=1; Path=/; SameSite=None; Secure; Partitioned']))}`);
    await new Promise((r) => setTimeout(r, 500));
    await page.goto(`${B}/img?src=${encodeURIComponent(set(A, '/set', ['i-unset=1; Path=/', 'i-lax=1; Path=/; SameSite=Lax']))}`);
    await new Promise((r) => setTimeout(r, 500));
    seen.frameSetFramed = await framed(`${B}/frame?src=${encodeURIComponent(`${A}/echo`)}`);
    seen.frameSetTop = await echo(`${A}/echo`);
    return seen;
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** [where, cookie, present?, why]; `present` per browser as { chrome, firefox } where they differ. */
const FACTS = [
  ['http', 'none', false, 'SameSite=None without Secure is refused (Firefox too, since 131)'],
  ['http', 'secure', false, 'Secure from plain http is refused'],
  ['http', 'dotted', true, 'a Domain with a leading dot is the host'],
  ['trustworthy', '__host-lower', false, '__Host- is matched in any case'],
  ['trustworthy', '__HOST-upper', true, 'a valid __Host- cookie in capitals is kept'],
  ['trustworthy', '__Secure-bare', false, '__Secure- needs Secure'],
  ['trustworthy', '__Host-hidden', false, 'a nameless cookie may not look like a prefixed one'],
  ['trustworthy', 'nameless-value', true, 'a nameless cookie is kept'],
  ['trustworthy', 'longdomain', true, 'a Domain over 1024 bytes is ignored, the cookie kept'],
  ['trustworthy', 'longpath', false, 'a Path over 1024 bytes is ignored: the default path /a'],
  ['trustworthy', 'maxage-wins', true, 'Max-Age wins over a past Expires'],
  ['trustworthy', 'maxage-zero', false, 'Max-Age=0 deletes whatever Expires says'],
  ['trustworthy', 'last-maxage-junk', false, 'an unreadable last Max-Age leaves Expires to decide'],
  ['trustworthy', 'full', true, 'name and value of 4096 bytes are kept'],
  ['trustworthy', 'over', false, 'name and value over 4096 bytes are refused'],
  ['trustworthy', 'part-bare', false, 'Partitioned needs Secure'],
  ['trustworthy', 'part-secure', true, 'a first-party Partitioned cookie is kept'],
  ['trustworthy', '__Host-localhost', { chrome: false, firefox: true }, '__Host- with Domain=localhost'],
  ['trustworthy', '__Host-nopath', { chrome: false, firefox: true }, '__Host- without Path=/ (Firefox takes the default path)'],
  ['ip', 'ip', true, 'an IP host takes a Domain naming itself'],
  ['ip', 'ipdot', true, 'with a leading dot too'],
  ['ip', 'ippart', false, 'but no part of it'],
  ['ip', '__Host-ip', true, '__Host- may name its own IP address'],
  ['clock', 'server-behind', true, 'Expires is read against the response\'s Date, not the local clock'],
  ['clock', 'server-ahead', false, 'a date past by the server\'s own clock is dead on arrival'],
  ['crossGet', 'lax', true, 'Lax goes with a cross-site top-level GET'],
  ['crossGet', 'strict', false, 'Strict does not'],
  ['crossPost', 'lax', false, 'Lax does not go with a cross-site POST'],
  ['crossPost', 'unset', true, 'no SameSite: Chromium\'s two minutes, Firefox\'s None'],
  ['bounced', 'strict', { chrome: true, firefox: false }, 'Strict after a redirect through another site'],
  ['frameSetTop', 'f-lax', false, 'a Lax cookie set by another site\'s frame is refused'],
  ['frameSetTop', 'i-lax', false, 'by another site\'s image too'],
  ['frameSetTop', 'f-part', false, 'a partitioned cookie stays in its partition'],
];

/** Per configuration: what differs with third-party cookies (frames under another site). */
const CONFIGS = {
  chrome: [
    [0, { crossFrame: { none: true, unset: false }, frameSetFramed: { 'f-unset': false, 'f-none': true, 'f-part': true }, frameSetTop: { 'f-none': true } }],
    [1, { crossFrame: { none: false }, frameSetFramed: { 'f-none': false, 'f-part': true }, frameSetTop: { 'f-none': false } }],
  ],
  firefox: [
    // The default: Total Cookie Protection, a partition per top-level site.
    [5, { crossFrame: { none: false, unset: false }, frameSetFramed: { 'f-unset': true, 'f-none': true, 'f-part': true }, frameSetTop: { 'f-unset': false, 'f-none': false } }],
    [1, { crossFrame: { none: false }, frameSetFramed: { 'f-none': false, 'f-part': false }, frameSetTop: { 'f-none': false } }],
    [0, { crossFrame: { none: true, unset: true }, frameSetFramed: { 'f-unset': true, 'f-none': true }, frameSetTop: { 'f-unset': true, 'f-none': true } }],
  ],
};

for (const [name, configs] of Object.entries(CONFIGS)) {
  for (const [thirdParty, framed] of configs) {
    describe(`cookies in ${name}, third-party setting ${thirdParty}`, () => {
      let seen;
      before(async () => {
        seen = await observe(name, thirdParty);
      });
      test('stored and sent as cookie.rs says', () => {
        for (const [where, cookie, present, why] of FACTS) {
          const want = typeof present === 'object' ? present[name] : present;
          assert.equal(seen[where].has(cookie), want, `${where}: ${cookie} (${why})`);
        }
      });
      test('frames of another site', () => {
        for (const [where, cookies] of Object.entries(framed)) {
          for (const [cookie, want] of Object.entries(cookies)) {
            assert.equal(seen[where].has(cookie), want, `${where}: ${cookie}`);
          }
        }
      });
    });
  }
}
