//! RFC 9110 §11.6.1 (and §11.3 for the challenge grammar). A challenge the grammar cannot
//! derive may be misread or dropped by the browser, which then neither prompts nor retries, so
//! the visitor is stuck however right the password is. A Digest challenge without `nonce`
//! cannot be answered at all (RFC 7616 §3.3 makes it required).

use super::prelude::*;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    if let Some(e) = &f.syntax_error {
        out.add(CauseId::ChallengeMalformed, 0.72, vec![ev(EvidenceId::ChallengeSyntax, [e.offset.to_string()])]);
    }
    if f.challenges.iter().any(|c| c.is("digest") && c.param("nonce").is_none()) {
        out.add(CauseId::ChallengeMalformed, 0.75, vec![ev(EvidenceId::DigestWithoutNonce, [])]);
    }
}
