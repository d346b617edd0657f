// The DevTools panel's build of the core (dist/core-parts/panel): HAR entries in, the list and
// the detail out, on a stand-in DOM with events, so that the list's keyboard and clicks (its
// gloo-events listeners) run here; the real DOM is exercised in both browsers by
// tests/e2e/panel.test.mjs. Entries are the command line's HAR fixtures (tests/cli/har),
// recorded in Chrome's, Firefox's, Safari's, Charles's and HTTP Toolkit's shapes.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PARTS_DIR, ROOT } from '../../scripts/paths.mjs';

/** A minimal DOM: elements with attributes, children, text, events, `closest`. */
class Node {
  constructor(tag, doc) {
    Object.assign(this, { tagName: tag.toUpperCase(), ownerDocument: doc, childNodes: [], attributes: {}, text: null, parentNode: null, listeners: {} });
  }
  appendChild(child) { this.childNodes.push(child); child.parentNode = this; return child; }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return this.attributes[name] ?? null; }
  removeAttribute(name) { delete this.attributes[name]; }
  get className() { return this.attributes.class ?? ''; }
  set className(v) { this.attributes.class = v; }
  get id() { return this.attributes.id ?? ''; }
  get children() {
    const list = this.childNodes.filter((c) => c.tagName !== '#TEXT');
    return { length: list.length, item: (i) => list[i] ?? null };
  }
  set textContent(text) { this.childNodes = []; this.text = text; }
  get textContent() { return [this.text ?? '', ...this.childNodes.map((c) => c.textContent)].join(''); }
  closest(selector) {
    const attribute = /^\[([\w-]+)\]$/.exec(selector)?.[1];
    for (let n = this; n; n = n.parentNode) if (n.attributes?.[attribute] !== undefined) return n;
    return null;
  }
  focus() { this.ownerDocument.activeElement = this; }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  removeEventListener(type, fn) { this.listeners[type] = (this.listeners[type] ?? []).filter((f) => f !== fn); }
  /** Dispatches `event` here and up the tree, as a bubbling event goes. */
  dispatch(event) {
    event.target ??= this;
    for (let n = this; n; n = n.parentNode) for (const fn of n.listeners[event.type] ?? []) fn.call(n, event);
  }
  findAll(pred) { return [...(pred(this) ? [this] : []), ...this.childNodes.flatMap((c) => c.findAll?.(pred) ?? [])]; }
  find(pred) { return this.findAll(pred)[0]; }
}
class Element extends Node {}
class HTMLElement extends Element {}
class Event {
  constructor(type, init = {}) { Object.assign(this, { type, defaultPrevented: false }, init); }
  preventDefault() { this.defaultPrevented = true; }
}
class KeyboardEvent extends Event {}
// The glue tells elements and events apart with instanceof.
Object.assign(globalThis, { Element, HTMLElement, Event, KeyboardEvent });
const document = {
  createElement: (tag) => new HTMLElement(tag, document),
  createTextNode: (text) => Object.assign(new Node('#text', document), { text }),
};

const glue = await import(pathToFileURL(join(PARTS_DIR, 'panel.js')).href);
glue.initSync({ module: readFileSync(join(PARTS_DIR, 'panel_bg.wasm')) });

const t = (key, args = []) => `${key}(${args.join('|')})`;
const HAR_DIR = join(ROOT, 'tests', 'cli', 'har');
const entriesOf = (name) => JSON.parse(readFileSync(join(HAR_DIR, name), 'utf8')).log.entries;

function panelWith(entries) {
  const list = document.createElement('ol');
  const detail = document.createElement('section');
  const inspector = new glue.Inspector(list, detail, t);
  for (const e of entries) inspector.add(JSON.stringify(e));
  inspector.render();
  return { inspector, list, detail };
}

const byClass = (root, name) => root.findAll((n) => n.className.split(' ').includes(name));
const rows = (list) => byClass(list, 'finding');

test('every fixture\'s failures and failed sign-ins are listed with their cause, in recording order', () => {
  const expected = {
    'chrome-spa-token-expired.har': [['failure', 'token-expired']],
    // The loop's cookie is refused (SameSite=None without Secure): the cause, the loop its alternative.
    'firefox-login-loop.har': [['flow', 'cookie-rejected']],
    'safari-wordpress-nonce.har': [['failure', 'csrf-expired']],
  };
  for (const name of readdirSync(HAR_DIR).filter((n) => n.endsWith('.har'))) {
    const { list, inspector } = panelWith(entriesOf(name));
    const found = rows(list).map((r) => [r.className.includes('flow') ? 'flow' : 'failure', r.getAttribute('data-cause')]);
    assert.ok(found.length > 0, `${name}: nothing found`);
    if (expected[name]) assert.deepEqual(found, expected[name], name);
    const { entries, findings } = inspector.summary();
    assert.equal(entries, entriesOf(name).length, name);
    assert.equal(findings, found.length, name);
  }
});

