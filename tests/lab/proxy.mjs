// The lab as an HTTP forward proxy that wants credentials, as Squid does with `proxy_auth REQUIRED`.
//
// A browser told to use the lab as its proxy (tests/support/browsers.mjs, `launch(name, { proxy })`)
// sends it every plain-http request with the target as an absolute URI
// (`GET http://proxied.test:<port>/… HTTP/1.1`); a request to the lab as a web server has a
// path only. A proxied request without `Proxy-Authorization` gets Squid's own 407: the
// classifier's real-server fixture (squid-407-proxy-auth.http: `Server: squid/…`,
// `X-Squid-Error: ERR_CACHE_ACCESS_DENIED 0`, `Proxy-Authenticate: Basic realm=…`, the
// ERR_CACHE_ACCESS_DENIED page), with the lab's realm and the URL asked for. With the header,
// the lab answers as the site itself would (nothing is forwarded anywhere: every host name is
// the lab). HTTPS (CONNECT) is not proxied. tests/e2e/proxy.test.mjs plays it in each browser.
import { replay } from './exchange.mjs';
import { escape } from './web.mjs';

export const PROXY_REALM = 'Lab proxy';

const FIXTURE = 'squid-407-proxy-auth';
const FIXTURE_URL = 'http://www.example.com/';

/** Squid's 407 for `target`, the absolute URL the browser asked the proxy for. */
export function proxyAuthRequired(target) {
  const squid = replay(FIXTURE);
  const headers = squid.headers.map((h) =>
    (h.name.toLowerCase() === 'proxy-authenticate' ? { name: h.name, value: `Basic realm="${PROXY_REALM}"` } : h));
  return { status: squid.status, headers, body: squid.body.replaceAll(FIXTURE_URL, escape(target)) };
}

/** The proxy's answer to `req`, or undefined when the lab should answer it as a web server. */
export function proxyAnswer(req) {
  if (!req.url.startsWith('http://')) return undefined;
  if (req.headers['proxy-authorization']) return undefined;
  return proxyAuthRequired(req.url);
}
