// The 401 lab: a local HTTP server (127.0.0.1 only) that answers like real servers do.
//   node tests/lab/server.mjs [port]     serves until interrupted
//
// It is several sites at once (hosts.mjs): the 401 scenarios answer under any of its names; the
// sign-in flows' app answers only as 127.0.0.1 (under /flows/) and their identity provider
// only as localhost (under /realms/), so that a flow crosses sites as real ones do.
import { createServer } from 'node:http';
import { SCENARIOS, TOOLS, answerOf, requestFor } from './scenarios.mjs';
import { FLOWS, appPath } from './flows.mjs';
import { LAB_HOSTS } from './hosts.mjs';
import { launcher } from './launcher.mjs';
import { proxyAnswer } from './proxy.mjs';
import { KINDS_PREFIX, kindsAnswer } from './kinds.mjs';
import { LOAD_ITEM, LOAD_TOOLS } from './load.mjs';
import { REALISTIC_PREFIX, realisticAnswer } from './realistic.mjs';
import { secretQuery, withSecret } from './secrets.mjs';
import { createVisits } from './visits.mjs';
import { createProvider } from './idp.mjs';
import { createApp } from './app.mjs';
import { TRAIL_PREFIX, trailAnswer } from './trail.mjs';

const scenarioFor = (path) => SCENARIOS.find((s) => path.startsWith(s.path));

/** The 401 scenarios' second site, for a request from another site (CORS). */
const OTHER_SITE = LAB_HOSTS.provider;

const NOT_FOUND = { status: 404, headers: [{ name: 'Content-Type', value: 'text/plain' }], body: 'No such lab page\n' };

/**
 * A visit's own address (`<path><tag>`) shows the scenario's lab page, which leads the browser
 * to the failing exchange below it (`<path><tag>/…`); a plain first visit is the exchange itself.
 * With `?secret=…`, the page plants that secret in everything it sends (see secrets.mjs).
 */
function scenarioAnswer(scenario, url, req) {
  const below = url.pathname.slice(scenario.path.length).includes('/');
  const secret = url.searchParams.get('secret');
  const request = secret ? withSecret(requestFor(scenario), secret) : requestFor(scenario);
  const direct = (scenario.via ?? 'page') === 'page' && request.cookies.length === 0;
  if (below || direct || req.method !== 'GET') return answerOf(scenario, req);
  const port = req.socket.localPort;
  const exchange = `${url.pathname}/exchange${secret ? secretQuery(secret) : ''}`;
  return launcher(scenario, request, exchange, `http://${OTHER_SITE}:${port}`);
}

/** The sign-in flows' two sites, with their memory of each visit, for one lab. */
function signInSites() {
  const visits = createVisits();
  const provider = createProvider(visits);
  const app = createApp(visits, provider);
  return {
    minted: visits.minted,
    /** The answer of the site `host` names, for a flow's path; undefined for another path. */
    answer(host, ctx) {
      if (host === LAB_HOSTS.app && ctx.url.pathname.startsWith('/flows/')) return app.answer(ctx) ?? NOT_FOUND;
      if (host === LAB_HOSTS.provider && ctx.url.pathname.startsWith('/realms/')) return provider.answer(ctx) ?? NOT_FOUND;
      return undefined;
    },
  };
}

async function answer(sites, ctx) {
  const { url, req } = ctx;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const flow = await sites.answer(host, ctx);
  if (flow) return flow;
  if (url.pathname.startsWith(TRAIL_PREFIX)) return trailAnswer(url, req);
  if (url.pathname.startsWith(KINDS_PREFIX)) return kindsAnswer(url);
  if (url.pathname.startsWith(REALISTIC_PREFIX)) return realisticAnswer(url, req);
  const scenario = scenarioFor(url.pathname);
  if (scenario) return scenarioAnswer(scenario, url, req);
  const tool = TOOLS[url.pathname] ?? LOAD_TOOLS[url.pathname.startsWith(`${LOAD_ITEM}/`) ? LOAD_ITEM : url.pathname];
  return tool ? tool(url, req) : NOT_FOUND;
}

