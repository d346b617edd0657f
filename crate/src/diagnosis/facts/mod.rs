//! Everything the rules look at, read once from the event: what the request carried
//! ([`sent`]: credentials, cookies, the secrets to scrub), what the server said ([`server`]: its
//! challenges, words and headers), and time ([`timing`]: a token's claims against two clocks, a
//! signed URL's expiry). Secrets are read here and never leave: the facts hold borrowed slices,
//! and every argument that goes into evidence is scrubbed of them ([`Facts::secrets`]).
//!
//! The helpers the rules call are `#[inline(never)]` on purpose: each is called from dozens of
//! places, and inlined copies (header lookups and case-insensitive compares unrolled against
//! their literal arguments) cost the wasm build tens of kilobytes.

mod sent;
mod server;
mod timing;

use crate::challenge::{Challenge, Finding, ParseError};
use crate::date::parse_http_date;
use crate::event::{Event, same};
use crate::jwt::{self, Claims, Unreadable};
use crate::parser::{joined_lines, parse_challenge_lines, parse_challenges_lenient};
use crate::url::{self, Url};

use super::ids::EvidenceId;
use super::notes::{Arg, Note, note1};

pub(crate) use crate::redact::secrets::Carried;
pub(crate) use sent::Sent;
pub(crate) use server::Phrase;
pub(crate) use timing::{Timing, minutes};

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
        let sent = sent::sent(event, url, credentials_header);
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
        // A response from a cache was dated when the origin made it: RFC 9111 §5.1, `Age` is
        // the seconds since, so the origin's clock read `Date` + `Age` when it arrived.
        let age = event
            .response_header_values("age")
            .next()
            .map(str::trim)
            .filter(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()))
            .map_or(0, |a| a.parse::<i64>().unwrap_or(i64::from(u32::MAX)));
        let server_time = event
            .response_header_values("date")
            .next()
            .and_then(parse_http_date)
            .map(|date| date.saturating_add(age));
        let local_time = event
            .time_stamp
            .map(|ms| (ms / 1000.0) as i64)
            .filter(|t| (-timing::MAX_CLOCK..=timing::MAX_CLOCK).contains(t));
        let timing = match token {
            Some(Ok(claims)) => timing::judged(claims, server_time, local_time),
            _ => Timing::Unknown,
        };

        let secrets = sent::secrets(event, url, &cookie_pairs);
        let body = server::server_words(event, syntax_error.as_ref().map(|_| &challenge_text));

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
            body,
            body_read: event.body_text.is_some(),
            secrets,
        }
    }

    /// The secrets this request carried, for scrubbing the challenges the diagnosis returns.
    pub(crate) fn secrets(&self) -> &[&'a str] {
        &self.secrets
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
}

/// `hay.contains(needle)`, kept out of line: every inlined substring search costs the wasm
/// build a few hundred bytes.
#[inline(never)]
pub(crate) fn has(hay: &str, needle: &str) -> bool {
    hay.contains(needle)
}
