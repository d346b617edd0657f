//! Everything the rules look at, read once from the event: the challenges, what credentials
//! went out, the token's time claims against two clocks, and a normalised view of the body.
//! Secrets are read here and never leave: the facts hold borrowed slices, and every argument
//! that goes into evidence passes through [`Facts::text`].
//!
//! The helpers the rules call are `#[inline(never)]` on purpose: each is called from dozens of
//! places, and inlined copies (header lookups and case-insensitive compares unrolled against
//! their literal arguments) cost the wasm build tens of kilobytes.

use crate::challenge::{Challenge, Finding, ParseError};
use crate::date::{LAST_SECOND_OF_9999, parse_http_date, parse_iso_basic, parse_iso_extended};
use crate::event::{Event, Header, same};
use crate::jwt::{self, Claims, Unreadable};
use crate::parser::{joined_lines, parse_challenge_lines, parse_challenges_lenient};
use crate::redact::MIN_SECRET;
use crate::redact::secrets::{
    Carried, ONE_TIME_CODE_HEADERS, QUERY_CREDENTIALS, SECRET_HEADERS, credential_header,
};
use crate::url::{self, Url};

use super::ids::EvidenceId;
use super::notes::{Arg, Note, Notes, note, note1};

/// How much of the body is read: error pages put their telling words first.
const BODY_LIMIT: usize = 16 * 1024;

/// What JSON and the report put around values.
const WRAPPING: &[char] = &[
    '"', '\'', '`', '[', ']', '{', '}', '(', ')', ',', ':', ';', ' ', '\t',
];

/// The most request secrets scrubbed from what the diagnosis keeps (see [`Facts::new`]).
const MAX_SECRETS: usize = 256;

/// Clocks closer than this agree: `Date` has one-second resolution and the response spent
/// some time on the wire.
const CLOCK_TOLERANCE: i64 = 60;

/// A local clock further than this (seconds, about 31,000 years) from the epoch is no clock:
/// a `timeStamp` such as 1e300 would saturate to `i64::MAX` and overflow every comparison with
/// the server's time, which an HTTP-date bounds to years 0–9999.
const MAX_CLOCK: i64 = 1_000_000_000_000;

/// What kind of request failed (webRequest `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Request {
    /// The page itself (`main_frame`).
    Page,
    /// An embedded document (`sub_frame`).
    Frame,
    /// Something the page loaded or its script fetched (`xmlhttprequest`, `script`, ...).
    Subresource,
    /// The shell did not say.
    Unknown,
}

/// Credentials the request carried. Borrowed from the event; never copied out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sent<'a> {
    /// The scheme as sent (`Basic`, `Bearer`, ...).
    pub scheme: &'a str,
    /// Everything after the scheme.
    pub credentials: &'a str,
    /// Sent as the `access_token` query parameter rather than in a header.
    pub in_query: bool,
    /// Sent in a credentials header of the service's own (`X-API-Key`, `X-Auth-Token`), not
    /// `Authorization`: `scheme` is then the header's name, and the server's challenges (if
    /// any) do not describe it.
    pub custom: Option<Carried>,
}

impl Sent<'_> {
    /// An issued token rather than a password or key: Bearer, DPoP, or a token header of the
    /// service's own (`X-Auth-Token`, `PRIVATE-TOKEN`).
    pub(crate) fn is_token(&self) -> bool {
        same(self.scheme, "bearer")
            || same(self.scheme, "dpop")
            || self.custom == Some(Carried::Token)
    }
}

/// What a JWT's time claims say against the two clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timing {
    /// No readable token, or no clock to compare with.
    Unknown,
    /// `exp` has passed. `by_server`: judged by the server's `Date` (else by the local clock).
    Expired { exp: i64, by_server: bool },
    /// `nbf` or `iat` is ahead of the server's clock (or of the local one, without a `Date`).
    NotYetValid {
        at: i64,
        issued: bool,
        by_server: bool,
    },
    /// The server's and the local clock disagree on whether the token is valid. `at` is the
    /// claim they disagree about: `exp` when `expiry`, else `nbf`/`iat`.
    Skewed { at: i64, expiry: bool },
    /// Valid by the clocks; the server refused it for another reason. `exp` if present.
    Valid { exp: Option<i64> },
}

