//! RFC 6750 §3.1 `invalid_request` (400): a parameter is missing, repeated or unsupported, or
//! the token went out in more than one way at once, which RFC 6750 §2 forbids (header and
//! `access_token` query parameter together).

use super::prelude::*;

const MARKERS: &[&str] = &[
    "\"error\":\"invalid_request\"",
    "Malformed Authorization header",
    "Authorization header is malformed",
    "Invalid authorization header",
];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let mut evidence = Vec::new();
    let mut confidence: f64 = 0.0;
    if f.bearer_error() == Some("invalid_request") {
        confidence = 0.95;
        evidence.push(ev(EvidenceId::BearerError, ["invalid_request".into()]));
        evidence.extend(f.bearer_description().map(|d| ev(EvidenceId::ErrorDescription, [f.text(d)])));
    }
    if let Some(m) = f.says(MARKERS) {
        confidence = confidence.max(0.8);
        evidence.push(says(m));
    }
    let in_header = f.request_has("authorization");
    if in_header && f.url.and_then(|u| u.query_value("access_token")).is_some() {
        confidence = confidence.max(0.8);
        evidence.push(f.sent_evidence());
    }
    if f.status == 400 && f.bearer_offered() {
        confidence = confidence.max(0.6);
    }
    if confidence > 0.0 {
        evidence.push(f.status_evidence());
        out.add(CauseId::RequestMalformed, confidence, evidence);
    }
}
