//! Credentials in a scheme the server does not offer are ignored (RFC 9110 §11.6.1: the
//! challenges list the schemes the server accepts), so the request counts as anonymous: Basic
//! sent to a Bearer API, a GitHub-style `token` to a standard Bearer server.

use super::prelude::*;

pub(super) fn rule(f: &Facts, out: &mut Proposals) {
    let Some(sent) = f.sent.filter(|s| !s.in_query) else { return };
    if f.challenges.is_empty() || f.offers(sent.scheme) || f.bearer_error().is_some() {
        return;
    }
    let offered: Vec<&str> = f.challenges.iter().map(|c| c.scheme.as_str()).take(4).collect();
    let evidence = vec![ev(EvidenceId::SchemeNotOffered, [f.text(sent.scheme), f.text(&offered.join(", "))])];
    out.add(CauseId::SchemeMismatch, 0.85, evidence);
}
