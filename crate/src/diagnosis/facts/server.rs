//! What the server said: its challenges, its words (the body, normalised, and the error codes
//! some services also put in headers), its response headers and who it is.

use super::{Facts, has};
use crate::challenge::Challenge;
use crate::event::{Event, same};

use super::super::ids::EvidenceId;
use super::super::notes::{Arg, Notes, note1};

/// How much of the body is read: error pages put their telling words first.
const BODY_LIMIT: usize = 16 * 1024;

/// How far apart (bytes, either side) a phrase's subject and predicate may be: a few words, in
/// the same clause: not past a quote, a tag or a sentence's end ([`CLAUSE_END`]).
const NEAR: usize = 80;

/// What ends a clause in a body: a JSON string's or an attribute's quote, an HTML tag, a
/// sentence's full stop.
const CLAUSE_END: &[char] = &['"', '<', '>', '.', '{', '}'];

/// Words that say one thing only together: a subject ("authorization header", "csrf token")
/// near a predicate ("missing", "expired"), as each framework words it differently ("Missing
/// Authorization Header", "Authorization header not found", "No authorization token was
/// found"). Lower-case, as [`Facts::says_phrase`] compares them with the normalised body.
pub(crate) struct Phrase {
    pub subjects: &'static [&'static str],
    pub predicates: &'static [&'static str],
    /// Words that, near the subject, make it about something else.
    pub unless: &'static [&'static str],
}

/// `at`, or the nearest char boundary of `s` below it.
fn floor_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at`, or the nearest char boundary of `s` above it.
fn ceil_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Facts<'a> {
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

    /// Where the server's words put one of `phrase`'s subjects and one of its predicates within
    /// a few words of each other, and none of its `unless` words near them: the words from the
    /// first to the last of the two, as the (normalised) body has them.
    #[inline(never)]
    pub(crate) fn says_phrase(&self, phrase: &Phrase) -> Option<&str> {
        let body = self.body.as_str();
        for subject in phrase.subjects {
            let mut from = 0;
            while let Some(at) = body[from..].find(subject).map(|i| from + i) {
                from = at + subject.len();
                let start = floor_boundary(body, at.saturating_sub(NEAR));
                let start = body[start..at]
                    .rfind(CLAUSE_END)
                    .map_or(start, |i| start + i + 1);
                let end = ceil_boundary(body, (from + NEAR).min(body.len()));
                let end = body[from..end].find(CLAUSE_END).map_or(end, |i| from + i);
                let near = &body[start..end];
                if phrase.unless.iter().any(|u| has(near, u)) {
                    continue;
                }
                let found = phrase
                    .predicates
                    .iter()
                    .filter_map(|p| near.find(p).map(|i| (start + i, start + i + p.len())))
                    .min_by_key(|&(i, _)| i.abs_diff(at));
                if let Some((p, q)) = found {
                    return Some(&body[p.min(at)..q.max(from)]);
                }
            }
        }
        None
    }

    /// IIS's generic 401 page ("Access is denied due to invalid credentials"), sent whether or
    /// not any credentials came: its words prove nothing about them.
    #[inline(never)]
    pub(crate) fn iis_generic_page(&self) -> bool {
        self.says(&["Access is denied due to invalid credentials"])
            .is_some()
    }

    /// The web server's own 401 page answered, not an application behind it: IIS's generic page,
    /// Apache's and nginx's (their Basic modules refuse before any API reads a token).
    #[inline(never)]
    pub(crate) fn web_server_page(&self) -> bool {
        self.says(&[
            "Access is denied due to invalid credentials",
            "This server could not verify that you are authorized",
            "<center><h1>401 Authorization Required</h1></center>",
        ])
        .is_some()
    }

    /// Jira's and Confluence's `X-Seraph-LoginReason`: how the login it attempted ended
    /// (`OK`, `AUTHENTICATED_FAILED`, `AUTHENTICATION_DENIED` for a CAPTCHA lockout).
    #[inline(never)]
    pub(crate) fn login_reason(&self) -> Option<&'a str> {
        self.response("x-seraph-loginreason").map(str::trim)
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

    fn wordpress_answered(&self) -> bool {
        self.event
            .response_header_values("link")
            .any(|l| has(l, "api.w.org"))
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
}

/// What the server said in words: the body, the error codes that services also put in a
/// header, which stay readable when the body is not (Amazon's `x-amzn-ErrorType`:
/// `ExpiredTokenException`, `InvalidSignatureException:…`, and `x-amzn-ErrorMessage`: "Access
/// Token has expired"; Azure Storage's `x-ms-error-code`:
/// `AuthenticationFailed`, the `<Code>` of its XML body), and the sentences quoted in a
/// challenge the grammar cannot read (`broken`, lower-cased): its parameters are lost, its
/// words are not (Facebook's `OAuth "Facebook Platform" "invalid_token" "Error validating
/// access token: Session has expired…"`).
pub(super) fn server_words(event: &Event, broken: Option<&String>) -> String {
    let mut words = normalised_body(event.body_text.as_deref().unwrap_or_default());
    for header in ["x-amzn-errortype", "x-amzn-errormessage", "x-ms-error-code"] {
        if let Some(kind) = event.response_header_values(header).next() {
            let kind = kind.split(':').next().unwrap_or_default().trim();
            words.push(' ');
            words.push_str(&normalised_body(kind));
        }
    }
    // Only its sentences: a code (`"invalid_token"`) read from a broken challenge is a guess.
    if let Some(challenge) = broken {
        for sentence in challenge
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|q| q.contains(' '))
        {
            words.push(' ');
            words.push_str(&normalised_body(sentence));
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
