// `npm run bench`: AuthLens's core against the best alternatives, side by side in one run
// (issue 7). It prints Markdown tables of medians and ratios; `--record` also writes them, with
// a description of the machine, to scripts/bench/RESULTS.md. It never fails on speed: a
// target missed is printed as such. `--only <section>` runs one section (parse, hostile,
// diagnose, flow, startup, ordinary, browser).
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, release } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORE_PARTS, PARTS_DIR, ROOT, WASM_DIR } from './paths.mjs';
import { fixtures, flowFixtures } from './bench/fixtures.mjs';
import { HOSTILE, SCALES } from './bench/hostile.mjs';
import { fmt, interleaved, table, timeMs } from './bench/measure.mjs';
import { NPM, floor, normalised } from './bench/parsers.mjs';
import { ordinaryTraffic } from './bench/ordinary.mjs';
import { BUILDS, startup } from './bench/startup.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const record = args.includes('--record');

const core = await import(pathToFileURL(join(WASM_DIR, 'authlens_core.js')).href);
const wasmBytes = readFileSync(join(WASM_DIR, 'authlens_core_bg.wasm'));
const instance = core.initSync({ module: wasmBytes });

const out = [];
const say = (text = '') => {
  console.log(text);
  out.push(text);
};
const verdict = (ok) => (ok ? 'met' : '**missed**');

function parseSection() {
  const corpus = JSON.parse(readFileSync(join(ROOT, 'scripts/bench/corpus.json'), 'utf8')).values.map((v) => v.value);
  const contenders = { ours: core.parseChallenges, ...NPM, floor };
  const rfc = corpus.map((v) => JSON.stringify(normalised.ours(core.parseChallenges(v))));
  const agrees = (name) => corpus.filter((v, i) => JSON.stringify(normalised[name](contenders[name](v))) === rfc[i]).length;
  const ns = interleaved(Object.fromEntries(Object.entries(contenders).map(([k, f]) => [k, (i) => f(corpus[i])])),
    { n: corpus.length, reps: 300 });
  const fastestNpm = Math.min(...Object.keys(NPM).map((k) => ns[k]));
  say(`## Parsing from JS, boundary included (${corpus.length} real WWW-Authenticate values, scripts/bench/corpus.json)`);
  say();
  say(table(['parser', 'ns per header (median)', 'time / AuthLens', 'reads the value as RFC 9110 does'], Object.keys(contenders).map((k) => [
    k === 'ours' ? 'AuthLens (wasm)' : k === 'floor' ? 'floor: one pass over char codes' : k,
    fmt(ns[k]), fmt(ns[k] / ns.ours), k === 'floor' ? '—' : `${agrees(k)} of ${corpus.length}`,
  ])));
  say();
  say(`Targets: ≥ 2× faster than the fastest npm parser: ${fmt(fastestNpm / ns.ours)}× (${verdict(fastestNpm / ns.ours >= 2)}); ` +
    `within 4× of the floor: ${fmt(ns.ours / ns.floor)}× (${verdict(ns.ours / ns.floor <= 4)}).`);
  say();
}

/** AuthLens without the JS objects: the string written into wasm memory and parsed there. */
function wasmPart(value) {
  const at = instance.challenge_input(value.length * 3) >>> 0;
  const { written } = new TextEncoder().encodeInto(value, new Uint8Array(instance.memory.buffer, at, value.length * 3));
  return instance.challenge_parse(written);
}

function hostileSection() {
  const parsers = { ours: core.parseChallenges, 'AuthLens, wasm part only': wasmPart, ...NPM };
  const rows = [];
  let ours64k = 0;
  for (const [name, make] of Object.entries(HOSTILE)) {
    const values = Object.fromEntries(SCALES.map((s) => [s, make(s)]));
    for (const [parser, parse] of Object.entries(parsers)) {
      const ms = {};
      for (const s of SCALES) {
        // A parser that took over a quarter second is not run on a bigger input.
        if (Object.values(ms).some((t) => t > 250)) break;
        const call = () => {
          try {
            return parse(values[s]);
          } catch (e) {
            return e;
          }
        };
        ms[s] = timeMs(call, { rounds: parser === 'ours' ? 15 : 5 });
      }
      if (parser === 'ours' && name.startsWith('64 KiB quoted')) ours64k = ms[1];
      const ratio = ms[16] !== undefined ? fmt(ms[16] / ms[1]) : 'not run';
      rows.push([name, parser === 'ours' ? 'AuthLens' : parser, ...SCALES.map((s) => (ms[s] === undefined ? '—' : fmt(ms[s], 3))), ratio]);
    }
  }
  say('## Hostile inputs (ms per call, median; 1× is the size the issue names)');
  say();
  say(table(['input', 'parser', ...SCALES.map((s) => `${s}×`), '16× time / 1× time'], rows));
  say();
  const worst = (parser) => Math.max(...rows.filter((r) => r[1] === parser).map((r) => Number(r[5])));
  say('"wasm part only" is the string written into wasm memory and parsed there, without building the JS objects.');
  say();
  say(`Targets: linear (16× input ≤ 20× time): worst AuthLens ratio ${fmt(worst('AuthLens'))} ` +
    `(${verdict(worst('AuthLens') <= 20)}; wasm part only: ${fmt(worst('AuthLens, wasm part only'))}); ` +
    `64 KiB of escapes under 1 ms: ${fmt(ours64k, 3)} ms (${verdict(ours64k < 1)}).`);
  say();
}

