//! A cookie the browser refused, when the sign-in failed for it: the site set it and then,
//! without it, sent the browser to sign in again or refused it. Browsers refuse cookies every
//! day without harm (a tracker's `SameSite=None` over http): a refusal with no consequence in
//! the trail is only an alternative. Expired on arrival is the local clock's fault
//! (`clock-skew`); refused as a third-party cookie is `third_party_cookies_blocked`'s.

use super::prelude::*;
use crate::diagnosis::CookieReason;
use crate::diagnosis::flow::trail::session_cookie;

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for h in &t.hops {
        let Some(host) = h.host() else { continue };
        for c in h.set_cookies.iter().filter(|c| !c.deletion) {
            let Some(reason) = c.refused else { continue };
            if reason == CookieReason::ThirdPartyBlocked {
                continue;
            }
            let consequence = t.signed_out_after(h.index, host);
            let mut confidence = match consequence {
                Some(_) => 0.9,
                None => 0.4,
            };
            if !session_cookie(c.cookie.name) {
                confidence -= 0.1;
            }
            let notes = Notes::of(&[note2(
                EvidenceId::CookieRefused,
                Arg::Text(c.cookie.name),
                Arg::Known(reason.as_str()),
            )]);
            let mut hops = vec![h.index];
            hops.extend(consequence);
            let (cause, lead) = match reason {
                CookieReason::ExpiredOnArrival => (CauseId::ClockSkew, Some(FixId::SyncClock)),
                CookieReason::SecureOnHttp => (CauseId::CookieRejected, Some(FixId::UseHttps)),
                _ => (CauseId::CookieRejected, None),
            };
            let p = out.add(cause, confidence, notes).at(&hops);
            if let Some(fix) = lead {
                p.lead(fix);
            }
        }
    }
}
