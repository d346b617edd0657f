//! Everything the flow rules look at, read once from the hops: each hop's [`Facts`], where it
//! sits in the tab, the top-level site it was loaded under, what sign-in message it carries,
//! the cookies it set (each judged as a browser judges it) and which cookies set earlier it
//! went without. Like [`Facts`], it borrows from the flow and keeps the secrets of every hop
//! for scrubbing what the diagnosis says.

use crate::cookie::{self, Context, Lifetime, Request, SetCookie};
use crate::flow::{Flow, Hop};
use crate::oauth::{self, AuthorizationRequest, AuthorizationResponse, Carrier};
use crate::redact::MIN_SECRET;
use crate::saml::{self, Binding, Message, Unreadable};
use crate::url::{self, Url};

use super::super::facts::{Facts, Phrase};
use super::super::ids::CookieReason;
use super::super::notes::Arg;
use super::{Frame, Step, StepKind};

/// Cookies remembered from the trail's responses, and judged in one response: browsers keep
/// 180 a site (Chromium's kDomainMaxCookies); a page setting thousands is hostile, and each is
/// compared with every later request and every cookie kept.
const MAX_COOKIES: usize = 256;

/// Cookies found missing from later requests that the trail keeps: each stored cookie is
/// missed at most once, but one set again and again could be missed each time.
const MAX_WITHHELD: usize = 256;

/// One cookie a hop set, as the browser judged it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SetCookieFacts<'a> {
    pub cookie: SetCookie<'a>,
    /// Why the browser refused it, if it did: a refusal both browsers make, or one only some
    /// make that the next request the cookie applied to confirmed.
    pub refused: Option<CookieReason>,
    /// What the browser made of its lifetime.
    pub lifetime: Lifetime,
    /// The site deleted it (sign-out): not a cookie to miss later.
    pub deletion: bool,
    /// A refusal only one of the browsers makes, which no later request confirmed.
    pub doubtful: Option<CookieReason>,
}

/// A cookie set at one hop and not sent with a later request it applied to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Withheld<'a> {
    pub name: &'a str,
    /// The hop that set it.
    pub set_at: usize,
    /// The first hop that went without it.
    pub at: usize,
    /// Why the browser kept it back, when its rules say (else: another tab replaced or
    /// removed it, it expired, or the browser kept its reasons to itself).
    pub reason: Option<CookieReason>,
    pub same_site: cookie::SameSite,
}

/// One hop, read.
pub(crate) struct HopFacts<'a> {
    /// The hop's index in the flow.
    pub index: usize,
    pub hop: &'a Hop,
    /// The event pipeline's reading of the hop.
    pub facts: Facts<'a>,
    pub url: Option<Url<'a>>,
    pub frame: Frame,
    /// The host of the top-level page the hop belongs to (its own, for the page itself).
    pub page: Option<&'a str>,
    /// Where a redirect sent the browser next.
    pub redirect: Option<Url<'a>>,
    /// The request came from another site than its URL's (SameSite's "cross-site").
    pub cross_site: bool,
    pub kind: StepKind,
    /// The app sending the browser to an identity provider.
    pub authorization: Option<AuthorizationRequest>,
    /// The provider's answer, as this hop received it.
    pub response: Option<AuthorizationResponse>,
    /// The provider's answer in this hop's redirect (to the app, in its query or fragment).
    pub sent_back: Option<AuthorizationResponse>,
    pub set_cookies: Vec<SetCookieFacts<'a>>,
    /// The local clock when the response arrived, in seconds.
    pub at: Option<f64>,
    /// The SAML message the request carried (`SAMLResponse` or `SAMLRequest`, in the form
    /// or the query), read or why not.
    pub saml: Option<Result<Message, Unreadable>>,
}

impl<'a> HopFacts<'a> {
    /// The hop's host, if its URL has one.
    pub(crate) fn host(&self) -> Option<&'a str> {
        self.url.map(|u| u.host)
    }

    /// A 3xx with a place to go.
    pub(crate) fn is_redirect(&self) -> bool {
        (300..400).contains(&self.facts.status) && self.redirect.is_some()
    }

    /// The names of the cookies the request carried, when the browser showed its headers.
    pub(crate) fn sent_cookies(&self) -> Option<&[&'a str]> {
        self.facts
            .headers_known
            .then_some(self.facts.cookie_names.as_slice())
    }

    /// Whether the request carried the cookie `name`.
    pub(crate) fn sent(&self, name: &str) -> bool {
        self.sent_cookies().is_some_and(|c| c.contains(&name))
    }

    /// Whether the hop is on the same site as `host`.
    pub(crate) fn on_site(&self, host: &str) -> bool {
        self.host().is_some_and(|h| url::same_site(h, host))
    }

    /// The address the app asked the provider to send the answer to, without its query.
    pub(crate) fn redirect_uri(&self) -> Option<&str> {
        let uri = self.authorization.as_ref()?.redirect_uri.as_deref()?;
        uri.split(['?', '#']).next()
    }

    /// The hop redirects the browser to a sign-in: an authorization request or a sign-in page.
    pub(crate) fn sends_to_sign_in(&self) -> bool {
        self.redirect
            .is_some_and(|r| oauth::authorization_request(&r).is_some() || sign_in_path(r.path))
    }

    /// The hop completes a sign-in: the provider's answer arrives, a password is posted.
    pub(crate) fn completes_sign_in(&self) -> bool {
        matches!(
            self.kind,
            StepKind::AuthorizationResponse | StepKind::SamlResponse | StepKind::SignInForm
        )
    }

    /// The hop starts a sign-in: an authorization request, a SAML request, a sign-in page.
    pub(crate) fn starts_sign_in(&self) -> bool {
        matches!(
            self.kind,
            StepKind::AuthorizationRequest | StepKind::SamlRequest | StepKind::SignInPage
        )
    }
}