async function diagnoseSection() {
  const events = fixtures();
  // The extension runs its background build (opt-level "z", Cargo.toml); the JS API is built for speed.
  const background = await import(pathToFileURL(BUILDS.background.js).href);
  background.initSync({ module: readFileSync(BUILDS.background.wasm) });
  const ns = interleaved({
    diagnose: (i) => core.diagnose(events[i].event),
    background: (i) => background.diagnose(events[i].event),
  }, { n: events.length, reps: 20 });
  const each = events.map(({ name, event }) => [name, timeMs(() => core.diagnose(event), { rounds: 101 }) * 1000]);
  each.sort((a, b) => a[1] - b[1]);
  const pick = [each[0], each[each.length >> 1], each.at(-1)];
  say(`## diagnose per event (${events.length} real-server fixtures, crate/src/diagnosis/fixtures)`);
  say();
  say(table(['event', 'µs per call (median)'], [
    ['all fixtures in turn: mean per event (median of rounds)', fmt(ns.diagnose / 1000)],
    ['… with the extension\'s background build', fmt(ns.background / 1000)],
    ...pick.map(([name, us], i) => [`${['fastest', 'median', 'slowest'][i]}: ${name}`, fmt(us)]),
  ]));
  say();
}

/** A sign-in flow judged: issue 17's target is under 1 ms per flow, in the extension's build. */
async function flowSection() {
  const flows = flowFixtures();
  const judge = await import(pathToFileURL(join(PARTS_DIR, 'flow.js')).href);
  judge.initSync({ module: readFileSync(join(PARTS_DIR, 'flow_bg.wasm')) });
  const ns = interleaved({
    api: (i) => core.diagnoseFlow(flows[i].flow),
    extension: (i) => judge.diagnoseFlow(flows[i].flow),
  }, { n: flows.length, reps: 20 });
  const each = flows.map(({ name, flow }) => [name, flow.hops.length, timeMs(() => judge.diagnoseFlow(flow), { rounds: 101 }) * 1000]);
  each.sort((a, b) => a[2] - b[2]);
  const slowest = each.at(-1);
  say(`## diagnoseFlow per flow (${flows.length} flow fixtures, crate/src/diagnosis/flow/fixtures)`);
  say();
  say(table(['flow', 'µs per call (median)'], [
    ['all flows in turn: mean per flow, JS API build', fmt(ns.api / 1000)],
    ['… with the extension\'s flow build', fmt(ns.extension / 1000)],
    [`median: ${each[each.length >> 1][0]} (${each[each.length >> 1][1]} hops)`, fmt(each[each.length >> 1][2])],
    [`slowest: ${slowest[0]} (${slowest[1]} hops)`, fmt(slowest[2])],
  ]));
  say();
  say(`A flow judged in under 1 ms (extension build, slowest fixture): ${verdict(slowest[2] < 1000)}.`);
  say();
}

