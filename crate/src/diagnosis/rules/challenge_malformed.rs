//! RFC 9110 §11.6.1 (and §11.3 for the challenge grammar). A challenge the grammar cannot
//! derive may be misread or dropped by the browser, which then neither prompts nor retries, so
//! the visitor is stuck however right the password is. A Digest challenge without `nonce`
//! cannot be answered at all (RFC 7616 §3.3 makes it required). What other rules read from a
//! broken challenge's parameters alone (an error code, the absence of one, its scheme) stays
//! below it; the server's words, a token's claims or the request outrank it.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if let Some(e) = &f.syntax_error {
        out.add(
            CauseId::ChallengeMalformed,
            0.72,
            Notes::of(&[note1(
                EvidenceId::ChallengeSyntax,
                Arg::Number(e.offset as i64),
            )]),
        );
    }
    if f.challenges
        .iter()
        .any(|c| same(&c.scheme, "digest") && c.param("nonce").is_none())
    {
        out.add(
            CauseId::ChallengeMalformed,
            0.75,
            Notes::of(&[note(EvidenceId::DigestWithoutNonce)]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::{CauseId, diagnose};
    use crate::event::{Event, Header};

    /// A 401 to an opaque Bearer token, with `challenge` and `body`.
    fn refused(challenge: &str, body: &str) -> CauseId {
        let event = Event {
            url: "https://api.example.com/v1/items".into(),
            method: "GET".into(),
            status_code: 401,
            resource_type: Some("xmlhttprequest".into()),
            response_headers: vec![Header::new("WWW-Authenticate", challenge)],
            request_headers: Some(vec![Header::new(
                "Authorization",
                "Bearer 0pAqu3T0k3nV4lu3xyz",
            )]),
            body_text: Some(body.into()),
            ..Event::default()
        };
        diagnose(&event).unwrap().cause.id
    }

    #[test]
    fn a_code_read_from_a_broken_challenge_is_no_stronger_than_the_breakage() {
        let broken = r#"Bearer realm="api" error="invalid_token""#;
        assert_eq!(refused(broken, ""), CauseId::ChallengeMalformed);
        assert_eq!(
            refused(r#"Bearer realm="api" error="invalid_request""#, ""),
            CauseId::ChallengeMalformed
        );
        // The same code in a challenge that parses, or with the server's own words, explains it.
        assert_eq!(
            refused(r#"Bearer realm="api", error="invalid_token""#, ""),
            CauseId::TokenInvalid
        );
        assert_eq!(
            refused(broken, r#"{"error":"The token was revoked"}"#),
            CauseId::TokenInvalid
        );
    }
}