/// How providers word a refused return address where no marker of
/// [`oauth::REDIRECT_URI_REFUSED`] names it: LinkedIn's "The redirect_uri does not match the
/// registered value", Sign in with Apple's "Invalid web redirect url.", an AD FS or a
/// PingFederate page.
const RETURN_ADDRESS_REFUSED: Phrase = Phrase {
    subjects: &[
        "redirect_uri",
        "redirect uri",
        "redirect url",
        "redirect_url",
        "redirection uri",
        "callback url",
        "reply url",
    ],
    // Stems: "does not match", "doesn't match", "must match"; "not registered", "isn't
    // whitelisted": on the page where a sign-in stopped, each says the address was refused.
    predicates: &[
        "match",
        "registered",
        "invalid",
        "not valid",
        "n't valid",
        "allowed",
        "whitelisted",
        "permitted",
        "configured",
    ],
    unless: &[],
};

impl<'a> HopFacts<'a> {
    /// What this page of a provider's says of a return address it refuses: a provider's known
    /// words, a phrase that says so, or Cognito's `/error?error=redirect_mismatch` address.
    pub(crate) fn return_address_refused(&self) -> Option<Arg<'_>> {
        self.facts
            .says(oauth::REDIRECT_URI_REFUSED)
            .map(Arg::Known)
            .or_else(|| {
                self.url
                    .and_then(|u| u.query_value("error"))
                    .and_then(oauth::redirect_uri_refused)
                    .map(Arg::Known)
            })
            .or_else(|| {
                self.facts
                    .says_phrase(&RETURN_ADDRESS_REFUSED)
                    .map(Arg::Text)
            })
    }
}

/// How a service provider answered a SAML response; see [`Trail::answer`].
pub(crate) struct Answer {
    /// The hop that carried the response, then each hop its redirects led to.
    pub hops: Vec<usize>,
    /// Refused: an error status, a redirect to an error page (`?error…=`: Shibboleth's
    /// `errorURL` gets `errorType`, `errorText`, `statusCode`), or back to the identity
    /// provider with a new request.
    pub refused: bool,
}

/// How many redirects [`Trail::answer`] follows: an application's own landing redirects are
/// one or two.
const FOLLOW: usize = 4;

/// The flow, read.
pub(crate) struct Trail<'a> {
    pub hops: Vec<HopFacts<'a>>,
    /// The browser's third-party cookie setting, when known.
    pub third_party_blocked: Option<bool>,
    /// Cookies set along the trail and missing from a later request they applied to, in the
    /// order of those requests (at most [`MAX_WITHHELD`]).
    pub withheld: Vec<Withheld<'a>>,
    /// Seconds the local clock runs ahead of the servers' (negative: behind), from the first
    /// response that had a `Date` and a local time.
    pub clock_ahead: Option<i64>,
    /// Form values and the values of redirect URLs: secrets the hops' `Facts` do not know.
    extra_secrets: Vec<&'a str>,
}

impl<'a> Trail<'a> {
    pub(crate) fn new(flow: &'a Flow) -> Self {
        let mut hops: Vec<HopFacts<'a>> = Vec::with_capacity(flow.hops.len());
        let mut top_host: Option<&'a str> = None;
        // The host of the latest authorization request: the provider a sign-in is at.
        let mut provider: Option<&'a str> = None;
        let mut extra_secrets = Vec::new();
        let facts: Vec<Facts<'a>> = flow.hops.iter().map(|h| Facts::new(&h.event)).collect();
        let clock_ahead = facts.iter().find_map(Facts::clock_offset);
        for ((index, hop), facts) in flow.hops.iter().enumerate().zip(facts) {
            let url = url::parse(&hop.event.url);
            let frame = frame_of(hop);
            let previous = hops.last();
            // The page a hop belongs to: itself for a page; for a frame or a script's request,
            // the page loaded last (or, at the trail's start, whoever made the request).
            if frame == Frame::Top {
                top_host = url.map(|u| u.host);
            } else if top_host.is_none() {
                top_host = initiator_host(hop);
            }
            let redirect = hop.redirect_url.as_deref().and_then(url::parse);
            // SameSite's cross-site request: from a page of another site, or redirected here
            // from another site (browsers taint a redirect chain that crossed sites).
            // The page's redirect that led here, when the trail shows it.
            let redirected = previous.filter(|p| {
                p.frame == Frame::Top
                    && frame == Frame::Top
                    && p.redirect.zip(url).is_some_and(|(r, u)| {
                        r.host.eq_ignore_ascii_case(u.host) && r.path == u.path
                    })
            });
            let from = match frame {
                Frame::Top => redirected
                    .and_then(|p| p.host())
                    .or_else(|| initiator_host(hop)),
                _ => top_host,
            };
            let tainted = redirected.is_some_and(|p| p.cross_site);
            let cross_site = tainted
                || match (from, url) {
                    (Some(from), Some(u)) => !url::same_site(from, u.host),
                    _ => false,
                };
            let fragment_answer = previous
                .filter(|p| p.is_redirect())
                .and_then(|p| p.redirect)
                .filter(|r| url.is_some_and(|u| u.host == r.host && u.path == r.path))
                .and_then(|r| r.fragment)
                .and_then(|f| oauth::authorization_response(oauth::pairs(f), Carrier::Fragment));
            // A provider's own forms post to itself (Keycloak's consent form carries its session
            // code in a field named `code`): only a post to another host can be its answer.
            let to_provider = url.is_some_and(|u| provider == Some(u.host));
            let form_answer = hop
                .form_data
                .as_ref()
                .filter(|_| !to_provider)
                .and_then(|form| {
                    oauth::authorization_response(
                        form.iter()
                            .flat_map(|(n, vs)| vs.iter().map(move |v| (n.as_str(), v.as_str()))),
                        Carrier::Form,
                    )
                });
            let query_answer = url
                .and_then(|u| u.query)
                .and_then(|q| oauth::authorization_response(oauth::pairs(q), Carrier::Query));
            // A provider's page answering a hidden frame by postMessage carries its answer in
            // its script (response_mode=web_message).
            let page_answer = hop
                .event
                .body_text
                .as_deref()
                .filter(|_| frame == Frame::Frame && facts.status == 200)
                .and_then(oauth::web_message_response);
            let response = form_answer
                .or(fragment_answer)
                .or(query_answer)
                .or(page_answer);
            let authorization = url.as_ref().and_then(oauth::authorization_request);
            let saml = saml_message(hop, url);
            let mut kind = match &saml {
                Some((kind, _)) => *kind,
                None => kind_of(hop, url, authorization.is_some(), response.is_some()),
            };
            let ctx = url.map(|u| Context {
                url: u,
                top_host: (frame != Frame::Top).then_some(top_host).flatten(),
                third_party_blocked: flow.third_party_cookies_blocked,
                server_time: facts.server_time,
                local_time: facts.local_time,
                clock_ahead,
            });
            let mut set_cookies = ctx
                .map(|ctx| set_cookies(hop, &ctx, kind))
                .unwrap_or_default();
            // A page that deletes the sign-in cookie it was sent, and sets none, signs the
            // visitor out, whatever its address says (the extension keeps no query values:
            // WordPress's `wp-login.php?action=logout` reaches the core as `?action=`).
            if matches!(kind, StepKind::Page | StepKind::SignInPage)
                && signs_out(&set_cookies, &facts.cookie_names)
                && let Some(ctx) = ctx
            {
                kind = StepKind::Logout;
                set_cookies = self::set_cookies(hop, &ctx, kind);
            }
            // A posted answer's error and its description are the provider's words, to show.
            for (_, values) in hop
                .form_data
                .iter()
                .flatten()
                .filter(|(name, _)| !oauth::PUBLIC_PARAMS.contains(&name.as_str()))
            {
                extra_secrets.extend(values.iter().map(String::as_str));
            }
            if let Some(r) = redirect {
                for part in [r.query, r.fragment, r.userinfo].into_iter().flatten() {
                    extra_secrets.push(part);
                    extra_secrets.extend(oauth::pairs(part).map(|(_, v)| v));
                }
            }
            let h = HopFacts {
                index,
                hop,
                facts,
                url,
                frame,
                page: top_host,
                redirect,
                cross_site,
                kind,
                authorization,
                response,
                set_cookies,
                sent_back: redirect.and_then(|r| {
                    r.fragment
                        .and_then(|f| {
                            oauth::authorization_response(oauth::pairs(f), Carrier::Fragment)
                        })
                        .or_else(|| {
                            r.query.and_then(|q| {
                                oauth::authorization_response(oauth::pairs(q), Carrier::Query)
                            })
                        })
                }),
                at: hop.event.time_stamp.map(|ms| ms / 1000.0),
                saml: saml.map(|(_, message)| message),
            };
            // A redirect of the page itself moves it: later hops belong to where it went.
            if frame == Frame::Top && h.is_redirect() {
                top_host = h.redirect.map(|r| r.host);
            }
            if h.authorization.is_some() {
                provider = h.host();
            }
            hops.push(h);
        }
        extra_secrets.retain(|s| s.len() >= MIN_SECRET);
        let jar = jar(&hops, flow.third_party_cookies_blocked);
        for (hop, i, reason) in jar.refused {
            hops[hop].set_cookies[i].refused = Some(reason);
        }
        Trail {
            hops,
            third_party_blocked: flow.third_party_cookies_blocked,
            withheld: jar.withheld,
            clock_ahead,
            extra_secrets,
        }
    }

