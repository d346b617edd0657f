//! Credentials over plain http travel in the clear: Basic is only base64 (RFC 7617 §4) and
//! bearer tokens MUST be protected by TLS (RFC 6750 §5.3); many servers refuse them there, and
//! IIS answers 403.4/403.5 "SSL required" (handled by `iis`). Loopback hosts are secure
//! contexts (W3C Secure Contexts §3.1) and exempt.

use super::prelude::*;

const MARKERS: &[&str] = &["SSL required", "SSL is required", "HTTPS required", "requires HTTPS", "must use HTTPS"];

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if let Some(m) = f.says(MARKERS) {
        out.add(CauseId::InsecureTransport, 0.88, vec![says(m), f.status_evidence()]);
    }
    if !f.url.is_some_and(|u| u.scheme.eq_ignore_ascii_case("http") && !u.is_loopback()) {
        return;
    }
    let mut evidence = vec![ev(EvidenceId::PlainHttp, [])];
    if f.offers("basic") || f.sent.is_some() {
        evidence.extend(f.challenge_evidence());
        if f.sent.is_some() {
            evidence.push(f.sent_evidence());
        }
        out.add(CauseId::InsecureTransport, 0.75, evidence);
    } else if f.has_challenge() {
        out.add(CauseId::InsecureTransport, 0.4, evidence);
    }
}
