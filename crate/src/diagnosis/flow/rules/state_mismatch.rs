//! The app refused the provider's answer because the cookie that ties the answer to the
//! sign-in it started (its state, nonce or correlation cookie) did not come back. Most often a
//! `SameSite=Lax` or `Strict` cookie and a provider that posts its answer from another site
//! (`response_mode=form_post`, the SAML POST binding): browsers keep such cookies from a
//! cross-site POST. Otherwise the sign-in was started in another tab, or so long ago that the
//! cookie expired. Frameworks say it in their own words; without them, the cookie missing from
//! a callback that the app then refused says it.

use super::prelude::*;
use crate::diagnosis::CookieReason;
use crate::diagnosis::flow::trail::refused;

/// What apps say when the answer does not match a sign-in they started.
const MARKERS: &[&str] = &[
    // ASP.NET Core RemoteAuthenticationHandler, and the OAuth handler's state check.
    "Correlation failed",
    "The oauth state was missing or invalid",
    "Unable to unprotect the message.State",
    // ASP.NET (OWIN) OpenID Connect: the nonce cookie did not come back.
    "IDX21323",
    // Spring Security OAuth2LoginAuthenticationFilter.
    "authorization_request_not_found",
    // Passport (passport-oauth2 StateStore, passport-openidconnect).
    "Unable to verify authorization request state",
    // Auth.js / NextAuth.js checks.
    "State cookie was missing",
    "PKCE code_verifier cookie was missing",
    "InvalidCheck",
    // openid-client.
    "checks.state argument is missing",
    "state mismatch",
    // oauth2-proxy.
    "Unable to find a valid CSRF token",
    // mozilla-django-oidc.
    "OIDC callback state not found in session",
    // Authlib.
    "mismatching_state",
];

#[inline(never)]
pub(super) fn rule<'t>(t: &'t Trail, out: &mut Proposals<'t>) {
    for h in &t.hops {
        let callback = h.response.is_some() || h.kind == StepKind::SamlResponse;
        if !callback {
            continue;
        }
        let Some(app) = h.host() else { continue };
        // Its answer, or the page it redirected to (an error page of the app's).
        let next = t
            .hops
            .get(h.index + 1)
            .filter(|n| h.is_redirect() && n.on_site(app));
        let marker = h
            .facts
            .says(MARKERS)
            .or_else(|| next.and_then(|n| n.facts.says(MARKERS)))
            .or_else(|| {
                // Spring redirects to `/login?error` with the code in the session; some apps put
                // it in the redirect's query.
                h.hop
                    .redirect_url
                    .as_deref()
                    .and_then(|r| MARKERS.iter().copied().find(|m| r.contains(m)))
            });
        let failed = refused(h)
            || h.facts.status == 400
            || next.is_some_and(|n| n.starts_sign_in() || refused(n))
            || h.redirect
                .is_some_and(|r| r.query.is_some_and(|q| q.contains("error")));
        let missing = t
            .withheld
            .iter()
            .find(|w| w.at == h.index && t.hops[w.set_at].on_site(app));
        let started_here = t.hops[..h.index]
            .iter()
            .any(|p| p.authorization.is_some() || p.kind == StepKind::SamlRequest);
        let confidence = match (marker, missing, failed) {
            (Some(_), ..) => 0.9,
            (None, Some(_), true) => 0.85,
            _ => continue,
        };
        let mut notes = Notes::default();
        notes.add(marker.map(|m| note1(EvidenceId::ServerSays, Arg::Known(m))));
        notes.push(note2(
            EvidenceId::CallbackRefused,
            Arg::Text(app),
            Arg::Number(i64::from(next.map_or(h.facts.status, |n| n.facts.status))),
        ));
        if let Some(w) = missing {
            let reason = w.reason.unwrap_or(CookieReason::SameSiteCrossSite);
            notes.push(note2(
                EvidenceId::CookieWithheld,
                Arg::Text(w.name),
                Arg::Known(reason.as_str()),
            ));
        }
        let posted = h.hop.event.method.eq_ignore_ascii_case("POST") && h.cross_site;
        if posted {
            notes.push(note(EvidenceId::CrossSitePost));
        }
        if !started_here {
            notes.push(note(EvidenceId::FlowStartedElsewhere));
        }
        let mut hops: Vec<usize> = missing.map(|w| w.set_at).into_iter().collect();
        hops.push(h.index);
        hops.extend(next.map(|n| n.index));
        out.add(CauseId::StateMismatch, confidence, notes).at(&hops);
    }
}