function startupSection() {
  const size = (path) => {
    const bytes = readFileSync(path);
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  // When each of the extension's builds loads (scripts/paths.mjs lists them).
  const loads = {
    background: 'the extension loads it at the first failure',
    popup: 'loaded when the popup opens',
    report: 'loaded when the popup is asked for a report',
  };
  const parts = CORE_PARTS.map((part) => ({ part, ...size(join(PARTS_DIR, `${part}_bg.wasm`)) }));
  const api = size(BUILDS.api.wasm);
  say('## Start-up');
  say();
  const row = (what, s) => [what, `${fmt(s.raw / 1024, 1)} KiB`, `${fmt(s.gzip / 1000, 1)} KB`];
  say(table(['wasm module', 'raw', 'gzip -9'], [
    ...parts.map((p) => row(`${p.part} build: ${loads[p.part]}`, p)),
    row('whole JS API, every export (dist/wasm; the extension does not load it)', api),
  ]));
  say();
  const times = { background: startup('background'), api: startup('api') };
  say('Median of 11 fresh Node processes each:');
  say();
  say(table(['phase', 'background build', 'whole JS API'], [
    ['import the JS', 'importJs'], ['compile (async)', 'compile'], ['instantiate', 'instantiate'],
    ['first diagnose', 'firstDiagnose'],
  ].map(([what, k]) => [what, `${fmt(times.background[k])} ms`, `${fmt(times.api[k])} ms`])));
  say();
  const t = times.background;
  const total = t.compile + t.instantiate + t.firstDiagnose;
  const sized = parts.map((p) => `the ${p.part} build ${fmt(p.gzip / 1000, 1)} KB (${verdict(p.gzip <= 40_000)})`);
  say(`Targets: ≤ 40 KB gzip: ${sized.join(', ')}; ` +
    `compile + instantiate + first call of the background build ≤ 5 ms: ${fmt(total)} ms (${verdict(total <= 5)}).`);
  say();
}

async function ordinarySection() {
  const r = await ordinaryTraffic();
  say(`## Ordinary traffic never wakes the core (the built background, dist/chrome/background/main.js, on a stand-in chrome API)`);
  say();
  say(table(['what', 'value'], [
    ['ordinary responses of a page (200, 204, 206, 301, 302, 304, 404, 500; scripts, styles, fonts, images, fetch)', String(r.requests)],
    ['… of which reach an AuthLens listener (the others match no filter)', String(r.reached)],
    ['WebAssembly instantiations they caused', String(r.ordinaryInstances)],
    ['then one 401 with Basic: instantiations, diagnosis stored', `${r.failureInstances}, ${r.diagnosed}`],
    ['whole listener per ordinary response reaching it', `${fmt(r.listenerNs)} ns`],
  ]));
  say();
}

async function browserSection() {
  let browserBench;
  try {
    // The end-to-end harness launches the browsers; without it (or Chromium) there is no section.
    ({ browserBench } = await import('./bench/browser.mjs'));
  } catch (e) {
    say(`## Real browser: skipped (${e.message})`);
    say();
    return;
  }
  const r = await browserBench({ event: fixtures()[0].event });
  const startupMs = r.startup.init + r.startup.firstDiagnose;
  say(`## Real browser (${r.chromium}, headless)`);
  say();
  say(table(['what', 'value'], [
    [`page of ${r.requests} requests, load time without AuthLens (median of ${r.loads})`, `${fmt(r.withoutMs)} ms`],
    ['the same page with AuthLens', `${fmt(r.withMs)} ms`],
    ['with / without (median of the rounds)', fmt(r.ratio, 3)],
    ['floor: an extension with the same webRequest listeners, empty', `${fmt(r.floorMs)} ms`],
    ['floor / without', fmt(r.floorRatio, 3)],
    ['with AuthLens / floor', fmt(r.overFloor, 3)],
    ['wasm fetched by the service worker after those loads', String(r.ordinaryWasm)],
    ['… and after one 401', String(r.afterFailureWasm)],
    ['popup, opening to rendered diagnosis (a tab of its own)', `${fmt(r.popupMs)} ms`],
    ['… of which opening to DOMContentLoaded', `${fmt(r.popupDomMs)} ms`],
    ['core, background build, in a fresh extension page: import the JS', `${fmt(r.startup.importJs)} ms`],
    ['… fetch + compile + instantiate (init)', `${fmt(r.startup.init)} ms`],
    ['… first diagnose', `${fmt(r.startup.firstDiagnose)} ms`],
  ]));
  say();
  say(`Targets: page load with/without ≤ 1.03: ${fmt(r.ratio, 3)} (${verdict(r.ratio <= 1.03)}; the floor alone: ${fmt(r.floorRatio, 3)}); ` +
    `popup ≤ 50 ms: ${fmt(r.popupMs)} ms (${verdict(r.popupMs <= 50)}); ` +
    `compile + instantiate + first call ≤ 5 ms: ${fmt(startupMs)} ms (${verdict(startupMs <= 5)}); ` +
    `ordinary requests never load the core: ${verdict(r.ordinaryWasm === 0 && r.afterFailureWasm === 1)}.`);
  say();
}

function machine() {
  const chromium = (() => {
    try {
      return execFileSync('/usr/lib/chromium/chromium', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'not installed';
    }
  })();
  return [
    `- CPU: ${cpus()[0].model}, ${cpus().length} cores; memory ${fmt(totalmem() / 2 ** 30, 0)} GiB; Linux ${release()}`,
    `- Node ${process.version} (V8 ${process.versions.v8}); ${chromium}`,
    `- ${new Date().toISOString().slice(0, 10)}, shared machine (other builds may run): medians, contenders interleaved round by round`,
  ].join('\n');
}

const sections = {
  parse: parseSection, hostile: hostileSection, diagnose: diagnoseSection, flow: flowSection, startup: startupSection,
  ordinary: ordinarySection, browser: browserSection,
};
say('# AuthLens benchmark (npm run bench)');
say();
if (record) {
  say('Written by `npm run bench -- --record`; medians and ratios all from this one run.');
  say();
}
say(machine());
say();
for (const [name, run] of Object.entries(sections)) {
  if (!only || only === name) await run();
}
if (record) {
  writeFileSync(join(ROOT, 'scripts/bench/RESULTS.md'), `${out.join('\n')}\n`);
  console.log('bench: results written to scripts/bench/RESULTS.md');
}
