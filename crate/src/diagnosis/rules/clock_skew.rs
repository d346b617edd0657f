//! Clocks that disagree. A JWT whose validity depends on whose clock is asked (the server's
//! `Date` or the local one), a token "not yet valid" by the server's clock (RFC 7519 §4.1.5
//! `nbf`, or `iat` ahead: an issuer whose clock runs fast), signed requests refused for their
//! timestamp (AWS `RequestTimeTooSkewed`, "Signature expired"), and Kerberos, which refuses
//! tickets beyond five minutes of skew (RFC 4120 §1.6), so Windows sign-in fails too.

use super::prelude::*;

const MARKERS: &[&str] = &[
    "RequestTimeTooSkewed",
    "Signature expired",
    "The difference between the request time and the current time is too large",
    "clock skew",
    "not yet valid",
    "not valid yet",
    "IDX10222",
    "AADSTS700024",
    "Token used before issued",
];

/// Kerberos' default tolerance (RFC 4120 §1.6 suggests five minutes).
const FIVE_MINUTES: i64 = 300;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let by_claims: f64 = match f.timing {
        Timing::Skewed { .. } => 0.93,
        Timing::NotYetValid { by_server: true, .. } => 0.88,
        Timing::NotYetValid { by_server: false, .. } => 0.65,
        _ => 0.0,
    };
    let marker = f.says(MARKERS);
    let description = f.bearer_description().filter(|d| {
        let d = d.to_ascii_lowercase();
        d.contains("not yet valid") || d.contains("not valid yet") || d.contains("not valid before") || d.contains("skew")
    });
    let far_off = f.clock_offset().is_some_and(|d| d.abs() >= FIVE_MINUTES)
        && matches!(f.status, 401 | 403)
        && (f.credentials_sent() || f.has_challenge());
    let confidence = by_claims
        .max(if marker.is_some() || description.is_some() { 0.9 } else { 0.0 })
        .max(if far_off { if f.offers("negotiate") || f.offers("kerberos") { 0.55 } else { 0.45 } } else { 0.0 });
    if confidence == 0.0 {
        return;
    }
    let mut evidence: Vec<Evidence> = f.token_evidence().into_iter().collect();
    evidence.extend(f.clock_evidence());
    evidence.extend(marker.map(says));
    evidence.extend(description.map(|d| ev(EvidenceId::ErrorDescription, [f.text(d)])));
    out.add(CauseId::ClockSkew, confidence, evidence);
}
