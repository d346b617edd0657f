// The 401 lab: a local HTTP server (127.0.0.1 only) that answers like real servers do.
//   node tests/lab/server.mjs [port]     serves until interrupted
import { createServer } from 'node:http';
import { SCENARIOS, TOOLS, answerOf, requestFor } from './scenarios.mjs';
import { launcher } from './launcher.mjs';
import { proxyAnswer } from './proxy.mjs';
import { KINDS_PREFIX, kindsAnswer } from './kinds.mjs';
import { LOAD_ITEM, LOAD_TOOLS } from './load.mjs';
import { REALISTIC_PREFIX, realisticAnswer } from './realistic.mjs';
import { secretQuery, withSecret } from './secrets.mjs';
import { TRAIL_PREFIX, trailAnswer } from './trail.mjs';

const scenarioFor = (path) => SCENARIOS.find((s) => path.startsWith(s.path));

/** The lab's second site: another host name for the same server, so another origin and site. */
const OTHER_HOST = 'localhost';

/**
 * A visit's own address (`<path><tag>`) shows the scenario's lab page, which leads the browser
 * to the failing exchange below it (`<path><tag>/…`); a plain first visit is the exchange itself.
 * With `?secret=…`, the page plants that secret in everything it sends (see secrets.mjs).
 */
function answer(url, req) {
  if (url.pathname.startsWith(TRAIL_PREFIX)) return trailAnswer(url, req);
  if (url.pathname.startsWith(KINDS_PREFIX)) return kindsAnswer(url);
  if (url.pathname.startsWith(REALISTIC_PREFIX)) return realisticAnswer(url, req);
  const scenario = scenarioFor(url.pathname);
  if (scenario) {
    const below = url.pathname.slice(scenario.path.length).includes('/');
    const secret = url.searchParams.get('secret');
    const request = secret ? withSecret(requestFor(scenario), secret) : requestFor(scenario);
    const direct = (scenario.via ?? 'page') === 'page' && request.cookies.length === 0;
    if (below || direct || req.method !== 'GET') return answerOf(scenario, req);
    const port = req.socket.localPort;
    const exchange = `${url.pathname}/exchange${secret ? secretQuery(secret) : ''}`;
    return launcher(scenario, request, exchange, `http://${OTHER_HOST}:${port}`);
  }
  const tool = TOOLS[url.pathname] ?? LOAD_TOOLS[url.pathname.startsWith(`${LOAD_ITEM}/`) ? LOAD_ITEM : url.pathname];
  if (tool) return tool(url, req);
  return { status: 404, headers: [{ name: 'Content-Type', value: 'text/plain' }], body: 'No such lab page\n' };
}

/** How many of the latest requests a lab remembers, whole, for tests to look into. */
const RECEIVED_KEPT = 2000;

function respond(req, res) {
  // Asked as a proxy (an absolute URI: see proxy.mjs), the lab may want proxy credentials first.
  const reply = proxyAnswer(req) ?? answer(new URL(req.url, 'http://lab'), req);
  // A flat [name, value, name, value…] list keeps repeated headers (WWW-Authenticate) apart.
  const own = reply.headers.map((h) => [h.name, h.value]);
  // Nothing the lab says may be cached: every visit must reach it.
  const cache = own.some(([name]) => name.toLowerCase() === 'cache-control') ? [] : [['Cache-Control', 'no-store']];
  const headers = [...cache, ...own].flat();
  const send = () => {
    res.writeHead(reply.status, headers);
    res.end(req.method === 'HEAD' ? undefined : reply.body);
  };
  // A reply may come late, as a server across the internet answers (the realistic page).
  if (reply.delayMs) setTimeout(send, reply.delayMs);
  else send();
}

/**
 * Starts the lab on 127.0.0.1. Two hosts name it so tests have two sites with separate
 * cookies: `127.0.0.1` and `localhost` (browsers are told to resolve it to 127.0.0.1).
 */
export async function startLab(port = 0) {
  const received = [];
  const server = createServer((req, res) => {
    received.push(`${req.method} ${req.url}\n${req.rawHeaders.join('\n')}`);
    if (received.length > RECEIVED_KEPT) received.shift();
    respond(req, res);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address();
  return {
    port: bound,
    url: (path, host = '127.0.0.1') => `http://${host}:${bound}${path}`,
    /** Whether a request the lab received lately contained `text` anywhere. */
    received: (text) => received.some((r) => r.includes(text)),
    /** The requests the lab received lately, request line and headers, oldest first. */
    requests: () => [...received],
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lab = await startLab(Number(process.argv[2] ?? 8401));
  console.log(`AuthLens lab on ${lab.url('/')}`);
  for (const s of SCENARIOS) console.log(`  ${s.title.padEnd(56)} ${lab.url(`${s.path}index`)}`);
}
