//! A cookie the browser refused, when the sign-in failed for it: the site set its sign-in
//! cookie, a sign-in completed (the provider's answer arrived, a password was posted), and the
//! site then sent the browser to sign in again or refused it; or the refused cookie was set by
//! the very step that completed the sign-in and no other sign-in cookie came back. Browsers refuse cookies every day
//! without harm (a tracker's `SameSite=None` over http, a preference cookie): a refusal with no
//! consequence in the trail, or of a cookie that carries no sign-in, is only an alternative.
//! A cookie already expired on arrival is the local clock's fault (`clock-skew`) only for a
//! response without `Date`; otherwise the site wrote a date already past. Refused as a
//! third-party cookie is `third_party_cookies_blocked`'s.

use super::prelude::*;
use crate::cookie::Lifetime;
use crate::diagnosis::CookieReason;
use crate::diagnosis::flow::trail::{SetCookieFacts, session_cookie, work};

/// Distinct refused cookies (name, reason, site, at a sign-in or not) looked at: a hostile trail could set
/// thousands, and each is followed through the rest of the trail.
const MAX_REFUSED: usize = 64;

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    // Each refused cookie is followed once, and once more where a sign-in completes.
    let mut seen: Vec<(&str, CookieReason, &str, bool)> = Vec::new();
    for h in &t.hops {
        let Some(host) = h.host() else { continue };
        let site = crate::url::registrable_domain(host);
        let kept: Vec<&SetCookieFacts> = h.set_cookies.iter().filter(|c| !c.deletion).collect();
        for c in &kept {
            let Some(reason) = c.refused else { continue };
            if reason == CookieReason::ThirdPartyBlocked {
                continue;
            }
            let name = c.cookie.name;
            work(seen.len());
            let key = (name, reason, site, h.completes_sign_in());
            if seen.contains(&key) {
                continue;
            }
            if seen.len() == MAX_REFUSED {
                return;
            }
            seen.push(key);
            // The only cookie the step that completed a sign-in set is its sign-in cookie,
            // whatever its name.
            let signs_in = session_cookie(name) || (kept.len() == 1 && h.completes_sign_in());
            let held = t.sign_in_held(h.index, host);
            let consequence = t.failed_after_sign_in(h.index, host).filter(|_| !held);
            // Refused where the sign-in completes, and not made up for by another cookie: the
            // next page cannot be signed in, whether or not the trail shows it.
            let confidence = match (consequence, signs_in) {
                (Some(_), true) => 0.9,
                (None, true) if h.completes_sign_in() && !held => 0.8,
                (Some(_), false) => 0.45,
                _ => 0.4,
            };
            let mut notes = Notes::of(&[note2(
                EvidenceId::CookieRefused,
                Arg::Text(name),
                Arg::Known(reason.as_str()),
            )]);
            let (cause, lead) = match (reason, c.lifetime) {
                (CookieReason::ExpiredOnArrival, Lifetime::Expired { local_clock: true }) => {
                    notes.add(
                        t.clock_ahead
                            .filter(|&d| d > 0)
                            .map(|d| note1(EvidenceId::ClockAhead, Arg::Number((d + 30) / 60))),
                    );
                    (CauseId::ClockSkew, Some(FixId::SyncClock))
                }
                (CookieReason::ExpiredOnArrival, _) => {
                    notes.add(c.cookie.expires.zip(h.facts.server_time).map(|(e, d)| {
                        note2(
                            EvidenceId::CookieExpiresBeforeDate,
                            Arg::Time(e),
                            Arg::Time(d),
                        )
                    }));
                    (CauseId::CookieRejected, Some(FixId::FixCookieAttributes))
                }
                (CookieReason::SecureOnHttp, _) => (CauseId::CookieRejected, Some(FixId::UseHttps)),
                _ => (CauseId::CookieRejected, None),
            };
            let mut hops = vec![h.index];
            hops.extend(consequence);
            let p = out.add(cause, confidence, notes).at(&hops);
            if let Some(fix) = lead {
                p.lead(fix);
            }
        }
    }
}
