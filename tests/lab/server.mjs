// The 401 lab: a local HTTP server (127.0.0.1 only) that answers like real servers do.
//   node tests/lab/server.mjs [port]     serves until interrupted
import { createServer } from 'node:http';
import { SCENARIOS, TOOLS } from './scenarios.mjs';

const scenarioFor = (path) => SCENARIOS.find((s) => path.startsWith(s.path));

function respond(req, res) {
  const url = new URL(req.url, 'http://lab');
  const scenario = scenarioFor(url.pathname);
  const tool = TOOLS[url.pathname];
  const answer = scenario
    ? typeof scenario.response === 'function' ? scenario.response(url, req) : scenario.response
    : tool ? tool(url, req) : { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'No such lab page\n' };
  res.writeHead(answer.status, { 'Cache-Control': 'no-store', ...answer.headers });
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}

/**
 * Starts the lab on 127.0.0.1. Two hosts name it so tests have two sites with separate
 * cookies: `127.0.0.1` and `localhost` (browsers are told to resolve it to 127.0.0.1).
 */
export async function startLab(port = 0) {
  const server = createServer(respond);
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address();
  return {
    port: bound,
    url: (path, host = '127.0.0.1') => `http://${host}:${bound}${path}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lab = await startLab(Number(process.argv[2] ?? 8401));
  console.log(`AuthLens lab on ${lab.url('/')}`);
  for (const s of SCENARIOS) console.log(`  ${s.title.padEnd(40)} ${lab.url(s.path)}`);
}
