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
use crate::diagnosis::flow::trail::{SetCookieFacts, cookies_off, session_cookie, work};

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
            let held = t.sign_in_held(h.index);
            // Another sign-in cookie the same step set and the browser kept may carry the
            // sign-in alone (Keycloak sets each of its cookies twice, `X; SameSite=None; Secure`
            // and `X_LEGACY` without them, and reads either), unless the next request went
            // without it.
            let twin = kept.iter().any(|o| {
                o.refused.is_none() && o.cookie.name != name && session_cookie(o.cookie.name)
            });
            let made_up = held == Some(true) || held.is_none() && twin;
            let consequence = t.failed_after_sign_in(h.index, host).filter(|_| !made_up);
            // Refused where the sign-in completes, and not made up for by another cookie: the
            // next page cannot be signed in, whether or not the trail shows it.
            let confidence = match (consequence, signs_in) {
                (Some(_), true) => 0.9,
                (None, true) if h.completes_sign_in() && !made_up => 0.8,
                (Some(_), false) => 0.45,
                _ => 0.4,
            };
            let mut notes = Notes::of(&[note2(
                EvidenceId::CookieRefused,
                Arg::Text(name),
                Arg::Known(reason.as_str()),
            )]);
            notes.add(
                consequence
                    .and_then(|i| cookies_off(&t.hops[i]))
                    .map(|said| note1(EvidenceId::ServerSays, Arg::Known(said))),
            );
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

#[cfg(test)]
mod tests {
    use super::super::super::fixtures::load;
    use super::super::super::{FlowDiagnosis, diagnose_flow};
    use crate::diagnosis::ids::CauseId;
    use crate::flow::Flow;

    fn judged(flow: &Flow) -> FlowDiagnosis {
        diagnose_flow(flow).unwrap()
    }

    fn without_set_cookies(flow: &mut Flow, names: &str) {
        for hop in &mut flow.hops {
            hop.event.response_headers.retain(|h| {
                !(h.name.eq_ignore_ascii_case("set-cookie")
                    && h.value.as_deref().unwrap_or_default().contains(names))
            });
        }
    }

    #[test]
    fn a_refused_cookie_whose_kept_twin_carries_the_sign_in_is_harmless() {
        let mut flow = load("keycloak-http-legacy-twin-cookies");
        assert!(judged(&flow).failures.is_empty());
        // Without the twins, the step that completed the sign-in kept none of its cookies.
        without_set_cookies(&mut flow, "_LEGACY=");
        let d = judged(&flow);
        assert_eq!(d.failures[0].cause, CauseId::CookieRejected);
        assert!(
            d.failures[0]
                .evidence
                .iter()
                .any(|e| e.args == ["KEYCLOAK_IDENTITY", "secure-on-http"])
        );
        // With the twin but the next request to Keycloak going without it: not made up for.
        let mut flow = load("keycloak-http-legacy-twin-cookies");
        let mut next = flow.hops[1].clone();
        next.event.url = "http://keycloak.lab.internal:8080/realms/dev/account".into();
        next.event.request_headers = Some(vec![crate::event::Header::new("Cookie", "other=1")]);
        next.event.response_headers.clear();
        flow.hops.insert(3, next);
        assert_eq!(judged(&flow).failures[0].cause, CauseId::CookieRejected);
    }

    #[test]
    fn a_sign_in_page_after_a_sign_out_is_no_consequence() {
        let mut flow = load("wordpress-refused-plugin-cookie-sign-in-and-out");
        assert!(judged(&flow).failures.is_empty());
        // The same trip to wp-login.php without signing out: the sign-in did not hold.
        let logout = &mut flow.hops[3];
        logout.event.url = "https://blog.example-garden.org/wp-admin/".into();
        logout
            .event
            .response_headers
            .retain(|h| !h.name.eq_ignore_ascii_case("set-cookie"));
        assert_eq!(judged(&flow).failures[0].cause, CauseId::CookieRejected);
    }
}
