// Zip archives whose bytes depend only on what goes in: entries in name order, every one with
// the same timestamp, compressed by the pinned fflate.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { zipSync } from 'fflate';

/**
 * The timestamp of every entry. Zip stores a local date and time without a zone, and fflate
 * reads a Date's local fields (getFullYear, getHours…): a Date made from local fields is written
 * as the same 2026-01-01 00:00 in every time zone, where an instant would not be.
 */
const ENTRY_TIME = new Date(2026, 0, 1);

/** Unix file modes as zip's "external attributes" (made by Unix: os 3), for executables to stay so. */
const unixAttributes = (mode) => ({ os: 3, attrs: (0o100000 | mode) << 16 });

/**
 * Writes `file`, a zip of `entries` ({ name, data, executable }), `name` with forward slashes.
 * Entries are sorted by name (code-unit order, the same in every locale).
 */
export function writeZip(file, entries) {
  const files = {};
  for (const { name, data, executable } of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (name in files) throw new Error(`zip: ${name} twice in ${file}`);
    files[name] = [data, { mtime: ENTRY_TIME, ...unixAttributes(executable ? 0o755 : 0o644) }];
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, zipSync(files, { level: 9 }));
}
