//! An expired token: RFC 6750 §3.1 `invalid_token` because RFC 7519 §4.1.4 `exp` has passed.
//! When the token is a JWT its own `exp` is compared with the server's `Date` (see
//! `Facts::timing`); otherwise the server's words decide: Spring "Jwt expired at ...",
//! ASP.NET "The token expired at ...", AWS `ExpiredToken`, Azure `ExpiredAuthenticationToken`,
//! Entra `AADSTS700082` (refresh token expired), express-jwt "jwt expired", Stripe "Expired
//! API Key provided", Envoy "Jwt is expired". A signed URL (S3 presigned, Azure SAS) carries
//! its own expiry, read from the URL like a JWT's `exp` and refused past it ("Request has
//! expired"; Azure's `AuthenticationFailed` "Signature not valid in the specified time frame").
//! Some services call their access tokens sessions (Salesforce: 401 `INVALID_SESSION_ID`
//! "Session expired or invalid"; Facebook "Session has expired"): a session's words, when the
//! request carried a token, are about the token, whatever cookies went along. Each API words
//! the expiry its own way ("The access token expired", Dropbox `expired_access_token`, Zoom
//! "Access token is expired.", Apigee "Access Token expired"), so a token named near "expired"
//! is read ([`EXPIRED`]), not only the sentences below; an anti-forgery token's expiry is
//! `csrf_expired`'s.
//!
//! A server that says no credentials reached it never saw the token: its `exp` then says
//! nothing about this refusal (`authorization_stripped`).

use super::credentials_missing::nothing_arrived;
use super::prelude::*;
use super::session_expired;

pub(super) const MARKERS: &[&str] = &[
    "The security token included in the request is expired",
    "ExpiredToken",
    "ExpiredAuthenticationToken",
    "The provided token has expired",
    "AADSTS700082",
    "AADSTS70043",
    "AADSTS70008",
    "Signature has expired",
    "The incoming token has expired",
    "Access token has expired",
    "ACCESS_TOKEN_EXPIRED",
    "jwt expired",
    // Envoy's jwt_authn (and Istio's RequestAuthentication on it); S3's XML to an expired
    // presigned URL (other "request has expired" pages are about password resets and forms).
    "Jwt is expired",
    "<Message>Request has expired</Message>",
    "token has expired",
    "token is expired",
    "token expired",
    "expired_token",
    "token_expired",
    "Token is not active",
    "Expired API Key",
    "api_key_expired",
    // jose's JWTExpired (Auth0's express-oauth2-jwt-bearer puts it in its description).
    "\"exp\" claim timestamp check failed",
    "\\\"exp\\\" claim timestamp check failed",
];

/// A token named near "expired": "The access token expired", `expired_access_token`, "Token has
/// been expired or revoked".
const EXPIRED: Phrase = Phrase {
    subjects: &["token", "jwt"],
    predicates: &["expired"],
    unless: &["csrf", "xsrf", "nonce", "not expired"],
};

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let invalid_token = f.bearer_error() == Some("invalid_token");
    let description = f
        .bearer_description()
        .filter(|d| invalid_token && says_expired(d));
    let marker = f
        .says(MARKERS)
        .or_else(|| f.says(session_expired::EXPIRED).filter(|_| f.token_sent()))
        .map(says)
        .or_else(|| {
            f.says_phrase(&EXPIRED)
                .map(|p| note1(EvidenceId::ServerSays, Arg::Text(p)))
        });
    let by_claims: f64 = match f.timing {
        Timing::Expired {
            by_server: true, ..
        } => 0.95,
        Timing::Expired {
            by_server: false, ..
        } => 0.85,
        // The clocks disagree or the token is not valid yet: `clock_skew` explains it.
        Timing::Skewed { .. } | Timing::NotYetValid { .. } => return,
        Timing::Valid { .. } | Timing::Unknown => 0.0,
    };
    // A server that named another error (invalid_request, insufficient_scope) refused the
    // request before weighing the token's age, and one that says no credentials came never
    // saw it: the expiry is then only a side note.
    let other_error =
        f.bearer_error().is_some_and(|e| e != "invalid_token") || nothing_arrived(f).is_some();
    let by_claims = if other_error {
        by_claims * 0.5
    } else {
        by_claims
    };
    let by_words = match (description, marker, f.timing) {
        (None, None, _) => 0.0,
        // The server says expired although, by its own clock, the token is not.
        (_, _, Timing::Valid { .. }) => 0.6,
        _ => 0.9,
    };
    // A signed URL past its own expiry, by the server's clock: its signature no longer counts.
    let url_expiry = f.signed_url_expiry().filter(|&exp| {
        matches!(f.status, 400 | 401 | 403) && f.server_time.is_some_and(|t| exp <= t)
    });
    let by_url = if url_expiry.is_some() { 0.92 } else { 0.0 };
    let weak = if invalid_token {
        0.45
    } else if f.status == 498 {
        0.55
    } else {
        0.0
    };
    let confidence = by_claims.max(by_words).max(by_url).max(weak);
    if confidence == 0.0 {
        return;
    }
    let mut notes = Notes::default();
    notes.add(f.token_note());
    if invalid_token {
        notes.push(note1(EvidenceId::BearerError, Arg::Known("invalid_token")));
    }
    notes.add(description.map(|d| note1(EvidenceId::ErrorDescription, Arg::Text(d))));
    notes.add(marker);
    notes.add(url_expiry.map(|exp| note1(EvidenceId::SignedUrlExpired, Arg::Time(exp))));
    if by_claims > 0.0 || by_url > 0.0 {
        notes.extend(f.clock_notes());
    }
    out.add(CauseId::TokenExpired, confidence, notes);
}

/// Whether a server's description says "expired" (and not "not yet valid"), or names the
/// failed `exp` check as jose does.
pub(super) fn says_expired(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    (has(&t, "expired") && !has(&t, "not yet valid") && !has(&t, "not valid yet"))
        || has(&t, "\"exp\" claim")
}
