//! The provider answered the app with an OAuth 2.0 / OpenID Connect error (RFC 6749
//! §4.1.2.1, §4.2.2.1; OIDC Core §3.1.2.6). `login_required` and its kin answer a silent
//! request (`prompt=none`) by design: the app then asks interactively, so they are a failure
//! only when nothing silent was asked and the app did not go on to ask again. A redirect URI
//! the provider does not know is `redirect_uri_mismatch`'s.

use super::prelude::*;
use crate::oauth::{ErrorKind, error_kind};

/// Entra ID's codes for an app that an administrator has to approve first (AADSTS65001: "The
/// user or administrator has not consented"; AADSTS90094: "admin consent"; AADSTS90008).
const ADMIN_CONSENT: &[&str] = &["AADSTS65001", "AADSTS90094", "AADSTS90008"];

/// Seconds within which an app that got an interaction error asks again, interactively.
const FOLLOW_UP: f64 = 30.0;

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for (h, answer) in t.answers() {
        let Some(code) = answer.error.as_deref() else {
            continue;
        };
        let request = t.hops[..=h.index]
            .iter()
            .rev()
            .find(|p| p.authorization.is_some());
        let kind = error_kind(code);
        let confidence = match kind {
            ErrorKind::RedirectUri => continue,
            ErrorKind::Interaction => {
                let silent = h.frame != Frame::Top
                    || request.is_some_and(|r| {
                        r.frame != Frame::Top || r.authorization.as_ref().is_some_and(|a| a.silent)
                    });
                let asked_again = t.after(h.index).any(|n| {
                    n.authorization.as_ref().is_some_and(|a| !a.silent)
                        && matches!((h.at, n.at), (Some(a), Some(b)) if b - a <= FOLLOW_UP)
                });
                if silent || asked_again {
                    continue;
                }
                0.75
            }
            ErrorKind::Unregistered => 0.8,
            _ => 0.9,
        };
        let description = answer.error_description.as_deref();
        // A registered code is a word of the protocol, shown as is; another is server text.
        let shown = crate::oauth::registered(code).map_or(Arg::Text(code), Arg::Known);
        let mut notes = Notes::of(&[note1(EvidenceId::OauthErrorCode, shown)]);
        if let Some(d) = description {
            notes.push(note1(EvidenceId::ErrorDescription, Arg::Text(d)));
        }
        let mut hops: Vec<usize> = request.map(|r| r.index).into_iter().collect();
        hops.push(h.index);
        let p = out.add(CauseId::OauthError, confidence, notes).at(&hops);
        let admin = description.is_some_and(|d| ADMIN_CONSENT.iter().any(|c| d.contains(c)));
        match kind {
            _ if admin || code == "consent_required" => {
                p.lead(FixId::AskAdminConsent);
            }
            // The app asked for something its registration does not allow: only its owner can
            // change that.
            ErrorKind::Request => {
                p.lead(FixId::ContactSiteOwner);
            }
            ErrorKind::Server => {
                p.lead(FixId::WaitAndRetry);
            }
            _ => {}
        }
    }
}
