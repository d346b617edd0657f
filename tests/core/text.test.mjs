// Text that reads right: counts in the form their language gives them, by the core's plural
// rules (crate/src/plural.rs), checked here against ICU's (Node's Intl.PluralRules, an
// independent implementation of the same CLDR data); and the popup's markup read as plain text,
// without its style, with no two elements' words run together ("401Missing credentials").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, flowFixtures } from '../../scripts/bench/fixtures.mjs';
import { DIST } from '../../scripts/paths.mjs';
import { diagnose, diagnoseFlow, message, renderPopup } from './core.mjs';

const LANGS = ['en', 'ru'];
const SAMPLES = [0, 1, 2, 5, 11, 21, 101, 111, 1001];

const built = (lang) => JSON.parse(readFileSync(join(DIST, 'chrome', '_locales', lang, 'messages.json'), 'utf8'));

/** The built extension's messages in `lang`, looked up as chrome.i18n.getMessage does. */
const messages = (lang) => {
  const all = built(lang);
  return (key, args = []) => (all[key]?.message ?? '').replace(/\$(\d)/g, (_, n) => args[n - 1] ?? '');
};

/** The counted messages: those with a `one` form (every language AuthLens speaks has one). */
const counted = () => Object.keys(built('en')).filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -'_one'.length));

test('every counted message takes the form ICU gives its count, in both languages', () => {
  const keys = counted();
  assert.ok(keys.includes('notice_cookies_cleared') && keys.includes('evidence_sign_in_repeated'), keys.join());
  for (const lang of LANGS) {
    const icu = new Intl.PluralRules(lang);
    // Keys for text: which form the core asks for is what it returns.
    const t = (key) => (key === 'plural_rules' ? lang : key);
    for (const key of keys) {
      for (let n = 0; n <= 2000; n++) {
        // The count in every argument: wherever the message keeps its count, the form is n's.
        assert.equal(message(key, [String(n), String(n)], t), `${key}_${icu.select(n)}`, `${lang} ${key} ${n}`);
      }
    }
  }
});

test('every counted message reads in its language at 0, 1, 2, 5, 11, 21, 101, 111 and 1001', () => {
  for (const lang of LANGS) {
    const t = messages(lang);
    for (const key of counted()) {
      for (const n of SAMPLES) {
        const text = message(key, [String(n), 'example.com'], t);
        assert.ok(text.includes(String(n)) && !text.includes(key), `${lang} ${key} ${n}: ${text}`);
      }
    }
  }
  const ru = messages('ru');
  const cleared = (n) => message('notice_cookies_cleared', [String(n), 'example.com'], ru);
  assert.deepEqual([1, 3, 5, 11, 21, 101, 111].map(cleared), [
    'Удалён 1 файл cookie сайта example.com.',
    'Удалено 3 файла cookie сайта example.com.',
    'Удалено 5 файлов cookie сайта example.com.',
    'Удалено 11 файлов cookie сайта example.com.',
    'Удалён 21 файл cookie сайта example.com.',
    'Удалён 101 файл cookie сайта example.com.',
    'Удалено 111 файлов cookie сайта example.com.',
  ]);
  const en = messages('en');
  assert.equal(message('notice_cookies_cleared', ['1', 'example.com'], en), 'Removed 1 cookie of example.com.');
  assert.equal(message('notice_cookies_cleared', ['2', 'example.com'], en), 'Removed 2 cookies of example.com.');
  // A message that is not counted is the message, its arguments filled.
  assert.equal(message('notice_restarting', ['https://a.example'], en), 'Opening https://a.example to start signing in again.');
  // Messages that name no rules (a language without them): the form every language has.
  assert.equal(message('popup_count', ['1'], (key) => (key === 'plural_rules' ? '' : key)), 'popup_count_other');
});

// A stand-in DOM: enough for renderPopup, and for reading its text as markup alone lays it out.
class Node {
  constructor(tag, doc) {
    Object.assign(this, { tag, ownerDocument: doc, children: [], attributes: {}, className: '', text: null });
  }
  appendChild(child) { this.children.push(child); return child; }
  setAttribute(name, value) { this.attributes[name] = value; }
  set textContent(text) { this.text = text; if (text == null) this.children = []; }
}
const document = {
  createElement: (tag) => new Node(tag, document),
  createTextNode: (text) => Object.assign(new Node('#text', document), { text }),
};

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
  for (const lang of LANGS) {
    const root = new Node('main', document);
    renderPopup(root, { failures, flows }, messages(lang));
    assert.deepEqual(runTogether(root), [], lang);
  }
  // The check itself: a status beside its title with nothing between them is caught.
  const summary = Object.assign(new Node('summary', document), { children: [
    Object.assign(new Node('span', document), { text: '403' }), Object.assign(new Node('span', document), { text: 'Too many requests' })] });
  assert.deepEqual(runTogether(summary), ['403|Too many requests']);
});
