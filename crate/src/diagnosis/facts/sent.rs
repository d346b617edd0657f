//! What the request carried: credentials in `Authorization`, in a service's own header or in
//! the URL, cookies (their names only), anti-forgery and one-time codes, and the secrets the
//! diagnosis must scrub from whatever the server echoes back.

use super::{Facts, has};
use crate::event::{Event, Header, same};
use crate::redact::MIN_SECRET;
use crate::url::Url;

use super::super::ids::EvidenceId;
use super::super::notes::{Arg, Note, note, note1};

/// Query parameters that carry credentials besides RFC 6750's `access_token` and those named
/// like a credential header (`api-key`, `subscription-key`, `private_token`): Google's `key`,
/// Esri's `token`, OpenWeatherMap's `appid`.
const QUERY_CREDENTIALS: &[&str] = &["key", "token", "auth", "appid"];

/// Request headers whose values are secrets besides the credential headers that
/// [`credential_header`] recognises: the credentials themselves and anti-forgery tokens.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-csrf-token",
    "x-csrftoken",
    "x-xsrf-token",
    "x-wp-nonce",
    "nonce",
];

/// Request headers that carry a second factor's one-time code: GitHub's `X-GitHub-OTP`, and
/// `npm-otp`, which npm sets from `--otp`. A code is a credential: read for its presence only,
/// scrubbed like the others.
const ONE_TIME_CODE_HEADERS: &[&str] = &["X-GitHub-OTP", "npm-otp"];

/// Services name their own credential headers after what they carry. Keys: `X-API-Key`,
/// `X-Goog-Api-Key`, Supabase `apikey`, Datadog `DD-API-KEY`, Azure API Management
/// `Ocp-Apim-Subscription-Key`, Azure Functions `x-functions-key`.
const KEY_NAMES: &[&str] = &[
    "apikey",
    "api-key",
    "api_key",
    "subscription-key",
    "functions-key",
    "auth-key",
    "access-key",
];

/// Tokens travel in a header whose last word is `token`: GitLab `PRIVATE-TOKEN`, OpenStack
/// `X-Auth-Token`, `X-Vault-Token`, `X-Shopify-Access-Token`, `X-Figma-Token`. Headers named so
/// that prove no identity have one of these words: anti-forgery (`X-CSRF-Token`; ASP.NET's
/// `RequestVerificationToken` is one word and not of the shape anyway), Jira's
/// `X-Atlassian-Token: no-check`, captchas, pagination and sync cursors, nonces, idempotency.
const NOT_CREDENTIALS: &[&str] = &[
    "csrf",
    "xsrf",
    "atlassian",
    "captcha",
    "recaptcha",
    "hcaptcha",
    "turnstile",
    "continuation",
    "page",
    "next",
    "cursor",
    "sync",
    "nonce",
    "idempotency",
    "upload",
    "websocket",
];

/// Longer names are nobody's credential header (and the check stays short).
const MAX_CREDENTIAL_NAME: usize = 64;

/// What a request header named `name` carries, if it is a credential of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Carried {
    /// An issued token (revocable, expiring): refused like a bearer token.
    Token,
    /// A static key or secret: refused like a password.
    Key,
}

/// Whether header `name` carries credentials, and which kind: a few comparisons of a name of
/// at most [`MAX_CREDENTIAL_NAME`] bytes. The shell forwards the same names
/// (extension/background/requests.js; tests/core/requests.test.mjs holds them together).
#[inline(never)]
pub(crate) fn credential_header(name: &str) -> Option<Carried> {
    let mut words = name.split(['-', '_']);
    if name.len() > MAX_CREDENTIAL_NAME
        || words
            .clone()
            .any(|w| NOT_CREDENTIALS.iter().any(|n| same(w, n)))
    {
        None
    } else if words.next_back().is_some_and(|w| same(w, "token")) {
        Some(Carried::Token)
    } else if KEY_NAMES.iter().any(|n| has_ci(name, n)) {
        Some(Carried::Key)
    } else {
        None
    }
}

/// `hay` contains `needle` (ASCII, case-insensitive); both short: header names.
fn has_ci(hay: &str, needle: &str) -> bool {
    !needle.is_empty()
        && hay
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// What JSON and the report put around values.
const WRAPPING: &[char] = &[
    '"', '\'', '`', '[', ']', '{', '}', '(', ')', ',', ':', ';', ' ', '\t',
];

/// The most request secrets scrubbed from what the diagnosis keeps (see [`Facts::new`]).
const MAX_SECRETS: usize = 256;

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

/// The credentials the request carried: `Authorization` (or `Proxy-Authorization` for a 407),
/// else a service's own credential header, else a token or key in the URL.
pub(super) fn sent<'a>(
    event: &'a Event,
    url: Option<Url<'a>>,
    header: &'a str,
) -> Option<Sent<'a>> {
    let sent = event.request_header_values(header).find_map(|v| {
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
    sent.or_else(|| {
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
            u.query?
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|&(name, value)| {
                    !value.is_empty()
                        && (QUERY_CREDENTIALS.contains(&name) || credential_header(name).is_some())
                })
                .map(|(_, v)| Sent {
                    scheme: "query",
                    credentials: v,
                    in_query: true,
                    custom: None,
                })
        })
    })
}

/// Whole header values and their credentials part, cookie values, URL parameter values, the
/// URL's password and fragment: whatever a server might echo back.
pub(super) fn secrets<'a>(
    event: &'a Event,
    url: Option<Url<'a>>,
    cookie_pairs: &[&'a str],
) -> Vec<&'a str> {
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
    for pair in cookie_pairs {
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
    secrets
}

