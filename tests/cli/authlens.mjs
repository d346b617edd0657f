// The built command line (dist/bin/authlens, from scripts/build.mjs), run as a user runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT } from '../../scripts/paths.mjs';

export const BIN = join(DIST, 'bin', process.platform === 'win32' ? 'authlens.exe' : 'authlens');
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run node scripts/build.mjs`);

export const HAR = (name) => join(ROOT, 'tests/cli/har', `${name}.har`);
export const CURL = (name) => readFileSync(join(ROOT, 'tests/cli/curl', `${name}.txt`));

/** A clean locale: the tests say which language they want. */
const ENV = { PATH: process.env.PATH, LANG: 'C' };

/**
 * Runs `authlens args…` with `input` on stdin; `{ status, stdout, stderr }`. `env` adds to a
 * clean environment (no LANG, LC_*, NO_COLOR of the caller's).
 */
export function authlens(args, { input, env = {}, cwd } = {}) {
  const r = spawnSync(BIN, args, { input, env: { ...ENV, ...env }, cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `authlens --json args…`, parsed. */
export function authlensJson(args, options) {
  const r = authlens(['--json', ...args], options);
  return { ...r, json: JSON.parse(r.stdout) };
}

/** util-linux `script`, which runs a command on a pseudo-terminal, when the system has it. */
export const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));

/** `authlens args…` with stdout and stderr on a terminal; what the terminal showed. */
export function onTerminal(args, env = {}) {
  const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
  const r = spawnSync(SCRIPT, ['-qec', [BIN, ...args].map(quote).join(' '), '/dev/null'], { env: { ...ENV, ...env }, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.stdout;
}
