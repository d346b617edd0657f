// A heavy page for the load tests and the benchmark: `/lab/load?requests=N&failures=M` makes
// N requests (fetch, and one frame in fifty failures), M of which fail authentication with a
// mix of statuses; its title becomes "done" when every one has answered.

/** The failing answers, in turn: each a status AuthLens watches, or a challenge. */
const FAILING = [
  { status: 401, headers: [{ name: 'WWW-Authenticate', value: 'Bearer realm="load"' }] },
  { status: 403, headers: [] },
  { status: 419, headers: [] },
  { status: 429, headers: [{ name: 'Retry-After', value: '30' }] },
  { status: 440, headers: [] },
  { status: 498, headers: [] },
  { status: 511, headers: [] },
  { status: 400, headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_request"' }] },
];

/** Runs in the page: fires the requests, a few at a time, like a busy single-page app. */
function fire({ requests, failures }) {
  const every = failures > 0 ? requests / failures : Infinity;
  const urls = [];
  let failed = 0;
  for (let i = 0; i < requests; i += 1) {
    const fails = failed < failures && i >= failed * every;
    urls.push({ url: `/lab/load/item?i=${i}${fails ? `&fail=${failed}` : ''}`, frame: fails && failed % 50 === 49 });
    if (fails) failed += 1;
  }
  const one = ({ url, frame }) => (frame
    ? new Promise((resolve) => {
      const f = Object.assign(document.createElement('iframe'), { src: url, hidden: true });
      f.onload = resolve;
      document.body.append(f);
    })
    : fetch(url).then((r) => r.arrayBuffer(), () => {}));
  (async () => {
    for (let i = 0; i < urls.length; i += 32) await Promise.all(urls.slice(i, i + 32).map(one));
    document.title = 'done';
  })();
}

export const LOAD_TOOLS = {
  '/lab/load': (url) => {
    const params = { requests: Number(url.searchParams.get('requests') ?? 500), failures: Number(url.searchParams.get('failures') ?? 0) };
    return {
      status: 200,
      headers: [{ name: 'Content-Type', value: 'text/html' }],
      body: `<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><h1>Load</h1>
<script>(${fire})(${JSON.stringify(params)});</script></body></html>`,
    };
  },
  '/lab/load/item': (url) => {
    const fail = url.searchParams.get('fail');
    if (fail === null) return { status: 200, headers: [{ name: 'Content-Type', value: 'text/plain' }], body: 'ok' };
    const answer = FAILING[Number(fail) % FAILING.length];
    return { status: answer.status, headers: [{ name: 'Content-Type', value: 'text/plain' }, ...answer.headers], body: 'no' };
  },
};
