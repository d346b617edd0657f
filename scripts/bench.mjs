// `npm run bench`: AuthLens's core against the best alternatives, side by side in one run
// (issue 7), and what AuthLens costs in real browsers (issue 21). It prints Markdown tables of
// medians and ratios; `--record` also writes them, with a description of the machine, to
// scripts/bench/RESULTS.md; `--json` prints one JSON object with every figure and its target
// on stdout (the Markdown then goes to stderr). It never fails on speed: a target missed is
// printed as such. `--only <section>` runs one section (parse, hostile, diagnose, flow,
// startup, ordinary, browser, cli).
import { execFileSync, spawn } from 'node:child_process';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORE_PARTS, DIST, PARTS_DIR, ROOT, WASM_DIR } from './paths.mjs';
import { fixtures, flowFixtures } from './bench/fixtures.mjs';
import { HOSTILE, SCALES } from './bench/hostile.mjs';
import { fmt, interleaved, median, table, timeMs } from './bench/measure.mjs';
import { NPM, floor, normalised } from './bench/parsers.mjs';
import { ordinaryTraffic } from './bench/ordinary.mjs';
import { BUILDS, startup } from './bench/startup.mjs';
import { writeLargeHar } from './bench/har.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const record = args.includes('--record');
const json = args.includes('--json');

const core = await import(pathToFileURL(join(WASM_DIR, 'authlens_core.js')).href);
const wasmBytes = readFileSync(join(WASM_DIR, 'authlens_core_bg.wasm'));
const instance = core.initSync({ module: wasmBytes });

const out = [];
const say = (text = '') => {
  (json ? console.error : console.log)(text);
  out.push(text);
};
const verdict = (ok) => (ok ? 'met' : '**missed**');

/** Every figure of the run, by key, for `--json`: `{ what, value, unit, target?, met? }`. */
const figures = {};

/**
 * Records one figure; with `target` (`{ max }` or `{ min }`, in the figure's unit), whether it
 * was met. Returns the verdict's word for the Markdown.
 */
function figure(key, what, value, unit, target) {
  const met = target === undefined ? undefined : target.max !== undefined ? value <= target.max : value >= target.min;
  figures[key] = { what, value, unit, ...(target ? { target, met } : {}) };
  return met === undefined ? '' : verdict(met);
}

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
  figure('parse.ns', 'parse from JS, ns per header', ns.ours, 'ns');
  const faster = figure('parse.vsNpm', 'parse: the fastest npm parser\'s time / AuthLens\'s', fastestNpm / ns.ours, 'ratio', { min: 2 });
  const floorRatio = figure('parse.vsFloor', 'parse: AuthLens\'s time / a floor of one pass over the char codes', ns.ours / ns.floor, 'ratio', { max: 4 });
  say(`Targets: ≥ 2× faster than the fastest npm parser: ${fmt(fastestNpm / ns.ours)}× (${faster}); ` +
    `within 4× of the floor: ${fmt(ns.ours / ns.floor)}× (${floorRatio}).`);
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
  const linear = figure('hostile.worstScaling', 'hostile inputs: 16× input / 1× time, worst', worst('AuthLens'), 'ratio', { max: 20 });
  const escapes = figure('hostile.escapes64k', '64 KiB quoted string of escapes', ours64k, 'ms', { max: 1 });
  say(`Targets: linear (16× input ≤ 20× time): worst AuthLens ratio ${fmt(worst('AuthLens'))} ` +
    `(${linear}; wasm part only: ${fmt(worst('AuthLens, wasm part only'))}); ` +
    `64 KiB of escapes under 1 ms: ${fmt(ours64k, 3)} ms (${escapes}).`);
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
  figure('diagnose.us', 'diagnose, mean per real-server event', ns.diagnose / 1000, 'µs');
  figure('diagnose.backgroundUs', 'diagnose, mean per event, the extension\'s background build', ns.background / 1000, 'µs');
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
  say(`A flow judged in under 1 ms (extension build, slowest fixture): ${figure('flow.slowestMs', 'diagnoseFlow, slowest fixture, extension build', slowest[2] / 1000, 'ms', { max: 1 })}.`);
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
    flow: 'the background loads it at the first sign-in trail worth judging',
    panel: 'loaded when the AuthLens panel opens in DevTools',
    'har-page': 'loaded when the HAR page opens',
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
  for (const p of parts) figure(`size.${p.part}`, `wasm, gzip -9, the ${p.part} build`, p.gzip / 1000, 'KB');
  figure('startup.node', 'compile + instantiate + first call of the background build, Node (median of 11 processes)', total, 'ms');
  say('No size target (retired: what users feel is start-up, measured where it happens in the real browser section); ' +
    `compile + instantiate + first call of the background build in Node: ${fmt(total)} ms.`);
  say();
}

