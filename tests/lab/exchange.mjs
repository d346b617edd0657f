// What the lab answers and what its pages make the browser send, built from the classifier's
// real-server fixtures (crate/src/diagnosis/fixtures/*.http): the lab replays those exchanges
// byte for byte where it can, so the browser tests see what the Rust tests see.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, eventOf } from '../../scripts/bench/fixtures.mjs';

/** Headers about the fixture's own transfer, not about the failure: Node sets its own. */
const TRANSFER = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive']);

/** Request headers the browser sets itself: a page's fetch() cannot (and need not) send them. */
const BROWSER_SET = new Set([
  'cookie', 'origin', 'host', 'user-agent', 'content-length', 'referer',
  'access-control-request-method', 'access-control-request-headers',
]);

export const fixture = (name) => eventOf(readFileSync(join(FIXTURES_DIR, `${name}.http`), 'utf8'));

/**
 * The fixture's response as the lab sends it: its status, headers (repeated ones kept apart, as
 * servers send several WWW-Authenticate lines) and body; `Date` is the lab's clock, moved by
 * `clockOffsetMs` for a server whose clock differs from the browser's.
 */
export function replay(name, { clockOffsetMs = 0 } = {}) {
  const e = fixture(name);
  const headers = e.responseHeaders
    .filter((h) => !TRANSFER.has(h.name.toLowerCase()))
    .map((h) => (h.name.toLowerCase() === 'date' ? { name: h.name, value: new Date(Date.now() + clockOffsetMs).toUTCString() } : h));
  return { status: e.statusCode, headers, body: e.bodyText ?? '' };
}

/** What a lab page has the browser send to reproduce the fixture's request. */
export function requestOf(name) {
  const e = fixture(name);
  const header = (n) => e.requestHeaders?.find((h) => h.name.toLowerCase() === n)?.value;
  const cookies = header('cookie')?.split(/;\s*/).filter(Boolean) ?? [];
  const headers = Object.fromEntries((e.requestHeaders ?? [])
    .filter((h) => !BROWSER_SET.has(h.name.toLowerCase()) && !h.name.toLowerCase().startsWith('sec-'))
    .map((h) => [h.name, h.value]));
  return { method: e.method, headers, cookies };
}
