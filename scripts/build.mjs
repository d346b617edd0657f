// Builds the core to wasm and assembles the extension for each browser:
//   dist/wasm/authlens_core.js + authlens_core_bg.wasm   (the core's JS API; a contract)
//   dist/core-parts/                                      (the extension's builds of the core)
//   dist/chrome/, dist/firefox/                           (loadable unpacked extensions)
//   dist/authlens-chrome.zip, dist/authlens-firefox.zip   (store archives)
//   dist/authlens-source.zip                              (the source a store reviewer rebuilds them from)
//   dist/test/firefox/                                    (tests only, see testOverlay)
//   dist/test/core/alloc.js + alloc_bg.wasm               (tests only: the allocator's calls as exports)
//   dist/bin/authlens                                     (the core on the command line)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { CORE_PARTS, DIST, PARTS_DIR, ROOT, WASM_DIR, extensionDir } from './paths.mjs';
import { writePrivacyPages } from './privacy-page.mjs';
import { writeSourcePackage } from './source-package.mjs';
import { VERSION } from './version.mjs';
import { writeZip } from './zip.mjs';

const SRC = join(ROOT, 'extension');
const WASM_NAME = 'authlens_core';

/**
 * rustc writes the source path of every panic location into the wasm, and the registry crates'
 * paths start with CARGO_HOME (`/root/.cargo/registry/src/…`): they are rewritten to fixed
 * prefixes, so that the module is the same wherever it is built (Cargo.toml's `trim-paths`
 * would say it there, but is unstable in Cargo 1.95). RUSTFLAGS from outside are replaced, not
 * added to: they would change the output too. The last matching prefix wins (rustc's
 * --remap-path-prefix), so a CARGO_HOME inside the checkout is still rewritten as CARGO_HOME.
 */
const cargoHome = resolve(process.env.CARGO_HOME ?? join(homedir(), '.cargo'));
const BUILD_ENV = {
  ...process.env,
  CARGO_ENCODED_RUSTFLAGS: [`--remap-path-prefix=${resolve(ROOT)}=/authlens`, `--remap-path-prefix=${cargoHome}=/cargo`].join('\x1f'),
};
delete BUILD_ENV.RUSTFLAGS;

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: 'inherit', cwd: ROOT, env: BUILD_ENV });
}

/**
 * One wasm build of the core with the exports `features` name, with a cargo `profile` (Cargo.toml
 * says why each): `dir/<name>.js` (wasm-bindgen's glue) and `dir/<name>_bg.wasm`. The
 * extension's parts share a profile, and cargo keeps one output per profile: each part has its
 * own target directory (`partDir`), or every build would compile the crate once per part again.
 */
function compileCore(features, dir, name, profile, partDir) {
  const targetDir = partDir ? join(ROOT, 'target', partDir) : join(ROOT, 'target');
  run('cargo', ['build', '--quiet', '--profile', profile, '--target', 'wasm32-unknown-unknown', '-p', 'authlens-core', '--lib',
    '--target-dir', targetDir, '--no-default-features', '--features', features.join(',')]);
  const raw = join(targetDir, 'wasm32-unknown-unknown', profile, `${WASM_NAME}.wasm`);
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--remove-name-section', '--out-dir', dir, '--out-name', name, raw]);
  // npm's binaryen, never Debian's wasm-opt 108: that one breaks rustc 1.95 output (ENVIRONMENT.md).
  // -O2 without inlining functions into their only caller: measured, that inlining left the
  // module 1.5 KB larger after gzip, and -O3 or -Oz were no smaller or faster.
  const out = join(dir, `${name}_bg.wasm`);
  run(join(ROOT, 'node_modules/.bin/wasm-opt'), ['-O2', '--one-caller-inline-max-function-size=0',
    '--enable-reference-types', '--enable-bulk-memory', '--enable-sign-ext', '--enable-nontrapping-float-to-int',
    '--enable-multivalue', '--enable-mutable-globals', out, '-o', out]);
}

/**
 * Each of the extension's builds is built for size (`wasm-extension`), which is start-up,
 * except the flow build: it judges a sign-in's whole trail each time the trail grows, loads
 * only at sign-in trouble, and in "z" took 0.97 ms on the slowest trail (21 hops) against
 * issue 17's 1 ms (docs/performance.md).
 */
const PART_PROFILE = { flow: 'wasm' };

function buildWasm() {
  rmSync(WASM_DIR, { recursive: true, force: true });
  rmSync(PARTS_DIR, { recursive: true, force: true });
  compileCore(['background', 'flow', 'popup', 'report', 'parse'], WASM_DIR, WASM_NAME, 'wasm');
  // The API module is ours (it adds a parseChallenges that bypasses wasm-bindgen and
  // re-exports the rest); the glue keeps its own name beside it.
  renameSync(join(WASM_DIR, `${WASM_NAME}.js`), join(WASM_DIR, `${WASM_NAME}_glue.js`));
  cpSync(join(ROOT, 'crate/src/wasm', `${WASM_NAME}.js`), join(WASM_DIR, `${WASM_NAME}.js`));
  for (const part of CORE_PARTS) compileCore([part], PARTS_DIR, part, PART_PROFILE[part] ?? 'wasm-extension', `wasm-${part}`);
  // The global allocator as the extension's builds compile it, driven by tests/core/alloc.test.mjs.
  compileCore(['alloc-test'], join(DIST, 'test', 'core'), 'alloc', 'wasm-extension', 'wasm-alloc-test');
}

