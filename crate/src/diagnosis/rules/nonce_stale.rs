//! RFC 7616 §3.3: Digest `stale=true` says the nonce the browser used has expired but the
//! credentials were right; the client should retry with the new nonce without asking the user.
//! Seeing the 401 anyway means the retry did not happen or the server keeps nonces too short.
//! RFC 9449 §9 is the same for DPoP: `use_dpop_nonce` asks for a proof carrying the nonce
//! the server sent in `DPoP-Nonce`; the client is to retry with it.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let stale = f
        .challenges
        .iter()
        .any(|c| same(&c.scheme, "digest") && c.param("stale").is_some_and(|v| same(v, "true")));
    if stale {
        out.add(
            CauseId::NonceStale,
            0.95,
            Notes::of(&[note(EvidenceId::DigestStale), f.sent_note()]),
        );
    }
    if f.bearer_error() == Some("use_dpop_nonce") {
        out.add(
            CauseId::NonceStale,
            0.9,
            Notes::of(&[
                note1(EvidenceId::BearerError, Arg::Known("use_dpop_nonce")),
                f.sent_note(),
            ]),
        );
    }
}
