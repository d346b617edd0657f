// A realistic page for the benchmark (scripts/bench/browser.mjs): the median desktop page of
// the HTTP Archive's Web Almanac 2024 (https://almanac.httparchive.org/en/2024/page-weight:
// 71 requests and 2.6 MB; JavaScript the most requested type at 24 requests, 613 KB; images
// 18 requests, 1 MB; then style sheets, fonts, fetch/XHR), from four origins (the page's,
// a static host, a third party's and its ad host), each response after a latency of tens of
// milliseconds, as a server across the internet answers.
//   /lab/realistic?static=ORIGIN&third=ORIGIN&ads=ORIGIN   the page (each origin defaults to its own)
//   /lab/realistic/r/<kind>/<n>                           one of its resources
// The page sets `window.realisticDone` (ms since navigation start) once it has loaded and
// every fetch it made has answered.

export const REALISTIC_PREFIX = '/lab/realistic';

/**
 * The page's requests by kind: how many, from which origin (`own`, `static`, `third`, `ads`),
 * and how big (bytes: the Almanac's median bytes of the kind over its median count).
 */
export const COMPOSITION = {
  script: { from: { own: 9, static: 8, third: 4, ads: 3 }, bytes: 25_000 },
  image: { from: { own: 10, static: 8, ads: 2 }, bytes: 55_000 },
  stylesheet: { from: { own: 4, static: 2 }, bytes: 11_000 },
  font: { from: { static: 4 }, bytes: 30_000 },
  fetch: { from: { own: 5, third: 3 }, bytes: 2_000 },
  // A third party's embed (a video player, an ad), each with a script and two images of its own.
  frame: { from: { third: 1, ads: 1 }, bytes: 4_000 },
};

/** The document itself and each embed's own requests: 1 + 3 per frame. */
export const REQUESTS = 1 + Object.values(COMPOSITION).reduce((n, k) => n + Object.values(k.from).reduce((a, b) => a + b, 0), 0) +
  3 * Object.values(COMPOSITION.frame.from).reduce((a, b) => a + b, 0);

/** A response's latency: 20–80 ms, fixed per resource so that every load waits alike. */
const latency = (kind, n) => 20 + ((n * 37 + kind.length * 11) % 61);

const DOCUMENT_LATENCY_MS = 60;

// A 1×1 GIF, padded to the kind's size after its trailer (decoders stop at the trailer).
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const TYPES = { script: 'text/javascript', image: 'image/gif', stylesheet: 'text/css', font: 'font/woff2', fetch: 'application/json', frame: 'text/html' };

const pad = (text, bytes) => text + ' '.repeat(Math.max(0, bytes - text.length));

function body(kind, n, url) {
  const { bytes } = COMPOSITION[kind];
  switch (kind) {
    case 'script':
      return pad(`window.loaded = (window.loaded || 0) + 1; //`, bytes);
    case 'stylesheet':
      return pad(url.searchParams.has('font') ? `@font-face { font-family: lab; src: url(${url.searchParams.get('font') ?? ''}) format("woff2"); } body { font-family: lab, sans-serif; }` : `.c${n} { color: inherit; }`, bytes);
    case 'image':
      return Buffer.concat([GIF, Buffer.alloc(bytes - GIF.length)]);
    case 'font':
      return Buffer.alloc(bytes);
    case 'fetch':
      return JSON.stringify({ items: 'x'.repeat(bytes - 20) });
    default:
      return `<!doctype html><html><head><meta charset="utf-8"><title>embed</title>
<script src="${url.searchParams.get('script')}"></script></head><body>
${[0, 1].map((i) => `<img src="${url.searchParams.get(`img${i}`)}" width="1" height="1" alt="">`).join('')}</body></html>`;
  }
}

/** Every request of the page, in document order: `{ kind, url }`. */
function plan(origins) {
  const at = (from, kind, n, query = '') => `${origins[from]}${REALISTIC_PREFIX}/r/${kind}/${n}${query}`;
  const out = [];
  let n = 0;
  for (const [kind, { from }] of Object.entries(COMPOSITION)) {
    for (const [origin, count] of Object.entries(from)) {
      for (let i = 0; i < count; i += 1, n += 1) {
        const own = (k, j) => encodeURIComponent(at(origin, k, 1000 + n * 10 + j));
        const query = kind === 'frame' ? `?script=${own('script', 0)}&img0=${own('image', 1)}&img1=${own('image', 2)}` : '';
        out.push({ kind, url: at(origin, kind, n, query) });
      }
    }
  }
  // The first style sheet declares the first web font (fetched once the page's text uses it).
  const sheet = out.find((r) => r.kind === 'stylesheet');
  sheet.url += `?font=${encodeURIComponent(out.find((r) => r.kind === 'font').url)}`;
  return out;
}

function page(url, host) {
  const own = `http://${host}`;
  const origins = { own, static: url.searchParams.get('static') ?? own, third: url.searchParams.get('third') ?? own, ads: url.searchParams.get('ads') ?? own };
  const requests = plan(origins);
  const of = (kind) => requests.filter((r) => r.kind === kind);
  // The fonts the style sheet does not declare are preloaded, as sites do with their icon fonts.
  const fonts = of('font').slice(1);
  return `<!doctype html><html><head><meta charset="utf-8"><title>A realistic page</title>
${of('stylesheet').map((r) => `<link rel="stylesheet" href="${r.url}">`).join('\n')}
${fonts.map((r) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${r.url}">`).join('\n')}
${of('script').slice(0, 6).map((r) => `<script src="${r.url}"></script>`).join('\n')}
</head><body><h1>A realistic page</h1><p>Text in the page's web font.</p>
${of('image').map((r) => `<img src="${r.url}" width="1" height="1" alt="">`).join('\n')}
${of('frame').map((r) => `<iframe src="${r.url}" width="1" height="1"></iframe>`).join('\n')}
${of('script').slice(6).map((r) => `<script src="${r.url}" async></script>`).join('\n')}
<script>
const fetched = Promise.all(${JSON.stringify(of('fetch').map((r) => r.url))}.map((u) => fetch(u).then((r) => r.text(), () => {})));
const loaded = new Promise((resolve) => addEventListener('load', resolve));
Promise.all([fetched, loaded]).then(() => { window.realisticDone = performance.now(); });
</script></body></html>`;
}

/** The lab's answer for the realistic page and its resources, with `delayMs` to wait before it. */
export function realisticAnswer(url, req) {
  if (url.pathname === REALISTIC_PREFIX) {
    return { status: 200, delayMs: DOCUMENT_LATENCY_MS, headers: [{ name: 'Content-Type', value: 'text/html' }], body: page(url, req.headers.host) };
  }
  const [kind, n] = url.pathname.slice(`${REALISTIC_PREFIX}/r/`.length).split('/');
  if (!COMPOSITION[kind]) return { status: 404, headers: [{ name: 'Content-Type', value: 'text/plain' }], body: 'No such resource\n' };
  return {
    status: 200,
    delayMs: latency(kind, Number(n)),
    // Fonts and fetches from other origins are CORS requests.
    headers: [{ name: 'Content-Type', value: TYPES[kind] }, { name: 'Access-Control-Allow-Origin', value: '*' }],
    body: body(kind, Number(n), url),
  };
}
