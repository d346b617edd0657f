//! Silent sign-in broken by third-party cookie blocking: the app asks the provider, in a hidden
//! frame, to sign the visitor in without showing anything (`prompt=none`), and the provider
//! answers `login_required` because the browser kept its cookie away from a frame on another
//! site. `login_required` alone is the normal answer for a visitor not signed in at the
//! provider: the failure needs the cookie that was kept back (seen set earlier in the trail,
//! or held by the browser as the shell saw) or the browser's setting. A cookie refused when a
//! frame of another site set it, and then missed, is the same cause.

use super::prelude::*;
use crate::diagnosis::CookieReason;
use crate::oauth::{ErrorKind, error_kind};

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for h in t
        .hops
        .iter()
        .filter(|h| h.frame == Frame::Frame && h.cross_site)
    {
        let silent = h.authorization.as_ref().is_some_and(|r| r.silent);
        if !silent {
            continue;
        }
        // The answer: in the provider's page (web_message), in the redirect back with an error,
        // or as the frame's next hop received it.
        let answer = h.response.as_ref().or(h.sent_back.as_ref()).or_else(|| {
            t.after(h.index)
                .take(3)
                .find(|n| n.frame == Frame::Frame && n.response.is_some())
                .and_then(|n| n.response.as_ref())
        });
        let failed = answer.is_some_and(|a| {
            a.error
                .as_deref()
                .is_some_and(|e| error_kind(e) == ErrorKind::Interaction)
        });
        if !failed {
            continue;
        }
        let provider = h.host().unwrap_or_default();
        let mut notes = Notes::of(&[note1(EvidenceId::SilentSignIn, Arg::Text(provider))]);
        let kept: Option<&str> = t
            .withheld
            .iter()
            .find(|w| {
                w.at == h.index
                    && matches!(w.reason, None | Some(CookieReason::ThirdPartyBlocked))
                    && w.same_site != crate::cookie::SameSite::Lax
                    && w.same_site != crate::cookie::SameSite::Strict
            })
            .map(|w| w.name)
            .or_else(|| {
                // The browser holds the provider's cookie for cross-site use and sent none.
                let none_sent = h.sent_cookies().is_some_and(|c| c.is_empty());
                h.hop
                    .stored_cookies
                    .iter()
                    .flatten()
                    .find(|c| none_sent && c.same_site.as_deref() == Some("no_restriction"))
                    .map(|c| c.name.as_str())
            });
        if let Some(name) = kept {
            notes.push(note2(
                EvidenceId::CookieWithheld,
                Arg::Text(name),
                Arg::Known(CookieReason::ThirdPartyBlocked.as_str()),
            ));
        }
        let setting = t.third_party_blocked == Some(true);
        if setting {
            notes.push(note(EvidenceId::ThirdPartyCookiesSetting));
        }
        if kept.is_none() && !setting {
            continue;
        }
        let mut hops = vec![h.index];
        hops.extend(
            t.after(h.index)
                .take(3)
                .find(|n| n.frame == Frame::Frame && n.response.is_some())
                .map(|n| n.index),
        );
        out.add(CauseId::ThirdPartyCookiesBlocked, 0.9, notes)
            .at(&hops);
    }
    // A provider's cookie refused in a frame of another site, and the sign-in failing after.
    for h in &t.hops {
        let Some(host) = h.host() else { continue };
        for c in &h.set_cookies {
            if c.refused != Some(CookieReason::ThirdPartyBlocked) {
                continue;
            }
            if let Some(after) = t.signed_out_after(h.index, host) {
                out.add(
                    CauseId::ThirdPartyCookiesBlocked,
                    0.85,
                    Notes::of(&[
                        note2(
                            EvidenceId::CookieRefused,
                            Arg::Text(c.cookie.name),
                            Arg::Known(CookieReason::ThirdPartyBlocked.as_str()),
                        ),
                        note(EvidenceId::ThirdPartyCookiesSetting),
                    ]),
                )
                .at(&[h.index, after]);
            }
        }
    }
}