/// The normalised observations of one event.
pub(crate) struct Facts<'a> {
    pub event: &'a Event,
    pub status: u16,
    pub url: Option<Url<'a>>,
    pub request: Request,
    /// The other site's host, when a subresource or frame was requested across sites.
    pub cross_site: Option<&'a str>,
    /// The challenges (`Proxy-Authenticate` for 407, else `WWW-Authenticate`).
    pub challenges: Vec<Challenge>,
    pub findings: Vec<Finding>,
    /// The challenge header lines as sent, joined; lower-cased.
    pub challenge_text: String,
    /// Where the strict grammar rejects the challenge header, if it does.
    pub syntax_error: Option<ParseError>,
    pub sent: Option<Sent<'a>>,
    /// Whether the browser showed the request headers at all.
    pub headers_known: bool,
    /// How many cookies the request carried, if the headers are known.
    pub cookies: Option<usize>,
    /// A WordPress cookie went out (`wordpress_*`, `wp-settings-*`; names only, never values).
    pub wordpress_cookie: bool,
    /// WordPress's login cookie (`wordpress_logged_in_*`) went out.
    pub wordpress_login_cookie: bool,
    /// The names of the cookies that went out (never their values).
    pub cookie_names: Vec<&'a str>,
    pub prompted: bool,
    pub retried: bool,
    pub token: Option<Result<Claims, Unreadable>>,
    pub timing: Timing,
    pub server_time: Option<i64>,
    pub local_time: Option<i64>,
    /// The body's first kilobytes, ASCII lower-cased, whitespace runs collapsed to one space.
    pub body: String,
    /// Whether the shell could read the body. Chrome lets extensions read only documents, not
    /// the answers to a page's fetch/XHR: without the body, rules lean on headers, and an
    /// inference the body's words would have overruled carries less weight.
    pub body_read: bool,
    secrets: Vec<&'a str>,
}

impl<'a> Facts<'a> {
    #[inline(never)]
    pub(crate) fn new(event: &'a Event) -> Self {
        let status = event.status_code;
        let url = url::parse(&event.url);
        let request = match event.resource_type.as_deref() {
            Some("main_frame" | "outermost_frame") => Request::Page,
            Some("sub_frame") => Request::Frame,
            Some(_) => Request::Subresource,
            None => Request::Unknown,
        };
        let cross_site = match (
            request,
            url,
            event.initiator.as_deref().and_then(url::parse),
        ) {
            (Request::Subresource | Request::Frame, Some(u), Some(i))
                if !url::same_site(u.host, i.host) =>
            {
                Some(u.host)
            }
            _ => None,
        };

        // RFC 9110 §11.7.1: a 407 carries the proxy's challenges in Proxy-Authenticate.
        let (challenge_header, credentials_header) = if status == 407 {
            ("proxy-authenticate", "proxy-authorization")
        } else {
            ("www-authenticate", "authorization")
        };
        // Lines as the server sent them, also where the browser joined them (parser::joined_lines).
        let lines: Vec<&str> = event
            .response_header_values(challenge_header)
            .flat_map(|v| joined_lines(v).map(|(_, line)| line))
            .filter(|l| !l.trim().is_empty())
            .collect();
        let (challenges, findings) = if lines.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            parse_challenges_lenient(&lines)
        };
        let syntax_error = if lines.is_empty() {
            None
        } else {
            parse_challenge_lines(&lines).err()
        };
        let mut challenge_text = String::new();
        for line in &lines {
            if !challenge_text.is_empty() {
                challenge_text.push_str(", ");
            }
            challenge_text.push_str(&line.to_ascii_lowercase());
        }

