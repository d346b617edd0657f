// Records the inspected tab's requests as DevTools give them (HAR entries, with the bodies of
// the responses the core reads) and hands them to every AuthLens panel page of that tab. In
// memory only, bounded, gone when DevTools close: the entries hold the requests' credentials,
// which the core needs to decode a token and to name each secret in a curl command, and which
// nothing stores.
//
// The panel's page and this one meet on a BroadcastChannel named after the tab: the panel in
// DevTools, or the same page opened in a tab of its own (`devtools/panel.html?tab=<id>`), asks
// for what was recorded and is then sent each new entry.

/** The newest entries kept: a busy page makes thousands of requests, a sign-in a few dozen. */
export const MAX_ENTRIES = 1000;

/** The start of a body the core reads (it reads 8 KB; a multi-byte text needs more room). */
export const BODY_LIMIT = 16 * 1024;

export const channelName = (tabId) => `authlens-devtools:${tabId}`;

const header = (headers, name) => headers?.find((h) => h.name.toLowerCase() === name)?.value ?? '';

/**
 * Whether the core reads this response's body: a failure's (the cause is often named only
 * there) and a page's (an identity provider's page says why it refused a sign-in). Images,
 * scripts and styles are never read.
 */
export function wantsBody({ response }) {
  if (response.status >= 400) return true;
  return response.status >= 200 && response.status < 300 && /^text\/html\b/i.test(response.content?.mimeType ?? header(response.headers, 'content-type'));
}

/** The entry as plain data (DevTools add a `getContent` method), its body the start of `content`. */
export function plainEntry(entry, content, encoding) {
  const plain = JSON.parse(JSON.stringify(entry));
  if (typeof content === 'string') {
    plain.response.content = { ...plain.response.content, text: content.slice(0, BODY_LIMIT), ...(encoding ? { encoding } : {}) };
  }
  return plain;
}

/**
 * How long a body is waited for. DevTools may never answer for a response whose page went away:
 * the entry is then recorded without its body rather than lost. Long enough for a renderer
 * that is only busy (seconds, on a loaded machine) to answer.
 */
export const BODY_WAIT_MS = 10_000;

/** The body of a DevTools entry: `[content, encoding]`, or `[]` when DevTools have none in time. */
export function bodyOf(entry, waitMs = BODY_WAIT_MS) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), waitMs);
    const answer = (value) => { clearTimeout(timer); resolve(value); };
    try {
      entry.getContent((content, encoding) => answer([content, encoding]));
    } catch {
      answer([]);
    }
  });
}

/** Starts recording `network` (the devtools.network API) for the panels of `tabId`. */
export function startRecording(tabId, network, { bodyWaitMs = BODY_WAIT_MS } = {}) {
  const entries = [];
  const channel = new BroadcastChannel(channelName(tabId));
  channel.onmessage = ({ data }) => {
    // A panel that opens (or reloads) gets everything; `all` tells the others to start over too.
    if (data?.hello) channel.postMessage({ entries, all: true });
    if (data?.clear) entries.length = 0;
  };
  network.onRequestFinished.addListener(async (entry) => {
    const [content, encoding] = wantsBody(entry) ? await bodyOf(entry, bodyWaitMs) : [];
    const plain = plainEntry(entry, content, encoding);
    entries.push(plain);
    if (entries.length > MAX_ENTRIES) entries.splice(0, entries.length - MAX_ENTRIES);
    channel.postMessage({ entries: [plain] });
  });
  network.onNavigated.addListener((url) => channel.postMessage({ navigated: url }));
  return channel;
}