    /// Every secret any hop carried, once each, for scrubbing what the diagnosis says (each
    /// argument shown is compared with each: a trail that repeats its hops repeats its secrets).
    /// The values of an authorization request's public parameters (`client_id`, `scope`,
    /// `redirect_uri`...) are no secrets: scrubbing them would cut the app's own address out of
    /// the evidence.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        let public: std::collections::HashSet<&str> = self
            .hops
            .iter()
            .flat_map(|h| [h.url, h.redirect])
            .flatten()
            .flat_map(|u| [u.query, u.fragment])
            .flatten()
            .flat_map(oauth::pairs)
            .filter(|(n, _)| oauth::PUBLIC_PARAMS.contains(n))
            .map(|(_, v)| v)
            .collect();
        let mut secrets: Vec<&str> = self
            .hops
            .iter()
            .flat_map(|h| h.facts.secrets().iter().copied())
            .chain(self.extra_secrets.iter().copied())
            // What a SAML message says of its subject (NameID, attribute values…).
            .chain(
                self.hops
                    .iter()
                    .filter_map(|h| h.saml.as_ref()?.as_ref().ok())
                    .flat_map(|m| m.personal.iter().map(String::as_str)),
            )
            // The addresses a provider's error description names (Entra's "The signed in user
            // 'jo@contoso.com' is not assigned…").
            .chain(
                self.hops
                    .iter()
                    .flat_map(|h| [&h.response, &h.sent_back])
                    .filter_map(|r| r.as_ref()?.error_description.as_deref())
                    .flat_map(str::split_whitespace)
                    .filter_map(crate::redact::address_in),
            )
            .filter(|s| !public.contains(s))
            .collect();
        secrets.sort_unstable();
        secrets.dedup();
        secrets
    }

    /// The hops as a timeline shows them.
    pub(crate) fn timeline(&self) -> Vec<Step> {
        self.hops
            .iter()
            .map(|h| Step {
                url: crate::redact::url(&h.hop.event.url),
                method: h.hop.event.method.clone(),
                status: h.facts.status,
                kind: h.kind,
                frame: h.frame,
            })
            .collect()
    }

    /// How the service provider answered the SAML response hop `at` carried: that hop's own
    /// response and where its redirects led, a few steps at most.
    pub(crate) fn answer(&self, at: usize) -> Answer {
        let mut answer = Answer {
            hops: vec![at],
            refused: false,
        };
        let mut hop = &self.hops[at];
        loop {
            work(1);
            let back_to_provider = hop.index != at && hop.kind == StepKind::SamlRequest;
            let to_error_page = hop.redirect.and_then(|r| r.query).is_some_and(|q| {
                oauth::pairs(q)
                    .any(|(n, _)| n.get(..5).is_some_and(|n| n.eq_ignore_ascii_case("error")))
            });
            answer.refused |= hop.facts.status >= 400 || back_to_provider || to_error_page;
            let next = hop.hop.redirect_url.as_deref().and_then(|target| {
                let target = target.split('#').next().unwrap_or_default();
                self.after(hop.index)
                    .take(FOLLOW)
                    .find(|h| h.frame == hop.frame && h.hop.event.url == target)
            });
            match next {
                Some(n) if !back_to_provider && answer.hops.len() <= FOLLOW => {
                    answer.hops.push(n.index);
                    hop = n;
                }
                _ => return answer,
            }
        }
    }

    /// Every answer of a provider in the trail, once: where the app received it, or, when the
    /// trail does not show the app receiving it, the redirect that carried it.
    pub(crate) fn answers(&self) -> impl Iterator<Item = (&HopFacts<'a>, &AuthorizationResponse)> {
        self.hops.iter().filter_map(|h| {
            if let Some(r) = &h.response {
                return Some((h, r));
            }
            let r = h.sent_back.as_ref()?;
            let received = self
                .hops
                .get(h.index + 1)
                .is_some_and(|n| n.response.is_some());
            (!received).then_some((h, r))
        })
    }

    /// The provider's own pages after the authorization request `request`: the request itself
    /// when the provider answered it with a page, then every hop of the same frame that stays
    /// on the provider's site (its redirects, sign-in steps, error page), up to the first that
    /// leaves it.
    pub(crate) fn provider_pages<'t>(
        &'t self,
        request: &'t HopFacts<'a>,
    ) -> impl Iterator<Item = &'t HopFacts<'a>> {
        // The host, not the site: an app and its provider often share a registrable domain.
        // A sign-in's steps at its provider come soon after its request: a bounded look ahead
        // keeps a trail of thousands of requests linear.
        let provider = request.host().unwrap_or_default();
        std::iter::once(request)
            .chain(
                self.after(request.index)
                    .take(LOOK_BACK)
                    .inspect(|_| work(1))
                    .filter(move |h| h.frame == request.frame),
            )
            .take_while(move |h| h.host().is_some_and(|x| x.eq_ignore_ascii_case(provider)))
    }

    /// Where the sign-in stopped at the provider after `request`: its last page, when no page of
    /// the provider's carried or sent an answer and the next hop of the frame did not receive
    /// one (a provider's script can send the browser to the app's callback itself). What that
    /// page says, if anything, is why it stopped; words on a page the visitor went on from are
    /// not.
    pub(crate) fn stopped_at_provider<'t>(
        &'t self,
        request: &'t HopFacts<'a>,
    ) -> Option<&'t HopFacts<'a>> {
        let mut last = None;
        for page in self.provider_pages(request) {
            if page.response.is_some() || page.sent_back.is_some() {
                return None;
            }
            last = Some(page);
        }
        let last = last?;
        let answered = self
            .after(last.index)
            .take(LOOK_BACK)
            .inspect(|_| work(1))
            .find(|n| n.frame == last.frame)
            .is_some_and(|n| n.response.is_some());
        (!answered).then_some(last)
    }

    /// The authorization request that hop `h`'s answer (received, or carried by its redirect)
    /// answers: the latest one before it that named the answer's address as its return
    /// address, else the latest one before it. A broker's sign-in has two: Google answers
    /// Auth0, Auth0 answers the app.
    pub(crate) fn request_for(&self, h: &HopFacts<'a>) -> Option<&HopFacts<'a>> {
        let target = if h.response.is_some() {
            h.url
        } else {
            h.redirect
        };
        // A sign-in's answer comes soon after its request: a bounded look back keeps a trail
        // of thousands of answers linear.
        let earlier = || {
            self.hops[..=h.index]
                .iter()
                .rev()
                .take(LOOK_BACK)
                .inspect(|_| work(1))
                .filter(|p| p.authorization.is_some())
        };
        earlier()
            .find(|p| {
                let asked = p.redirect_uri().and_then(url::parse);
                matches!((asked, target), (Some(a), Some(t))
                    if a.host.eq_ignore_ascii_case(t.host) && a.path.trim_end_matches('/') == t.path.trim_end_matches('/'))
            })
            .or_else(|| earlier().next())
    }

    /// The hops after `i`, in order.
    pub(crate) fn after(&self, i: usize) -> impl Iterator<Item = &HopFacts<'a>> {
        self.hops.iter().skip(i + 1)
    }

    /// Whether the sign-in failed after hop `i` on the site of `host`: a later hop of that
    /// site starts a sign-in again, sends the browser to one, is refused (401, 403, 5xx) or
    /// says it found no cookie, before the visitor signs out (a sign-in page after a sign-out
    /// is where sites go).
    pub(crate) fn signed_out_after(&self, i: usize, host: &str) -> Option<usize> {
        self.after(i)
            .inspect(|_| work(1))
            .take_while(|h| h.kind != StepKind::Logout)
            .find(|h| {
                h.on_site(host)
                    && (h.starts_sign_in()
                        || h.sends_to_sign_in()
                        || refused(h)
                        || cookies_off(h).is_some())
            })
            .map(|h| h.index)
    }

    /// Whether the sign-in at hop `i` held: whether the next request (with its headers shown)
    /// that a sign-in cookie the hop set and the browser kept applied to carried one; `None`
    /// when the hop kept none, or the trail shows no such request.
    pub(crate) fn sign_in_held(&self, i: usize) -> Option<bool> {
        let at = self.hops.get(i)?;
        let set_at = at.url?;
        let kept: Vec<&SetCookie> = at
            .set_cookies
            .iter()
            .filter(|c| c.refused.is_none() && !c.deletion && session_cookie(c.cookie.name))
            .map(|c| &c.cookie)
            .collect();
        self.after(i)
            .inspect(|_| work(1))
            .filter(|h| h.sent_cookies().is_some())
            .find_map(|h| {
                let to = h.url?;
                let applied: Vec<&&SetCookie> = kept
                    .iter()
                    .filter(|c| cookie::applies(c, &set_at, &to))
                    .collect();
                (!applied.is_empty()).then(|| applied.iter().any(|c| h.sent(c.name)))
            })
    }

    /// Whether a sign-in completed at hop `i` or after it, and the site of `host` then
    /// signed the visitor out ([`Trail::signed_out_after`]): the hop that shows it.
    pub(crate) fn failed_after_sign_in(&self, i: usize, host: &str) -> Option<usize> {
        let completed = self
            .hops
            .get(i..)?
            .iter()
            .inspect(|_| work(1))
            .find(|h| h.completes_sign_in())?;
        if cookies_off(completed).is_some() {
            return Some(completed.index);
        }
        self.signed_out_after(completed.index, host)
    }
}