        let headers_known = event.request_headers.is_some();
        let sent = event
            .request_header_values(credentials_header)
            .find_map(|v| {
                let v = v.trim();
                let (scheme, credentials) = v.split_once([' ', '\t']).unwrap_or((v, ""));
                (!scheme.is_empty()).then(|| Sent {
                    scheme,
                    credentials: credentials.trim(),
                    in_query: false,
                    custom: None,
                })
            });
        // An API key header stands for the scheme: the server may well offer none for it.
        let sent = sent.or_else(|| {
            let request = event.request_headers.as_deref().unwrap_or_default();
            let (h, carried) = request
                .iter()
                .find_map(|h| credential_header(&h.name).map(|c| (h, c)))?;
            Some(Sent {
                scheme: &h.name,
                credentials: h.value.as_deref().unwrap_or_default(),
                in_query: false,
                custom: Some(carried),
            })
        });
        // RFC 6750 §2.3: a token may also travel as the `access_token` query parameter; API keys
        // and other tokens often do too (Google `key`, Esri `token`).
        let sent = sent.or_else(|| {
            let u = url?;
            let bearer = u
                .query_value("access_token")
                .filter(|t| !t.is_empty())
                .map(|t| Sent {
                    scheme: "Bearer",
                    credentials: t,
                    in_query: true,
                    custom: None,
                });
            bearer.or_else(|| {
                QUERY_CREDENTIALS
                    .iter()
                    .find_map(|name| u.query_value(name))
                    .filter(|v| !v.is_empty())
                    .map(|v| Sent {
                        scheme: "query",
                        credentials: v,
                        in_query: true,
                        custom: None,
                    })
            })
        });
        let mut cookie_pairs: Vec<&str> = Vec::new();
        for value in event.request_header_values("cookie") {
            cookie_pairs.extend(value.split(';').map(str::trim).filter(|p| !p.is_empty()));
        }
        let cookies = headers_known.then_some(cookie_pairs.len());
        // A pair without `=` is a nameless cookie's value (RFC 6265 §5.2, as browsers read it),
        // never a name to show or match.
        let cookie_names: Vec<&str> = cookie_pairs
            .iter()
            .map(|p| p.split_once('=').map_or("", |(name, _)| name.trim()))
            .collect();
        let wordpress_login_cookie = cookie_names
            .iter()
            .any(|n| n.starts_with("wordpress_logged_in"));
        let wordpress_cookie = cookie_names
            .iter()
            .any(|n| n.starts_with("wordpress_") || n.starts_with("wp-settings"));

        // Amazon API Gateway's Cognito authorizers take the bare ID token, without a scheme.
        let token = sent
            .and_then(|s| match s {
                s if same(s.scheme, "bearer") || same(s.scheme, "dpop") => Some(s.credentials),
                s if !s.in_query && s.credentials.is_empty() && s.scheme.starts_with("eyJ") => {
                    Some(s.scheme)
                }
                _ => None,
            })
            .map(jwt::claims);
        let server_time = event
            .response_header_values("date")
            .next()
            .and_then(parse_http_date);
        let local_time = event
            .time_stamp
            .map(|ms| (ms / 1000.0) as i64)
            .filter(|t| (-MAX_CLOCK..=MAX_CLOCK).contains(t));
        let timing = match token {
            Some(Ok(claims)) => timing(claims, server_time, local_time),
            _ => Timing::Unknown,
        };

        // Whole header values and their credentials part, cookie values, URL parameter values,
        // the URL's password and fragment: whatever a server might echo back.
        let mut secrets: Vec<&str> = Vec::new();
        let request_headers = event.request_headers.as_deref().unwrap_or_default();
        // By priority, for the bounded list below: headers of fixed names, cookies, the URL,
        // then headers named like credentials (a page sending hundreds of those must not push
        // its visitor's cookies off the list; only its own header values can go).
        let push_header = |secrets: &mut Vec<&'a str>, h: &'a Header| {
            let v = h.value.as_deref().unwrap_or_default().trim();
            secrets.push(v);
            // Split where `sent` splits: a tab after the scheme passes too.
            if let Some((_, credentials)) = v.split_once([' ', '\t']) {
                secrets.push(credentials.trim());
            }
        };
        for h in request_headers.iter().filter(|h| {
            SECRET_HEADERS
                .iter()
                .chain(ONE_TIME_CODE_HEADERS)
                .any(|n| same(&h.name, n))
        }) {
            push_header(&mut secrets, h);
        }
        for pair in &cookie_pairs {
            // Trimmed: a server echoes the value, not the blanks around it.
            secrets.push(pair.split_once('=').map_or(*pair, |(_, v)| v.trim()));
        }
        if let Some(u) = url {
            for part in [u.query, u.fragment, u.userinfo].into_iter().flatten() {
                secrets.push(part);
                for pair in part.split(['&', ':']) {
                    secrets.push(pair.split_once('=').map_or(pair, |(_, v)| v));
                }
            }
        }
        for h in request_headers
            .iter()
            .filter(|h| credential_header(&h.name).is_some())
        {
            push_header(&mut secrets, h);
        }

