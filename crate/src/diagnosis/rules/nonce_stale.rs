//! RFC 7616 §3.3: Digest `stale=true` says the nonce the browser used has expired but the
//! credentials were right; the client should retry with the new nonce without asking the user.
//! Seeing the 401 anyway means the retry did not happen or the server keeps nonces too short.

use super::prelude::*;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let stale = f.challenges.iter().any(|c| c.is("digest") && c.param("stale").is_some_and(|v| v.eq_ignore_ascii_case("true")));
    if stale {
        out.add(CauseId::NonceStale, 0.95, vec![ev(EvidenceId::DigestStale, []), f.sent_evidence()]);
    }
}