/// Name prefixes of analytics and bot-defence cookies, whose names often say "session" or
/// "sid" (Hotjar `_hjSession_*`, Bing `_uetsid`, Stripe `__stripe_sid`, Matomo `_pk_ses.*`,
/// Intercom `intercom-session-*`, Datadog `_dd_s`, Cloudflare `__cf_bm`) and carry no sign-in.
const TRACKERS: &[&str] = &[
    "_ga",
    "_gid",
    "_gcl",
    "__utm",
    "_hj",
    "_uet",
    "_pk_",
    "_fbp",
    "_fbc",
    "_clck",
    "_clsk",
    "__hs",
    "hubspotutk",
    "ajs_",
    "amp_",
    "mp_",
    "__stripe",
    "intercom-",
    "_dd_s",
    "optimizely",
    "__cf",
    "_cf",
    "cf_clearance",
    "_ym_",
    "wordpress_test_cookie",
];

/// Whether `name` is an analytics or bot-defence cookie's ([`TRACKERS`]).
pub(crate) fn tracker(name: &str) -> bool {
    TRACKERS.iter().any(|t| {
        name.get(..t.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(t))
    })
}

/// Names of the cookies that carry a sign-in (a session or its token) rather than a
/// preference, an anti-forgery token or a tracker: PHP, Java, ASP.NET (`.AspNetCore.Cookies`,
/// `.ASPXAUTH`), Express `connect.sid`, Laravel `*_session`, Rails `_*_session`, Django
/// `sessionid`, Auth.js `*.session-token`, WordPress `wordpress_[sec_|logged_in_]<hash>`,
/// oauth2-proxy, Pomerium, Vouch, Cloudflare Access `CF_Authorization`, AWS ALB
/// `AWSELBAuthSessionCookie`.
pub(crate) fn session_cookie(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if tracker(&n) {
        return false;
    }
    let anti_forgery = [
        "csrf",
        "xsrf",
        "antiforgery",
        "correlation",
        "nonce",
        "state",
    ];
    let signs_in = [
        "sess",
        "sid",
        "auth",
        "token",
        "login",
        "logged_in",
        "jwt",
        "identity",
        "remember",
        "oauth2_proxy",
        "pomerium",
        "vouch",
        "wordpress_",
        ".aspnetcore.cookies",
        ".aspxauth",
    ];
    !anti_forgery.iter().any(|w| n.contains(w)) && signs_in.iter().any(|w| n.contains(w))
}

