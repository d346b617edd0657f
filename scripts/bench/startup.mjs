// Start-up of the core, cold: each sample is a fresh Node process (a process caches compiled
// wasm, so a second compile in the same one would flatter it). Run with `--child <build>` it is
// one sample: import the build's JS, compile the wasm (async, as the extension's init does),
// instantiate, first diagnose; it prints the times as JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { PARTS_DIR, WASM_DIR } from '../paths.mjs';
import { fixtures } from './fixtures.mjs';
import { median } from './measure.mjs';

/** The core's builds that diagnose: the extension's background build and the whole JS API. */
export const BUILDS = {
  background: { js: join(PARTS_DIR, 'background.js'), wasm: join(PARTS_DIR, 'background_bg.wasm') },
  api: { js: join(WASM_DIR, 'authlens_core.js'), wasm: join(WASM_DIR, 'authlens_core_bg.wasm') },
};

async function sample(build) {
  const event = fixtures()[0].event;
  const bytes = readFileSync(BUILDS[build].wasm);
  const t0 = performance.now();
  const core = await import(pathToFileURL(BUILDS[build].js).href);
  const t1 = performance.now();
  const module = await WebAssembly.compile(bytes);
  const t2 = performance.now();
  core.initSync({ module });
  const t3 = performance.now();
  core.diagnose(event);
  const t4 = performance.now();
  return { importJs: t1 - t0, compile: t2 - t1, instantiate: t3 - t2, firstDiagnose: t4 - t3 };
}

/** Median of each phase over `runs` fresh processes, in ms, for `build` (a key of BUILDS). */
export function startup(build, runs = 11) {
  const samples = Array.from({ length: runs }, () => JSON.parse(
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', build], { encoding: 'utf8' })));
  return Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((s) => s[k]))]));
}

if (process.argv[2] === '--child') console.log(JSON.stringify(await sample(process.argv[3])));
