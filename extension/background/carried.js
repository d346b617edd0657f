// The cookies a failed request carried, for the requests AuthLens watches without their
// headers (images, media, embedded objects: Chrome shows a request's Cookie line only to a
// listener that pays for `extraHeaders` on every request of its kind). When one fails, the
// cookies the browser holds for its URL are asked for at once (platform/browser.js
// `heldCookies`: the request's cookie store, every partition, the URL's host, path and scheme)
// and sorted here by the rules the browser applied to the request: its partition and SameSite
// against the page and the initiator. Where the browser's third-party cookie setting decided,
// which AuthLens cannot read, the answer is "not known", never a guess.
import { sameHostFamily } from '../platform/browser.js';
import { urlParts } from './mask.js';

const hostOf = (url) => (url ? urlParts(url)?.host ?? '' : '');

/**
 * The hosts `carriedCookieLine` weighs for the request `details`: its URL's, its initiator's
 * (Chrome names the origin, Firefox the document's URL), and its top-level page's: the
 * initiator's for a request of the top frame, else `pageHost`, the host of the tab's page.
 */
export function requestHosts(details, pageHost) {
  const initiatorHost = hostOf(details.initiator ?? details.originUrl);
  return { host: hostOf(details.url), initiatorHost, topHost: details.frameId === 0 ? initiatorHost : pageHost };
}

/**
 * The Cookie line a request most likely carried ('' when none), or undefined when it cannot
 * be known.
 * - `cookies`: `[{ name, value, sameSite, partitionHost }]` as `heldCookies` lists them;
 * - `request`: the hosts of its URL, of its initiator and of the tab's top-level page ('' when
 *   unknown);
 * - `laxByDefault`: whether the browser treats a cookie without SameSite as Lax.
 *
 * A partitioned cookie goes only under the top-level site it was set under. An unpartitioned
 * one goes with a request to the page's own site; to another site, a Lax or Strict one stays
 * home (RFC 6265bis §5.8.3: a subresource request from another site is cross-site), while a
 * SameSite=None one goes only if the browser allows third-party cookies.
 */
export function carriedCookieLine(cookies, { host, initiatorHost, topHost }, laxByDefault) {
  if (!cookies || !topHost) return undefined;
  const sameSite = sameHostFamily(host, topHost) && (!initiatorHost || sameHostFamily(host, initiatorHost));
  const sent = [];
  for (const c of cookies) {
    if (c.partitionHost) {
      if (sameHostFamily(c.partitionHost, topHost)) sent.push(c);
      continue;
    }
    if (sameSite) {
      sent.push(c);
      continue;
    }
    const policy = c.sameSite === 'unspecified' ? (laxByDefault ? 'lax' : 'no_restriction') : c.sameSite;
    if (policy === 'no_restriction') return undefined;
  }
  // A nameless cookie goes as its bare value (RFC 6265bis §5.8.3 step 4).
  return sent.map((c) => (c.name ? `${c.name}=${c.value}` : c.value)).join('; ');
}
