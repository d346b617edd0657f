// A large HAR file for the command line's benchmark: a long DevTools session in Chrome's shape
// (tests/cli/har/README.md), written entry by entry. Most responses are ordinary pages,
// scripts, images and API calls; one in a hundred is an auth failure (an expired Bearer token,
// Spring's answer), and every thousandth page starts a sign-in that loops three times
// through the identity provider, as tests/cli/har/firefox-login-loop.har does.
import { closeSync, openSync, writeSync } from 'node:fs';

const h = (name, value) => ({ name, value });
const T0 = Date.parse('2026-12-07T09:00:00Z');
const UA = h('user-agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36');

/** Deterministic filler text, `n` characters. */
const filler = (n, seed) => {
  const words = ['order', 'cart', 'item', 'price', 'total', 'account', 'shipping', 'review', 'search', 'category'];
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${words[(i * 7 + seed) % words.length]} `;
  return s.slice(0, n);
};

function entry(i, padding) {
  const t = T0 + i * 250;
  const kind = i % 100 === 50 ? 'failure' : i % 1000 > 0 && i % 1000 < 10 ? 'loop' : ['document', 'script', 'image', 'fetch'][i % 4];
  const page = `https://shop.example.com/p/${i}`;
  let url = page;
  let status = 200;
  let type = kind;
  const sent = [h(':authority', 'shop.example.com'), UA, h('cookie', `SESSION=s${i % 97}`)];
  const got = [h('date', new Date(t).toUTCString()), h('content-type', 'text/html')];
  let body = `<!doctype html><title>Page ${i}</title><main>${filler(padding, i)}</main>`;
  let redirect = '';
  if (kind === 'failure') {
    type = 'fetch';
    url = `https://shop.example.com/api/orders/${i}`;
    status = 401;
    const claims = Buffer.from(JSON.stringify({ sub: `u${i}`, exp: Math.floor(t / 1000) - 300 })).toString('base64url');
    sent.push(h('authorization', `Bearer eyJhbGciOiJSUzI1NiJ9.${claims}.c2lnbmF0dXJl`));
    got.push(h('www-authenticate', `Bearer error="invalid_token", error_description="Jwt expired at ${new Date(t - 300_000).toISOString()}", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"`));
    body = '';
  } else if (kind === 'loop') {
    // account → login → provider → callback (cookie refused: SameSite=None without Secure) → account…
    type = 'document';
    const step = (i % 1000 - 1) % 3;
    const round = Math.floor(i / 1000);
    url = ['https://shop.example.com/account', 'https://id.example-idp.com/oauth2/authorize?client_id=shop&response_type=code&redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb&state=s' + round,
      `https://shop.example.com/cb?code=c${i}&state=s${round}`][step];
    status = 302;
    redirect = ['https://id.example-idp.com/oauth2/authorize?client_id=shop&response_type=code&redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb&state=s' + round,
      `https://shop.example.com/cb?code=c${i}&state=s${round}`, '/account'][step];
    got.push(h('location', redirect));
    if (step === 2) got.push(h('set-cookie', `shop_session=v${i}; Path=/; HttpOnly; SameSite=None`));
    body = '';
  } else if (kind === 'image') {
    url = `https://cdn.example.com/img/${i}.png`;
    body = Buffer.from(filler(padding >> 1, i)).toString('base64');
  }
  const dest = type === 'document' ? 'document' : type === 'fetch' ? 'empty' : type;
  sent.push(h('sec-fetch-dest', dest));
  return {
    _initiator: type === 'document' ? { type: 'other' } : { type: 'script', url: page },
    _resourceType: type,
    cache: {},
    pageref: `page_${Math.floor(i / 40)}`,
    request: { method: 'GET', url, httpVersion: 'http/2.0', headers: sent, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status, statusText: '', httpVersion: 'http/2.0', headers: got, cookies: [],
      content: { size: body.length, mimeType: kind === 'image' ? 'image/png' : 'text/html', text: body, ...(kind === 'image' ? { encoding: 'base64' } : {}) },
      redirectURL: redirect, headersSize: -1, bodySize: -1, _error: null,
    },
    serverIPAddress: '203.0.113.10',
    startedDateTime: new Date(t).toISOString(),
    time: 42.5,
    timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 40.1, receive: 1.1 },
  };
}

/** Writes a HAR of `entries` entries and about `bytes` bytes to `path`; its facts. */
export function writeLargeHar(path, { entries = 50_000, bytes = 100 << 20 } = {}) {
  const fd = openSync(path, 'w');
  let written = 0;
  const write = (s) => {
    written += writeSync(fd, s);
  };
  const text = (i, pad) => JSON.stringify(entry(i, pad), null, 2).replace(/^/gm, '      ');
  // Entry sizes grow linearly with the padding: measured on a sample, solved for the size wanted.
  const mean = (pad) => {
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += text(i, pad).length + 2;
    return sum / 1000;
  };
  const [a, b] = [mean(0), (mean(1000) - mean(0)) / 1000];
  const padding = Math.max(0, Math.round((bytes / entries - a) / b));
  write('{\n  "log": {\n    "version": "1.2",\n    "creator": {\n      "name": "WebInspector",\n      "version": "537.36"\n    },\n    "pages": [],\n    "entries": [\n');
  for (let i = 0; i < entries; i++) {
    write(`${i ? ',\n' : ''}${text(i, padding)}`);
  }
  write('\n    ]\n  }\n}\n');
  closeSync(fd);
  return { bytes: written, entries, failures: Math.floor((entries + 49) / 100) };
}