async function ordinarySection() {
  const r = await ordinaryTraffic();
  figure('ordinary.reached', 'ordinary responses of a page reaching an AuthLens listener, of 500', r.reached, 'responses');
  figure('ordinary.listenerNs', 'listener per ordinary response reaching it', r.listenerNs, 'ns');
  figure('ordinary.instances', 'core instantiations caused by ordinary responses (stand-in chrome API)', r.ordinaryInstances, 'instantiations', { max: 0 });
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

/** `1.012 (IQR 1.004–1.020, 0.981–1.051)`: a spread's median, quartiles and extremes. */
const spreadText = (x, digits) => `${fmt(x.median, digits)} (IQR ${fmt(x.q1, digits)}–${fmt(x.q3, digits)}, range ${fmt(x.min, digits)}–${fmt(x.max, digits)})`;

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
  const r = await browserBench();
  const n = r.realistic.chrome.ratio.n;
  say(`## Real browser (${r.chromium}; ${r.firefox}; headless)`);
  say();
  say(`Page load, ms from navigation start to the load event (the realistic page: and every fetch answered), ` +
    `${n} rounds, each loading the page once in each browser, the order rotating; ratios are taken round by round. ` +
    'Median (IQR: the middle half of the rounds; range: all of them).');
  say();
  const rows = [];
  const targets = {};
  for (const [page, title] of [['realistic', `realistic page (${r.realistic.requests} requests, 4 origins, 20–80 ms per response)`], ['stress', `stress page (${r.stress.requests} images at once)`]]) {
    const c = r[page].chrome;
    const f = r[page].firefox;
    figure(`${page}.chrome.withMs`, `${title}, Chromium with AuthLens`, c.withMs.median, 'ms');
    figure(`${page}.chrome.withoutMs`, `${title}, Chromium without`, c.withoutMs.median, 'ms');
    figure(`${page}.chrome.standInRatio`, `${title}, Chromium, stand-in / without`, c.standInRatio.median, 'ratio');
    figure(`${page}.chrome.permissionOnlyRatio`, `${title}, Chromium, AuthLens's permissions without listeners / without`, c.permissionOnlyRatio.median, 'ratio');
    targets[page] = {
      ratio: figure(`${page}.chrome.ratio`, `${title}, Chromium, with / without AuthLens`, c.ratio.median, 'ratio', { max: page === 'realistic' ? 1.03 : 1.2 }),
      overStandIn: figure(`${page}.chrome.overStandIn`, `${title}, Chromium, AuthLens / stand-in`, c.overStandIn.median, 'ratio', { max: 1.02 }),
    };
    figure(`${page}.firefox.ratio`, `${title}, Firefox, with / without AuthLens`, f.ratio.median, 'ratio');
    figure(`${page}.firefox.withoutMs`, `${title}, Firefox without`, f.withoutMs.median, 'ms');
    rows.push(
      [`**${title}**`, '', ''],
      ['Chromium without AuthLens', `${spreadText(c.withoutMs, 0)} ms`, ''],
      ['Chromium with AuthLens', `${spreadText(c.withMs, 0)} ms`, ''],
      ['… with / without', spreadText(c.ratio, 3), `≤ ${page === 'realistic' ? '1.03' : '1.20'}: ${targets[page].ratio}`],
      ['Chromium with the stand-in (AuthLens\'s listeners, filters and options, empty)', `${spreadText(c.standInMs, 0)} ms`, ''],
      ['… stand-in / without', spreadText(c.standInRatio, 3), ''],
      ['… AuthLens / stand-in', spreadText(c.overStandIn, 3), `≤ 1.02: ${targets[page].overStandIn}`],
      ['Chromium with AuthLens\'s permissions and no listener (the floor of holding `webRequest`)', `${spreadText(c.permissionOnlyMs, 0)} ms`, ''],
      ['… permissions only / without', spreadText(c.permissionOnlyRatio, 3), ''],
      ['Firefox without AuthLens', `${spreadText(f.withoutMs, 0)} ms`, ''],
      ['Firefox with AuthLens', `${spreadText(f.withMs, 0)} ms`, ''],
      ['… with / without', spreadText(f.ratio, 3), 'recorded'],
    );
  }
  say(table(['what', 'value', 'target'], rows));
  say();
  const popup = figure('popup.readyMs', `popup, opening to rendered diagnosis (median of ${r.popup.readyMs.n})`, r.popup.readyMs.median, 'ms', { max: 50 });
  const startup = figure('startup.workerMs', `background core: asked for → first answer (fetch, compile, instantiate, first call), median of ${r.startup.ms.n} fresh service workers`, r.startup.ms.median, 'ms', { max: 5 });
  const ordinary = figure('ordinary.wasmFetches', 'wasm fetched by the service worker during the page loads (every ordinary response)', r.ordinaryWasm, 'fetches', { max: 0 });
  figure('popup.domReadyMs', 'popup, opening to DOMContentLoaded', r.popup.domReadyMs.median, 'ms');
  figure('popup.coreMs', 'popup core: asked for → rendered', r.popup.coreMs.median, 'ms');
  figure('startup.loadedMs', 'background core in a fresh service worker: fetched, compiled and instantiated', r.startup.loadedMs.median, 'ms');
  figure('popup.floorMs', 'the popup\'s page with an empty script, opening to ready', r.popup.floorMs.median, 'ms');
  figure('popup.overFloorMs', 'popup over that floor, opening by opening', r.popup.overFloorMs.median, 'ms');
  say(table(['what', 'value', 'target'], [
    ['wasm fetched by the service worker during all those loads', String(r.ordinaryWasm), `0: ${ordinary}`],
    ['… and after one 401', String(r.afterFailureWasm), '1'],
    [`popup, opening to rendered diagnosis (a tab of its own, ${r.popup.readyMs.n} openings)`, `${spreadText(r.popup.readyMs, 1)} ms`, `≤ 50 ms: ${popup}`],
    ['… of which opening to DOMContentLoaded', `${spreadText(r.popup.domReadyMs, 1)} ms`, ''],
    ['… the popup core, asked for → rendered', `${spreadText(r.popup.coreMs, 1)} ms`, ''],
    ['the popup\'s page with an empty script (Chromium\'s floor), opening to ready', `${spreadText(r.popup.floorMs, 1)} ms`, ''],
    ['… the popup over that floor, opening by opening', `${spreadText(r.popup.overFloorMs, 1)} ms`, ''],
    [`background core in a fresh service worker, asked for → first answer (${r.startup.ms.n} workers)`, `${spreadText(r.startup.ms, 2)} ms`, `≤ 5 ms: ${startup}`],
    ['… of which fetched, compiled and instantiated (before the first call)', `${spreadText(r.startup.loadedMs, 2)} ms`, ''],
  ]));
  say();
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/**
 * Runs `authlens args…` (dist/bin/authlens), its output thrown away: wall time and CPU time
 * (user + system, which a busy machine inflates less) in ms, and peak resident memory in MiB,
 * read from /proc while it runs (VmHWM only grows; the CPU time as last seen).
 */
function runCli(args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(join(DIST, 'bin', 'authlens'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let cpu = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
        // Fields 14 and 15 (utime, stime), counted after the command's parenthesised name.
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
        cpu = Math.max(cpu, ((utime + stime) / TICKS) * 1000);
      } catch {
        // Gone already, or no /proc: what was seen stays.
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0 && code !== 1) reject(new Error(`authlens ${args.join(' ')}: exit ${code}: ${stderr}`));
      else resolve({ ms: performance.now() - start, cpuMs: cpu, peakMiB: peak });
    });
  });
}

