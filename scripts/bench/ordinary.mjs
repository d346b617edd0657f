// Ordinary traffic must never wake the core. The built background (dist/chrome/background/
// main.js, the code that ships) runs here on a stand-in for the `chrome` API that records its
// listeners; it is fed ordinary responses, then one 401, while every WebAssembly
// instantiation in the process is counted.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { extensionDir } from '../paths.mjs';
import { interleaved } from './measure.mjs';

const event = () => {
  const listeners = [];
  return { listeners, addListener: (fn, filter, spec) => listeners.push({ fn, filter, spec }) };
};

/** Calls the listeners of `event` whose filter matches `details`, as the browser does; how many. */
function dispatch(event, details) {
  let called = 0;
  for (const { fn, filter } of event.listeners) {
    if (filter?.types && !filter.types.includes(details.type)) continue;
    fn(details);
    called += 1;
  }
  return called;
}

/** Chromium's webRequest resource types (chrome.webRequest.ResourceType). */
const RESOURCE_TYPES = ['main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest', 'ping',
  'csp_report', 'media', 'websocket', 'webbundle', 'other'];

/** Just enough of `chrome.*` for the background to start and handle responses. */
function fakeChrome() {
  const session = new Map();
  return {
    webRequest: {
      onBeforeRequest: event(), onSendHeaders: event(), onHeadersReceived: event(), onBeforeRedirect: event(),
      onCompleted: event(), onErrorOccurred: event(), onAuthRequired: event(),
      OnSendHeadersOptions: { EXTRA_HEADERS: 'extraHeaders' },
      OnHeadersReceivedOptions: { EXTRA_HEADERS: 'extraHeaders' },
      OnAuthRequiredOptions: { ASYNC_BLOCKING: 'asyncBlocking' },
      ResourceType: Object.fromEntries(RESOURCE_TYPES.map((t) => [t.toUpperCase(), t])),
    },
    tabs: { onUpdated: event(), onRemoved: event(), get: async (tabId) => ({ id: tabId }) },
    runtime: { onMessage: event() },
    permissions: { onAdded: event() },
    storage: {
      session: {
        get: async (key) => (session.has(key) ? { [key]: structuredClone(session.get(key)) } : {}),
        set: async (items) => Object.entries(items).forEach(([k, v]) => session.set(k, structuredClone(v))),
        remove: async (key) => session.delete(key),
      },
      // No settings saved: the defaults apply.
      local: { get: async () => ({}) },
      onChanged: event(),
    },
    action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {} },
  };
}

const TYPES = ['script', 'stylesheet', 'image', 'xmlhttprequest', 'font', 'image', 'script', 'xmlhttprequest'];
const STATUSES = [200, 200, 200, 200, 200, 204, 206, 301, 302, 304, 304, 404, 500];

/** Response details as webRequest reports them for a page's ordinary subresources. */
export function ordinaryResponses(count) {
  return Array.from({ length: count }, (_, i) => ({
    requestId: String(1000 + i),
    url: `https://cdn.example.com/assets/${i}.js?v=3`,
    method: 'GET',
    type: TYPES[i % TYPES.length],
    tabId: 7,
    frameId: 0,
    timeStamp: 1_700_000_000_000 + i,
    statusCode: STATUSES[i % STATUSES.length],
    responseHeaders: [
      { name: 'content-type', value: 'application/javascript; charset=utf-8' },
      { name: 'content-length', value: String(1000 + i) },
      { name: 'cache-control', value: 'public, max-age=31536000, immutable' },
      { name: 'date', value: 'Mon, 15 Jan 2024 14:40:00 GMT' },
      { name: 'etag', value: `"${i.toString(16)}-abc"` },
      { name: 'server', value: 'nginx' },
      { name: 'vary', value: 'Accept-Encoding' },
      { name: 'strict-transport-security', value: 'max-age=63072000' },
      ...(i % 5 === 0 ? [{ name: 'set-cookie', value: `s=${i}; Path=/; Secure; HttpOnly` }] : []),
    ],
  }));
}

const failure = {
  requestId: '1', url: 'https://intranet.example.com/', method: 'GET', type: 'main_frame', tabId: 7, frameId: 0,
  timeStamp: 1_700_000_000_000, statusCode: 401,
  responseHeaders: [{ name: 'WWW-Authenticate', value: 'Basic realm="Intranet"' }],
};

/**
 * Runs the shipped background on ordinary responses and on one auth failure.
 * @returns {{ requests: number, reached: number, listenerNs: number, ordinaryInstances: number, failureInstances: number }}
 */
export async function ordinaryTraffic(count = 500) {
  // Only the core's instantiations count, either of the background's builds (wasm-bindgen's
  // import namespace names it): Node's fetch instantiates its own HTTP parser (wasm) whenever
  // it likes.
  let instances = 0;
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (source, imports, ...rest) => {
      if (imports?.['./background_bg.js'] || imports?.['./flow_bg.js']) instances += 1;
      return original.call(WebAssembly, source, imports, ...rest);
    };
  }
  // The extension fetches its wasm from its root (/wasm/…); here that is the built extension.
  const fetch = globalThis.fetch;
  globalThis.fetch = async (url, ...rest) => (String(url).startsWith('file:')
    ? new Response(readFileSync(join(extensionDir('chrome'), fileURLToPath(url))), { headers: { 'content-type': 'application/wasm' } })
    : fetch(url, ...rest));

  const chrome = fakeChrome();
  globalThis.chrome = chrome;
  await import(pathToFileURL(join(extensionDir('chrome'), 'background/main.js')).href);
  const onResponse = (details) => dispatch(chrome.webRequest.onHeadersReceived, details);

  const responses = ordinaryResponses(count);
  // Script, style sheet and font responses reach no listener: only the others are timed.
  const reaching = responses.filter((r) => onResponse(r) > 0);
  const times = interleaved({
    listener: (i) => onResponse(reaching[i]),
  }, { n: reaching.length, reps: 20 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const ordinaryInstances = instances;

  // The listener returns at once (it blocks the response in Firefox); the record follows.
  onResponse(failure);
  const diagnosed = await (async () => {
    for (let tries = 0; tries < 100; tries++) {
      const stored = (await chrome.storage.session.get('tab:7'))['tab:7'];
      const id = stored?.pages.at(-1)?.failures.at(-1)?.diagnosis?.cause?.id;
      if (id) return id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('bench: the 401 was not diagnosed by the background');
  })();
  const failureInstances = instances - ordinaryInstances;
  // Counting relies on wasm-bindgen's import namespace: a count of nothing means it moved.
  if (failureInstances !== 1) throw new Error(`bench: the 401 instantiated the core ${failureInstances} times, expected once`);
  return { requests: count, reached: reaching.length, listenerNs: times.listener, ordinaryInstances, failureInstances, diagnosed };
}

