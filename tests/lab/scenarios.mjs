// The lab's scenarios, as data: what a real server of each kind answers. Each entry is served
// under its `path` prefix (tests add a unique suffix: Chrome caches credentials per path).
// `expect` is what AuthLens should conclude; the browser tests and `npm start` read it.

const page = (title, text) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

const NGINX_401 =
  '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';

export const SCENARIOS = [
  {
    id: 'basic-lab',
    title: 'Basic, first visit',
    path: '/basic/',
    response: {
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="AuthLens lab"', 'Content-Type': 'text/html', Server: 'nginx/1.24.0' },
      body: NGINX_401,
    },
    expect: { cause: 'credentials-missing', badge: '1', scheme: 'Basic', realm: 'AuthLens lab' },
  },
];

/** Helper endpoints the tests use to set and observe real cookies. */
export const TOOLS = {
  // Sets the cookies named in the query (?name=value&...), host-only, for this host.
  '/lab/set-cookies': (url) => ({
    status: 200,
    headers: {
      'Content-Type': 'text/html',
      'Set-Cookie': [...url.searchParams].map(([name, value]) => `${name}=${value}; Path=/; SameSite=Lax`),
    },
    body: page('Cookies set', 'The lab set the cookies you asked for.'),
  }),
  // Echoes the names of the cookies the browser sent (values stay private even in the lab).
  '/lab/cookies': (url, req) => ({
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      (req.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim().split('=')[0])
        .filter(Boolean)
        .sort(),
    ),
  }),
  // The index a newcomer sees in `npm start`: one link per scenario.
  '/': () => ({
    status: 200,
    headers: { 'Content-Type': 'text/html' },
    body: page('AuthLens lab', `Each link reproduces one real authentication failure.</p><ul>${
      SCENARIOS.map((s) => `<li><a href="${s.path}">${s.title}</a></li>`).join('')}</ul><p>`),
  }),
};
