//! Credentials over plain http travel in the clear: Basic is only base64 (RFC 7617 §4) and
//! bearer tokens MUST be protected by TLS (RFC 6750 §5.3); many servers refuse them there, and
//! IIS answers 403.4/403.5 "SSL required" (handled by `iis`). Loopback hosts are secure
//! contexts (W3C Secure Contexts §3.1) and exempt.

use super::prelude::*;

const MARKERS: &[&str] = &[
    "SSL required",
    "SSL is required",
    "HTTPS required",
    "requires HTTPS",
    "must use HTTPS",
];

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if let Some(m) = f.says(MARKERS) {
        out.add(
            CauseId::InsecureTransport,
            0.88,
            Notes::of(&[says(m), f.status_note()]),
        );
    }
    // A proxy's challenge (407) is about the hop to the proxy, which https to the site would not change.
    if f.status == 407
        || !f
            .url
            .is_some_and(|u| same(u.scheme, "http") && !u.is_loopback())
    {
        return;
    }
    let mut notes = Notes::of(&[note(EvidenceId::PlainHttp)]);
    if f.offers("basic") || f.sent.is_some() {
        notes.extend(f.challenge_notes());
        if f.sent.is_some() {
            notes.push(f.sent_note());
        }
        // A password prompt over http is the risk itself; a token refused over http was most
        // likely refused for what it is (servers rarely check the scheme).
        let confidence = if f.offers("basic") || !f.token_sent() {
            0.75
        } else {
            0.6
        };
        out.add(CauseId::InsecureTransport, confidence, notes);
    } else if f.has_challenge() {
        out.add(CauseId::InsecureTransport, 0.4, notes);
    }
}
