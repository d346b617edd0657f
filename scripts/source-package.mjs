// The source package a store reviewer rebuilds the extension from (AMO asks for it when a
// package holds generated code, here the wasm core): every file git tracks, as it is in the work
// tree that was built, and BUILDING.md at its root.
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';
import { VERSION } from './version.mjs';
import { writeZip } from './zip.mjs';

const NOTE = 'BUILDING.md';

/** The build note: the README's two commands, and what makes a rebuild byte-identical. */
function buildingNote(rustToolchain) {
  return `# Building AuthLens ${VERSION} from this source

On Debian 12 with Rust (rustup) and Node 20:

\`\`\`sh
npm run build   # the extension: dist/authlens-firefox.zip, dist/authlens-chrome.zip
npm test        # every test (Rust core, wasm contract, lint, both real browsers)
\`\`\`

\`npm run build\` first installs what it needs, idempotently (\`scripts/setup.mjs\`): the Rust
toolchain pinned in \`rust-toolchain.toml\` (${rustToolchain}) with its \`wasm32-unknown-unknown\`
target, the \`wasm-bindgen\` CLI at the version \`Cargo.lock\` pins, and the npm packages of
\`package-lock.json\` (esbuild, binaryen's wasm-opt, fflate). The wasm in the extension is
compiled from \`crate/\` by that toolchain; everything else is bundled, not minified, from
\`extension/\`.

The build is reproducible: the same source gives byte-identical archives wherever it is
unpacked and whenever it is built (\`tests/build/reproducible.test.mjs\` builds a second copy in
another directory, another time zone and another year, and compares every file).
`;
}

const git = (args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Whether ROOT is the top of a git work tree (an unpacked source package is not). */
function isWorkTree() {
  try {
    return realpathSync(git(['rev-parse', '--show-toplevel']).trim()) === realpathSync(ROOT);
  } catch {
    return false;
  }
}

/** Every tracked path with its mode as git records it (100644, 100755 executable, 120000 link…). */
function trackedFiles() {
  return git(['ls-files', '--stage', '-z']).split('\0').filter(Boolean).map((line) => {
    const [, mode, path] = line.match(/^(\d+) [0-9a-f]+ \d\t(.*)$/s);
    return { path, mode };
  });
}

/**
 * Writes the source package to `file`; returns false, writing nothing, outside a git work tree
 * (an unpacked source package rebuilds the extension, not a package of itself).
 */
export function writeSourcePackage(file) {
  if (!isWorkTree()) return false;
  const toolchain = readFileSync(join(ROOT, 'rust-toolchain.toml'), 'utf8').match(/^channel\s*=\s*"([^"]+)"/m)?.[1];
  if (!toolchain) throw new Error('source package: rust-toolchain.toml names no channel');
  const entries = trackedFiles().map(({ path, mode }) => {
    const full = join(ROOT, path);
    // A tracked link or submodule would be a file the reviewer cannot rebuild from.
    if (mode !== '100644' && mode !== '100755') throw new Error(`source package: ${path} is tracked as mode ${mode}, not as a file`);
    if (!lstatSync(full, { throwIfNoEntry: false })?.isFile()) throw new Error(`source package: ${path} is tracked but missing from the work tree`);
    return { name: path, data: readFileSync(full), executable: mode === '100755' };
  });
  if (entries.some((e) => e.name === NOTE)) throw new Error(`source package: ${NOTE} is tracked; the build writes it`);
  entries.push({ name: NOTE, data: Buffer.from(buildingNote(toolchain)) });
  writeZip(file, entries);
  return true;
}
