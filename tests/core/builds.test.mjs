// The extension's builds of the core (dist/core-parts) against the JS API's (dist/wasm): each
// has the exports its page calls and none that only another page calls, and answers as the
// JS API does (the same code, built for size instead of speed).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fixtures, flowFixtures } from '../../scripts/bench/fixtures.mjs';
import { CORE_PARTS, PARTS_DIR, WASM_DIR, extensionDir } from '../../scripts/paths.mjs';
import * as api from './core.mjs';

const builds = Object.fromEntries(await Promise.all(CORE_PARTS.map(async (part) => {
  const glue = await import(pathToFileURL(join(PARTS_DIR, `${part}.js`)).href);
  glue.initSync({ module: readFileSync(join(PARTS_DIR, `${part}_bg.wasm`)) });
  return [part, glue];
})));

/**
 * What each page calls: extension/background/watcher.js, extension/background/trail.js,
 * extension/popup/{popup,actions}.js, extension/devtools/panel.js, extension/har/har.js.
 */
const CALLS = {
  background: ['diagnose'],
  flow: ['diagnoseFlow'],
  popup: ['renderPopup', 'registrableDomain', 'message'],
  report: ['reportOf'],
  panel: ['Inspector', 'message'],
  'har-page': ['HarPage'],
};

test('each build exports what its page calls, and nothing only another page calls', () => {
  assert.deepEqual(Object.keys(CALLS).sort(), [...CORE_PARTS].sort());
  for (const [part, calls] of Object.entries(CALLS)) {
    for (const name of Object.values(CALLS).flat()) {
      assert.equal(typeof builds[part][name], calls.includes(name) ? 'function' : 'undefined', `${part}: ${name}`);
    }
  }
});

test('no module the extension or the JS API ships exports the allocator\'s test calls (cargo feature alloc-test)', () => {
  const modules = [join(WASM_DIR, 'authlens_core_bg.wasm')];
  for (const browser of ['chrome', 'firefox']) for (const part of CORE_PARTS) modules.push(join(extensionDir(browser), 'wasm', `${part}_bg.wasm`));
  for (const path of modules) {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(path))).map((e) => e.name);
    assert.ok(names.includes('memory'), path);
    assert.deepEqual(names.filter((n) => /^test/.test(n)), [], path);
  }
});

test('the background build diagnoses every fixture as the JS API does', () => {
  for (const { name, event } of fixtures()) assert.deepEqual(builds.background.diagnose(event), api.diagnose(event), name);
});

test('the flow build judges every flow fixture as the JS API does', () => {
  for (const { name, flow } of flowFixtures()) assert.deepEqual(builds.flow.diagnoseFlow(flow), api.diagnoseFlow(flow), name);
});

test('the report build writes the JS API\'s report of every fixture', () => {
  const t = (key, args) => `${key}(${args.join('|')})`;
  for (const { name, event } of fixtures()) {
    const failure = JSON.parse(JSON.stringify({
      url: event.url, method: event.method, type: event.type, time: event.timeStamp, diagnosis: api.diagnose(event),
    }));
    const report = builds.report.reportOf(failure, 'Chrome 156', t);
    assert.match(report, /\S/, name);
    assert.equal(report, api.reportOf(failure, 'Chrome 156', t), name);
  }
});

test('the popup build names the site as the JS API does', () => {
  for (const host of ['a.b.example.co.uk', 'intranet', '127.0.0.1', 'login.example.com']) {
    assert.equal(builds.popup.registrableDomain(host), api.registrableDomain(host), host);
  }
});

test('the popup build words the shell\'s notices as the JS API does, counts in their forms', () => {
  for (const lang of ['en', 'ru']) {
    const t = (key, args) => (key === 'plural_rules' ? lang : `${key}(${args.join('|')})`);
    for (const n of ['0', '1', '2', '5', '11', '21', '101', '111', '1001', '1.5']) {
      const args = [n, 'example.com'];
      assert.equal(builds.popup.message('notice_cookies_cleared', args, t), api.message('notice_cookies_cleared', args, t), `${lang} ${n}`);
    }
  }
  const t = (key, args) => (key === 'plural_rules' ? 'ru' : `${key}(${args.join('|')})`);
  assert.equal(builds.popup.message('notice_cookies_cleared', ['21', 'example.com'], t), 'notice_cookies_cleared_one(21|example.com)');
});
