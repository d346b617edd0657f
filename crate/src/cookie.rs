//! `Set-Cookie` as browsers read it (RFC 6265bis-20, "Cookies: HTTP State Management
//! Mechanism", §5.6 parsing, §5.7 storage, §5.8.3 retrieval), to tell why a browser refused a
//! cookie or kept one from a request. Checked against Chromium 156 (`net/cookies/
//! canonical_cookie.cc`, `cookie_base.cc`, `parsed_cookie.cc`) and Firefox ESR 153
//! (`netwerk/cookie/CookieParser.cpp`), source and running browsers.
//!
//! Where the two browsers agree, this module says what they do, even against the RFC:
//! - The last `Expires` and the last `Max-Age` decide, valid or not: an unreadable last one
//!   counts as absent (the RFC would keep an earlier valid one). `Max-Age` wins over `Expires`.
//! - `Expires` is moved by the distance between the local clock and the response's `Date`
//!   (Chromium `ParseExpiration`, Firefox `network.cookie.useServerTime`): with a `Date`, a
//!   wrong local clock kills no cookie; only a response without one is judged by it.
//! - `SameSite=None` without `Secure` is refused by both (Firefox since 131).
//! - A `Partitioned` cookie without `Secure` is refused by both (CHIPS).
//! - `__Host-` and `__Secure-` match in any case; a nameless cookie whose value starts with
//!   one is refused; `__Host-` may carry a `Domain` that is the host's own IP address.
//! - An attribute value over 1024 bytes is ignored, the cookie kept (Chromium ignores any such
//!   attribute, Firefox the Path, Domain, Expires and Max-Age ones).
//!
//! Where they differ, a refusal is [`Refusal::everywhere`]`= false`, and the trail believes it
//! only when the next request the cookie applied to went without it:
//! - `__Host-` without an explicit `Path=/`, or with a `Domain` naming a host that has no
//!   registrable domain (`localhost`) or its IP address with a leading dot (`.127.0.0.1`):
//!   Chromium refuses, Firefox takes the default path or a host-only cookie.
//! - `SameSite` unset, set by a frame or script of another site: Chromium reads it as Lax and
//!   refuses it; Firefox keeps it (in the top-level site's partition, by default).
//! - A `Partitioned` cookie of another site's frame while third-party cookies are blocked:
//!   Chromium keeps it in the partition, Firefox (`cookieBehavior` 1) refuses it.
//!
//! Judgement calls, on purpose:
//! - A cookie set already expired is a deletion (a sign-out) when it looks like one: a value
//!   that is empty or a placeholder (`deleted`, `""`), `Max-Age` zero or less, or a date more
//!   than [`DELETION_AGE`] back. Otherwise the site meant it to live, and it arrived expired.
//! - `SameSite` absent is Lax in Chromium (with its two-minute allowance for a cross-site
//!   top-level POST) and None in Firefox: a cookie without it is kept from a request for
//!   `SameSite`'s sake only where both browsers would keep it.
//! - `Max-Age=-x` (a minus, then not digits) is ignored as Chromium and the RFC do; Firefox
//!   reads any leading minus as "expired".
//! - The public suffix check knows the common suffixes only (`crate::url`), not the whole list.

use crate::date::parse_http_date;
use crate::diagnosis::CookieReason;
use crate::url::{Url, registrable_domain, same_site};

/// RFC 6265bis §5.6 step 4: name and value together may not exceed this.
pub(crate) const MAX_NAME_VALUE: usize = 4096;

/// §5.6.1: longer attribute values are ignored (the attribute, not the cookie).
const MAX_ATTRIBUTE: usize = 1024;

/// How far back an `Expires` can fall by mistake (seconds): a site writing local time as GMT
/// from UTC−12, the furthest a zone is behind, plus an hour. Earlier dates are deletions.
const DELETION_AGE: i64 = 13 * 3600;

/// How far an `Expires` must lie beyond the servers' time for the local clock alone to be
/// blamed (seconds): `Date` has a one-second grain and takes time to arrive.
const CLOCK_MARGIN: i64 = 60;

/// Chromium's "Lax allowing unsafe": a cookie without `SameSite` still goes with a cross-site
/// top-level POST for this long after it was set (`kLaxAllowUnsafeMaxAge`, seconds).
const LAX_ALLOW_UNSAFE: f64 = 120.0;

/// Values sites write when they remove a cookie: nothing, Django's quoted nothing, PHP's and
/// Symfony's `deleted`.
const PLACEHOLDERS: &[&str] = &["", "\"\"", "deleted"];

/// `SameSite`, as set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SameSite {
    /// Not set, or an unknown value ("Default" enforcement).
    Unspecified,
    None,
    Lax,
    Strict,
}

