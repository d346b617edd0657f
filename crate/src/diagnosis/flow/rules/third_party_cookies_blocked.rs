//! Silent sign-in broken by third-party cookie blocking: the app asks the provider, in a hidden
//! frame, to sign the visitor in without showing anything (`prompt=none`), and the provider
//! answers `login_required` because the browser kept its cookie away from a frame on another
//! site. `login_required` alone is the normal answer for a visitor not signed in at the
//! provider: the failure needs the cookie that was kept back (seen set earlier in the trail,
//! or held by the browser as the shell saw) or the browser's setting. A sign-in cookie refused
//! when a frame of another site set it, with a sign-in completed there that did not hold, is
//! the same cause (an app embedded in another site's page).

use super::prelude::*;
use crate::diagnosis::CookieReason;
use crate::diagnosis::flow::trail::{session_cookie, work};
use crate::oauth::{ErrorKind, error_kind};

/// Distinct refused sign-in cookies followed through the rest of the trail.
const MAX_REFUSED: usize = 64;

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
        // The browser holds no cookie of the provider at all: the visitor is not signed in
        // there, and login_required is the right answer whatever the setting.
        let holds_none = h.hop.stored_cookies.as_ref().is_some_and(Vec::is_empty);
        let confidence = match (kept, setting) {
            (Some(_), _) => 0.9,
            (None, true) if !holds_none => 0.8,
            _ => continue,
        };
        let mut hops = vec![h.index];
        hops.extend(
            t.after(h.index)
                .take(3)
                .find(|n| n.frame == Frame::Frame && n.response.is_some())
                .map(|n| n.index),
        );
        out.add(CauseId::ThirdPartyCookiesBlocked, confidence, notes)
            .at(&hops);
    }
    // A sign-in cookie refused in a frame of another site (an app embedded in another site's
    // page), and a sign-in completed there that the frame's site then did not keep.
    let mut seen: Vec<&str> = Vec::new();
    for h in &t.hops {
        let Some(host) = h.host() else { continue };
        for c in &h.set_cookies {
            let name = c.cookie.name;
            if c.refused != Some(CookieReason::ThirdPartyBlocked) || !session_cookie(name) {
                continue;
            }
            work(seen.len());
            if seen.contains(&name) {
                continue;
            }
            if seen.len() == MAX_REFUSED {
                return;
            }
            seen.push(name);
            if let Some(after) = t.failed_after_sign_in(h.index, host) {
                out.add(
                    CauseId::ThirdPartyCookiesBlocked,
                    0.85,
                    Notes::of(&[
                        note2(
                            EvidenceId::CookieRefused,
                            Arg::Text(name),
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
