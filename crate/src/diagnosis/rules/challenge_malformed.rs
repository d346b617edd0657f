//! RFC 9110 §11.6.1 (and §11.3 for the challenge grammar). A challenge the grammar cannot
//! derive may be misread or dropped by the browser, which then neither prompts nor retries, so
//! the visitor is stuck however right the password is. A Digest challenge without `nonce`
//! cannot be answered at all (RFC 7616 §3.3 makes it required).

use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    if let Some(e) = &f.syntax_error {
        out.add(
            CauseId::ChallengeMalformed,
            0.72,
            Notes::of(&[note1(
                EvidenceId::ChallengeSyntax,
                Arg::Number(e.offset as i64),
            )]),
        );
    }
    if f.challenges
        .iter()
        .any(|c| same(&c.scheme, "digest") && c.param("nonce").is_none())
    {
        out.add(
            CauseId::ChallengeMalformed,
            0.75,
            Notes::of(&[note(EvidenceId::DigestWithoutNonce)]),
        );
    }
}
