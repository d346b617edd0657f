// AuthLens's version, kept in one place: `[workspace.package] version` in Cargo.toml, which the
// core reads as CARGO_PKG_VERSION and the build writes into both manifests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

/** The `version` of Cargo.toml's `[workspace.package]` table in `toml`. */
export function workspaceVersion(toml) {
  const table = toml.match(/^\[workspace\.package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m)?.[1];
  const version = table?.match(/^version\s*=\s*"([^"]*)"\s*$/m)?.[1];
  if (!version) throw new Error('version: Cargo.toml has no [workspace.package] version');
  // Chrome wants one to four dot-separated integers of 0 to 65535, not all zero; AMO the same
  // shape with up to nine digits, no leading zeros
  // (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/manifest.json/version).
  // Cargo wants three (semver), so a release is MAJOR.MINOR.PATCH without a pre-release tag.
  const parts = version.match(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/)?.slice(1).map(Number);
  if (!parts || parts.some((n) => n > 65535) || parts.every((n) => n === 0)) {
    throw new Error(`version: ${version} is not MAJOR.MINOR.PATCH of numbers up to 65535, not all zero, as both stores need`);
  }
  return version;
}

export const VERSION = workspaceVersion(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'));