/// Session cookies that frameworks give every visitor, signed in or not: PHP `PHPSESSID`, Java
/// `JSESSIONID`, Spring Session and Flask `session`, Express `connect.sid`, ASP.NET's
/// `ASP.NET_SessionId` and `.AspNetCore.Session`, CodeIgniter `ci_session`, CakePHP, and the
/// `<app>_session` of Laravel and Rails.
pub(crate) fn issued_to_anyone(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "phpsessid",
        "jsessionid",
        "session",
        "connect.sid",
        "asp.net_sessionid",
        ".aspnetcore.session",
        "ci_session",
        "cakephp",
    ]
    .iter()
    .any(|a| n == *a || n.starts_with(&format!("{a}.")))
        || n.ends_with("_session")
}

/// A status that says the app did not let the visitor in.
pub(crate) fn refused(h: &HopFacts) -> bool {
    matches!(h.facts.status, 401 | 403) || h.facts.status >= 500
}

/// What sites say when the cookie a step needs did not come: Keycloak's "Cookie not found.
/// Please make sure cookies are enabled in your browser." (its cookie_not_found, keycloak#30977),
/// Microsoft's "Your browser is currently set to block cookies", and the common "please enable
/// cookies".
const COOKIES_OFF: &[&str] = &[
    "cookie not found",
    "cookies are enabled",
    "enable cookies",
    "cookies are disabled",
    "cookies must be enabled",
    "cookies are not enabled",
    "set to block cookies",
];

/// A refusal (400 and up) in words that say the site found no cookie: those words.
pub(crate) fn cookies_off(h: &HopFacts) -> Option<&'static str> {
    h.facts.says(COOKIES_OFF).filter(|_| h.facts.status >= 400)
}

/// The SAML message the hop's request carries: a form field (the POST binding) or a query
/// value (the Redirect binding), a response before a request. A logout's messages are a
/// sign-out, not a sign-in's start or answer.
fn saml_message(hop: &Hop, url: Option<Url>) -> Option<(StepKind, Result<Message, Unreadable>)> {
    let field = |name: &str| {
        hop.form_data
            .iter()
            .flatten()
            .find(|(n, _)| n == name)
            .and_then(|(_, values)| values.first())
            .map(|v| saml::decode(v, Binding::Post))
            .or_else(|| {
                url.and_then(|u| u.query_value(name))
                    .map(|v| saml::decode(v, Binding::Redirect))
            })
    };
    let (kind, message) = field("SAMLResponse")
        .map(|m| (StepKind::SamlResponse, m))
        .or_else(|| field("SAMLRequest").map(|m| (StepKind::SamlRequest, m)))?;
    let logout = matches!(
        &message,
        Ok(m) if matches!(m.kind, saml::Kind::LogoutRequest | saml::Kind::LogoutResponse)
    );
    Some((if logout { StepKind::Logout } else { kind }, message))
}

/// Where the hop sits: webRequest's `type`, or its frame ids when the type is not given.
fn frame_of(hop: &Hop) -> Frame {
    match hop.event.resource_type.as_deref() {
        Some("main_frame" | "outermost_frame") => Frame::Top,
        Some("sub_frame") => Frame::Frame,
        Some(_) => Frame::Script,
        None if hop.frame_id.is_some_and(|f| f > 0) => Frame::Frame,
        None => Frame::Top,
    }
}

fn initiator_host(hop: &Hop) -> Option<&str> {
    hop.event
        .initiator
        .as_deref()
        .and_then(url::parse)
        .map(|u| u.host)
}

