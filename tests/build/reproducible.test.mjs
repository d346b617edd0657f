// The packages are reproducible, as AMO's reviewers check them: the source package
// (dist/authlens-source.zip), unpacked in another directory and built there at another time,
// gives every artefact of the checkout's build byte for byte, the source package included.
//
// The second build differs from the checkout's in everything a build could leak: its path (and
// so the path of every source file rustc, wasm-bindgen or esbuild sees), CARGO_HOME's path (the
// registry crates' sources; the same crates, reached through a link, so nothing is downloaded
// twice), the clock (Debian's faketime, 400 days ahead, for every process it starts), the time
// zone (UTC+14: zip stores local times) and SOURCE_DATE_EPOCH. Its target directories start
// empty, the checkout's are whatever earlier builds left. Only the tools are the same: they are
// pinned (rust-toolchain.toml, Cargo.lock, package-lock.json), and node_modules is shared.
// rustc alone keeps the real clock: with libfaketime preloaded (Debian's 0.9.10) it hangs at
// start, every time, in a futex wait (observed); rustc reads no clock into what it compiles.
//
// Run after a build of the checkout (`npm test` builds first). It costs one clean build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DIST, ROOT } from '../../scripts/paths.mjs';

const SOURCE = join(DIST, 'authlens-source.zip');

/** Runs `cmd` in `cwd`; throws with its output's end when it fails. */
function run(cmd, args, { cwd, env = process.env }) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-4000);
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}) in ${cwd}:\n${output}`);
  }
  return r.stdout;
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Where two byte strings first differ, for a message a person can act on. */
function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `byte ${i} of ${a.length} / ${b.length}`;
  return `the first ${n} bytes agree; sizes ${a.length} / ${b.length}`;
}

test('the source package rebuilds every artefact byte for byte elsewhere, at another time', { timeout: 40 * 60_000 }, () => {
  assert.ok(existsSync(SOURCE), `${SOURCE} is missing: build the checkout first (node scripts/build.mjs)`);
  const work = mkdtempSync(join(tmpdir(), 'authlens-repro-'));
  try {
    const copy = join(work, 'elsewhere', 'a-longer-path', 'authlens-rebuilt');
    mkdirSync(copy, { recursive: true });
    // Info-ZIP's unzip, as a reviewer would unpack it: it restores the executable bits.
    run('unzip', ['-q', SOURCE, '-d', copy], { cwd: work });
    assert.match(readFileSync(join(copy, 'BUILDING.md'), 'utf8'), /npm run build/, 'the source package says how to build it');
    // The build note is written by the build; as a tracked file it would be refused.
    rmSync(join(copy, 'BUILDING.md'));
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(copy, 'node_modules'));
    // A git work tree of the same files, so that this build writes a source package too.
    run('git', ['init', '-q'], { cwd: copy });
    run('git', ['add', '-A'], { cwd: copy });

    // Cargo runs `RUSTC`: the pinned rustc, started without libfaketime.
    const rustc = join(work, 'rustc-real-clock');
    const pinned = run('rustup', ['which', 'rustc'], { cwd: ROOT }).trim();
    writeFileSync(rustc, `#!/bin/sh\nunset LD_PRELOAD\nexec '${pinned}' "$@"\n`);
    chmodSync(rustc, 0o755);

    const cargoHome = join(work, 'cargo-home-elsewhere');
    symlinkSync(realpathSync(process.env.CARGO_HOME ?? join(homedir(), '.cargo')), cargoHome);
    const env = {
      ...process.env,
      CARGO_HOME: cargoHome,
      RUSTC: rustc,
      TZ: 'Pacific/Kiritimati',
      SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000) + 400 * 86400),
      // Timers and timeouts keep real time; only the calendar moves.
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
    const said = run('faketime', ['-f', '+400d', 'node', 'scripts/build.mjs'], { cwd: copy, env });
    assert.match(said, /dist\/authlens-source\.zip/, 'the second build wrote a source package');
    const clock = run('faketime', ['-f', '+400d', 'node', '-e', 'console.log(new Date().getFullYear())'], { cwd: copy, env });
    assert.ok(Number(clock) > new Date().getFullYear(), `faketime moved the clock (${clock.trim()})`);

    const rebuilt = join(copy, 'dist');
    const files = filesUnder(rebuilt);
    for (const artefact of ['authlens-chrome.zip', 'authlens-firefox.zip', 'authlens-source.zip', 'wasm/authlens_core_bg.wasm', 'core-parts/background_bg.wasm']) {
      assert.ok(files.includes(artefact), `the second build wrote ${artefact}`);
    }
    const differences = files.flatMap((file) => {
      const ours = join(DIST, file);
      if (!existsSync(ours)) return [`${file}: not in the checkout's dist/`];
      const [a, b] = [readFileSync(ours), readFileSync(join(rebuilt, file))];
      return a.equals(b) ? [] : [`${file}: differs (${firstDifference(a, b)})`];
    });
    assert.deepEqual(differences, [], `${differences.length} of ${files.length} artefacts differ between ${resolve(DIST)} and ${rebuilt}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
