// Every test, in order from fastest to slowest; each step runs even if an earlier one failed,
// and the summary names the failures.  `npm test -- e2e lint` runs only the named steps.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

const testFiles = (dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.test.mjs')).map((f) => join(dir, f));

const STEPS = [
  { name: 'core', what: 'Rust core unit and property tests', cmd: 'cargo', args: ['test', '--quiet', '--workspace'] },
  { name: 'wasm', what: 'the built core from JS (contract, boundary, memory)', cmd: 'node', args: ['--test', ...testFiles('tests/core')] },
  { name: 'cli', what: 'the authlens binary on HAR files and curl output (text, JSON, errors, privacy)', cmd: 'node', args: ['--test', ...testFiles('tests/cli')] },
  { name: 'lint', what: 'web-ext lint of the Firefox build', cmd: 'npx', args: ['--no-install', 'web-ext', 'lint', '--source-dir', 'dist/firefox', '--self-hosted', '--warnings-as-errors'] },
  { name: 'fuzz', what: 'a short cargo-fuzz run of every target', cmd: 'bash', args: ['crate/fuzz/smoke.sh'] },
  // One clean build of the source package, elsewhere and at another time: the packages must match the checkout's byte for byte.
  { name: 'repro', what: 'the source package rebuilt in another directory, time zone and year', cmd: 'node', args: ['--test', ...testFiles('tests/build')] },
  // One browser suite at a time: two cores cannot run two browsers and a lab without timeouts.
  { name: 'e2e', what: 'Chromium and Firefox ESR with the built extension, against the lab', cmd: 'node', args: ['--test', '--test-concurrency=1', ...testFiles('tests/e2e')] },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !STEPS.some((s) => s.name === w));
if (unknown.length) {
  console.error(`test: unknown step ${unknown.join(', ')}; steps: ${STEPS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const failed = [];
for (const step of STEPS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  console.log(`\n── ${step.name}: ${step.what}`);
  const started = Date.now();
  const { status, error } = spawnSync(step.cmd, step.args, { cwd: ROOT, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status === 0) console.log(`── ${step.name}: passed (${seconds} s)`);
  else {
    console.log(`── ${step.name}: FAILED (${error?.message ?? `exit ${status}`}, ${seconds} s)`);
    failed.push(step.name);
  }
}
console.log(failed.length ? `\ntest: FAILED: ${failed.join(', ')}` : '\ntest: all passed');
process.exit(failed.length ? 1 : 0);