/// One `Set-Cookie` line, read. Borrows from the header; the value is a secret, kept only as
/// its length and two facts about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SetCookie<'a> {
    pub name: &'a str,
    /// Bytes of name and value together (§5.6 step 4).
    pub size: usize,
    /// `Domain`, without a leading dot, when set.
    pub domain: Option<&'a str>,
    /// The `Domain` was written with a leading dot (Chromium tells `.127.0.0.1` from `127.0.0.1`).
    pub domain_dotted: bool,
    /// `Path`, when set and absolute.
    pub path: Option<&'a str>,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: SameSite,
    pub partitioned: bool,
    /// `Expires`, in Unix seconds.
    pub expires: Option<i64>,
    /// `Max-Age`, in seconds.
    pub max_age: Option<i64>,
    /// The value is one sites write when they remove a cookie ([`PLACEHOLDERS`]).
    pub placeholder: bool,
    /// A nameless cookie whose value starts like a `__Host-` or `__Secure-` name (§4.1.3.3).
    pub hidden_prefix: bool,
}

/// The line, read per §5.6; `None` when a browser ignores it whole (control characters, no
/// name and no value).
pub(crate) fn parse(line: &str) -> Option<SetCookie<'_>> {
    // §5.6 step 1: a control character other than HTAB aborts.
    if line.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return None;
    }
    let mut parts = line.split(';');
    let pair = parts.next().unwrap_or_default();
    let (name, value) = match pair.split_once('=') {
        Some((n, v)) => (trim(n), trim(v)),
        None => ("", trim(pair)),
    };
    if name.is_empty() && value.is_empty() {
        return None;
    }
    let mut cookie = SetCookie {
        name,
        size: name.len() + value.len(),
        domain: None,
        domain_dotted: false,
        path: None,
        secure: false,
        http_only: false,
        same_site: SameSite::Unspecified,
        partitioned: false,
        expires: None,
        max_age: None,
        placeholder: PLACEHOLDERS.iter().any(|p| value.eq_ignore_ascii_case(p)),
        hidden_prefix: name.is_empty()
            && (prefixed(value, "__Host-") || prefixed(value, "__Secure-")),
    };
    for av in parts {
        let (key, value) = av.split_once('=').unwrap_or((av, ""));
        let (key, value) = (trim(key), trim(value));
        if value.len() > MAX_ATTRIBUTE {
            continue;
        }
        let is = |name: &str| key.eq_ignore_ascii_case(name);
        if is("expires") {
            cookie.expires = cookie_date(value);
        } else if is("max-age") {
            cookie.max_age = max_age(value);
        } else if is("domain") {
            // A lone dot is no domain at all: both browsers refuse the cookie.
            cookie.domain = match value {
                "" => None,
                "." => Some(value),
                v => Some(v.strip_prefix('.').unwrap_or(v)),
            };
            cookie.domain_dotted = value.len() > 1 && value.starts_with('.');
        } else if is("path") {
            cookie.path = value.starts_with('/').then_some(value);
        } else if is("secure") {
            cookie.secure = true;
        } else if is("httponly") {
            cookie.http_only = true;
        } else if is("partitioned") {
            cookie.partitioned = true;
        } else if is("samesite") {
            let v = |name: &str| value.eq_ignore_ascii_case(name);
            cookie.same_site = if v("none") {
                SameSite::None
            } else if v("lax") {
                SameSite::Lax
            } else if v("strict") {
                SameSite::Strict
            } else {
                SameSite::Unspecified
            };
        }
    }
    Some(cookie)
}

/// Without §5.6's whitespace (SP and HTAB only).
fn trim(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// §5.6.2: a leading `-` or a digit, then digits; anything else is no `Max-Age`.
fn max_age(value: &str) -> Option<i64> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(value.parse().unwrap_or(if value.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    }))
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
fn prefixed(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Where a response setting cookies was received.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The response's URL.
    pub url: Url<'a>,
    /// The host of the top-level page, when the response is for a frame or a script's request
    /// (`None`: the response is the top-level page itself).
    pub top_host: Option<&'a str>,
    /// The browser blocks third-party cookies, when known.
    pub third_party_blocked: Option<bool>,
    /// The response's `Date`, in Unix seconds.
    pub server_time: Option<i64>,
    /// The local clock when the response arrived, in Unix seconds.
    pub local_time: Option<i64>,
    /// Seconds the local clock runs ahead of the servers' (negative: behind), as other
    /// responses' `Date` showed it; for a response without one.
    pub clock_ahead: Option<i64>,
}

impl Context<'_> {
    /// Whether the response came over a secure channel: https, or a loopback host, which
    /// browsers treat as a secure context.
    fn secure(&self) -> bool {
        self.url.scheme.eq_ignore_ascii_case("https")
            || self.url.scheme.eq_ignore_ascii_case("wss")
            || self.url.is_loopback()
    }

    /// Whether the response is a frame's or a script's on another site than the page's.
    pub(crate) fn cross_site(&self) -> bool {
        self.top_host
            .is_some_and(|top| !same_site(top, self.url.host))
    }
}