        // Short values are too common to scrub safely. Hundreds of values come only from a
        // hostile request (servers cap headers at 8–16 KB, browsers keep ~180 cookies a site),
        // and each secret costs a search in every value the diagnosis keeps: the list is bounded.
        // What the diagnosis and report put around a value (quotes, brackets) could complete a
        // secret that ends in such a character around what its removal left: such a secret
        // goes without them.
        for s in &mut secrets {
            let bare = s.trim_matches(WRAPPING);
            if bare.len() >= MIN_SECRET {
                *s = bare;
            }
        }
        secrets.retain(|s| s.len() >= MIN_SECRET);
        secrets.truncate(MAX_SECRETS);

        Facts {
            event,
            status,
            url,
            request,
            cross_site,
            challenges,
            findings,
            challenge_text,
            syntax_error,
            sent,
            headers_known,
            cookies,
            wordpress_cookie,
            wordpress_login_cookie,
            cookie_names,
            prompted: event.auth_prompted == Some(true),
            retried: event.retried == Some(true),
            token,
            timing,
            server_time,
            local_time,
            body: server_words(event),
            body_read: event.body_text.is_some(),
            secrets,
        }
    }

    /// The secrets this request carried, for scrubbing the challenges the diagnosis returns.
    pub(crate) fn secrets(&self) -> &[&'a str] {
        &self.secrets
    }

    /// Whether the server sent any challenge header line at all.
    #[inline(never)]
    pub(crate) fn has_challenge(&self) -> bool {
        !self.challenge_text.is_empty()
    }

    /// Whether one of the challenges uses `scheme`.
    #[inline(never)]
    pub(crate) fn offers(&self, scheme: &str) -> bool {
        self.challenges.iter().any(|c| same(&c.scheme, scheme))
    }

    /// The Bearer (or DPoP, RFC 9449 §7.1, same error codes) challenge.
    #[inline(never)]
    pub(crate) fn bearer(&self) -> Option<&Challenge> {
        self.challenges
            .iter()
            .find(|c| same(&c.scheme, "bearer") || same(&c.scheme, "dpop"))
    }

    /// Whether the server speaks Bearer, even in a challenge too broken to parse.
    #[inline(never)]
    pub(crate) fn bearer_offered(&self) -> bool {
        self.bearer().is_some()
            || self.challenge_text.starts_with("bearer")
            || self.challenge_text.starts_with("dpop")
    }

    /// The RFC 6750 §3.1 error code. Servers that break the grammar still get read: the three
    /// registered codes are looked for in the raw header when the parser could not find one.
    #[inline(never)]
    pub(crate) fn bearer_error(&self) -> Option<&str> {
        if let Some(code) = self.bearer().and_then(|c| c.param("error")) {
            return Some(code);
        }
        if !self.bearer_offered() {
            return None;
        }
        ["invalid_token", "insufficient_scope", "invalid_request"]
            .into_iter()
            .find(|code| has(&self.challenge_text, code))
    }

    /// The Bearer `error_description`, or the raw header when it could not be parsed.
    #[inline(never)]
    pub(crate) fn bearer_description(&self) -> Option<&str> {
        self.bearer()
            .and_then(|c| c.param("error_description"))
            .or(self
                .syntax_error
                .as_ref()
                .map(|_| self.challenge_text.as_str()))
    }

    /// Whether credentials evidently went out: seen in the headers, or the browser retried.
    #[inline(never)]
    pub(crate) fn credentials_sent(&self) -> bool {
        self.sent.is_some() || self.retried
    }

    /// The first of `markers` the body contains (compared case-insensitively).
    #[inline(never)]
    pub(crate) fn says(&self, markers: &[&'static str]) -> Option<&'static str> {
        if self.body.is_empty() {
            return None;
        }
        markers
            .iter()
            .copied()
            .find(|m| has(&self.body, &m.to_ascii_lowercase()))
    }

    /// IIS's generic 401 page ("Access is denied due to invalid credentials"), sent whether or
    /// not any credentials came: its words prove nothing about them.
    #[inline(never)]
    pub(crate) fn iis_generic_page(&self) -> bool {
        self.says(&["Access is denied due to invalid credentials"])
            .is_some()
    }

    /// Jira's and Confluence's `X-Seraph-LoginReason`: how the login it attempted ended
    /// (`OK`, `AUTHENTICATED_FAILED`, `AUTHENTICATION_DENIED` for a CAPTCHA lockout).
    #[inline(never)]
    pub(crate) fn login_reason(&self) -> Option<&'a str> {
        self.response("x-seraph-loginreason").map(str::trim)
    }

    /// The request header that carried a second factor's one-time code, if one did.
    #[inline(never)]
    pub(crate) fn one_time_code_sent(&self) -> Option<&'static str> {
        ONE_TIME_CODE_HEADERS
            .iter()
            .copied()
            .find(|h| self.request_has(h))
    }

    /// When the signed URL the request went to stops being valid, as the URL itself says: an
    /// AWS Signature V4 presigned URL (`X-Amz-Date` plus `X-Amz-Expires` seconds; S3-compatible
    /// stores sign the same way), AWS's older query signing (`Expires`, Unix seconds, beside
    /// `Signature`), an Azure Storage SAS (`se`, ISO 8601, beside `sig`). These are the URL's
    /// own claims, like a JWT's `exp`; the signature beside them is never read.
    #[inline(never)]
    pub(crate) fn signed_url_expiry(&self) -> Option<i64> {
        let u = self.url?;
        let number = |name| u.query_value(name).and_then(|v| v.parse::<i64>().ok());
        let v4 = || {
            u.query_value("X-Amz-Signature")?;
            let signed = u.query_value("X-Amz-Date").and_then(parse_iso_basic)?;
            signed.checked_add(number("X-Amz-Expires")?)
        };
        let v2 = || u.query_value("Signature").and(number("Expires"));
        let sas = || {
            u.query_value("sig")?;
            u.query_value("se").and_then(parse_iso_extended)
        };
        // The URL is anyone's to write: only a time a calendar can show is one.
        v4().or_else(v2)
            .or_else(sas)
            .filter(|t| (0..=LAST_SECOND_OF_9999).contains(t))
    }

    /// A token went out and no cookie: a session the server speaks of is the token's.
    #[inline(never)]
    pub(crate) fn token_only(&self) -> bool {
        self.sent.is_some_and(|s| s.is_token()) && self.cookies.unwrap_or(0) == 0
    }

    /// Seconds the local clock is ahead of the server's (negative: behind).
    #[inline(never)]
    pub(crate) fn clock_offset(&self) -> Option<i64> {
        Some(self.local_time? - self.server_time?)
    }

    /// Whether a request header called `name` is present.
    #[inline(never)]
    pub(crate) fn request_has(&self, name: &str) -> bool {
        self.event.request_header_values(name).next().is_some()
    }

    /// The first value of response header `name`.
    #[inline(never)]
    pub(crate) fn response(&self, name: &str) -> Option<&'a str> {
        let event: &'a Event = self.event;
        event
            .response_headers
            .iter()
            .find(|h| same(&h.name, name))
            .map(|h| h.value.as_deref().unwrap_or_default())
    }

    /// Whether the `Server` header names `product` (`Microsoft-IIS/10.0` is `Microsoft-IIS`).
    pub(crate) fn server_is(&self, product: &str) -> bool {
        self.response_starts("server", product)
    }

    /// Whether response header `name` starts with `prefix` (ASCII case aside, leading blanks
    /// skipped): `X-GitHub-OTP: required; app` starts with `required`.
    #[inline(never)]
    pub(crate) fn response_starts(&self, name: &str, prefix: &str) -> bool {
        self.response(name)
            .and_then(|v| v.trim_start().get(..prefix.len()))
            .is_some_and(|p| same(p, prefix))
    }

    /// The first cookie in `names` that went out.
    #[inline(never)]
    pub(crate) fn sent_cookie(&self, names: &[&'static str]) -> Option<&'static str> {
        names
            .iter()
            .copied()
            .find(|n| self.cookie_names.iter().any(|c| same(c, n)))
    }

    /// WordPress announces its REST API in a `Link` header (`rel="https://api.w.org/"`) on its
    /// pages and on every REST answer (`WP_REST_Server::serve_request`), serves `/wp-admin`,
    /// `/wp-login.php`, `/wp-json/`, and sets `wordpress_*` / `wp-settings-*` cookies.
    #[inline(never)]
    pub(crate) fn wordpress(&self) -> bool {
        self.wordpress_answered()
            || self.url.is_some_and(|u| {
                ["/wp-admin", "/wp-login.php", "/wp-json/"]
                    .iter()
                    .any(|p| has(u.path, p))
            })
            || self.wordpress_cookie
            || has(&self.body, "/wp-content/")
            || has(&self.body, "\"code\":\"rest_")
            || has(&self.body, "\"code\": \"rest_")
    }

    /// A call to the WordPress REST API (`/wp-json/…`, or `?rest_route=` without pretty
    /// permalinks) that WordPress itself answered, not a proxy in front of it.
    #[inline(never)]
    pub(crate) fn wordpress_rest(&self) -> bool {
        let rest = self
            .url
            .is_some_and(|u| has(u.path, "/wp-json/") || u.query_value("rest_route").is_some());
        rest && self.wordpress_answered()
    }

    /// The request carried a WordPress nonce (header or `_wpnonce`). Without one, WordPress's
    /// REST API ignores its own login cookie (`rest_cookie_check_errors` sets no user).
    pub(crate) fn wordpress_nonce_sent(&self) -> bool {
        self.request_has("x-wp-nonce")
            || self
                .url
                .is_some_and(|u| u.query_value("_wpnonce").is_some())
    }

    fn wordpress_answered(&self) -> bool {
        self.event
            .response_header_values("link")
            .any(|l| has(l, "api.w.org"))
    }

    /// Whether the failing request was made by the page's script or markup, not the page.
    pub(crate) fn is_subresource(&self) -> bool {
        self.request == Request::Subresource
    }

    /// `status`.
    #[inline(never)]
    pub(crate) fn status_note(&self) -> Note<'static> {
        note1(EvidenceId::Status, Arg::Number(i64::from(self.status)))
    }

    /// What went out: the credentials' scheme, nothing, or "the browser did not say".
    #[inline(never)]
    pub(crate) fn sent_note(&self) -> Note<'a> {
        match (self.sent, self.headers_known) {
            (Some(s), _) if s.in_query => note(EvidenceId::CredentialsInUrl),
            (Some(s), _) => note1(EvidenceId::AuthorizationSent, Arg::Text(s.scheme)),
            // The browser adds the credentials it prompted for itself, out of the extension's sight.
            (None, _) if self.retried => note(EvidenceId::BrowserRetried),
            (None, true) => note(EvidenceId::NoAuthorizationSent),
            (None, false) => note(EvidenceId::RequestHeadersHidden),
        }
    }

    /// How many cookies went out, or that the browser did not say.
    #[inline(never)]
    pub(crate) fn cookie_note(&self) -> Note<'static> {
        match self.cookies {
            Some(0) => note(EvidenceId::NoCookiesSent),
            Some(n) => note1(EvidenceId::CookiesSent, Arg::Number(n as i64)),
            None => note(EvidenceId::RequestHeadersHidden),
        }
    }

    /// One `challenge` per distinct scheme offered (at most three).
    #[inline(never)]
    pub(crate) fn challenge_notes(&self) -> Notes<'_> {
        let mut notes = Notes::default();
        for c in self.challenges.iter().take(3) {
            notes.push(note1(EvidenceId::Challenge, Arg::Text(&c.scheme)));
        }
        notes
    }

    /// The server's clock, and how far the local one is from it when that matters.
    #[inline(never)]
    pub(crate) fn clock_notes(&self) -> Notes<'static> {
        let mut notes = Notes::default();
        notes.add(
            self.server_time
                .map(|t| note1(EvidenceId::ServerTime, Arg::Time(t))),
        );
        match self.clock_offset() {
            Some(d) if d >= CLOCK_TOLERANCE => {
                notes.push(note1(EvidenceId::ClockAhead, Arg::Number(minutes(d))))
            }
            Some(d) if d <= -CLOCK_TOLERANCE => {
                notes.push(note1(EvidenceId::ClockBehind, Arg::Number(minutes(-d))))
            }
            _ => {}
        }
        notes
    }

    /// What the token's claims say (or that they cannot be read).
    #[inline(never)]
    pub(crate) fn token_note(&self) -> Option<Note<'static>> {
        let time = |id, t| note1(id, Arg::Time(t));
        Some(match (self.token?, self.timing) {
            (Err(Unreadable::Opaque), _) => note(EvidenceId::TokenOpaque),
            (Err(Unreadable::Malformed), _) => note(EvidenceId::TokenUnreadable),
            (
                Ok(_),
                Timing::Expired { exp, .. }
                | Timing::Skewed {
                    at: exp,
                    expiry: true,
                },
            ) => time(EvidenceId::TokenExpiredAt, exp),
            (
                Ok(_),
                Timing::NotYetValid {
                    at, issued: true, ..
                },
            ) => time(EvidenceId::TokenIssuedInFuture, at),
            (Ok(_), Timing::NotYetValid { at, .. } | Timing::Skewed { at, .. }) => {
                time(EvidenceId::TokenNotYetValid, at)
            }
            (Ok(_), Timing::Valid { exp: Some(exp) }) => time(EvidenceId::TokenValidUntil, exp),
            (Ok(_), _) => return None,
        })
    }
}