/** How many of the latest requests a lab remembers, whole, for tests to look into. */
const KEPT = 2000;

const keep = (list, item) => {
  list.push(item);
  if (list.length > KEPT) list.shift();
};

const readBody = (req) => new Promise((resolve, reject) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
});

const cookieNames = (header) => (header ?? '').split(/;\s*/).map((c) => c.split('=')[0]).filter(Boolean);

/**
 * Starts the lab on 127.0.0.1, under the host names of hosts.mjs (browsers are told they
 * resolve to 127.0.0.1), so tests have several sites with separate cookies.
 */
export async function startLab(port = 0) {
  const received = [];
  const sent = [];
  const journal = [];
  const sites = signInSites();
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    keep(received, `${req.method} ${req.url}\n${req.rawHeaders.join('\n')}${body ? `\n\n${body}` : ''}`);
    const ctx = { req, url: new URL(req.url, 'http://lab'), body, origin: (host) => `http://${host}:${req.socket.localPort}` };
    let reply;
    try {
      // Asked as a proxy (an absolute URI: see proxy.mjs), the lab may want proxy credentials first.
      reply = proxyAnswer(req) ?? await answer(sites, ctx);
    } catch (e) {
      reply = { status: 500, headers: [{ name: 'Content-Type', value: 'text/plain' }], body: `The lab failed: ${e.stack}\n` };
    }
    // A reply may come late, as a server across the internet answers (the realistic page).
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    // A flat [name, value, name, value…] list keeps repeated headers (WWW-Authenticate) apart.
    const own = reply.headers.map((h) => [h.name, h.value]);
    // Nothing the lab says may be cached: every visit must reach it.
    const cache = own.some(([name]) => name.toLowerCase() === 'cache-control') ? [] : [['Cache-Control', 'no-store']];
    res.writeHead(reply.status, [...cache, ...own].flat());
    res.end(req.method === 'HEAD' ? undefined : reply.body);
    keep(sent, `${reply.status}\n${own.map(([n, v]) => `${n}: ${v}`).join('\n')}\n\n${reply.body ?? ''}`);
    const header = (name) => reply.headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
    keep(journal, {
      at: Date.now(),
      host: req.headers.host,
      method: req.method,
      url: req.url,
      cookies: cookieNames(req.headers.cookie),
      status: reply.status,
      location: header('location')[0],
      // What was set, without the value: `name; attributes`.
      setCookies: header('set-cookie').map((c) => c.replace(/=[^;]*/, '')),
      note: reply.note,
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address();
  return {
    port: bound,
    url: (path, host = LAB_HOSTS.app) => `http://${host}:${bound}${path}`,
    /** Whether a request the lab received lately contained `text` anywhere (line, headers, body). */
    received: (text) => received.some((r) => r.includes(text)),
    /** Whether an answer the lab sent lately contained `text` anywhere (status, headers, body). */
    sent: (text) => sent.some((r) => r.includes(text)),
    /** The requests the lab received lately, request line and headers, oldest first. */
    requests: () => [...received],
    /**
     * What happened, request by request, oldest first: host, method, URL, the names of the
     * cookies sent, the status, Location, the cookies set (names and attributes), and what the
     * lab's site decided (`note`).
     */
    journal: () => [...journal],
    /** Every value the sign-in sites minted for visits carrying `secret`. */
    minted: (secret) => sites.minted(secret),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lab = await startLab(Number(process.argv[2] ?? 8401));
  console.log(`AuthLens lab on ${lab.url('/')}`);
  for (const s of SCENARIOS) console.log(`  ${s.title.padEnd(56)} ${lab.url(`${s.path}index`)}`);
  console.log('Sign-in flows (the app on 127.0.0.1, the identity provider on localhost):');
  for (const f of FLOWS) console.log(`  ${f.title.slice(0, 80).padEnd(80)} ${lab.url(appPath(f, 'try'))}`);
}