/// What the browser makes of a cookie's lifetime as it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lifetime {
    /// Stored, for the session or until its expiry.
    Lives,
    /// Dead on arrival the way sites remove a cookie (a sign-out): not a cookie to miss.
    Deletion,
    /// Dead on arrival though the site meant it to live. `local_clock`: only this computer's
    /// clock, running ahead, killed it (a response without `Date`); otherwise the site wrote a
    /// date already past by its own clock.
    Expired { local_clock: bool },
}

/// What the browser makes of `c`'s lifetime when `ctx`'s response sets it.
pub(crate) fn lifetime(c: &SetCookie, ctx: &Context) -> Lifetime {
    if let Some(age) = c.max_age {
        return if age <= 0 {
            Lifetime::Deletion
        } else {
            Lifetime::Lives
        };
    }
    // Both browsers compare `Expires` with the response's `Date` when there is one.
    let (Some(expires), Some(now)) = (c.expires, ctx.server_time.or(ctx.local_time)) else {
        return Lifetime::Lives;
    };
    if expires > now {
        return Lifetime::Lives;
    }
    let server_now = ctx
        .server_time
        .or_else(|| Some(ctx.local_time? - ctx.clock_ahead?))
        .unwrap_or(now);
    if c.placeholder || expires <= server_now.saturating_sub(DELETION_AGE) {
        Lifetime::Deletion
    } else {
        Lifetime::Expired {
            local_clock: expires > server_now.saturating_add(CLOCK_MARGIN),
        }
    }
}

/// Why a browser refuses a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub reason: CookieReason,
    /// Both browsers refuse it; otherwise only one does (see the module's notes).
    pub everywhere: bool,
}

/// Why a browser refuses to store `c` set in `ctx`: what both browsers refuse first, in the
/// order §5.7 checks, then what only one of them does.
pub(crate) fn refusal(c: &SetCookie, ctx: &Context) -> Option<Refusal> {
    let reason = |reason, everywhere| Some(Refusal { reason, everywhere });
    if c.size > MAX_NAME_VALUE {
        return reason(CookieReason::TooLarge, true);
    }
    let host = ctx.url.host;
    if let Some(domain) = c.domain
        && !domain.eq_ignore_ascii_case(host)
        && (public_suffix(domain) || !domain_matches(host, domain))
    {
        return reason(CookieReason::DomainMismatch, true);
    }
    if c.secure && !ctx.secure() {
        return reason(CookieReason::SecureOnHttp, true);
    }
    // §5.7 step 13: a Lax or Strict cookie from a frame or script of another site is ignored
    // (a response navigating the top-level page may set any).
    let cross_site = ctx.cross_site();
    if cross_site && matches!(c.same_site, SameSite::Lax | SameSite::Strict) {
        return reason(CookieReason::SameSiteCrossSite, true);
    }
    if c.same_site == SameSite::None && !c.secure {
        return reason(CookieReason::SameSiteNoneInsecure, true);
    }
    if c.partitioned && !c.secure {
        return reason(CookieReason::PartitionedInsecure, true);
    }
    let prefix = prefix_violated(c, ctx);
    if prefix == Some(true) {
        return reason(CookieReason::PrefixViolation, true);
    }
    let blocked = cross_site && ctx.third_party_blocked == Some(true);
    if blocked && !c.partitioned {
        return reason(CookieReason::ThirdPartyBlocked, true);
    }
    if let Lifetime::Expired { .. } = lifetime(c, ctx) {
        return reason(CookieReason::ExpiredOnArrival, true);
    }
    if cross_site && c.same_site == SameSite::Unspecified {
        return reason(CookieReason::SameSiteCrossSite, false);
    }
    if prefix.is_some() {
        return reason(CookieReason::PrefixViolation, false);
    }
    blocked.then_some(Refusal {
        reason: CookieReason::ThirdPartyBlocked,
        everywhere: false,
    })
}

/// §4.1.3: `__Secure-` needs `Secure` from a secure origin; `__Host-` also needs no `Domain`
/// and `Path=/`; a nameless cookie may not fake either in its value. `Some(true)` when both
/// browsers refuse the cookie, `Some(false)` when only Chromium does.
fn prefix_violated(c: &SetCookie, ctx: &Context) -> Option<bool> {
    if c.hidden_prefix {
        return Some(true);
    }
    let secure_ok = c.secure && ctx.secure();
    if prefixed(c.name, "__Host-") {
        let host = ctx.url.host;
        let own = c.domain.is_none_or(|d| d.eq_ignore_ascii_case(host));
        if !secure_ok || !own || c.path.is_some_and(|p| p != "/") {
            return Some(true);
        }
        // Chromium wants `Path=/` written and no `Domain` but the host's own IP address,
        // written as the host is (observed in Chromium 156: `Domain=127.0.0.1` kept,
        // `Domain=.127.0.0.1` refused); Firefox takes the default path and a `Domain` it would
        // store as host-only anyway.
        let ip = is_ip(host);
        let chromium_domain_ok = c.domain.is_none() || ip && !c.domain_dotted;
        if c.path.is_none() || !chromium_domain_ok {
            let firefox_ok = (c.path.is_some() || default_path(ctx.url.path) == "/")
                && (c.domain.is_none() || ip || !host.contains('.') || public_suffix(host));
            return Some(!firefox_ok);
        }
        return None;
    }
    (prefixed(c.name, "__Secure-") && !secure_ok).then_some(true)
}

