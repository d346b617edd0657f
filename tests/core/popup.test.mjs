// renderPopup reads stored failures (JSON-compatible objects, as chrome.storage gives them
// back) through the wasm boundary's deserializer. The DOM here is a minimal stand-in; the
// real one is exercised by the end-to-end tests in both browsers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures } from '../../scripts/bench/fixtures.mjs';
import { diagnose, renderPopup } from './core.mjs';

class Node {
  constructor(tag, doc) {
    Object.assign(this, { tag, ownerDocument: doc, children: [], attributes: {}, className: '', text: null });
  }
  appendChild(child) { this.children.push(child); return child; }
  setAttribute(name, value) { this.attributes[name] = value; }
  set textContent(text) { this.text = text; if (text == null) this.children = []; }
  find(pred) { return pred(this) ? this : this.children.map((c) => c.find(pred)).find(Boolean); }
}
const document = { createElement: (tag) => new Node(tag, document) };
const t = (key, args) => `${key}(${args.join('|')})`;

test('a stored diagnosis renders its cause and its fixes', () => {
  for (const { name, event } of fixtures()) {
    const diagnosis = diagnose(event);
    const root = new Node('main', document);
    renderPopup(root, JSON.parse(JSON.stringify([{ url: event.url, diagnosis }])), t);
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
  renderPopup(root, [failure('https://api.b.test/1', 'xmlhttprequest'), failure('https://a.test/', 'main_frame'),
    failure('https://api.c.test/2', 'fetch'), failure('https://api.b.test/3', 'xmlhttprequest')], t);
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
  renderPopup(root, [{ url: long, type: 'main_frame', diagnosis }], t);
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
    renderPopup(root, [{ url: 1 }, { url: 'https://a.test/', type: 'main_frame', diagnosis }], t);
  } finally {
    console.warn = warn;
  }
  assert.ok(texts(root).includes('popup_unreadable(1)'));
  assert.equal(root.find((n) => n.attributes['data-cause'])?.attributes['data-cause'], diagnosis.cause.id);
  assert.match(warned.join('\n'), /expected a string, got 1/);
});
