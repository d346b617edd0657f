//! Clocks that disagree. A JWT whose validity depends on whose clock is asked (the server's
//! `Date` or the local one), a token "not yet valid" by the server's clock (RFC 7519 §4.1.5
//! `nbf`, or `iat` ahead: an issuer whose clock runs fast), signed requests refused for their
//! timestamp (AWS `RequestTimeTooSkewed`, "Signature expired"), and Kerberos, which refuses
//! tickets beyond five minutes of skew (RFC 4120 §1.6), so Windows sign-in fails too.
//!
//! Signed requests carry their own time, which the headers show without the body: AWS
//! Signature V4 signs `x-amz-date` and Azure Storage's Shared Key `x-ms-date`, and both refuse
//! a request signed more than 15 minutes away from the server's clock (S3
//! `RequestTimeTooSkewed`, Azure "Request date header too old").

use super::credentials_missing::nothing_arrived;
use super::prelude::*;
use crate::date::{parse_http_date, parse_iso_basic};

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
    "Request date header too old",
];

/// Kerberos' default tolerance (RFC 4120 §1.6 suggests five minutes).
const FIVE_MINUTES: i64 = 300;

/// How far AWS and Azure Storage let a signed request's time be from theirs.
const SIGNED_TOLERANCE: i64 = 15 * 60;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let by_claims: f64 = match f.timing {
        Timing::Skewed { .. } => 0.93,
        Timing::NotYetValid {
            by_server: true, ..
        } => 0.88,
        Timing::NotYetValid {
            by_server: false, ..
        } => 0.65,
        _ => 0.0,
    };
    let marker = f.says(MARKERS);
    let description = f.bearer_description().filter(|d| {
        let d = d.to_ascii_lowercase();
        ["not yet valid", "not valid yet", "not valid before", "skew"]
            .iter()
            .any(|w| has(&d, w))
    });
    let far_off = f.clock_offset().is_some_and(|d| d.abs() >= FIVE_MINUTES)
        && matches!(f.status, 401 | 403)
        && (f.credentials_sent() || f.has_challenge());
    let kerberos = f.offers("negotiate") || f.offers("kerberos");
    // AWS's JSON APIs refuse a badly timed signature with 400, S3 and Azure with 403.
    let signed = signed_at(f).filter(|at| {
        matches!(f.status, 400 | 401 | 403)
            && f.server_time
                .is_some_and(|t| (at - t).abs() > SIGNED_TOLERANCE)
    });
    // A server that says no credentials reached it never saw the token whose claims disagree.
    let by_claims = if nothing_arrived(f).is_some() {
        0.0
    } else {
        by_claims
    };
    let confidence = by_claims
        .max(if marker.is_some() || description.is_some() {
            0.9
        } else {
            0.0
        })
        .max(if signed.is_some() { 0.92 } else { 0.0 })
        .max(if far_off && kerberos {
            0.55
        } else if far_off {
            0.45
        } else {
            0.0
        });
    if confidence == 0.0 {
        return;
    }
    let mut notes = Notes::default();
    notes.add(f.token_note());
    notes.extend(f.clock_notes());
    notes.add(signed.map(|at| note1(EvidenceId::RequestSignedAt, Arg::Time(at))));
    notes.add(marker.map(says));
    notes.add(description.map(|d| note1(EvidenceId::ErrorDescription, Arg::Text(d))));
    out.add(CauseId::ClockSkew, confidence, notes);
}

/// The time a signed request says it was signed at.
fn signed_at(f: &Facts) -> Option<i64> {
    let amz = f
        .event
        .request_header_values("x-amz-date")
        .next()
        .and_then(parse_iso_basic);
    amz.or_else(|| {
        f.event
            .request_header_values("x-ms-date")
            .next()
            .and_then(parse_http_date)
    })
}
