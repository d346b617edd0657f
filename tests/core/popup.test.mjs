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
    assert.deepEqual(fixes, diagnosis.fixes.map((f) => f.id), name);
  }
});

test('failures that are not stored diagnoses are an Error naming what is wrong', () => {
  const root = new Node('main', document);
  assert.throws(() => renderPopup(root, [{ url: 1 }], t), /invalid failures: expected a string, got 1/);
  assert.throws(() => renderPopup(root, {}, t), /invalid failures: expected a sequence, got an object/);
});