/// Path segments of the pages where people sign in or out, and the endpoints frameworks use to
/// start a sign-in (Spring `/oauth2/authorization/{id}`, oauth2-proxy `/oauth2/start`, Auth.js
/// `/api/auth/signin`, Azure App Service `/.auth/login/{provider}`, Cloudflare Access
/// `/cdn-cgi/access/login`, WordPress `wp-login.php`, Devise `users/sign_in`).
const SIGN_IN_SEGMENTS: &[&str] = &[
    "login",
    "log-in",
    "signin",
    "sign-in",
    "sign_in",
    "logon",
    "authenticate",
    "wp-login",
];
const SIGN_IN_PATHS: &[&str] = &[
    "/oauth2/authorization/",
    "/oauth2/start",
    "/api/auth/signin",
    "/.auth/login/",
    "/saml2/authenticate/",
];
const LOGOUT_SEGMENTS: &[&str] = &[
    "logout",
    "log-out",
    "signout",
    "sign-out",
    "sign_out",
    "logoff",
    "end_session",
    "end-session",
];

/// Whether a segment of `path` is one of `list`, as a directory or a script (`login`,
/// `login.php`, `Logout.aspx`, `logout.do`).
fn segment_in(path: &str, list: &[&str]) -> bool {
    path.split('/').any(|s| {
        let stem = s.split('.').next().unwrap_or_default();
        list.iter().any(|l| stem.eq_ignore_ascii_case(l))
    })
}

/// Whether `query` asks a page to sign the visitor out: WordPress's
/// `wp-login.php?action=logout`, DokuWiki's `?do=logout`, phpBB's `ucp.php?mode=logout`.
fn logout_query(query: &str) -> bool {
    oauth::pairs(query).any(|(_, v)| LOGOUT_SEGMENTS.iter().any(|l| v.eq_ignore_ascii_case(l)))
}

/// Whether `path` is a sign-in page's or a sign-in start's.
pub(crate) fn sign_in_path(path: &str) -> bool {
    segment_in(path, SIGN_IN_SEGMENTS)
        || SIGN_IN_PATHS
            .iter()
            .any(|p| path.to_ascii_lowercase().contains(p))
}

fn kind_of(hop: &Hop, url: Option<Url>, authorization: bool, response: bool) -> StepKind {
    let path = url.map_or("", |u| u.path);
    let query = url.and_then(|u| u.query).unwrap_or_default();
    let password = hop.form_data.iter().flatten().any(|(name, _)| {
        let n = name.to_ascii_lowercase();
        n.contains("password") || n == "passwd" || n == "pwd" || n == "pass"
    });
    let post = hop.event.method.eq_ignore_ascii_case("POST");
    // A script's sign-in posts JSON, which the browser does not show: a post to a sign-in
    // address that succeeded and set cookies is one.
    let answered_with_cookies = sign_in_path(path)
        && (200..400).contains(&hop.event.status_code)
        && hop
            .event
            .response_header_values("set-cookie")
            .next()
            .is_some();
    // A password posted is someone typing it, also where the address repeats the request
    // (Cognito's /login, AD FS's authorize endpoint post the form to themselves).
    if password && post {
        StepKind::SignInForm
    } else if authorization {
        StepKind::AuthorizationRequest
    } else if response {
        StepKind::AuthorizationResponse
    } else if segment_in(path, LOGOUT_SEGMENTS)
        || logout_query(query)
        || oauth::pairs(query).any(|(n, _)| n == "post_logout_redirect_uri" || n == "id_token_hint")
    {
        StepKind::Logout
    } else if post && answered_with_cookies {
        StepKind::SignInForm
    } else if sign_in_path(path) {
        StepKind::SignInPage
    } else {
        StepKind::Page
    }
}

/// The cookies `hop` set, each judged as the browser judges it. Whether a cookie set already
/// expired is a deletion also depends on the step: at a sign-out it always is; where a sign-in
/// completes, a real value dated in the past and not set again alive is the sign-in cookie
/// arriving dead (a date computed wrongly, even back to 1970), not a deletion.
fn set_cookies<'a>(hop: &'a Hop, ctx: &Context<'a>, kind: StepKind) -> Vec<SetCookieFacts<'a>> {
    let parsed: Vec<SetCookie<'a>> = hop
        .event
        .response_header_values("set-cookie")
        .flat_map(crate::parser::joined_lines)
        .filter_map(|(_, line)| cookie::parse(line))
        .take(MAX_COOKIES)
        .inspect(|_| work(1))
        .collect();
    let completes = matches!(
        kind,
        StepKind::AuthorizationResponse | StepKind::SamlResponse | StepKind::SignInForm
    );
    let lifetimes: Vec<Lifetime> = parsed.iter().map(|c| cookie::lifetime(c, ctx)).collect();
    let alive: std::collections::HashSet<&str> = parsed
        .iter()
        .zip(&lifetimes)
        .filter(|(_, l)| **l == Lifetime::Lives)
        .map(|(c, _)| c.name)
        .collect();
    parsed
        .iter()
        .zip(lifetimes)
        .map(|(&cookie, mut lifetime)| {
            match lifetime {
                Lifetime::Expired { .. } if kind == StepKind::Logout => {
                    lifetime = Lifetime::Deletion;
                }
                Lifetime::Deletion
                    if completes
                        && !cookie.placeholder
                        && cookie.max_age.is_none()
                        && !alive.contains(cookie.name) =>
                {
                    lifetime = Lifetime::Expired { local_clock: false };
                }
                _ => {}
            }
            let refusal = cookie::refusal(&cookie, ctx).filter(|r| {
                r.reason != CookieReason::ExpiredOnArrival || lifetime != Lifetime::Deletion
            });
            let expired = matches!(lifetime, Lifetime::Expired { .. });
            let refused = match refusal {
                Some(r) if r.everywhere => Some(r.reason),
                _ if expired => Some(CookieReason::ExpiredOnArrival),
                _ => None,
            };
            SetCookieFacts {
                cookie,
                refused,
                lifetime,
                deletion: lifetime == Lifetime::Deletion,
                doubtful: refusal.filter(|r| !r.everywhere).map(|r| r.reason),
            }
        })
        .collect()
}