/// An IPv4 address or a bracketed IPv6 literal.
fn is_ip(host: &str) -> bool {
    host.starts_with('[') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// §5.1.3: `host` is `domain` or a subdomain of it, and not an IP address.
fn domain_matches(host: &str, domain: &str) -> bool {
    if host.eq_ignore_ascii_case(domain) {
        return true;
    }
    let Some(dot) = host.len().checked_sub(domain.len() + 1) else {
        return false;
    };
    !is_ip(host)
        && host.as_bytes()[dot] == b'.'
        && host
            .get(dot + 1..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(domain))
}

/// Whether `domain` is a public suffix (`com`, `co.uk`): a name shorter than any registrable
/// domain under it.
fn public_suffix(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    !is_ip(domain) && registrable_domain(&format!("x.{domain}")) != domain
}

/// The request a stored cookie could go with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    pub url: Url<'a>,
    /// A navigation of the top-level page.
    pub top_level: bool,
    /// `GET` or `HEAD` (a safe method: Lax cookies go with cross-site navigations using them).
    pub safe_method: bool,
    /// The request came from another site (its initiator, a redirect from another site, or a
    /// frame or script on another site's page).
    pub cross_site: bool,
    /// The browser blocks third-party cookies, when known.
    pub third_party_blocked: Option<bool>,
    /// Seconds since the cookie was set, when known.
    pub cookie_age: Option<f64>,
}

/// Whether `c`, set by a response from `set_at`, applies to a request for `to` at all (§5.8.3:
/// domain, path, `Secure`), whatever its `SameSite`.
pub(crate) fn applies(c: &SetCookie, set_at: &Url, to: &Url) -> bool {
    let host = to.host;
    let domain_ok = match c.domain {
        Some(domain) => domain_matches(host, domain),
        None => host.eq_ignore_ascii_case(set_at.host),
    };
    let path = c.path.unwrap_or_else(|| default_path(set_at.path));
    let request_path = if to.path.is_empty() { "/" } else { to.path };
    let path_ok = request_path == path
        || request_path.starts_with(path)
            && (path.ends_with('/') || request_path[path.len()..].starts_with('/'));
    let secure_ok = !c.secure || to.scheme.eq_ignore_ascii_case("https") || to.is_loopback();
    domain_ok && path_ok && secure_ok
}

