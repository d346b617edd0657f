//! Credentials in a scheme the server does not offer are ignored (RFC 9110 §11.6.1: the
//! challenges list the schemes the server accepts), so the request counts as anonymous: Basic
//! sent to a Bearer API, a GitHub-style `token` to a standard Bearer server.
//!
//! Many servers take more schemes than their challenge names: Stripe and Artifactory challenge
//! Basic and take Bearer, Salesforce challenges `Token` and takes Bearer and `OAuth`, Jira
//! challenges OAuth and takes Basic. Their refusal then says what was wrong with the credentials
//! they read (see [`examined`]), which disproves the mismatch. A key or token in a header of the
//! service's own (`X-API-Key`, `X-Auth-Token`) is no scheme at all: the challenge does not
//! describe it; but a server that says it received no credentials did not read that header
//! (it expects them elsewhere, often `Authorization`).

use super::authorization_stripped::examined;
use super::credentials_missing::NOT_RECEIVED;
use super::prelude::*;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let Some(sent) = f.sent.filter(|s| !s.in_query) else {
        return;
    };
    if sent.custom.is_some() {
        if let Some(m) = f.says(NOT_RECEIVED) {
            out.add(
                CauseId::SchemeMismatch,
                0.8,
                Notes::of(&[f.sent_note(), says(m)]),
            );
        }
        return;
    }
    if f.challenges.is_empty() || f.offers(sent.scheme) || f.bearer_error().is_some() || examined(f)
    {
        return;
    }
    let offered = f.challenges.first().map_or("", |c| c.scheme.as_str());
    out.add(
        CauseId::SchemeMismatch,
        0.85,
        Notes::of(&[note2(
            EvidenceId::SchemeNotOffered,
            Arg::Text(sent.scheme),
            Arg::Text(offered),
        )]),
    );
}
