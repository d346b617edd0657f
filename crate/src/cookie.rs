//! `Set-Cookie` as browsers read it (RFC 6265bis-20, "Cookies: HTTP State Management
//! Mechanism", §5.6 parsing, §5.7 storage, §5.8.3 retrieval), to tell why a browser refused a
//! cookie or kept one from a request.
//!
//! Deviations and judgement calls, on purpose:
//! - A cookie set already expired is a deletion (a sign-out), not a refusal, unless its date
//!   is still ahead by the server's own `Date`: then only the local clock killed it.
//! - `SameSite` absent ("Default" enforcement) is Lax in Chrome and None in Firefox: a cookie
//!   without it is never blamed on `SameSite`; what the browser sent decides.
//! - The public suffix check knows the common suffixes only (`crate::url`), not the whole list.

use crate::date::parse_http_date;
use crate::diagnosis::CookieReason;
use crate::url::{Url, registrable_domain, same_site};

/// RFC 6265bis §5.6 step 4: name and value together may not exceed this.
pub(crate) const MAX_NAME_VALUE: usize = 4096;

/// §5.6.1: longer attribute values are ignored (the attribute, not the cookie).
const MAX_ATTRIBUTE: usize = 1024;

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
/// its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SetCookie<'a> {
    pub name: &'a str,
    /// Bytes of name and value together (§5.6 step 4).
    pub size: usize,
    /// `Domain`, without a leading dot, when set.
    pub domain: Option<&'a str>,
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
    /// The value is empty.
    pub empty: bool,
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
        Some((n, v)) => (n.trim_matches([' ', '\t']), v.trim_matches([' ', '\t'])),
        None => ("", pair.trim_matches([' ', '\t'])),
    };
    if name.is_empty() && value.is_empty() {
        return None;
    }
    let mut cookie = SetCookie {
        name,
        size: name.len() + value.len(),
        domain: None,
        path: None,
        secure: false,
        http_only: false,
        same_site: SameSite::Unspecified,
        partitioned: false,
        expires: None,
        max_age: None,
        empty: value.is_empty(),
    };
    for av in parts {
        let (key, value) = av.split_once('=').unwrap_or((av, ""));
        let (key, value) = (
            key.trim_matches([' ', '\t']),
            value.trim_matches([' ', '\t']),
        );
        if value.len() > MAX_ATTRIBUTE {
            continue;
        }
        let is = |name: &str| key.eq_ignore_ascii_case(name);
        if is("expires") {
            cookie.expires = cookie_date(value).or(cookie.expires);
        } else if is("max-age") {
            // §5.6.2: a leading `-` or a digit, then digits; anything else is ignored.
            let digits = value.strip_prefix('-').unwrap_or(value);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                cookie.max_age = Some(value.parse().unwrap_or(if value.starts_with('-') {
                    i64::MIN
                } else {
                    i64::MAX
                }));
            }
        } else if is("domain") {
            let d = value.strip_prefix('.').unwrap_or(value);
            cookie.domain = (!d.is_empty()).then_some(d);
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
    /// The server's `Date`, in Unix seconds.
    pub server_time: Option<i64>,
    /// The local clock when the response arrived, in Unix seconds.
    pub local_time: Option<i64>,
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
    fn cross_site(&self) -> bool {
        self.top_host
            .is_some_and(|top| !same_site(top, self.url.host))
    }
}

/// Whether setting `c` in `ctx` deletes it: a site removing its own cookie (sign-out), with
/// `Max-Age` zero or less, or an `Expires` past by the server's clock (by the local one when
/// the server did not say).
pub(crate) fn is_deletion(c: &SetCookie, ctx: &Context) -> bool {
    if let Some(age) = c.max_age {
        return age <= 0;
    }
    match (c.expires, ctx.server_time.or(ctx.local_time)) {
        (Some(expires), Some(now)) => expires <= now,
        _ => false,
    }
}