/// §5.1.4: the directory of the request path that set a cookie without `Path`.
fn default_path(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// Why a browser keeps `c` (stored, and applying to the request) from the request, when both
/// browsers' rules say so (§5.8.3 step 1, third-party blocking); `None` when the trail alone
/// cannot tell why.
pub(crate) fn withheld(c: &SetCookie, request: &Request) -> Option<CookieReason> {
    if !request.cross_site {
        return None;
    }
    let unsafe_top_level = request.top_level && !request.safe_method;
    match c.same_site {
        SameSite::Strict => return Some(CookieReason::SameSiteCrossSite),
        SameSite::Lax if !(request.top_level && request.safe_method) => {
            return Some(CookieReason::SameSiteCrossSite);
        }
        // Firefox would have sent it (None by default); Chromium keeps an unset SameSite from
        // a cross-site POST once the cookie is more than two minutes old.
        SameSite::Unspecified
            if unsafe_top_level && request.cookie_age.is_some_and(|a| a > LAX_ALLOW_UNSAFE) =>
        {
            return Some(CookieReason::SameSiteCrossSite);
        }
        _ => {}
    }
    (!request.top_level && request.third_party_blocked == Some(true) && !c.partitioned)
        .then_some(CookieReason::ThirdPartyBlocked)
}

/// §5.1.1: a cookie date, read as browsers read it: tokens in any order, two-digit years,
/// `Wed, 21-Oct-2015 07:28:00 GMT` as well as the HTTP-date forms.
fn cookie_date(value: &str) -> Option<i64> {
    // §5.1.1 step 5: years before 1601 fail.
    const YEAR_1601: i64 = -11_644_473_600;
    if let Some(t) = parse_http_date(value) {
        return (t >= YEAR_1601).then_some(t);
    }
    let (mut time, mut day, mut month, mut year) = (None, None, None, None);
    let delimiter = |c: char| {
        c == '\t'
            || (' '..='/').contains(&c)
            || (';'..='@').contains(&c)
            || ('['..='`').contains(&c)
            || ('{'..='~').contains(&c)
    };
    for token in value.split(delimiter).filter(|t| !t.is_empty()) {
        let digits = token.bytes().take_while(u8::is_ascii_digit).count();
        if time.is_none() && token.contains(':') {
            let mut hms = token.split(':').map(|p| p.parse::<i64>().ok());
            if let (Some(Some(h)), Some(Some(m)), Some(Some(s))) =
                (hms.next(), hms.next(), hms.next())
            {
                time = Some((h, m, s));
                continue;
            }
        }
        if day.is_none() && (1..=2).contains(&digits) && digits == token.len() {
            day = token.parse::<i64>().ok();
            continue;
        }
        if month.is_none() && token.len() >= 3 {
            const MONTHS: [&str; 12] = [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ];
            if let Some(m) = MONTHS
                .iter()
                .position(|m| token[..3].eq_ignore_ascii_case(m))
            {
                month = Some(m as i64 + 1);
                continue;
            }
        }
        if year.is_none() && (2..=4).contains(&digits) {
            year = token[..digits].parse::<i64>().ok();
        }
    }
    let (h, m, s) = time?;
    let (day, month, mut year) = (day?, month?, year?);
    if (70..=99).contains(&year) {
        year += 1900;
    } else if (0..=69).contains(&year) {
        year += 2000;
    }
    if year < 1601 || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 59 {
        return None;
    }
    Some(crate::date::days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::parse as url;
    use CookieReason::*;

    const NOW: i64 = 1_700_000_000;

    fn ctx(u: &str) -> Context<'_> {
        Context {
            url: url(u).unwrap(),
            top_host: None,
            third_party_blocked: None,
            server_time: Some(NOW),
            local_time: Some(NOW),
            clock_ahead: None,
        }
    }

    /// A refusal's reason and whether both browsers make it.
    type Judged = Option<(CookieReason, bool)>;

    /// The refusal of `line` set by a top-level response from `at`.
    fn refused(line: &str, at: &str) -> Judged {
        refusal(&parse(line).unwrap(), &ctx(at)).map(|r| (r.reason, r.everywhere))
    }

    /// A `Set-Cookie` date `offset` seconds from [`NOW`].
    fn date(offset: i64) -> String {
        crate::date::http_date(NOW + offset)
    }

    #[test]
    fn attributes() {
        let c = parse(" sid = abc ; Path=/app; Domain=.Example.com; Secure; HttpOnly; SameSite=lax; Max-Age=60; Partitioned").unwrap();
        assert_eq!(
            (c.name, c.size, c.path, c.domain),
            ("sid", 6, Some("/app"), Some("Example.com"))
        );
        assert!(c.secure && c.http_only && c.partitioned && !c.placeholder);
        assert_eq!((c.same_site, c.max_age), (SameSite::Lax, Some(60)));
        let nameless = parse("justavalue").unwrap();
        assert_eq!((nameless.name, nameless.size), ("", 10));
        assert!(parse("=").is_none());
        assert!(parse("a=b\x01").is_none());
        assert_eq!(
            parse("a=b; SameSite=Bogus").unwrap().same_site,
            SameSite::Unspecified
        );
        assert_eq!(parse("a=b; Path=relative").unwrap().path, None);
        assert_eq!(parse("a=b; Max-Age=1x").unwrap().max_age, None);
        assert_eq!(parse("a=b; Max-Age=-abc").unwrap().max_age, None);
        assert_eq!(
            parse("a=b; Max-Age=-99999999999999999999").unwrap().max_age,
            Some(i64::MIN)
        );
        for line in ["sid=", "sid=\"\"", "sid=deleted", "sid= \t"] {
            assert!(parse(line).unwrap().placeholder, "{line}");
        }
        assert!(!parse("sid=deletedx").unwrap().placeholder);
    }

    #[test]
    fn the_last_expires_and_max_age_decide_as_both_browsers_read_them() {
        // Chromium keeps the last occurrence's string; Firefox assigns each in turn: an
        // unreadable last one leaves no expiry, where the RFC would keep the earlier one.
        let c =
            parse("a=1; Max-Age=60; Max-Age=junk; Expires=Thu, 01 Jan 1970 00:00:01 GMT").unwrap();
        assert_eq!((c.max_age, c.expires), (None, Some(1)));
        let c = parse("a=1; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Expires=junk").unwrap();
        assert_eq!(c.expires, None);
        assert_eq!(parse("a=1; Path=/a; Path=/b").unwrap().path, Some("/b"));
        assert_eq!(
            parse("a=1; Domain=x.example; Domain=").unwrap().domain,
            None
        );
    }

    #[test]
    fn attribute_values_over_1024_bytes_are_ignored_not_the_cookie() {
        let long = "x".repeat(1025);
        let line = format!("a=1; Path=/ok; Path=/{long}; Domain={long}; Expires={long}");
        let c = parse(&line).unwrap();
        assert_eq!((c.path, c.domain, c.expires), (Some("/ok"), None, None));
        assert_eq!(
            refused(&format!("a=1; Domain={long}"), "https://app.example/"),
            None
        );
        let max = format!("/{}", "x".repeat(1023));
        assert_eq!(
            parse(&format!("a=1; Path={max}")).unwrap().path,
            Some(max.as_str())
        );
    }

    #[test]
    fn cookie_dates_as_browsers_read_them() {
        let want = 1_445_412_480; // 2015-10-21 07:28:00 UTC
        for date in [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wed, 21-Oct-2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "21 October 2015 07:28:00",
            "Oct 21 07:28:00 2015",
        ] {
            assert_eq!(cookie_date(date), Some(want), "{date}");
        }
        assert_eq!(cookie_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(cookie_date(&date(3600)), Some(NOW + 3600));
        for bad in [
            "",
            "tomorrow",
            "32 Oct 2015 07:28:00",
            "21 Oct 2015",
            "21 Oct 1500 07:28:00",
        ] {
            assert_eq!(cookie_date(bad), None, "{bad}");
        }
    }

    /// Each line as Chromium 156 and Firefox ESR 153 treated it when a top-level page set it
    /// (tests/e2e/cookies.test.mjs checks these in both): `Some((reason, true))` both
    /// refuse it, `Some((reason, false))` only Chromium does.
    #[test]
    fn refusals_as_both_browsers_make_them() {
        let cases: &[(&str, &str, Judged)] = &[
            ("sid=1; SameSite=None; Secure", "https://app.example/", None),
            // Firefox refuses it too since 131 (network.cookie.sameSite.noneRequiresSecure).
            (
                "sid=1; SameSite=None",
                "https://app.example/",
                Some((SameSiteNoneInsecure, true)),
            ),
            (
                "sid=1; SameSite=None; Path=/",
                "http://app.example/",
                Some((SameSiteNoneInsecure, true)),
            ),
            (
                "sid=1; Secure",
                "http://app.example/",
                Some((SecureOnHttp, true)),
            ),
            (
                "sid=1; Secure; SameSite=None",
                "http://app.example/",
                Some((SecureOnHttp, true)),
            ),
            ("sid=1; Secure", "http://localhost:8080/", None),
            ("sid=1; Secure", "http://127.0.0.1:8080/", None),
            ("sid=1; Secure", "http://app.localhost/", None),
            (
                "sid=1; Partitioned",
                "https://app.example/",
                Some((PartitionedInsecure, true)),
            ),
            ("sid=1; Secure; Partitioned", "https://app.example/", None),
            (
                "sid=1; Domain=example.com",
                "https://app.example.com/",
                None,
            ),
            (
                "sid=1; Domain=.app.example.com",
                "https://app.example.com/",
                None,
            ),
            (
                "sid=1; Domain=APP.Example.com",
                "https://app.example.com/",
                None,
            ),
            (
                "sid=1; Domain=other.com",
                "https://app.example.com/",
                Some((DomainMismatch, true)),
            ),
            (
                "sid=1; Domain=pp.example.com",
                "https://app.example.com/",
                Some((DomainMismatch, true)),
            ),
            (
                "sid=1; Domain=.",
                "https://app.example.com/",
                Some((DomainMismatch, true)),
            ),
            (
                "sid=1; Domain=com",
                "https://app.example.com/",
                Some((DomainMismatch, true)),
            ),
            (
                "sid=1; Domain=co.uk",
                "https://app.example.co.uk/",
                Some((DomainMismatch, true)),
            ),
            ("sid=1; Domain=localhost", "http://localhost:8080/", None),
            // An IP host takes a Domain naming itself, with or without the dot.
            ("sid=1; Domain=127.0.0.1", "http://127.0.0.1/", None),
            ("sid=1; Domain=.127.0.0.1", "http://127.0.0.1/", None),
            (
                "sid=1; Domain=example.com",
                "http://127.0.0.1/",
                Some((DomainMismatch, true)),
            ),
            (
                "sid=1; Domain=0.0.1",
                "http://127.0.0.1/",
                Some((DomainMismatch, true)),
            ),
            ("__Host-sid=1; Secure; Path=/", "https://app.example/", None),
            ("__HOST-sid=1; Secure; Path=/", "https://app.example/", None),
            (
                "__host-sid=1; Path=/",
                "http://localhost/",
                Some((PrefixViolation, true)),
            ),
            (
                "__Host-sid=1; Secure; Path=/; Domain=app.example",
                "https://app.example/",
                Some((PrefixViolation, true)),
            ),
            (
                "__Host-sid=1; Secure; Path=/x",
                "https://app.example/",
                Some((PrefixViolation, true)),
            ),
            (
                "__Host-sid=1; Secure; Path=/; Domain=127.0.0.1",
                "http://127.0.0.1/",
                None,
            ),
            // Chromium refuses the host's IP address with a leading dot; Firefox keeps it.
            (
                "__Host-sid=1; Secure; Path=/; Domain=.127.0.0.1",
                "http://127.0.0.1/",
                Some((PrefixViolation, false)),
            ),
            // Firefox takes the default path `/` and keeps `Domain=localhost` host-only.
            (
                "__Host-sid=1; Secure",
                "https://app.example/login",
                Some((PrefixViolation, false)),
            ),
            (
                "__Host-sid=1; Secure",
                "https://app.example/auth/login",
                Some((PrefixViolation, true)),
            ),
            (
                "__Host-sid=1; Secure; Path=/; Domain=localhost",
                "http://localhost/",
                Some((PrefixViolation, false)),
            ),
            (
                "__Secure-sid=1",
                "https://app.example/",
                Some((PrefixViolation, true)),
            ),
            (
                "__secure-sid=1; Path=/",
                "http://localhost/",
                Some((PrefixViolation, true)),
            ),
            ("__Secure-sid=1; Secure", "https://app.example/", None),
            (
                "__Secure-sid=1; Secure; Domain=app.example",
                "https://app.example/",
                None,
            ),
            // A nameless cookie may not pass for a prefixed one.
            (
                "__Host-sid",
                "https://app.example/",
                Some((PrefixViolation, true)),
            ),
            (
                "=__secure-sid; Secure",
                "https://app.example/",
                Some((PrefixViolation, true)),
            ),
            ("sid", "https://app.example/", None),
        ];
        for &(line, at, want) in cases {
            assert_eq!(refused(line, at), want, "{line} at {at}");
        }
        let big = format!("sid={}", "x".repeat(4093));
        assert_eq!(refused(&big, "https://a.example/"), None);
        assert_eq!(
            refused(&format!("{big}x"), "https://a.example/"),
            Some((TooLarge, true))
        );
    }

    #[test]
    fn expires_is_read_against_the_servers_date_not_the_local_clock() {
        let lifetime_of = |line: &str, server: Option<i64>, local: i64, ahead: Option<i64>| {
            let mut c = ctx("https://app.example/");
            (c.server_time, c.local_time, c.clock_ahead) = (server, Some(local), ahead);
            lifetime(&parse(line).unwrap(), &c)
        };
        let in_an_hour = format!("sid=1; Expires={}", date(3600));
        let an_hour_ago = format!("sid=1; Expires={}", date(-3600));
        // The local clock two hours ahead: both browsers move Expires by the difference.
        assert_eq!(
            lifetime_of(&in_an_hour, Some(NOW), NOW + 7200, None),
            Lifetime::Lives
        );
        // Without Date, the local clock decides; other responses tell it runs ahead.
        assert_eq!(
            lifetime_of(&in_an_hour, None, NOW + 7200, Some(7200)),
            Lifetime::Expired { local_clock: true }
        );
        assert_eq!(
            lifetime_of(&in_an_hour, None, NOW, Some(0)),
            Lifetime::Lives
        );
        // A date already past by the server's own clock (a time zone written as GMT).
        assert_eq!(
            lifetime_of(&an_hour_ago, Some(NOW), NOW + 7200, None),
            Lifetime::Expired { local_clock: false }
        );
        assert_eq!(
            lifetime_of(&an_hour_ago, None, NOW, None),
            Lifetime::Expired { local_clock: false }
        );
        // What sign-outs write.
        for deletion in [
            "sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
            "sid=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
            format!("sid=\"\"; Expires={}", date(-60)),
            format!("sid=deleted; Expires={}", date(-1)),
            format!("sid=x; Expires={}", date(-86_400)),
            format!("sid=x; Expires={}; Max-Age=0", date(3600)),
            "sid=x; Max-Age=-1".to_owned(),
        ] {
            assert_eq!(
                lifetime_of(&deletion, Some(NOW), NOW, None),
                Lifetime::Deletion,
                "{deletion}"
            );
            assert_eq!(
                refused(&deletion, "https://app.example/"),
                None,
                "{deletion}"
            );
        }
        // Max-Age wins over an Expires in the past.
        let lives = format!("sid=x; Max-Age=60; Expires={}", date(-3600));
        assert_eq!(lifetime_of(&lives, Some(NOW), NOW, None), Lifetime::Lives);
        assert_eq!(
            refused(&an_hour_ago, "https://app.example/"),
            Some((ExpiredOnArrival, true))
        );
        assert_eq!(lifetime_of("sid=x", None, NOW, None), Lifetime::Lives);
    }

    #[test]
    fn frames_and_scripts_of_another_site() {
        let mut c = ctx("https://idp.example/authorize");
        c.top_host = Some("app.test");
        let judged = |line: &str, c: &Context| {
            refusal(&parse(line).unwrap(), c).map(|r| (r.reason, r.everywhere))
        };
        assert_eq!(
            judged("s=1; SameSite=Lax", &c),
            Some((SameSiteCrossSite, true))
        );
        assert_eq!(
            judged("s=1; SameSite=Strict", &c),
            Some((SameSiteCrossSite, true))
        );
        // Chromium reads no SameSite as Lax and refuses it; Firefox keeps it.
        assert_eq!(judged("s=1", &c), Some((SameSiteCrossSite, false)));
        assert_eq!(judged("s=1; SameSite=None; Secure", &c), None);
        c.third_party_blocked = Some(true);
        assert_eq!(
            judged("s=1; SameSite=None; Secure", &c),
            Some((ThirdPartyBlocked, true))
        );
        assert_eq!(judged("s=1", &c), Some((ThirdPartyBlocked, true)));
        // Chromium keeps a partitioned cookie while blocking third-party ones; Firefox does not.
        assert_eq!(
            judged("s=1; SameSite=None; Secure; Partitioned", &c),
            Some((ThirdPartyBlocked, false))
        );
        c.top_host = Some("www.idp.example");
        assert_eq!(judged("s=1; SameSite=Lax", &c), None);
    }

    #[test]
    fn which_requests_a_cookie_goes_with() {
        let set_at = url("https://app.example/auth/start").unwrap();
        let request = |u: &'static str, top_level, safe, cross| Request {
            url: url(u).unwrap(),
            top_level,
            safe_method: safe,
            cross_site: cross,
            third_party_blocked: None,
            cookie_age: None,
        };
        let host_only = parse("c=1").unwrap();
        assert!(applies(
            &host_only,
            &set_at,
            &request("https://app.example/auth/cb", true, true, false).url
        ));
        assert!(applies(
            &host_only,
            &set_at,
            &request("https://APP.example/auth", true, true, false).url
        ));
        assert!(!applies(
            &host_only,
            &set_at,
            &request("https://app.example/other", true, true, false).url
        ));
        assert!(!applies(
            &host_only,
            &set_at,
            &request("https://www.app.example/auth/x", true, true, false).url
        ));
        let site = parse("c=1; Domain=app.example; Path=/").unwrap();
        assert!(applies(
            &site,
            &set_at,
            &request("https://www.app.example/x", true, true, false).url
        ));
        assert!(!applies(
            &site,
            &set_at,
            &request("https://wwwapp.example/x", true, true, false).url
        ));
        assert!(!applies(
            &parse("c=1; Path=/auth; Secure").unwrap(),
            &set_at,
            &request("http://app.example/auth", true, true, false).url
        ));
        assert!(!applies(
            &parse("c=1; Path=/auth").unwrap(),
            &set_at,
            &request("https://app.example/authz", true, true, false).url
        ));

        let lax = parse("c=1; SameSite=Lax").unwrap();
        assert_eq!(
            withheld(&lax, &request("https://app.example/cb", true, true, true)),
            None
        );
        assert_eq!(
            withheld(&lax, &request("https://app.example/cb", true, false, true)),
            Some(SameSiteCrossSite)
        );
        assert_eq!(
            withheld(
                &parse("c=1; SameSite=Strict").unwrap(),
                &request("https://app.example/cb", true, true, true)
            ),
            Some(SameSiteCrossSite)
        );
        // No SameSite on a cross-site POST: Chromium sends it for two minutes after it was set,
        // Firefox always; missing after that, Chromium's Lax-by-default kept it.
        let unset = parse("c=1").unwrap();
        let mut post = request("https://app.example/cb", true, false, true);
        assert_eq!(withheld(&unset, &post), None);
        post.cookie_age = Some(90.0);
        assert_eq!(withheld(&unset, &post), None);
        post.cookie_age = Some(150.0);
        assert_eq!(withheld(&unset, &post), Some(SameSiteCrossSite));
        let mut framed = request("https://idp.example/authorize", false, true, true);
        assert_eq!(
            withheld(&parse("s=1; SameSite=None; Secure").unwrap(), &framed),
            None
        );
        assert_eq!(withheld(&unset, &framed), None);
        framed.third_party_blocked = Some(true);
        assert_eq!(
            withheld(&parse("s=1; SameSite=None; Secure").unwrap(), &framed),
            Some(ThirdPartyBlocked)
        );
        assert_eq!(
            withheld(
                &parse("s=1; SameSite=None; Secure; Partitioned").unwrap(),
                &framed
            ),
            None
        );
    }
}
