// Installs what the build and the tests need, idempotently: a second run only checks.
//   node scripts/setup.mjs build   → wasm target, pinned wasm-bindgen CLI, npm packages
//   node scripts/setup.mjs all     → the above, plus Debian's Chromium and Firefox ESR, and the
//                                    faketime and unzip of the reproducibility test
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, BROWSERS } from './paths.mjs';

const level = process.argv[2] ?? 'all';

function run(cmd, args, opts = {}) {
  console.log(`setup: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
}

function output(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
}

function wasmTarget() {
  if (!output('rustup', ['target', 'list', '--installed']).includes('wasm32-unknown-unknown')) {
    run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
  }
}

/** The wasm-bindgen version Cargo.lock resolved: the CLI must match it exactly. */
export function lockedWasmBindgen() {
  const lock = join(ROOT, 'Cargo.lock');
  if (!existsSync(lock)) run('cargo', ['generate-lockfile']);
  const m = readFileSync(lock, 'utf8').match(/name = "wasm-bindgen"\nversion = "([^"]+)"/);
  if (!m) throw new Error('setup: wasm-bindgen not found in Cargo.lock');
  return m[1];
}

function wasmBindgenCli() {
  const want = lockedWasmBindgen();
  if (output('wasm-bindgen', ['--version']).trim() === `wasm-bindgen ${want}`) return;
  // No --locked: it pins a dependency version the registry no longer has (ENVIRONMENT.md).
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', want, '--force']);
}

function npmPackages() {
  const lock = join(ROOT, 'package-lock.json');
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Debian packages the tests use besides the browsers, each known by a file it installs. */
const TEST_TOOLS = [
  { binary: '/usr/bin/faketime', packages: ['faketime'] },
  { binary: '/usr/bin/unzip', packages: ['unzip'] },
];

function debianPackages() {
  const wanted = [...Object.values(BROWSERS), ...TEST_TOOLS];
  const missing = wanted.some((b) => [b.binary, ...(b.files ?? [])].some((f) => !existsSync(f)));
  if (!missing) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) => run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', ...new Set(wanted.flatMap((b) => b.packages))]);
}

wasmTarget();
wasmBindgenCli();
npmPackages();
if (level === 'all') debianPackages();
