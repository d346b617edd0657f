//! RFC 6750 §3.1 `invalid_request` (400): a parameter is missing, repeated or unsupported, or
//! the token went out in more than one way at once, which RFC 6750 §2 forbids (header and
//! `access_token` query parameter together). DPoP's `invalid_dpop_proof` (RFC 9449 §7.1) says
//! the proof that must go with the token is missing or wrong. Also a token sent only as the
//! `access_token` query parameter to a server whose Bearer challenge then has no error code:
//! it did not read the token at all (RFC 6750 §2.3 lets servers skip the query method, and
//! most do), so the request must carry it in the `Authorization` header instead.

use super::prelude::*;

const MARKERS: &[&str] = &[
    "\"error\":\"invalid_request\"",
    "Malformed Authorization header",
    "Authorization header is malformed",
    "Invalid authorization header",
    "Bad Authorization header",
    // AWS: a SigV4 Authorization header missing one of its parts.
    "IncompleteSignatureException",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let mut notes = Notes::default();
    let mut confidence: f64 = 0.0;
    let code = match f.bearer_error() {
        Some("invalid_request") => Some("invalid_request"),
        Some("invalid_dpop_proof") => Some("invalid_dpop_proof"),
        _ => None,
    };
    if let Some(code) = code {
        // Read from a challenge the grammar cannot derive, the code is a guess (`challenge_malformed`).
        confidence = if f.syntax_error.is_some() { 0.7 } else { 0.95 };
        notes.push(note1(EvidenceId::BearerError, Arg::Known(code)));
        notes.add(
            f.bearer_description()
                .map(|d| note1(EvidenceId::ErrorDescription, Arg::Text(d))),
        );
    }
    if let Some(m) = f.says(MARKERS) {
        confidence = confidence.max(0.8);
        notes.push(says(m));
    }
    let in_header = f.request_has("authorization");
    if in_header && f.url.and_then(|u| u.query_value("access_token")).is_some() {
        confidence = confidence.max(0.8);
        notes.push(f.sent_note());
    }
    let query_token = f
        .sent
        .is_some_and(|s| s.in_query && same(s.scheme, "bearer"));
    if query_token
        && !in_header
        && matches!(f.status, 401 | 403)
        && f.bearer_offered()
        && f.bearer_error().is_none()
    {
        confidence = confidence.max(0.8);
        notes.push(f.sent_note());
        notes.push(note(EvidenceId::BearerNoError));
    }
    if f.status == 400 && f.bearer_offered() {
        confidence = confidence.max(0.6);
    }
    if confidence > 0.0 {
        notes.push(f.status_note());
        out.add(CauseId::RequestMalformed, confidence, notes);
    }
}