/// Whether a response's cookies sign the visitor out: it deletes a sign-in cookie the
/// request carried and sets no sign-in cookie alive.
fn signs_out(cookies: &[SetCookieFacts], sent: &[&str]) -> bool {
    let sign_in = |c: &&SetCookieFacts| session_cookie(c.cookie.name);
    cookies
        .iter()
        .filter(sign_in)
        .any(|c| c.deletion && sent.contains(&c.cookie.name))
        && !cookies
            .iter()
            .filter(sign_in)
            .any(|c| c.lifetime == Lifetime::Lives)
}

/// What following the trail's cookies shows.
struct Jar<'a> {
    withheld: Vec<Withheld<'a>>,
    /// Refusals only some browsers make, confirmed by the next request the cookie applied to:
    /// hop, index among its cookies, reason.
    refused: Vec<(usize, usize, CookieReason)>,
}

/// Follows the cookies set along the trail (accepted, still alive, not set again since) to
/// later requests they applied to: the first that went without each is where it was withheld,
/// or, for a refusal only some browsers make, where that refusal shows. A cookie a frame or
/// script of another site set is expected only under the same top-level site: browsers
/// partition those (CHIPS, Firefox's Total Cookie Protection).
fn jar<'a>(hops: &[HopFacts<'a>], third_party_blocked: Option<bool>) -> Jar<'a> {
    struct Stored<'a> {
        cookie: SetCookie<'a>,
        set_at: usize,
        /// Its index among the cookies of the hop that set it.
        nth: usize,
        url: Url<'a>,
        /// The top-level page's host it was set under, when set in another site's context.
        partition: Option<&'a str>,
        doubtful: Option<CookieReason>,
        time: Option<f64>,
        missed: bool,
        /// When the browser drops it, by the local clock (seconds).
        ends: Option<f64>,
    }
    let mut jar: Vec<Stored<'a>> = Vec::new();
    let mut out = Jar {
        withheld: Vec::new(),
        refused: Vec::new(),
    };
    for h in hops {
        // A cookie past its Max-Age or Expires is gone, not kept back (oauth2-proxy's CSRF
        // cookie lives 15 minutes; a visitor can take longer at the provider).
        jar.retain(|s| !matches!((s.ends, h.at), (Some(end), Some(now)) if now >= end));
        if let (Some(u), Some(sent)) = (h.url, h.sent_cookies()) {
            let request = Request {
                url: u,
                top_level: h.frame == Frame::Top,
                safe_method: ["GET", "HEAD"]
                    .iter()
                    .any(|m| h.hop.event.method.eq_ignore_ascii_case(m)),
                cross_site: h.cross_site,
                third_party_blocked,
                cookie_age: None,
            };
            let page = h.page.unwrap_or(u.host);
            jar.retain_mut(|s| {
                let partition_ok = s.partition.is_none_or(|p| url::same_site(p, page));
                work(1);
                if s.missed || !partition_ok || !cookie::applies(&s.cookie, &s.url, &request.url) {
                    return true;
                }
                let carried = sent.contains(&s.cookie.name);
                if let Some(reason) = s.doubtful.take() {
                    // The first request it applied to tells whether this browser kept it.
                    if !carried {
                        out.refused.push((s.set_at, s.nth, reason));
                    }
                    return carried;
                }
                if !carried && out.withheld.len() < MAX_WITHHELD {
                    s.missed = true;
                    let request = Request {
                        cookie_age: h.at.zip(s.time).map(|(now, then)| now - then),
                        ..request
                    };
                    out.withheld.push(Withheld {
                        name: s.cookie.name,
                        set_at: s.set_at,
                        at: h.index,
                        reason: cookie::withheld(&s.cookie, &request),
                        same_site: s.cookie.same_site,
                    });
                }
                true
            });
        }
        let Some(u) = h.url else { continue };
        let partition = (h.frame != Frame::Top)
            .then_some(h.page)
            .flatten()
            .filter(|page| !url::same_site(page, u.host));
        for (nth, c) in h.set_cookies.iter().enumerate() {
            // A cookie set again replaces the one before it (same name, domain and path).
            jar.retain(|s| {
                work(1);
                !(s.cookie.name == c.cookie.name
                    && s.cookie.domain == c.cookie.domain
                    && s.cookie.path == c.cookie.path
                    && s.url.host == u.host
                    && s.partition == partition)
            });
            if c.refused.is_none()
                && !c.deletion
                && !c.cookie.name.is_empty()
                && jar.len() < MAX_COOKIES
            {
                jar.push(Stored {
                    cookie: c.cookie,
                    set_at: h.index,
                    nth,
                    url: u,
                    partition,
                    doubtful: c.doubtful,
                    time: h.at,
                    missed: false,
                    ends: ends(&c.cookie, h),
                });
            }
        }
    }
    out
}

/// How many hops back an answer's request is looked for, and ahead a sign-in's steps at its
/// provider.
pub(crate) const LOOK_BACK: usize = 64;

/// Counts what the trail's rules look at, for the linearity tests; nothing outside tests.
#[inline(always)]
pub(crate) fn work(_looks: usize) {
    #[cfg(test)]
    WORK.with(|c| c.set(c.get() + _looks));
}