/** The command line on a 100 MB, 50,000-entry HAR: time, and memory that the file's size does not set. */
async function cliSection() {
  const dir = mkdtempSync(join(tmpdir(), 'authlens-bench-'));
  try {
    const file = join(dir, 'session.har');
    const har = writeLargeHar(file);
    const small = join(dir, 'small.har');
    const smallHar = writeLargeHar(small, { entries: 5_000, bytes: 10 << 20 });
    const rounds = 3;
    const runs = { text: [], json: [], small: [] };
    for (let i = 0; i < rounds; i++) {
      runs.text.push(await runCli([file]));
      runs.json.push(await runCli(['--json', file]));
      runs.small.push(await runCli([small]));
    }
    const ms = (k) => median(runs[k].map((r) => r.ms));
    const cpu = (k) => median(runs[k].map((r) => r.cpuMs));
    const peak = (k) => Math.max(...runs[k].map((r) => r.peakMiB));
    const mb = har.bytes / 2 ** 20;
    const row = (label, k, size) => [label, `${fmt(ms(k) / 1000, 2)} s`, `${fmt(cpu(k) / 1000, 2)} s`,
      fmt(size / (cpu(k) / 1000), 0), `${fmt(peak(k), 1)} MiB`];
    say(`## The command line on a large HAR (dist/bin/authlens; ${fmt(mb, 0)} MB, ${har.entries.toLocaleString('en')} entries in Chrome's shape, scripts/bench/har.mjs)`);
    say();
    say(table(['run', 'wall time (median of 3)', 'CPU time', 'MB per CPU second', 'peak RSS'], [
      row(`text, ${fmt(mb, 0)} MB`, 'text', mb),
      row(`--json, ${fmt(mb, 0)} MB`, 'json', mb),
      row(`text, ${fmt(smallHar.bytes / 2 ** 20, 0)} MB (${smallHar.entries.toLocaleString('en')} entries)`, 'small', smallHar.bytes / 2 ** 20),
    ]));
    say();
    say(`Bounded memory: peak RSS for ${fmt(mb, 0)} MB under a quarter of the file and within 2× of a tenth of it: ` +
      `${fmt(peak('text'), 1)} MiB vs ${fmt(peak('small'), 1)} MiB (${verdict(peak('text') < mb / 4 && peak('text') < 2 * peak('small'))}).`);
    say();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  ordinary: ordinarySection, browser: browserSection, cli: cliSection,
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
  console.error('bench: results written to scripts/bench/RESULTS.md');
}
if (json) console.log(JSON.stringify({ date: new Date().toISOString(), machine: machine(), figures }, null, 2));