/**
 * Deep merge for manifests: objects merge, arrays unite (a browser's manifest adds the
 * permissions only it needs), anything else is replaced.
 */
function merge(base, overlay) {
  const out = { ...base };
  const isObject = (x) => x && typeof x === 'object' && !Array.isArray(x);
  for (const [k, v] of Object.entries(overlay)) {
    if (isObject(v) && isObject(base[k])) out[k] = merge(base[k], v);
    else if (Array.isArray(v) && Array.isArray(base[k])) out[k] = [...new Set([...base[k], ...v])];
    else out[k] = v;
  }
  return out;
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Locale fragments (`_locales/<lang>/*.json`) become one messages.json per language. */
function mergeLocales(dest) {
  const root = join(SRC, '_locales');
  for (const lang of readdirSync(root)) {
    const messages = {};
    for (const file of readdirSync(join(root, lang)).filter((f) => f.endsWith('.json')).sort()) {
      for (const [key, entry] of Object.entries(readJson(join(root, lang, file)))) {
        if (key in messages) throw new Error(`build: locale key ${key} defined twice (${lang}/${file})`);
        messages[key] = entry;
      }
    }
    mkdirSync(join(dest, '_locales', lang), { recursive: true });
    writeFileSync(join(dest, '_locales', lang, 'messages.json'), JSON.stringify(messages, null, 1));
  }
}

const isSourceOnly = (path) => /^manifest\..+\.json$/.test(relative(SRC, path)) || relative(SRC, path) === '_locales';

function assemble(browser, dest, extraOverlay = {}) {
  rmSync(dest, { recursive: true, force: true });
  cpSync(SRC, dest, { recursive: true, filter: (p) => !isSourceOnly(p) });
  const manifest = merge(merge(readJson(join(SRC, 'manifest.json')), readJson(join(SRC, `manifest.${browser}.json`))), extraOverlay);
  manifest.version = VERSION;
  writeFileSync(join(dest, 'manifest.json'), JSON.stringify(manifest, null, 2));
  mergeLocales(dest);
  writePrivacyPages(dest, readdirSync(join(SRC, '_locales')));
  cpSync(PARTS_DIR, join(dest, 'wasm'), { recursive: true });
  bundle(dest);
}

// The scripts that pages and manifests load; each becomes one file with every module it imports.
const ENTRY_POINTS = ['background/main.js', 'popup/popup.js', 'options/options.js', 'devtools/devtools.js', 'devtools/panel.js', 'har/har.js'];

/**
 * Bundles each entry point in place and removes the modules it took in. An extension page
 * fetches its modules through the browser process one import level after another: measured
 * (interleaved in one browser), the popup rendered 10–30 ms sooner from one file. Readable, not minified:
 * store reviewers read it. The core's glue goes into the page that loads it; `wasm/` keeps
 * only the modules.
 */
function bundle(dest) {
  const { metafile } = buildSync({
    entryPoints: ENTRY_POINTS.map((e) => join(dest, e)), outdir: dest, outbase: dest, allowOverwrite: true,
    bundle: true, format: 'esm', target: 'es2022', metafile: true, logLevel: 'warning', absWorkingDir: dest,
  });
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(dest, input);
    if (!ENTRY_POINTS.includes(relative(dest, path))) rmSync(path);
  }
  for (const dir of readdirSync(dest)) {
    const path = join(dest, dir);
    if (statSync(path).isDirectory() && readdirSync(path).length === 0) rmSync(path, { recursive: true });
  }
}

function zip(dir, file) {
  const entries = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else entries.push({ name: relative(dir, p), data: readFileSync(p) });
    }
  };
  walk(dir);
  writeZip(file, entries);
}

/** The native command line, `authlens`, built for speed (the release profile). */
function buildCli() {
  run('cargo', ['build', '--quiet', '--release', '-p', 'authlens-core', '--bin', 'authlens']);
  mkdirSync(join(DIST, 'bin'), { recursive: true });
  const exe = process.platform === 'win32' ? 'authlens.exe' : 'authlens';
  cpSync(join(ROOT, 'target', 'release', exe), join(DIST, 'bin', exe));
}

buildWasm();
buildCli();
for (const browser of ['chrome', 'firefox']) {
  assemble(browser, extensionDir(browser));
  zip(extensionDir(browser), join(DIST, `authlens-${browser}.zip`));
}
// WebDriver BiDi will not navigate a tab to moz-extension:// pages (ENVIRONMENT.md), so the
// Firefox test build alone lets the tests open the extension's pages as web-accessible resources.
{
  assemble('firefox', join(DIST, 'test', 'firefox'), {
    web_accessible_resources: [{ resources: ['popup/*', 'options/*', 'devtools/*', 'har/*'], matches: ['<all_urls>'] }],
  });
}
const source = writeSourcePackage(join(DIST, 'authlens-source.zip'));
console.log(`build: AuthLens ${VERSION}: dist/chrome, dist/firefox, dist/authlens-chrome.zip, dist/authlens-firefox.zip, dist/bin/authlens, ${
  source ? 'dist/authlens-source.zip' : 'no dist/authlens-source.zip (not a git work tree)'}`);
