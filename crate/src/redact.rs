//! Keeps secrets out of everything the core returns: diagnoses are stored by the extension and
//! reports are sent to strangers, but servers echo tokens and URLs carry them.

/// How much of one server-supplied text (a realm, a description) is worth keeping.
pub(crate) const MAX_TEXT: usize = 200;

/// Secrets shorter than this are too common as substrings to be removed safely (and too weak
/// to matter once everything token-shaped is gone).
pub(crate) const MIN_SECRET: usize = 6;

/// Shortens `text` to [`MAX_TEXT`] characters, drops control characters, and replaces every
/// occurrence of a `secret` and anything shaped like a token with `…`.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut chars = text.chars().filter(|c| !c.is_control());
    let mut out: String = chars.by_ref().take(MAX_TEXT).collect();
    if let Some(next) = chars.next() {
        // A word cut in two may be the start of a secret, which neither the secrets nor the
        // token shapes below recognise any more: it goes whole.
        if !next.is_whitespace() {
            out.truncate(
                out.trim_end_matches(|c: char| !c.is_whitespace())
                    .trim_end()
                    .len(),
            );
        }
        out.push('…');
    }
    without_tokens(&without_secrets(&out, secrets))
}

/// `text` with every secret of [`MIN_SECRET`] bytes or more replaced by `…`. Replacing one can
/// make another, one that holds a `…` itself: a few more passes catch that, and a text that
/// still holds a secret after them goes whole. Never more than five passes over the text.
pub(crate) fn without_secrets(text: &str, secrets: &[&str]) -> String {
    let secrets = || secrets.iter().filter(|s| s.len() >= MIN_SECRET);
    let mut out = text.to_owned();
    for _ in 0..4 {
        let mut changed = false;
        for secret in secrets() {
            if out.contains(secret) {
                out = out.replace(secret, "…");
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
    if secrets().any(|s| out.contains(s)) {
        "…".to_owned()
    } else {
        out
    }
}

/// The e-mail address or user principal name a word of server text holds, without the
/// punctuation around it (`'jo@example.org',` → `jo@example.org`): personal data, never shown.
pub(crate) fn address_in(word: &str) -> Option<&str> {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    core.contains('@').then_some(core)
}

/// Replaces token-shaped runs: base64-encoded JSON (`eyJ…`: JWTs, framework cookies) and 32 or
/// more base64url characters in a row (API keys, session ids, opaque access tokens). Words in
/// `snake_case` or `kebab-case`, lower-case letters only, are no token however long
/// (`invalid_team_for_non_distributed_app`, Slack's error code): a random token of 32
/// characters without a digit or a capital is all but impossible.
fn without_tokens(text: &str) -> String {
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '+' || c == '=';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_token_char) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c: char| !(is_token_char(c) || c == '.'))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        let words = |p: &str| {
            p.contains(['_', '-'])
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-')
        };
        let secretish = run
            .split('.')
            .any(|p| p.len() >= 32 && !words(p) || p.len() >= 12 && p.contains("eyJ"));
        out.push_str(if secretish { "…" } else { run });
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    out
}

/// The URL without anything that can carry a secret: user info and fragment dropped, query
/// values replaced by `…` (names kept), token-shaped path segments replaced.
pub(crate) fn url(url: &str) -> String {
    let Some(u) = crate::url::parse(url) else {
        return scrub(url.split(['?', '#']).next().unwrap_or_default(), &[]);
    };
    let mut out = format!("{}://{}", u.scheme, u.host);
    if let Some(port) = u.port {
        out.push(':');
        out.push_str(port);
    }
    out.push_str(&without_tokens(u.path));
    if let Some(query) = u.query {
        let names: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split('=').next().unwrap_or_default())
            .collect();
        if !names.is_empty() {
            out.push('?');
            out.push_str(
                &names
                    .iter()
                    .map(|n| format!("{}=…", without_tokens(n)))
                    .collect::<Vec<_>>()
                    .join("&"),
            );
        }
    }
    out.chars()
        .filter(|c| !c.is_control())
        .take(4 * MAX_TEXT)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbed_texts() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig";
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "Jwt expired at 2023-08-09T17:28:27Z",
                &[],
                "Jwt expired at 2023-08-09T17:28:27Z",
            ),
            (
                "token abcdefgh was revoked",
                &["abcdefgh"],
                "token … was revoked",
            ),
            ("short ab stays", &["ab"], "short ab stays"),
            (
                "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig is bad",
                &[],
                "Bearer … is bad",
            ),
            (
                "error invalid_team_for_non_distributed_app, token abcdefghijklmnopqrstuvwxyzabcdefgh",
                &[],
                "error invalid_team_for_non_distributed_app, token …",
            ),
            (
                "key ghp_16C7e42F292c6912E7710c838347Ae178B4a!",
                &[],
                "key …!",
            ),
            ("line\nbreak\u{0}", &[], "linebreak"),
            ("Trace ID: 624f7355", &[], "Trace ID: 624f7355"),
            // Replacing the first makes the second, which holds a `…` (found by fuzzing).
            ("see Xabcdefghyzzz", &["abcdefgh", "X…yzzz"], "see …"),
        ];
        for (text, secrets, want) in cases {
            assert_eq!(scrub(text, secrets), *want, "{text}");
        }
        assert!(!scrub(&format!("x{jwt}y"), &[]).contains("eyJzdWIi"));
        assert_eq!(
            scrub(&"a".repeat(70_000), &[]),
            "…",
            "a word cut in two goes whole"
        );
        assert_eq!(
            scrub(&"ab ".repeat(70_000), &[]).chars().count(),
            MAX_TEXT + 1,
            "whole words stay"
        );
        // A secret that the cut splits leaves no part behind (15 characters of this token used to
        // survive).
        let token = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
        let cut = scrub(&format!("{} {token} refused", "x ".repeat(90)), &[token]);
        assert!(cut.ends_with(" x…") && !cut.contains("gho_"), "{cut}");
    }

    #[test]
    fn redacted_urls() {
        let cases: &[(&str, &str)] = &[
            (
                "https://u:p@example.com/a/b?x=1&token=secret#access_token=abc",
                "https://example.com/a/b?x=…&token=…",
            ),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/"),
            (
                "https://example.com/reset/Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA/ok",
                "https://example.com/reset/…/ok",
            ),
            ("https://example.com/?", "https://example.com/"),
            ("not a url?secret=1", "not a url"),
        ];
        for (input, want) in cases {
            assert_eq!(url(input), *want, "{input}");
        }
    }
}
