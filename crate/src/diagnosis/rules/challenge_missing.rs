//! RFC 9110 §15.5.2: "The server generating a 401 response MUST send a WWW-Authenticate header
//! field containing at least one challenge." Without one the browser cannot offer a sign-in and
//! standard clients cannot tell how to authenticate: a server (or proxy) misconfiguration.

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if f.status == 401 && !f.has_challenge() {
        out.add(
            CauseId::ChallengeMissing,
            0.7,
            Notes::of(&[note(EvidenceId::NoChallenge), f.sent_note()]),
        );
    }
}