/// Why a browser refuses to store `c` set in `ctx`, in the order §5.7 checks.
pub(crate) fn refusal(c: &SetCookie, ctx: &Context) -> Option<CookieReason> {
    if c.size > MAX_NAME_VALUE {
        return Some(CookieReason::TooLarge);
    }
    let host = ctx.url.host;
    if let Some(domain) = c.domain
        && !domain.eq_ignore_ascii_case(host)
        && (public_suffix(domain) || !domain_matches(host, domain))
    {
        return Some(CookieReason::DomainMismatch);
    }
    if c.secure && !ctx.secure() {
        return Some(CookieReason::SecureOnHttp);
    }
    // §5.7 step 13: Lax and Strict cookies from a cross-site frame or script are ignored
    // unless the response navigates the top-level page.
    if ctx.cross_site() && matches!(c.same_site, SameSite::Lax | SameSite::Strict) {
        return Some(CookieReason::SameSiteCrossSite);
    }
    if c.same_site == SameSite::None && !c.secure {
        return Some(CookieReason::SameSiteNoneInsecure);
    }
    if prefix_violated(c, ctx) {
        return Some(CookieReason::PrefixViolation);
    }
    if ctx.cross_site() && ctx.third_party_blocked == Some(true) && !c.partitioned {
        return Some(CookieReason::ThirdPartyBlocked);
    }
    if c.max_age.is_none()
        && let (Some(expires), Some(local), Some(server)) =
            (c.expires, ctx.local_time, ctx.server_time)
        && expires <= local
        && expires > server
    {
        return Some(CookieReason::ExpiredOnArrival);
    }
    None
}

/// §4.1.3: `__Secure-` needs `Secure` from a secure origin; `__Host-` also needs no `Domain`
/// and `Path=/`. Browsers match the prefixes case-insensitively (§5.7 steps 20–21), and a
/// nameless cookie may not fake one in its value.
fn prefix_violated(c: &SetCookie, ctx: &Context) -> bool {
    let has = |prefix: &str| {
        c.name
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    let secure_ok = c.secure && ctx.secure();
    if has("__Host-") {
        return !secure_ok || c.domain.is_some() || c.path != Some("/");
    }
    has("__Secure-") && !secure_ok
}

/// §5.1.3: `host` is `domain` or a subdomain of it, and not an IP address.
fn domain_matches(host: &str, domain: &str) -> bool {
    let (host, domain) = (host.to_ascii_lowercase(), domain.to_ascii_lowercase());
    if host == domain {
        return true;
    }
    let ip = host.starts_with('[') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    !ip && host.ends_with(&format!(".{domain}"))
}

/// Whether `domain` is a public suffix (`com`, `co.uk`): a name shorter than any registrable
/// domain under it.
fn public_suffix(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    let ip = domain.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    !ip && registrable_domain(&format!("x.{domain}")) != domain
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
}

/// Whether `c`, set by a response from `set_at`, applies to the request's URL at all (§5.8.3:
/// domain, path, `Secure`), whatever its `SameSite`.
pub(crate) fn applies(c: &SetCookie, set_at: &Url, request: &Request) -> bool {
    let host = request.url.host;
    let domain_ok = match c.domain {
        Some(domain) => domain_matches(host, domain),
        None => host.eq_ignore_ascii_case(set_at.host),
    };
    let path = c
        .path
        .map_or_else(|| default_path(set_at.path), str::to_owned);
    let request_path = if request.url.path.is_empty() {
        "/"
    } else {
        request.url.path
    };
    let path_ok = request_path == path
        || request_path.starts_with(&path)
            && (path.ends_with('/') || request_path[path.len()..].starts_with('/'));
    let secure_ok =
        !c.secure || request.url.scheme.eq_ignore_ascii_case("https") || request.url.is_loopback();
    domain_ok && path_ok && secure_ok
}

/// §5.1.4: the directory of the request path that set a cookie without `Path`.
fn default_path(path: &str) -> String {
    match path.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) => path[..i].into(),
    }
}