impl<'a> Facts<'a> {
    /// Whether credentials evidently went out: seen in the headers, or the browser retried.
    #[inline(never)]
    pub(crate) fn credentials_sent(&self) -> bool {
        self.sent.is_some() || self.retried
    }

    /// The request header that carried a second factor's one-time code, if one did.
    #[inline(never)]
    pub(crate) fn one_time_code_sent(&self) -> Option<&'static str> {
        ONE_TIME_CODE_HEADERS
            .iter()
            .copied()
            .find(|h| self.request_has(h))
    }

    /// A token went out (the page's cookies may have gone along): a session the server speaks
    /// of is the token's, as APIs checking tokens read no cookies.
    #[inline(never)]
    pub(crate) fn token_sent(&self) -> bool {
        self.sent.is_some_and(|s| s.is_token())
    }

    /// Whether a request header called `name` is present.
    #[inline(never)]
    pub(crate) fn request_has(&self, name: &str) -> bool {
        self.event.request_header_values(name).next().is_some()
    }

    /// The first cookie in `names` that went out.
    #[inline(never)]
    pub(crate) fn sent_cookie(&self, names: &[&'static str]) -> Option<&'static str> {
        names
            .iter()
            .copied()
            .find(|n| self.cookie_names.iter().any(|c| same(c, n)))
    }

    /// The first cookie that went out whose name says it holds a session: `PHPSESSID`,
    /// `JSESSIONID`, `ASP.NET_SessionId`, `laravel_session`, `_gitlab_session`, Express's
    /// `connect.sid`, ASP.NET Core's `.AspNetCore.Cookies`, `.ASPXAUTH`, `remember_…`. Many sites
    /// give every visitor one, so it says a session existed, not that it was signed in.
    #[inline(never)]
    pub(crate) fn session_cookie(&self) -> Option<&'a str> {
        self.cookie_names.iter().copied().find(|n| {
            let name = n.to_ascii_lowercase();
            (has(&name, "sess")
                || name == "sid"
                || name.ends_with(".sid")
                || name.starts_with("remember_"))
                || ((name.starts_with(".aspnetcore.") || name == ".aspxauth")
                    && !has(&name, "antiforgery"))
        })
    }

    /// The first cookie that went out whose name says it holds an anti-forgery token: Django's
    /// `csrftoken`, Angular's and Laravel's `XSRF-TOKEN`, csurf's `_csrf`, CakePHP's
    /// `csrfToken`, gorilla's `_gorilla_csrf`, Tornado's `_xsrf`, ASP.NET's
    /// `.AspNetCore.Antiforgery.…` and `__RequestVerificationToken`.
    #[inline(never)]
    pub(crate) fn anti_forgery_cookie(&self) -> Option<&'a str> {
        self.cookie_names.iter().copied().find(|n| {
            let name = n.to_ascii_lowercase();
            ["csrf", "xsrf", "antiforgery", "requestverificationtoken"]
                .iter()
                .any(|w| has(&name, w))
        })
    }

    /// The request header that carried a nonce of the site's own (WordPress's `X-WP-Nonce`,
    /// WooCommerce's Store API `Nonce`), if one did: its name, never its value.
    #[inline(never)]
    pub(crate) fn nonce_header(&self) -> Option<&'a str> {
        let event: &'a Event = self.event;
        event.request_headers.as_deref()?.iter().find_map(|h| {
            let name = h.name.as_str();
            let tail = name.len().checked_sub(6).and_then(|i| name.get(i..));
            (same(name, "nonce") || tail.is_some_and(|t| same(t, "-nonce"))).then_some(name)
        })
    }

    /// The request carried a WordPress nonce (header or `_wpnonce`). Without one, WordPress's
    /// REST API ignores its own login cookie (`rest_cookie_check_errors` sets no user).
    pub(crate) fn wordpress_nonce_sent(&self) -> bool {
        self.request_has("x-wp-nonce")
            || self
                .url
                .is_some_and(|u| u.query_value("_wpnonce").is_some())
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
}

#[cfg(test)]
mod tests {
    use super::{Carried, credential_header};

    #[test]
    fn credential_headers_are_known_by_their_names() {
        let cases: &[(&str, Option<Carried>)] = &[
            ("X-API-Key", Some(Carried::Key)),
            ("x-goog-api-key", Some(Carried::Key)),
            ("DD-API-KEY", Some(Carried::Key)),
            ("apikey", Some(Carried::Key)),
            ("Ocp-Apim-Subscription-Key", Some(Carried::Key)),
            ("x-functions-key", Some(Carried::Key)),
            ("PRIVATE-TOKEN", Some(Carried::Token)),
            ("X-Auth-Token", Some(Carried::Token)),
            ("X-Vault-Token", Some(Carried::Token)),
            ("X-Shopify-Access-Token", Some(Carried::Token)),
            ("Token", Some(Carried::Token)),
            ("X-Amz-Security-Token", Some(Carried::Token)),
            ("X-CSRF-Token", None),
            ("Anti-CSRF-Token", None),
            ("RequestVerificationToken", None),
            ("X-Atlassian-Token", None),
            ("X-Continuation-Token", None),
            ("X-Page-Token", None),
            ("X-Recaptcha-Token", None),
            ("cf-turnstile-token", None),
            ("X-Idempotency-Token", None),
            ("X-Token-Type", None),
            ("X-XSRF-TOKEN", None),
            ("X-WP-Nonce", None),
            ("Idempotency-Key", None),
            ("Sec-WebSocket-Key", None),
            ("Accept", None),
            ("X-Requested-With", None),
        ];
        for &(name, want) in cases {
            assert_eq!(credential_header(name), want, "{name}");
        }
        assert_eq!(credential_header(&"x-token".repeat(20)), None);
    }
}
