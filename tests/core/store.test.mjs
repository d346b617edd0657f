// What the stores check before a reviewer looks: the listings (store/) within each store's
// limits and complete in every language the extension speaks, a justification for exactly the
// permissions the built manifests ask for, and the built packages free of unused permissions and
// remote code, with the content security policy AuthLens has always had.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, extensionDir } from '../../scripts/paths.mjs';
import { VERSION } from '../../scripts/version.mjs';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const STORES = readJson(join(ROOT, 'store', 'stores.json'));
const BROWSERS = Object.keys(STORES);
const LANGUAGES = readdirSync(join(ROOT, 'extension', '_locales')).sort();
const listing = (lang) => readJson(join(ROOT, 'store', `listing.${lang}.json`));
const manifest = (browser) => readJson(join(extensionDir(browser), 'manifest.json'));
const message = (lang, key) => readJson(join(extensionDir('chrome'), '_locales', lang, 'messages.json'))[key].message;

/** Length as the stores count it: characters (code points), so Cyrillic counts one each. */
const length = (text) => [...text].length;

/** Every field of a listing as [path, text], for the completeness checks. */
function fields(value, path = []) {
  if (typeof value === 'string') return [[path.join('.'), value]];
  return Object.entries(value).flatMap(([k, v]) => fields(v, [...path, k]));
}

/** The permissions a built manifest asks for, API and host alike, optional ones included. */
const permissionsOf = (m) => [
  ...(m.permissions ?? []), ...(m.optional_permissions ?? []),
  ...(m.host_permissions ?? []), ...(m.optional_host_permissions ?? []),
];

/** What a store checks of a listing, by field: the texts, the limit, where the limit comes from. */
function limited(lang) {
  const l = listing(lang);
  return [
    ['name', [message(lang, 'ext_name')]],
    ['summary', [message(lang, 'ext_description')]],
    ['description', [l.description]],
    ['singlePurpose', [l.singlePurpose]],
    ['permission', Object.values(l.permissions)],
  ];
}

test('every language of the extension has a listing with the same fields, none empty', () => {
  const files = readdirSync(join(ROOT, 'store')).filter((f) => /^listing\..+\.json$/.test(f)).sort();
  assert.deepEqual(files, LANGUAGES.map((lang) => `listing.${lang}.json`));
  const shape = (lang) => fields(listing(lang)).map(([path]) => path).sort();
  for (const lang of LANGUAGES) {
    assert.deepEqual(shape(lang), shape('en'), `${lang}: the same fields as en`);
    for (const [path, text] of fields(listing(lang))) assert.ok(text.trim().length > 20, `${lang}: ${path} says something`);
    for (const key of ['read', 'kept', 'sent', 'chromeCollects', 'certifications']) assert.ok(listing(lang).dataUse[key], `${lang}: dataUse.${key}`);
  }
  // The Russian listing is Russian, not a copy of the English one.
  for (const [path, text] of fields(listing('ru'))) assert.match(text, /[а-яё]/i, `ru: ${path} is in Russian`);
});

test("each text is within each store's limit for it, in every language", () => {
  for (const browser of BROWSERS) {
    const { limits } = STORES[browser];
    for (const [field, { max, source }] of Object.entries(limits)) {
      assert.ok(Number.isInteger(max) && max > 0 && source, `${browser}.${field}: a limit and where it comes from`);
    }
    for (const lang of LANGUAGES) {
      for (const [field, texts] of limited(lang)) {
        if (!limits[field]) continue;
        for (const text of texts) {
          assert.ok(length(text) <= limits[field].max,
            `${lang} ${field} has ${length(text)} characters, over ${STORES[browser].title}'s ${limits[field].max} (${limits[field].source}): ${text.slice(0, 60)}…`);
        }
      }
    }
  }
  // The limits themselves, checked against the texts that reach them first.
  assert.ok(STORES.chrome.limits.summary.max === 132 && STORES.firefox.limits.summary.max === 250);
});

test('every permission of both built manifests is justified, and only those', () => {
  const asked = [...new Set(BROWSERS.flatMap((b) => permissionsOf(manifest(b))))].sort();
  assert.ok(asked.includes('<all_urls>') && asked.includes('webRequest'), `the manifests were read: ${asked}`);
  for (const lang of LANGUAGES) {
    const justified = Object.keys(listing(lang).permissions).sort();
    assert.deepEqual(justified, asked, `${lang}: the justified permissions are exactly those the manifests ask for`);
  }
});

test('the listings say what the Firefox manifest declares: no data collected', () => {
  assert.deepEqual(manifest('firefox').browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  for (const browser of BROWSERS) assert.ok(STORES[browser].category, `${browser}: a category`);
});

/** Every file of a built extension, with its text. */
function builtFiles(browser) {
  const root = extensionDir(browser);
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path: path.slice(root.length + 1), text: readFileSync(path, 'latin1') });
    }
  };
  walk(root);
  return out;
}

/**
 * The API call that uses each permission, as it appears in the built code: a permission with
 * none is one the store rejects as unused ("Purple Potassium",
 * https://developer.chrome.com/docs/webstore/troubleshooting#excessive-permissions).
 */
const USES = {
  webRequest: /\bwebRequest\.onHeadersReceived\.addListener/,
  webRequestAuthProvider: /\bonAuthRequired\.addListener\([\s\S]{0,200}asyncBlocking/,
  webRequestBlocking: /\['blocking'\]|"blocking"|'blocking'/,
  webRequestFilterResponse: /\bfilterResponseData\(/,
  scripting: /\bscripting\.executeScript\(/,
  storage: /\bstorage\.(session|local)\.(get|set)\(/,
  cookies: /\bcookies\.(getAll|remove)\(/,
  browsingData: /\bbrowsingData\.remove\(/,
  '<all_urls>': /\burls: \['<all_urls>'\]|<all_urls>/,
};

for (const browser of ['chrome', 'firefox']) {
  test(`the ${browser} package: every permission used, no remote code, the CSP of old`, () => {
    const m = manifest(browser);
    assert.equal(m.version, VERSION, 'the version is Cargo.toml\'s');
    assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    const files = builtFiles(browser);
    const code = files.filter((f) => f.path.endsWith('.js')).map((f) => f.text).join('\n');
    for (const permission of permissionsOf(m)) {
      assert.ok(USES[permission], `${browser}: ${permission} has no known use; add it to USES with the call that needs it`);
      assert.match(code, USES[permission], `${browser}: ${permission} is asked for, but nothing in the package uses it`);
    }
    // Remote code: a script, module or wasm fetched from anywhere but the package itself.
    for (const { path, text } of files.filter((f) => /\.(html|js)$/.test(f.path))) {
      assert.doesNotMatch(text, /<script[^>]+src=["']?(https?:)?\/\//i, `${browser}/${path}: a remote script`);
      assert.doesNotMatch(text, /\bimport\s*\(?\s*["'`](https?:)?\/\//, `${browser}/${path}: a remote import`);
      assert.doesNotMatch(text, /\b(eval|new Function)\s*\(/, `${browser}/${path}: code made from strings`);
    }
  });
}

test('the built packages are in dist, with the source package beside them', () => {
  for (const file of ['authlens-chrome.zip', 'authlens-firefox.zip', 'authlens-source.zip']) {
    assert.ok(statSync(join(DIST, file)).size > 1000, `${file} was built`);
  }
});
