//! What in a request is a secret, by name: the credential headers, the query parameters that
//! carry credentials, the anti-forgery and one-time-code headers. The diagnosis reads these to
//! know what went out (and scrubs them from what it keeps); the redaction of a request for a
//! curl command or a HAR file replaces them with named placeholders.

use crate::event::same;

/// Query parameters that carry credentials besides RFC 6750's `access_token` and those named
/// like a credential header (`api-key`, `subscription-key`, `private_token`): Google's `key`,
/// Esri's `token`, OpenWeatherMap's `appid`.
pub(crate) const QUERY_CREDENTIALS: &[&str] = &["key", "token", "auth", "appid"];

/// Request headers whose values are secrets besides the credential headers that
/// [`credential_header`] recognises: the credentials themselves and anti-forgery tokens.
pub(crate) const SECRET_HEADERS: &[&str] = &[
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
pub(crate) const ONE_TIME_CODE_HEADERS: &[&str] = &["X-GitHub-OTP", "npm-otp"];

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
