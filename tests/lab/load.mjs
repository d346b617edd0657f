// A heavy page for the load tests and the benchmark: `/lab/load?requests=N&failures=M` makes
// N requests (fetch, and one frame in fifty failures), M of which fail authentication with a
// mix of statuses; its title becomes "done" when every one has answered. `&pace=ms` waits that
// long between batches, for a burst that lasts. Request i goes to
// `/lab/load/item/<i>`: the index stays in what AuthLens keeps of a URL (its path).

/** Where the page's requests go; the server finds the tool by this prefix. */
export const LOAD_ITEM = '/lab/load/item';

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

/** For each of `requests` requests, spread evenly: which failure it is (0, 1…), or null. */
export function plan(requests, failures) {
  const every = failures > 0 ? requests / failures : Infinity;
  const out = [];
  let failed = 0;
  for (let i = 0; i < requests; i += 1) {
    const fails = failed < failures && i >= failed * every;
    out.push(fails ? failed : null);
    if (fails) failed += 1;
  }
  return out;
}

/** Runs in the page: fires the requests, a few at a time, like a busy single-page app. */
function fire({ requests, failures, pace, item }, plan) {
  const urls = plan(requests, failures).map((n, i) => ({ url: `${item}/${i}${n === null ? '' : `?fail=${n}`}`, frame: n !== null && n % 50 === 49 }));
  const one = ({ url, frame }) => (frame
    ? new Promise((resolve) => {
      const f = Object.assign(document.createElement('iframe'), { src: url, hidden: true });
      f.onload = resolve;
      document.body.append(f);
    })
    : fetch(url).then((r) => r.arrayBuffer(), () => {}));
  (async () => {
    for (let i = 0; i < urls.length; i += 32) {
      await Promise.all(urls.slice(i, i + 32).map(one));
      if (pace) await new Promise((resolve) => setTimeout(resolve, pace));
    }
    document.title = 'done';
  })();
}

export const LOAD_TOOLS = {
  '/lab/load': (url) => {
    const params = { requests: Number(url.searchParams.get('requests') ?? 500), failures: Number(url.searchParams.get('failures') ?? 0),
      pace: Number(url.searchParams.get('pace') ?? 0), item: LOAD_ITEM };
    return {
      status: 200,
      headers: [{ name: 'Content-Type', value: 'text/html' }],
      body: `<!doctype html><html><head><meta charset="utf-8"><title>loading</title></head><body><h1>Load</h1>
<script>(${fire})(${JSON.stringify(params)}, ${plan});</script></body></html>`,
    };
  },
  [LOAD_ITEM]: (url) => {
    const fail = url.searchParams.get('fail');
    if (fail === null) return { status: 200, headers: [{ name: 'Content-Type', value: 'text/plain' }], body: 'ok' };
    const answer = FAILING[Number(fail) % FAILING.length];
    return { status: answer.status, headers: [{ name: 'Content-Type', value: 'text/plain' }, ...answer.headers], body: 'no' };
  },
};
