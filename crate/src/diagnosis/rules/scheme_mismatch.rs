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
//!
//! A Bearer token refused under a challenge of another scheme was most likely read and refused:
//! token APIs name Basic for other clients (Kubernetes' `Basic realm="kubernetes-master"` on
//! every 401, Stripe, Artifactory), and `token_invalid` explains it; the mismatch stays a weak
//! alternative. Windows schemes are the exception, and so is the web server's own 401 page
//! (IIS, Apache, nginx): their modules answer before any app reads a token. A challenge that breaks the grammar may name a scheme it does not mean: the
//! mismatch is then no stronger than the breakage (`challenge_malformed`).

use super::authorization_stripped::examined;
use super::credentials_missing::nothing_arrived;
use super::prelude::*;
use super::windows_auth::WINDOWS;

#[inline(never)]
pub(super) fn rule<'f>(f: &'f Facts, out: &mut Proposals<'f>) {
    let Some(sent) = f.sent.filter(|s| !s.in_query) else {
        return;
    };
    if sent.custom.is_some() {
        if let Some(said) = nothing_arrived(f) {
            out.add(
                CauseId::SchemeMismatch,
                0.8,
                Notes::of(&[f.sent_note(), said]),
            );
        }
        return;
    }
    if f.challenges.is_empty() || f.offers(sent.scheme) || f.bearer_error().is_some() || examined(f)
    {
        return;
    }
    let offered = f.challenges.first().map_or("", |c| c.scheme.as_str());
    let windows = f
        .challenges
        .iter()
        .any(|c| WINDOWS.iter().any(|w| same(&c.scheme, w)));
    let confidence = if f.syntax_error.is_some() {
        0.6
    } else if sent.is_token() && !windows && !f.web_server_page() {
        0.5
    } else {
        0.85
    };
    out.add(
        CauseId::SchemeMismatch,
        confidence,
        Notes::of(&[note2(
            EvidenceId::SchemeNotOffered,
            Arg::Text(sent.scheme),
            Arg::Text(offered),
        )]),
    );
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::fixtures::load;
    use crate::diagnosis::{CauseId, diagnose};

    #[test]
    fn a_token_under_the_web_servers_own_basic_page_was_never_read() {
        // Kubernetes' API refused the token it read; Apache's Basic module in front of an API
        // answers with its own page before anything reads a token.
        let mut e = load("kubernetes-bearer-refused-basic-realm");
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::TokenInvalid);
        e.body_text = Some(
            "<h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the document requested.</p>"
                .into(),
        );
        assert_eq!(diagnose(&e).unwrap().cause.id, CauseId::SchemeMismatch);
    }
}