/// Why a browser keeps `c` (stored, and applying to the request) from the request, when its
/// rules say so (§5.8.3 step 1, third-party blocking).
pub(crate) fn withheld(c: &SetCookie, request: &Request) -> Option<CookieReason> {
    if !request.cross_site {
        return None;
    }
    match c.same_site {
        SameSite::Strict => return Some(CookieReason::SameSiteCrossSite),
        SameSite::Lax if !(request.top_level && request.safe_method) => {
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
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::parse as url;

    fn ctx(u: &str) -> Context<'_> {
        Context {
            url: url(u).unwrap(),
            top_host: None,
            third_party_blocked: None,
            server_time: Some(1_700_000_000),
            local_time: Some(1_700_000_000),
        }
    }

    fn refused(line: &str, at: &str) -> Option<CookieReason> {
        refusal(&parse(line).unwrap(), &ctx(at))
    }

    #[test]
    fn attributes() {
        let c = parse(" sid = abc ; Path=/app; Domain=.Example.com; Secure; HttpOnly; SameSite=lax; Max-Age=60; Partitioned").unwrap();
        assert_eq!(
            (c.name, c.size, c.path, c.domain),
            ("sid", 6, Some("/app"), Some("Example.com"))
        );
        assert!(c.secure && c.http_only && c.partitioned);
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
        assert_eq!(
            parse("a=b; Max-Age=-99999999999999999999").unwrap().max_age,
            Some(i64::MIN)
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

    #[test]
    fn refusals_in_the_order_browsers_check() {
        let cases: &[(&str, &str, Option<CookieReason>)] = &[
            ("sid=1; SameSite=None; Secure", "https://app.example/", None),
            (
                "sid=1; SameSite=None",
                "https://app.example/",
                Some(CookieReason::SameSiteNoneInsecure),
            ),
            (
                "sid=1; Secure",
                "http://app.example/",
                Some(CookieReason::SecureOnHttp),
            ),
            ("sid=1; Secure", "http://localhost:8080/", None),
            ("sid=1; Secure", "http://127.0.0.1:8080/", None),
            (
                "sid=1; Domain=example.com",
                "https://app.example.com/",
                None,
            ),
            (
                "sid=1; Domain=other.com",
                "https://app.example.com/",
                Some(CookieReason::DomainMismatch),
            ),
            (
                "sid=1; Domain=com",
                "https://app.example.com/",
                Some(CookieReason::DomainMismatch),
            ),
            (
                "sid=1; Domain=co.uk",
                "https://app.example.co.uk/",
                Some(CookieReason::DomainMismatch),
            ),
            ("sid=1; Domain=localhost", "http://localhost:8080/", None),
            (
                "sid=1; Domain=example.com",
                "http://127.0.0.1/",
                Some(CookieReason::DomainMismatch),
            ),
            (
                "sid=1; Domain=0.0.1",
                "http://127.0.0.1/",
                Some(CookieReason::DomainMismatch),
            ),
            ("__Host-sid=1; Secure; Path=/", "https://app.example/", None),
            (
                "__Host-sid=1; Secure; Path=/; Domain=app.example",
                "https://app.example/",
                Some(CookieReason::PrefixViolation),
            ),
            (
                "__host-sid=1; Secure",
                "https://app.example/",
                Some(CookieReason::PrefixViolation),
            ),
            (
                "__Secure-sid=1",
                "https://app.example/",
                Some(CookieReason::PrefixViolation),
            ),
            ("__Secure-sid=1; Secure", "https://app.example/", None),
        ];
        for &(line, at, want) in cases {
            assert_eq!(refused(line, at), want, "{line} at {at}");
        }
        let big = format!("sid={}", "x".repeat(4094));
        assert_eq!(
            refused(&big, "https://a.example/"),
            Some(CookieReason::TooLarge)
        );
        assert_eq!(refused(&big[..4096], "https://a.example/"), None);
    }

    #[test]
    fn expired_on_arrival_only_when_the_server_meant_it_to_live() {
        let mut c = ctx("https://app.example/");
        c.server_time = Some(1_700_000_000);
        c.local_time = Some(1_700_000_000 + 7200);
        let line = "sid=1; Expires=Tue, 14 Nov 2023 23:13:20 GMT"; // server + 1 h
        let cookie = parse(line).unwrap();
        assert_eq!(refusal(&cookie, &c), Some(CookieReason::ExpiredOnArrival));
        assert!(!is_deletion(&cookie, &c));
        let signed_out = parse("sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT").unwrap();
        assert_eq!(refusal(&signed_out, &c), None);
        assert!(is_deletion(&signed_out, &c));
        assert!(is_deletion(&parse("sid=x; Max-Age=0").unwrap(), &c));
        c.server_time = None;
        assert_eq!(refusal(&cookie, &c), None);
    }

    #[test]
    fn cross_site_frames_lose_lax_cookies_and_third_party_ones_when_blocked() {
        let mut c = ctx("https://idp.example/authorize");
        c.top_host = Some("app.test");
        assert_eq!(
            refusal(&parse("s=1; SameSite=Lax").unwrap(), &c),
            Some(CookieReason::SameSiteCrossSite)
        );
        assert_eq!(
            refusal(&parse("s=1; SameSite=None; Secure").unwrap(), &c),
            None
        );
        c.third_party_blocked = Some(true);
        assert_eq!(
            refusal(&parse("s=1; SameSite=None; Secure").unwrap(), &c),
            Some(CookieReason::ThirdPartyBlocked)
        );
        assert_eq!(
            refusal(
                &parse("s=1; SameSite=None; Secure; Partitioned").unwrap(),
                &c
            ),
            None
        );
        c.top_host = Some("www.idp.example");
        assert_eq!(refusal(&parse("s=1; SameSite=Lax").unwrap(), &c), None);
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
        };
        let host_only = parse("c=1").unwrap();
        assert!(applies(
            &host_only,
            &set_at,
            &request("https://app.example/auth/cb", true, true, false)
        ));
        assert!(!applies(
            &host_only,
            &set_at,
            &request("https://app.example/other", true, true, false)
        ));
        assert!(!applies(
            &host_only,
            &set_at,
            &request("https://www.app.example/auth/x", true, true, false)
        ));
        let site = parse("c=1; Domain=app.example; Path=/").unwrap();
        assert!(applies(
            &site,
            &set_at,
            &request("https://www.app.example/x", true, true, false)
        ));
        assert!(!applies(
            &parse("c=1; Path=/auth; Secure").unwrap(),
            &set_at,
            &request("http://app.example/auth", true, true, false)
        ));
        assert!(!applies(
            &parse("c=1; Path=/auth").unwrap(),
            &set_at,
            &request("https://app.example/authz", true, true, false)
        ));

        let lax = parse("c=1; SameSite=Lax").unwrap();
        assert_eq!(
            withheld(&lax, &request("https://app.example/cb", true, true, true)),
            None
        );
        assert_eq!(
            withheld(&lax, &request("https://app.example/cb", true, false, true)),
            Some(CookieReason::SameSiteCrossSite)
        );
        assert_eq!(
            withheld(
                &parse("c=1; SameSite=Strict").unwrap(),
                &request("https://app.example/cb", true, true, true)
            ),
            Some(CookieReason::SameSiteCrossSite)
        );
        assert_eq!(
            withheld(
                &parse("c=1").unwrap(),
                &request("https://app.example/cb", true, false, true)
            ),
            None
        );
        let mut framed = request("https://idp.example/authorize", false, true, true);
        assert_eq!(
            withheld(&parse("s=1; SameSite=None; Secure").unwrap(), &framed),
            None
        );
        framed.third_party_blocked = Some(true);
        assert_eq!(
            withheld(&parse("s=1; SameSite=None; Secure").unwrap(), &framed),
            Some(CookieReason::ThirdPartyBlocked)
        );
    }
}
