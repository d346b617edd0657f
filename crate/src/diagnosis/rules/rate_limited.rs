//! Too many requests. RFC 6585 §4: 429, optionally with `Retry-After` (RFC 9110 §10.2.3), which
//! some servers also attach to 401/403/503 while they throttle. The de-facto
//! `X-RateLimit-Remaining: 0` (GitHub and many APIs) says the quota is spent; GitHub then
//! answers 403 "API rate limit exceeded". IIS Dynamic IP Restrictions is handled by `iis`.

use super::prelude::*;
use crate::date::parse_http_date;

const MARKERS: &[&str] = &[
    "API rate limit exceeded",
    "secondary rate limit",
    "rate limit exceeded",
    "Too Many Attempts",
    "Too Many Requests",
    "TOOMANYREQUESTS",
    "RESOURCE_EXHAUSTED",
    "rateLimitExceeded",
    "Quota exceeded",
    "ThrottlingException",
    // Cloudflare's rate limiting rules (error 1015), as a page and as plain text.
    "You are being rate limited",
    "error code: 1015",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let mut confidence: f64 = 0.0;
    let mut notes = Notes::default();
    if f.status == 429 {
        confidence = 0.95;
        notes.push(f.status_note());
    }
    if f.response("x-ratelimit-remaining")
        .is_some_and(|v| v.trim() == "0")
    {
        confidence = confidence.max(0.9);
        notes.push(note(EvidenceId::RateLimitExhausted));
    }
    if let Some(m) = f.says(MARKERS) {
        confidence = confidence.max(0.88);
        notes.push(says(m));
    }
    if let Some(seconds) = f.response("retry-after").and_then(|v| retry_after(f, v)) {
        if matches!(f.status, 401 | 403 | 503) {
            confidence = confidence.max(0.75);
        }
        notes.push(note1(EvidenceId::RetryAfter, Arg::Number(seconds)));
    }
    if confidence > 0.0 {
        out.add(CauseId::RateLimited, confidence, notes);
    }
}

/// RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`; a date is measured from the
/// server's own `Date` (else the local clock).
fn retry_after(f: &Facts, value: &str) -> Option<i64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(i64::from(seconds));
    }
    let now = f.server_time.or(f.local_time)?;
    parse_http_date(value).map(|at| (at - now).max(0))
}