test('the first finding is selected and shown: challenges with their meaning, evidence, alternatives, fixes, headers', () => {
  const { list, detail } = panelWith(entriesOf('chrome-spa-token-expired.har'));
  const [row] = rows(list);
  assert.equal(row.getAttribute('aria-selected'), 'true');
  assert.equal(row.getAttribute('tabindex'), '0');
  assert.equal(list.getAttribute('aria-activedescendant'), row.id);
  assert.equal(row.textContent, 'GET 401 https://shop.example.com/api/orders cause_token_expired()');
  const text = detail.textContent;
  assert.match(text, /^401 cause_token_expired\(\)GET https:\/\/shop\.example\.com\/api\/orders/);
  assert.match(text, /inspector_body_missing\(\)/, 'Chrome recorded no body for this fetch');
  assert.equal(detail.find((n) => n.getAttribute('data-action') === 'copy-curl')?.tagName, 'BUTTON');
  assert.equal(byClass(detail, 'scheme')[0].textContent, 'Bearer');
  assert.ok(byClass(detail, 'params')[0].textContent.includes('invalid_token'));
  assert.equal(byClass(detail, 'cause')[0].getAttribute('data-cause'), 'token-expired');
  assert.ok(byClass(detail, 'evidence')[0].childNodes.length > 0, 'evidence listed');
  assert.ok(detail.findAll((n) => n.getAttribute('data-fix')).length > 0, 'fixes listed');
  assert.equal(detail.findAll((n) => n.tagName === 'BUTTON').length, 1, 'no popup action buttons in the panel');
  const headers = byClass(detail, 'headers').map((dl) => dl.textContent);
  assert.match(headers[0], /authorizationBearer \$TOKEN/);
  assert.doesNotMatch(headers.join(), /eyJ/);
});

test('a bearer JWT is decoded in the detail only: header, claims with their meaning, times against both clocks', () => {
  const { detail } = panelWith(entriesOf('chrome-spa-token-expired.har'));
  const [token] = byClass(detail, 'token');
  assert.ok(token, 'a token section');
  assert.match(token.textContent, /inspector_token_header\(authorization\)/);
  assert.equal(byClass(token, 'verdict')[0].getAttribute('data-verdict'), 'inspector_token_expired');
  const claims = byClass(token, 'claims').map((dl) => dl.textContent);
  assert.match(claims[0], /algRS256jose_alg\(\)/);
  assert.match(claims[1], /exp\d+claim_exp\(\)/);
  assert.match(byClass(token, 'times')[0].textContent, /^exp 2023-08-09T17:28:27Z · inspector_time_server_past\(inspector_duration_minutes_other\(7\)\) · inspector_time_local_past\(inspector_duration_minutes_other\(7\)\)/);
});

test('the keyboard walks the list and a click selects', () => {
  const entries = [...entriesOf('chrome-spa-token-expired.har'), ...entriesOf('safari-wordpress-nonce.har')];
  const { list, detail } = panelWith(entries);
  const selected = () => rows(list).findIndex((r) => r.getAttribute('aria-selected') === 'true');
  assert.equal(rows(list).length, 2);
  assert.equal(selected(), 0);
  const key = (k) => {
    const event = new KeyboardEvent('keydown', { key: k });
    list.dispatch(event);
    return event.defaultPrevented;
  };
  assert.equal(key('ArrowDown'), true);
  assert.equal(selected(), 1);
  assert.equal(document.activeElement, rows(list)[1], 'the selected row has the focus');
  assert.match(detail.textContent, /cause_csrf_expired/);
  assert.match(rows(list)[1].textContent, /inspector_body_read_short\(\)$/, 'Safari recorded its body');
  assert.match(detail.textContent, /inspector_body_read\(\)/);
  key('ArrowDown');
  assert.equal(selected(), 1, 'the last row stays selected');
  key('Home');
  assert.equal(selected(), 0);
  key('End');
  assert.equal(selected(), 1);
  assert.equal(key('a'), false, 'other keys are left alone');
  rows(list)[0].childNodes[2].dispatch(new Event('click'));
  assert.equal(selected(), 0);
  assert.match(detail.textContent, /cause_token_expired/);
});

test('a failed sign-in shows its every step, the broken ones marked', () => {
  const { list, detail } = panelWith(entriesOf('firefox-login-loop.har'));
  assert.equal(rows(list)[0].childNodes[0].textContent, 'inspector_sign_in()');
  assert.match(detail.textContent, /^inspector_flow_title\(cause_cookie_rejected\(\)\)/);
  assert.equal(byClass(detail, 'alternative')[0].getAttribute('data-cause'), 'login-loop');
  const steps = byClass(detail, 'step');
  assert.equal(steps.length, entriesOf('firefox-login-loop.har').length, 'no step folded away');
  assert.ok(byClass(detail, 'broken').length > 0);
  assert.doesNotMatch(detail.textContent, /SplxlOBeZQQYbYS6WxSbIA|q1w2e3r4t5y6/, 'codes and states are not shown');
});

test('copy as curl and the export name every secret; a flow has no curl', () => {
  const { inspector } = panelWith(entriesOf('chrome-spa-token-expired.har'));
  const { text, variables } = inspector.curl();
  assert.match(text, /^curl "https:\/\/shop\.example\.com\/api\/orders"/);
  assert.match(text, /-H "authorization: Bearer \$TOKEN"/);
  assert.deepEqual(variables, ['TOKEN']);
  const har = JSON.parse(inspector.exportHar('9.9.9'));
  assert.equal(har.log.creator.version, '9.9.9');
  assert.equal(har.log.entries.length, 1);
  assert.doesNotMatch(JSON.stringify(har), /eyJ|YzFmNWI2ZTQt/);
  const flow = panelWith(entriesOf('firefox-login-loop.har')).inspector;
  assert.throws(() => flow.curl(), /no failed request is selected/);
  assert.equal(JSON.parse(flow.exportHar('1')).log.entries.length, entriesOf('firefox-login-loop.har').length);
});

test('an entry that cannot be read is refused with its field; clear forgets everything', () => {
  const { inspector, list, detail } = panelWith(entriesOf('chrome-spa-token-expired.har'));
  assert.throws(() => inspector.add('{"request":{"method":"GET"},"response":{"status":200}}'), /request\.url: missing/);
  assert.throws(() => inspector.add('not json'), /not JSON/);
  inspector.clear();
  inspector.render();
  assert.equal(rows(list).length, 0);
  assert.match(detail.textContent, /inspector_nothing_selected/);
  assert.equal(inspector.summary().entries, 0);
});