#[cfg(test)]
thread_local! {
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// What was looked at on this thread since the last call.
#[cfg(test)]
pub(crate) fn take_work() -> usize {
    WORK.with(|c| c.replace(0))
}

/// When the browser drops `c`, set by hop `h`, by the local clock: Max-Age counts from its
/// arrival; Expires is a date on the server's clock, moved onto the local one.
fn ends(c: &SetCookie, h: &HopFacts) -> Option<f64> {
    let now = h.at?;
    if let Some(age) = c.max_age {
        return Some(now + age as f64);
    }
    let skew = h
        .facts
        .server_time
        .map_or(0.0, |server| now - server as f64);
    c.expires.map(|e| e as f64 + skew)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::load;
    use super::*;

    #[test]
    fn a_providers_own_form_is_no_answer_even_with_a_code_field() {
        // Keycloak's consent form posts its session code, named `code`, to Keycloak.
        let flow = load("keycloak-consent-screen");
        let t = Trail::new(&flow);
        let consent = &t.hops[3];
        assert!(consent.hop.form_data.is_some());
        assert!(consent.response.is_none());
        assert_ne!(consent.kind, StepKind::AuthorizationResponse);
        // Apple's form_post to the app, from the provider, is one.
        let flow = load("apple-form-post-first-sign-in");
        let t = Trail::new(&flow);
        assert!(t.hops[2].response.as_ref().is_some_and(|r| r.granted));
    }

    #[test]
    fn a_password_posted_to_an_address_that_repeats_the_request_is_a_sign_in_form() {
        // Cognito's hosted UI posts its form to /login?client_id=…&response_type=code….
        let flow = load("cognito-hosted-ui-sign-in-and-out");
        let t = Trail::new(&flow);
        assert!(t.hops[3].authorization.is_some());
        assert_eq!(t.hops[3].kind, StepKind::SignInForm);
        assert_eq!(t.hops[2].kind, StepKind::AuthorizationRequest);
    }

    #[test]
    fn a_cookie_past_its_expiry_is_gone_not_withheld() {
        // oauth2-proxy's CSRF cookie expired at 10:15; the callback came at 10:21.
        let flow = load("oauth2-proxy-csrf-cookie-expired");
        assert!(Trail::new(&flow).withheld.is_empty());
        // The same callback five minutes after the start would have gone without a live one.
        let mut soon = load("oauth2-proxy-csrf-cookie-expired");
        for hop in &mut soon.hops[2..] {
            hop.event.time_stamp = hop.event.time_stamp.map(|t| t - 16.0 * 60_000.0);
            hop.event
                .response_headers
                .retain(|h| !h.name.eq_ignore_ascii_case("date"));
        }
        let t = Trail::new(&soon);
        assert!(
            t.withheld
                .iter()
                .any(|w| w.name == "_oauth2_proxy_csrf" && w.at == 3),
            "{:?}",
            t.withheld
                .iter()
                .map(|w| (w.name, w.at))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn each_answer_is_matched_to_the_request_that_named_its_address() {
        // Google answers Auth0's /login/callback; Auth0 answers the shop.
        let flow = load("auth0-brokering-google");
        let t = Trail::new(&flow);
        let to_broker = t.request_for(&t.hops[3]).map(|r| r.index);
        let to_app = t.request_for(&t.hops[4]).map(|r| r.index);
        assert_eq!((to_broker, to_app), (Some(2), Some(1)));
    }

    #[test]
    fn a_sign_in_stops_at_the_provider_only_where_no_answer_follows() {
        let stopped = |name: &str| {
            let flow = load(name);
            let t = Trail::new(&flow);
            t.hops
                .iter()
                .filter(|h| h.authorization.is_some())
                .filter_map(|r| t.stopped_at_provider(r))
                .map(|h| h.index)
                .collect::<Vec<_>>()
        };
        // Google's chooser, whose script then opens the app's callback; Keycloak's consent.
        assert!(stopped("google-select-account-pkce").is_empty());
        assert!(stopped("keycloak-consent-screen").is_empty());
        // Entra's error page after the password; Cognito's /error page after its redirect.
        assert_eq!(stopped("entra-aadsts50105-user-not-assigned"), [2]);
        assert_eq!(stopped("cognito-redirect-mismatch"), [2]);
    }

    #[test]
    fn the_providers_pages_stop_where_the_browser_leaves_its_host() {
        let flow = load("entra-password-mfa-stay-signed-in");
        let t = Trail::new(&flow);
        let pages: Vec<usize> = t.provider_pages(&t.hops[1]).map(|h| h.index).collect();
        assert_eq!(pages, [1, 2, 3, 4]);
        // Same site, other host: the app's pages are not the provider's.
        let flow = load("keycloak-two-apps-one-session");
        let t = Trail::new(&flow);
        let pages: Vec<usize> = t.provider_pages(&t.hops[1]).map(|h| h.index).collect();
        assert_eq!(pages, [1, 2]);
    }

    #[test]
    fn sign_outs_are_known_by_address_query_or_the_cookie_they_delete() {
        use super::super::fixtures::parse;
        let kind = |hop: &str| {
            let flow = parse(&format!(
                "# Source: test\n=== hop\n#! type: main_frame\n{hop}"
            ))
            .unwrap();
            Trail::new(&flow).hops[0].kind
        };
        let date = "Date: Mon, 10 Mar 2025 09:00:00 GMT";
        for hop in [
            format!(
                "GET https://moodle.example.edu/login/logout.php?sesskey=k\n\nHTTP/1.1 303 See Other\n{date}\nLocation: /\n"
            ),
            format!(
                "GET https://blog.example.org/wp-login.php?action=logout&_wpnonce=n\n\nHTTP/1.1 302 Found\n{date}\nLocation: /\n"
            ),
            // As the extension keeps it: the query's values gone, the deleted cookie says it.
            format!(
                "GET https://blog.example.org/wp-login.php?action=&_wpnonce=\nCookie: wordpress_logged_in_0a1b=x\n\nHTTP/1.1 302 Found\n{date}\nLocation: /\nSet-Cookie: wordpress_logged_in_0a1b=%20; expires=Sun, 10-Mar-2024 09:00:00 GMT; Max-Age=0; path=/\n"
            ),
        ] {
            assert_eq!(kind(&hop), StepKind::Logout, "{hop}");
        }
        // ASP.NET Core Identity's sign-in page deletes its external cookie on every visit,
        // whether or not the visitor had one: still a sign-in page.
        let identity = format!(
            "GET https://app.example.com/Identity/Account/Login\n\nHTTP/1.1 200 OK\n{date}\nSet-Cookie: .AspNetCore.Identity.External=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly\n"
        );
        assert_eq!(kind(&identity), StepKind::SignInPage);
        // A sign-in that swaps one session cookie for another signs in, not out.
        let swap = format!(
            "GET https://app.example.com/Identity/Account/ExternalLogin?handler=Callback\nCookie: .AspNetCore.Identity.External=x\n\nHTTP/1.1 302 Found\n{date}\nLocation: /\nSet-Cookie: .AspNetCore.Identity.External=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/\nSet-Cookie: .AspNetCore.Identity.Application=CfDJ8x; path=/; secure; samesite=lax; httponly\n"
        );
        assert_eq!(kind(&swap), StepKind::Page);
    }
}
