// The classifier's real-server fixtures (crate/src/diagnosis/fixtures/*.http) as `diagnose`
// events, read the way crate/src/diagnosis/fixtures.rs reads them (its doc comment has the
// format), so that the bench and the JS tests use the same exchanges as the Rust tests.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths.mjs';

export const FIXTURES_DIR = join(ROOT, 'crate/src/diagnosis/fixtures');

/** HTTP-date → ms since the epoch; `Date.parse` reads all three RFC 9110 §5.6.7 formats. */
const httpDate = (value) => {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

/** Splits `Name: value` lines up to the first blank line; returns [headers, rest]. */
function headerBlock(lines) {
  const headers = [];
  while (lines.length && lines[0].trimEnd() !== '') {
    const line = lines.shift().trimEnd();
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`fixture: bad header line ${line}`);
    headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  lines.shift();
  return headers;
}

/** One `.http` fixture's text → a `diagnose` event. */
export function eventOf(text) {
  const lines = text.split('\n');
  const event = { requestHeaders: [] };
  let local;
  let requestLine;
  while (lines.length && requestLine === undefined) {
    const line = lines.shift().trimEnd();
    if (line.startsWith('#!')) {
      const [key, ...rest] = line.slice(2).split(':');
      const value = rest.join(':').trim();
      switch (key.trim()) {
        case 'type': event.type = value; break;
        case 'initiator': event.initiator = value; break;
        case 'retried': event.retried = value === 'true'; break;
        case 'authPrompted': event.authPrompted = value === 'true'; break;
        case 'timeStamp': local = httpDate(value); break;
        case 'requestHeaders': event.requestHeaders = undefined; break;
        default: throw new Error(`fixture: unknown setting ${key}`);
      }
    } else if (!line.startsWith('#') && line !== '') {
      requestLine = line;
    }
  }
  const space = requestLine.indexOf(' ');
  event.method = requestLine.slice(0, space);
  event.url = requestLine.slice(space + 1);
  const requestHeaders = headerBlock(lines);
  if (event.requestHeaders) event.requestHeaders = requestHeaders;
  event.statusCode = Number(lines.shift().split(' ')[1]);
  event.responseHeaders = headerBlock(lines);
  const body = lines.join('\n');
  if (body !== '') event.bodyText = body;
  const date = event.responseHeaders.find((h) => h.name.toLowerCase() === 'date');
  const at = local ?? (date && httpDate(date.value));
  // The local clock agrees with the response's Date, 250 ms later (as fixtures.rs has it).
  if (at !== undefined) event.timeStamp = at + 250;
  return event;
}

/** Every fixture: [{ name, event }], sorted by name. */
export function fixtures() {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.http'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.http'.length), event: eventOf(readFileSync(join(FIXTURES_DIR, f), 'utf8')) }));
}

export const FLOW_FIXTURES_DIR = join(ROOT, 'crate/src/diagnosis/flow/fixtures');

/** `a=1&b=2` as webRequest's formData: `{ name: [values] }`, decoded. */
function formData(value) {
  const form = {};
  for (const [name, v] of new URLSearchParams(value)) (form[name] ??= []).push(v);
  return form;
}

const HOP_SETTINGS = {
  frameId: (hop, v) => { hop.frameId = Number(v); },
  parentFrameId: (hop, v) => { hop.parentFrameId = Number(v); },
  redirectUrl: (hop, v) => { hop.redirectUrl = v; },
  error: (hop, v) => { hop.error = v; },
  form: (hop, v) => { hop.formData = formData(v); },
  storedCookies: (hop, v) => {
    hop.storedCookies = v.split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
      const [name, sameSite] = c.split(':').map((x) => x.trim());
      return sameSite ? { name, sameSite } : { name };
    });
  },
};

/**
 * One `.flow` fixture's text → a `diagnoseFlow` flow, read the way
 * crate/src/diagnosis/flow/fixtures.rs reads it (its doc comment has the format).
 */
export function flowOf(text) {
  const [head, ...parts] = text.split('\n=== hop\n');
  const flow = { hops: [] };
  for (const line of head.split('\n')) {
    const m = line.match(/^#!\s*([^:]+):\s*(.*)$/);
    if (m && m[1].trim() === 'thirdPartyCookiesBlocked') flow.thirdPartyCookiesBlocked = m[2].trim() === 'true';
    else if (m) throw new Error(`flow fixture: unknown flow setting ${m[1]}`);
  }
  parts.forEach((part, index) => {
    const hop = {};
    const exchange = part.split('\n').filter((line) => {
      const m = line.match(/^#!\s*([^:]+):\s*(.*)$/);
      const set = m && HOP_SETTINGS[m[1].trim()];
      if (set) set(hop, m[2].trim());
      return !set;
    }).join('\n');
    const event = eventOf(exchange);
    if (!/^#!\s*timeStamp:/m.test(exchange) && event.timeStamp !== undefined) event.timeStamp += 10 * index;
    Object.assign(hop, event);
    const location = event.responseHeaders.find((h) => h.name.toLowerCase() === 'location');
    if (hop.redirectUrl === undefined && event.statusCode >= 300 && event.statusCode < 400 && location) {
      hop.redirectUrl = new URL(location.value, event.url).href;
    }
    flow.hops.push(hop);
  });
  return flow;
}

/** Every flow fixture: [{ name, flow }], sorted by name. */
export function flowFixtures() {
  return readdirSync(FLOW_FIXTURES_DIR)
    .filter((f) => f.endsWith('.flow'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.flow'.length), flow: flowOf(readFileSync(join(FLOW_FIXTURES_DIR, f), 'utf8')) }));
}