fn minutes(seconds: i64) -> i64 {
    ((seconds + 30) / 60).max(1)
}

/// [`timing`]'s verdict at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Expired(i64),
    Early { at: i64, issued: bool },
    Fine,
}

/// RFC 7519 §4.1.4: the token is invalid at or after `exp`; §4.1.5: before `nbf`. An `iat`
/// in the future is refused by many validators too. A minute of leeway, as validators allow.
fn verdict(claims: Claims, now: i64) -> Verdict {
    match claims {
        Claims { exp: Some(exp), .. } if exp <= now => Verdict::Expired(exp),
        Claims { nbf: Some(nbf), .. } if nbf > now + CLOCK_TOLERANCE => Verdict::Early {
            at: nbf,
            issued: false,
        },
        Claims { iat: Some(iat), .. } if iat > now + CLOCK_TOLERANCE => Verdict::Early {
            at: iat,
            issued: true,
        },
        _ => Verdict::Fine,
    }
}

/// JWT time claims against the server's clock (`Date`) and the local one (`timeStamp`). When
/// the two clocks are far apart and reach different verdicts, the clocks are the problem.
#[inline(never)]
fn timing(claims: Claims, server: Option<i64>, local: Option<i64>) -> Timing {
    let (by_server, by_local) = (
        server.map(|t| verdict(claims, t)),
        local.map(|t| verdict(claims, t)),
    );
    let far_apart =
        matches!((server, local), (Some(s), Some(l)) if (s - l).abs() >= CLOCK_TOLERANCE);
    let (verdict, by_server) = match (by_server, by_local) {
        (Some(s), Some(l)) if far_apart && s != l => {
            let at = [s, l].into_iter().find_map(|v| match v {
                Verdict::Expired(t) => Some((t, true)),
                Verdict::Early { at, .. } => Some((at, false)),
                Verdict::Fine => None,
            });
            return at.map_or(Timing::Valid { exp: claims.exp }, |(at, expiry)| {
                Timing::Skewed { at, expiry }
            });
        }
        (Some(v), _) => (v, true),
        (None, Some(v)) => (v, false),
        (None, None) => return Timing::Unknown,
    };
    match verdict {
        Verdict::Expired(exp) => Timing::Expired { exp, by_server },
        Verdict::Early { at, issued } => Timing::NotYetValid {
            at,
            issued,
            by_server,
        },
        Verdict::Fine => Timing::Valid { exp: claims.exp },
    }
}

/// `hay.contains(needle)`, kept out of line: every inlined substring search costs the wasm
/// build a few hundred bytes.
#[inline(never)]
pub(crate) fn has(hay: &str, needle: &str) -> bool {
    hay.contains(needle)
}

/// What the server said in words: the body, and the error codes that services also put in a
/// header, which stay readable when the body is not: Amazon's (API Gateway, Lambda URLs, AWS
/// APIs) `x-amzn-ErrorType` (`ExpiredTokenException`, `InvalidSignatureException:…`), Azure
/// Storage's `x-ms-error-code` (`AuthenticationFailed`, the `<Code>` of its XML body).
fn server_words(event: &Event) -> String {
    let mut words = normalised_body(event.body_text.as_deref().unwrap_or_default());
    for header in ["x-amzn-errortype", "x-ms-error-code"] {
        if let Some(kind) = event.response_header_values(header).next() {
            let kind = kind.split(':').next().unwrap_or_default().trim();
            words.push(' ');
            words.push_str(&normalised_body(kind));
        }
    }
    words
}

#[inline(never)]
fn normalised_body(raw: &str) -> String {
    let mut end = raw.len().min(BODY_LIMIT);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = String::with_capacity(end);
    let mut space = false;
    for c in raw[..end].chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}
